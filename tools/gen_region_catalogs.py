#!/usr/bin/python3
"""Writes the built-in catalogs of regions other than us-east-1 (pricing/aws-<region>.json).

Two steps, both reproducible from public files:

  gen_region_catalogs.py extract GOFILE COMMIT DATE > pricing/regions/karpenter-ondemand.tsv
      GOFILE is a Karpenter generated price file (aws/karpenter-provider-aws,
      pkg/providers/pricing/zz_generated.pricing_aws*.go, Apache-2.0) as of COMMIT; DATE is the
      "generated at" time it states. Writes one line per region and instance type:
      region<TAB>type<TAB>USD per hour (Linux, shared tenancy, on-demand), after a header
      naming the source. Karpenter's AWS (commercial) file holds us-east-1 only; its GovCloud
      file holds us-gov-east-1 and us-gov-west-1.

  gen_region_catalogs.py extract-types AUTOSCALER_GO AUTOSCALER_COMMIT VPCLIMITS_GO INSTANCE_TYPES_MD KARPENTER_COMMIT
        > pricing/regions/ec2-instance-types.tsv
      The EC2 instance types' figures, one line per type: vCPU, memory (MiB), architecture and
      GPU count from kubernetes/autoscaler cluster-autoscaler/cloudprovider/aws/ec2_instance_types.go
      (as of AUTOSCALER_COMMIT); ENIs and IPv4 addresses per ENI from Karpenter's
      pkg/providers/instancetype/zz_generated.vpclimits.go (ENIs of the default network card, the
      ones the VPC CNI uses: for single-card types this is `Interface`); the GPU model from
      Karpenter's generated instance-types reference page (website/content/en/preview/reference/
      instance-types.md), both as of KARPENTER_COMMIT; all Apache-2.0. A type is written only when
      both files have it; a GPU type only when Karpenter's page names an NVIDIA GPU with the same
      count (fleetcast packs `nvidia.com/gpu`). What is left out, and why, goes to stderr.

  gen_region_catalogs.py write [ROOT]
      First rewrites the generated part of ROOT/pricing/aws-us-east-1.json: every type in
      ec2-instance-types.tsv that karpenter-ondemand-us-east-1.tsv prices and that the file does not
      already list by hand is appended to ec2.instance_types, one line each, with its on-demand
      price (source GENERATED_SOURCE) and eks_max_pods from the VPC CNI formula
      ENIs x (IPv4 per ENI - 1) + 2; the hand-written rows (and everything else) are kept as they
      are, byte for byte. Then
      reads ROOT/pricing/aws-us-east-1.json (the base) and ROOT/pricing/regions/karpenter-ondemand*.tsv and
      writes ROOT/pricing/aws-<region>.json for every region in the tables except us-east-1:
      the base catalog with
        - every EC2 on-demand price replaced by the region's figure from the table (source:
          the table's, confidence confirmed); the base's instance types the region does not
          price are left out (listed in the catalog's "$not_priced_instance_types");
        - every other price kept at the us-east-1 figure, its source's confidence set to
          "estimate" and its title saying it is the us-east-1 figure (no figure for the region
          was found); rules that do not depend on the region (Fargate sizes, minimum billed
          seconds, ENI limits, ...) keep their source as it is.
Run `write` after changing the base catalog or a table; the build compiles the written files.
"""
import json
import pathlib
import re
import sys

# Sources of figures that do not vary by region: kept as they are in every region's catalog.
REGION_INDEPENDENT = {
    "fargate-task-sizes", "fargate-32vcpu-row", "eks-fargate-pod-configuration", "ec2-pricing-page",
    "ec2-spot-billing", "eni-max-pods", "ebs-month-730h",
}


# The generated rows' on-demand source, and the sources of their other figures (kept in every
# region's catalog, and listed in the catalog's "$generated_instance_types").
GENERATED_SOURCE = "karpenter-pricing-2026-07-20-generated"
SPEC_SOURCES = ["autoscaler-ec2-instance-types", "karpenter-vpclimits", "karpenter-instance-types-page"]
TYPES_TSV = "ec2-instance-types.tsv"
US_EAST_1_TSV = "karpenter-ondemand-us-east-1.tsv"


