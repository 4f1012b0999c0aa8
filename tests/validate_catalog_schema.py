#!/usr/bin/python3
"""Validates pricing/*.json against pricing/catalog.schema.json (JSON Schema 2020-12).

fleetcast's own parser checks more (sources exist, figures agree); this proves the schema
that tool authors read describes the files we ship. Needs Debian's python3-jsonschema.
"""
import json
import pathlib
import sys

import jsonschema

root = pathlib.Path(sys.argv[1])
schema = json.loads((root / "pricing" / "catalog.schema.json").read_text())
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
bad = 0
for path in sorted((root / "pricing").glob("*.json")):
    if path.name.endswith(".schema.json"):
        continue
    errors = list(validator.iter_errors(json.loads(path.read_text())))
    for e in errors:
        print(f"{path.name}: /{'/'.join(map(str, e.absolute_path))}: {e.message}")
    bad += len(errors)
    print(f"{path.name}: {'valid' if not errors else 'INVALID'}")
# The schema must also reject what the parser rejects most often.
broken = json.loads((root / "pricing" / "aws-us-east-1.json").read_text())
broken["ec2"]["instance_types"][0]["on_demand"]["usd_per_hour"] = -1
if validator.is_valid(broken):
    print("schema accepts a negative price")
    bad += 1
sys.exit(1 if bad else 0)
