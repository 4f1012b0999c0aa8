#!/usr/bin/python3
"""`fleetcast import DIR -o FILE` writes a scenario whose "$schema" resolves: the path it names,
taken relative to FILE as an editor takes it, is a JSON Schema the scenario is valid against.
Imports the real Online Boutique and podinfo directories (tests/data). Needs python3-jsonschema.

usage: validate_imported_schema.py FLEETCAST_BINARY SOURCE_DIR WORK_DIR
"""
import json
import pathlib
import shutil
import subprocess
import sys

import jsonschema

fleetcast, root, work = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
bad = 0
for app in ("online-boutique", "podinfo"):
    out = work / f"{app}.json"
    subprocess.run([fleetcast, "import", "--quiet", str(root / "tests" / "data" / app), "-o", str(out)], check=True)
    doc = json.loads(out.read_text())
    schema_path = (out.parent / doc["$schema"]).resolve()
    if not schema_path.is_file():
        print(f"{app}: $schema {doc['$schema']} does not resolve from {out.parent}")
        bad += 1
        continue
    schema = json.loads(schema_path.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(doc))
    for e in errors:
        print(f"{app}: /{'/'.join(map(str, e.absolute_path))}: {e.message}")
    bad += len(errors)
    print(f"{app}: {'valid' if not errors else 'INVALID'} against {doc['$schema']}")
sys.exit(1 if bad else 0)