def go_blocks(text):
    """`"name": {` ... blocks of a generated Go map literal, as (name, body)."""
    parts = re.split(r'^\t"([a-z0-9-]+\.[a-z0-9-]+)": \{$', text, flags=re.M)
    return [(parts[i], parts[i + 1]) for i in range(1, len(parts) - 1, 2)]


def go_int(body, field):
    m = re.search(r"\b" + field + r":\s+(\d+)", body)
    return int(m.group(1)) if m else None


def extract_types(autoscaler_go, autoscaler_commit, vpclimits_go, instance_types_md, karpenter_commit):
    asg_text = pathlib.Path(autoscaler_go).read_text()
    specs = {}
    for name, body in go_blocks(asg_text):
        arch = re.search(r'Architecture:\s+"([a-z0-9_]+)"', body).group(1)
        specs[name] = (go_int(body, "VCPU"), go_int(body, "MemoryMb"), go_int(body, "GPU"), arch)
    vpc_text = pathlib.Path(vpclimits_go).read_text()
    enis = {}
    for name, body in go_blocks(vpc_text):
        default_card = go_int(body, "DefaultNetworkCardIndex")
        cards = {int(i): int(m) for m, i in re.findall(
            r"MaximumNetworkInterfaces:\s+(\d+),\s+NetworkCardIndex:\s+(\d+)", body)}
        enis[name] = (cards.get(default_card, go_int(body, "Interface")), go_int(body, "IPv4PerInterface"))
    labels, current = {}, None
    for line in pathlib.Path(instance_types_md).read_text().splitlines():
        m = re.match(r"### `([a-z0-9-]+\.[a-z0-9-]+)`", line)
        if m:
            current = labels.setdefault(m.group(1), {})
            continue
        m = re.match(r"\s*\|(?:karpenter\.k8s\.aws/(instance-[a-z-]+)|kubernetes\.io/(arch))\|([^|]*)\|", line)
        if m and current is not None:
            current[m.group(1) or m.group(2)] = m.group(3)
    # Types the autoscaler table lacks (newer than its 2026-01-22 list): vCPU, memory,
    # architecture and GPU count from Karpenter's page (instance-cpu, instance-memory in MiB,
    # kubernetes.io/arch, instance-gpu-count).
    from_page = set()
    for name in set(enis) - set(specs):
        lab = labels.get(name, {})
        if all(k in lab for k in ("instance-cpu", "instance-memory", "arch")):
            specs[name] = (int(lab["instance-cpu"]), int(lab["instance-memory"]),
                           int(lab.get("instance-gpu-count", "0")), lab["arch"])
            from_page.add(name)
    asg_date = re.search(r'StaticListLastUpdateTime = "([0-9-]+)"', asg_text).group(1)
    vpc_date = re.search(r"generated at (\S+)", vpc_text).group(1)
    print(f"# source\tvcpu memory_mib arch gpus\tkubernetes/autoscaler@{autoscaler_commit}:"
          f"cluster-autoscaler/cloudprovider/aws/ec2_instance_types.go\tApache-2.0\tlist updated {asg_date}")
    print(f"# source\tmax_enis ipv4_per_eni\taws/karpenter-provider-aws@{karpenter_commit}:"
          f"pkg/providers/instancetype/zz_generated.vpclimits.go\tApache-2.0\tgenerated {vpc_date}; "
          f"ENIs of the default network card (NetworkCards[DefaultNetworkCardIndex].MaximumNetworkInterfaces)")
    print(f"# source\tgpu_model; vcpu memory_mib arch gpus where figures_from is karpenter-page\t"
          f"aws/karpenter-provider-aws@{karpenter_commit}:website/content/en/preview/reference/instance-types.md\t"
          f"Apache-2.0\tkarpenter.k8s.aws/instance-gpu-name, as \"NVIDIA \" + the name in capitals; "
          f"instance-cpu, instance-memory, kubernetes.io/arch, instance-gpu-count")
    print("# columns\ttype\tvcpu\tmemory_mib\tarch\tgpus\tgpu_model\tmax_enis\tipv4_per_eni\tfigures_from")
    left_out = []
    rows = 0
    for name in sorted(specs, key=type_order):
        vcpu, mem, gpus, arch = specs[name]
        if name not in enis:
            left_out.append((name, "no ENI limits in Karpenter's vpclimits"))
            continue
        lab = labels.get(name, {})
        karp_gpus = int(lab.get("instance-gpu-count", "0"))
        model = "-"
        if gpus or karp_gpus:
            if not lab:
                left_out.append((name, f"{gpus} GPUs in the autoscaler table, not on Karpenter's page (no GPU model)"))
                continue
            if karp_gpus != gpus:
                left_out.append((name, f"GPU count {gpus} (autoscaler) vs {karp_gpus} (Karpenter's page)"))
                continue
            if lab.get("instance-gpu-manufacturer") != "nvidia":
                left_out.append((name, f"{lab.get('instance-gpu-manufacturer')} GPU "
                                       f"({lab.get('instance-gpu-name')}): fleetcast packs nvidia.com/gpu only"))
                continue
            model = "NVIDIA " + lab["instance-gpu-name"].upper()
        arch = {"amd64": "x86_64", "arm64": "arm64"}[arch]
        source = "karpenter-page" if name in from_page else "autoscaler"
        print("\t".join(str(v) for v in (name, vcpu, mem, arch, gpus, model, *enis[name], source)))
        rows += 1
    for name in sorted(set(enis) - set(specs), key=type_order):
        left_out.append((name, "in vpclimits, neither in the autoscaler table nor on Karpenter's page (no vCPU/memory)"))
    print(f"{rows} rows", file=sys.stderr)
    for name, why in left_out:
        print(f"left out\t{name}\t{why}", file=sys.stderr)


