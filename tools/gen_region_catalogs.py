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

  gen_region_catalogs.py write [ROOT]
      Reads ROOT/pricing/aws-us-east-1.json (the base) and ROOT/pricing/regions/*.tsv and
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
    if missing:
        c["$not_priced_instance_types"] = missing
    used = set()
    used_sources({k: v for k, v in c.items() if k != "sources"}, used)
    sources = []
    for s in c["sources"]:
        s = dict(s)
        if s["id"] not in used:
            # The base's GPU types take their vCPU, memory and GPUs from this source's page.
            if s["id"] == "karpenter-pricing-2026-07-20" and any(t.get("gpus") for t in types):
                s["title"] = ("Used here only for the GPU types' vCPU, memory and GPU count (not region-specific); "
                              "its prices are us-east-1's and are not used: " + s["title"])
                sources.append(s)
            continue
        if s["id"] not in REGION_INDEPENDENT:
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
    base = json.loads((root / "pricing" / "aws-us-east-1.json").read_text())
    for table in sorted((root / "pricing" / "regions").glob("*.tsv")):
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
    elif len(sys.argv) >= 2 and sys.argv[1] == "write":
        write(sys.argv[2] if len(sys.argv) > 2 else pathlib.Path(__file__).resolve().parent.parent)
    else:
        sys.exit(__doc__)
