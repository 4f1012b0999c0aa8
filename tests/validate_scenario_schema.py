#!/usr/bin/python3
"""Validates every examples/*.json whose "$schema" names scenario.schema.json against
examples/scenario.schema.json (JSON Schema 2020-12).

fleetcast's own parser checks more (unique names, the catalog's instance types and Fargate
sizes, min <= initial <= max); this proves the schema that tool authors read describes the
scenarios we ship. Needs Debian's python3-jsonschema.
"""
import copy
import json
import pathlib
import sys

import jsonschema

root = pathlib.Path(sys.argv[1])
examples = root / "examples"
schema = json.loads((examples / "scenario.schema.json").read_text())
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
bad = 0
checked = []
for path in sorted(examples.glob("*.json")):
    if path.name.endswith(".schema.json"):
        continue
    doc = json.loads(path.read_text())
    if not isinstance(doc, dict) or pathlib.PurePosixPath(str(doc.get("$schema", ""))).name != "scenario.schema.json":
        continue
    checked.append(doc)
    errors = list(validator.iter_errors(doc))
    for e in errors:
        print(f"{path.name}: /{'/'.join(map(str, e.absolute_path))}: {e.message}")
    bad += len(errors)
    print(f"{path.name}: {'valid' if not errors else 'INVALID'}")
if not checked:
    print("no example names scenario.schema.json")
    sys.exit(1)

# The schema must also reject what the parser rejects most often.
def broken(what, change):
    doc = copy.deepcopy(checked[0])
    change(doc)
    if validator.is_valid(doc):
        print(f"schema accepts {what}")
        return 1
    return 0

bad += broken("a negative base", lambda d: d["services"][0]["demand"].update(base=-1))
bad += broken("an unknown key", lambda d: d["services"][0]["task"].update(colour="red"))
bad += broken("a fractional min", lambda d: d["services"][0]["scaling"].update(min=1.5))
bad += broken("no options", lambda d: d.update(options=[]))
bad += broken("instance types on Fargate", lambda d: d["options"][0].update(instance_types=["m6i.large"]))
bad += broken("EC2 without instance types", lambda d: d["options"][2].pop("instance_types"))
bad += broken("a strategy on EKS", lambda d: d["options"][4].update(
    capacity_provider_strategy=[{"provider": "FARGATE", "weight": 1}]))
bad += broken("auto_mode on ECS", lambda d: d["options"][2].update(compute="auto_mode"))
bad += broken("a 24th hour", lambda d: d["services"][0]["demand"]["diurnal"].update(peak_hour=24))
bad += broken("ecs on a Fargate option", lambda d: d["options"][0].update(ecs={"eni_trunking": True}))
bad += broken("ecs on EKS", lambda d: d["options"][3].update(ecs={"eni_trunking": True}))
bad += broken("an unknown network mode", lambda d: d["options"][2].update(ecs={"network_mode": "nat"}))
bad += broken("trunking in bridge mode", lambda d: d["options"][2].update(
    ecs={"network_mode": "bridge", "eni_trunking": True}))
trunked = copy.deepcopy(checked[0])
trunked["options"][2]["ecs"] = {"network_mode": "awsvpc", "eni_trunking": True, "reserved_memory_mib": 256}
if not validator.is_valid(trunked):
    print("schema rejects an ECS-on-EC2 option with ENI trunking")
    bad += 1
HPA = {"target_percent": 60, "min": 2, "max": 20,
       "behavior": {"scale_up": {"select_policy": "Min", "policies": [{"type": "Pods", "value": 2, "period_seconds": 60}]},
                    "scale_down": {"stabilization_window_seconds": 120}}}
bad += broken("an HPA policy period above 1800 s", lambda d: d["services"][0].update(
    hpa={"behavior": {"scale_up": {"policies": [{"type": "Pods", "value": 1, "period_seconds": 1801}]}}}))
bad += broken("an HPA select policy Kubernetes lacks", lambda d: d["services"][0].update(
    hpa={"behavior": {"scale_down": {"select_policy": "Maximum"}}}))
bad += broken("consolidate_after_seconds on Fargate", lambda d: d["options"][0].update(consolidate_after_seconds=0))


def accepted(what, change):
    doc = copy.deepcopy(checked[0])
    change(doc)
    errors = list(validator.iter_errors(doc))
    for e in errors:
        print(f"{what}: /{'/'.join(map(str, e.absolute_path))}: {e.message}")
    return 1 if errors else 0


bad += accepted("an EKS HPA beside ECS scaling", lambda d: d["services"][0].update(hpa=HPA))
bad += accepted("an HPA on every option", lambda d: d["services"][0].update(
    scaling=dict(HPA, type="hpa", initial=3, tolerance=0.05, sync_period_seconds=30)))
bad += accepted("Karpenter's consolidateAfter", lambda d: d["options"][3].update(consolidate_after_seconds=30))
sys.exit(1 if bad else 0)