def type_order(name):
    """family, then size by the vCPU the size name implies (nano < ... < xlarge < 2xlarge < metal)."""
    family, _, size = name.partition(".")
    base = {"nano": -4, "micro": -3, "small": -2, "medium": -1, "large": 0, "xlarge": 1}
    m = re.match(r"(\d*)xlarge$", size)
    if m:
        rank = int(m.group(1) or 1)
    elif size in base:
        rank = base[size]
    else:
        rank = 10 ** 6  # metal, metal-24xl, ...: last
    return (family, rank, size)


def extract(gofile, commit, date):
    text = pathlib.Path(gofile).read_text()
    region = None
    rows = []
    for line in text.splitlines():
        m = re.match(r'\s*"([a-z]{2}(?:-[a-z]+)+-\d)": \{', line)
        if m:
            region = m.group(1)
            continue
        if region is None:
            continue
        for name, price in re.findall(r'"([a-z0-9-]+\.[a-z0-9-]+)": ([0-9.]+)', line):
            rows.append((region, name, price))
    path = "pkg/providers/pricing/" + pathlib.Path(gofile).name
    print(f"# source\taws/karpenter-provider-aws@{commit}:{path}")
    print(f"# generated\t{date}")
    print("# licence\tApache-2.0 (Karpenter); prices are AWS's, from the AWS Pricing API")
    print("# columns\tregion\tinstance type\tUSD per hour, Linux, shared tenancy, on-demand")
    for r in rows:
        print("\t".join(r))


def read_types(path):
    meta, rows = [], {}
    for line in path.read_text().splitlines():
        if line.startswith("# "):
            meta.append(line[2:].split("\t"))
            continue
        name, vcpu, mem, arch, gpus, model, max_enis, ipv4, figures_from = line.split("\t")
        rows[name] = dict(vcpu=int(vcpu), memory_mib=int(mem), arch=arch, gpus=int(gpus), gpu_model=model,
                          max_enis=int(max_enis), ipv4_per_eni=int(ipv4), figures_from=figures_from)
    return meta, rows


def type_line(name, spec, price):
    gib = spec["memory_mib"] / 1024  # exact in binary: an integer over a power of two
    row = {"name": name, "vcpu": spec["vcpu"], "memory_gib": int(gib) if gib == int(gib) else gib,
           "arch": spec["arch"], "max_enis": spec["max_enis"], "ipv4_per_eni": spec["ipv4_per_eni"],
           "eks_max_pods": spec["max_enis"] * (spec["ipv4_per_eni"] - 1) + 2}
    if spec["gpus"]:
        row["gpus"] = spec["gpus"]
        row["gpu_name"] = spec["gpu_model"]
    row["on_demand"] = {"usd_per_hour": price, "source": GENERATED_SOURCE}
    return "      " + json.dumps(row, separators=(", ", ": "), ensure_ascii=False)


def array_span(lines, opener):
    """Lines (start, end) of the one-element-per-line JSON array that opens on `opener`."""
    start = next(i for i, l in enumerate(lines) if l.strip() == opener)
    indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
    end = next(i for i in range(start + 1, len(lines)) if lines[i].rstrip() in (indent + "]", indent + "],"))
    return start, end


def replace_elements(lines, opener, keep, new):
    start, end = array_span(lines, opener)
    elems = [l.rstrip().rstrip(",") for l in lines[start + 1:end] if keep(l)] + new
    lines[start + 1:end] = [e + ("," if i + 1 < len(elems) else "") for i, e in enumerate(elems)]


def generate_base_types(root):
    """Rewrites the generated rows of pricing/aws-us-east-1.json; returns the text."""
    path = root / "pricing" / "aws-us-east-1.json"
    text = path.read_text()
    meta, specs = read_types(root / "pricing" / "regions" / TYPES_TSV)
    pmeta, prices = read_table(root / "pricing" / "regions" / US_EAST_1_TSV)
    prices = prices["us-east-1"]
    base = json.loads(text)
    hand = {t["name"] for t in base["ec2"]["instance_types"] if t["on_demand"]["source"] != GENERATED_SOURCE}
    added = [n for n in specs if n in prices and n not in hand]
    lines = text.split("\n")
    gen_ids = {GENERATED_SOURCE, *SPEC_SOURCES}
    replace_elements(lines, '"instance_types": [', lambda l: f'"{GENERATED_SOURCE}"' not in l,
                     [type_line(n, specs[n], prices[n]) for n in added])
    by_col = {m[1]: m for m in meta if m[0] == "source"}
    asg, vpc = by_col["vcpu memory_mib arch gpus"], by_col["max_enis ipv4_per_eni"]
    page = next(m for m in meta if m[0] == "source" and m[1].startswith("gpu_model"))
    n_page = sum(1 for n in added if specs[n]["figures_from"] == "karpenter-page")
    date = pmeta["generated"][:10]
    sources = [
        {"id": GENERATED_SOURCE,
         "title": f"Karpenter generated on-demand prices for us-east-1, generated {pmeta['generated']} from the AWS "
                  f"Pricing API (Linux, shared tenancy), for the {len(added)} instance types written by "
                  f"tools/gen_region_catalogs.py from pricing/regions/{TYPES_TSV}: their vCPU, memory, architecture "
                  f"and GPU count from autoscaler-ec2-instance-types (for the {n_page} types it lacks, from "
                  f"karpenter-instance-types-page), ENIs and IPv4 per ENI from karpenter-vpclimits "
                  f"(eks_max_pods by the VPC CNI formula), GPU model from karpenter-instance-types-page",
         "url": pmeta["source"], "date": date, "confidence": "confirmed"},
        {"id": "autoscaler-ec2-instance-types",
         "title": f"Cluster Autoscaler's generated EC2 instance type table (VCPU, MemoryMb, GPU, Architecture; {asg[4]}), "
                  f"for the generated instance types",
         "url": asg[2], "date": asg[4].split()[-1], "confidence": "confirmed"},
        {"id": "karpenter-vpclimits",
         "title": f"Karpenter's generated VPC limits ({vpc[4]}), for the generated instance types",
         "url": vpc[2], "date": vpc[4].split()[1][:10], "confidence": "confirmed"},
        {"id": "karpenter-instance-types-page",
         "title": f"Karpenter's generated instance-types reference page, generated 2026-07-11 ({page[4]}), "
                  f"for the GPU model of the generated GPU types, and the vCPU, memory, architecture and GPU "
                  f"count of the {n_page} generated types the autoscaler table lacks",
         "url": page[2], "date": "2026-07-11", "confidence": "confirmed"},
    ]
    replace_elements(lines, '"sources": [', lambda l: not any(f'"id": "{i}"' in l for i in gen_ids),
                     ["    " + json.dumps(s, separators=(", ", ": "), ensure_ascii=False) for s in sources])
    note = {"rows": len(added), "table": f"pricing/regions/{TYPES_TSV}", "sources": [GENERATED_SOURCE, *SPEC_SOURCES],
            "note": "rows with on_demand.source " + GENERATED_SOURCE + " are written by tools/gen_region_catalogs.py "
                    "write; edit the tables, not the rows"}
    lines = [l for l in lines if not l.startswith('  "$generated_instance_types"')]
    at = next(i for i, l in enumerate(lines) if l.startswith('  "$schema"'))
    lines.insert(at + 1, '  "$generated_instance_types": ' + json.dumps(note, separators=(", ", ": ")) + ",")
    text = "\n".join(lines)
    json.loads(text)  # still JSON
    path.write_text(text)
    print(f"{path.relative_to(root)}: {len(hand)} hand-written + {len(added)} generated instance types", file=sys.stderr)
    return text


def read_table(path):
    meta, prices = {}, {}
    for line in path.read_text().splitlines():
        if line.startswith("# "):
            k, _, v = line[2:].partition("\t")
            meta[k] = v
            continue
        region, name, price = line.split("\t")
        prices.setdefault(region, {})[name] = float(price)
    return meta, prices


def used_sources(node, out):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "source" or k.endswith("_source"):
                out.add(v)
            else:
                used_sources(v, out)
    elif isinstance(node, list):
        for v in node:
            used_sources(v, out)


def region_catalog(base, region, prices, meta):
    c = json.loads(json.dumps(base))  # a deep copy
    c["region"] = region
    date = meta["generated"][:10]
    src_id = f"karpenter-pricing-{region}-{date}"
    types, missing = [], []
    for t in c["ec2"]["instance_types"]:
        if t["name"] not in prices:
            missing.append(t["name"])
            continue
        t["on_demand"] = {"usd_per_hour": prices[t["name"]], "source": src_id}
        types.append(t)
    c["ec2"]["instance_types"] = types
    if "$generated_instance_types" in c:
        g = c["$generated_instance_types"]
        g["rows"] = sum(1 for t in base["ec2"]["instance_types"]
                        if t["on_demand"]["source"] == GENERATED_SOURCE and t["name"] in prices)
        g["sources"] = list(SPEC_SOURCES)
        g["note"] = "generated instance types: on-demand price from " + src_id + ", other figures as in aws-us-east-1.json"
    if missing:
        c["$not_priced_instance_types"] = missing
    used = set()
    used_sources({k: v for k, v in c.items() if k != "sources"}, used)
    sources = []
    for s in c["sources"]:
        s = dict(s)
        if s["id"] not in used and s["id"] not in SPEC_SOURCES:
            # The base's GPU types take their vCPU, memory and GPUs from this source's page.
            if s["id"] == "karpenter-pricing-2026-07-20" and any(t.get("gpus") for t in types):
                s["title"] = ("Used here only for the GPU types' vCPU, memory and GPU count (not region-specific); "
                              "its prices are us-east-1's and are not used: " + s["title"])
                sources.append(s)
            continue
        if s["id"] not in REGION_INDEPENDENT and s["id"] not in SPEC_SOURCES:
            s["title"] = (f"us-east-1 figure, used for {region} because no {region} figure was found "
                          f"(assumed equal; replace with the region's AWS Price List offer files): " + s["title"])
            s["confidence"] = "estimate"
        sources.append(s)
    sources.append({
        "id": src_id,
        "title": f"Karpenter generated on-demand prices for {region}, generated {meta['generated']} from the "
                 f"AWS Pricing API (Linux, shared tenancy)",
        "url": meta["source"], "date": date, "confidence": "confirmed"})
    c["sources"] = sources
    c["as_of"] = max(c["as_of"], date)
    return c


def write(root):
    root = pathlib.Path(root)
    base = json.loads(generate_base_types(root))
    for table in sorted((root / "pricing" / "regions").glob("karpenter-ondemand*.tsv")):
        meta, prices = read_table(table)
        for region in sorted(prices):
            if region == base["region"]:
                continue
            c = region_catalog(base, region, prices[region], meta)
            out = root / "pricing" / f"aws-{region}.json"
            text = json.dumps(c, indent=1, ensure_ascii=False) + "\n"
            out.write_text(text)
            print(f"{out.relative_to(root)}: {len(c['ec2']['instance_types'])} instance types, "
                  f"{len(c.get('$not_priced_instance_types', []))} of the base's not priced there", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "extract" and len(sys.argv) == 5:
        extract(*sys.argv[2:])
    elif len(sys.argv) == 7 and sys.argv[1] == "extract-types":
        extract_types(*sys.argv[2:])
    elif len(sys.argv) >= 2 and sys.argv[1] == "write":
        write(sys.argv[2] if len(sys.argv) > 2 else pathlib.Path(__file__).resolve().parent.parent)
    else:
        sys.exit(__doc__)
