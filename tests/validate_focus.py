#!/usr/bin/env python3
"""Checks fleetcast's FOCUS 1.2 bills against the rules of formats.md §1 (the FOCUS 1.2
specification's column and dataset rules) and against the simulation's own totals.

usage: validate_focus.py FLEETCAST_BINARY SOURCE_DIR WORK_DIR

It runs the driver on the built-in example (one path, hourly and daily), on the example with
Savings Plans and an RI added, and on a Monte Carlo percentile path, and validates every bill.
"""
import csv
import json
import math
import os
import re
import subprocess
import sys

MANDATORY = ["BilledCost", "EffectiveCost", "ListCost", "ContractedCost", "BillingAccountId", "BillingAccountName",
             "BillingCurrency", "BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd",
             "ChargeCategory", "ChargeClass", "ChargeDescription", "InvoiceIssuerName", "ProviderName", "PublisherName",
             "PricingQuantity", "PricingUnit", "ServiceCategory", "ServiceName"]
NOT_NULL = ["BilledCost", "EffectiveCost", "ListCost", "ContractedCost", "BillingAccountId", "BillingCurrency",
            "BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd", "ChargeCategory",
            "InvoiceIssuerName", "ProviderName", "PublisherName", "ServiceCategory", "ServiceName"]
DECIMALS = ["BilledCost", "EffectiveCost", "ListCost", "ContractedCost", "PricingQuantity", "ConsumedQuantity",
            "CommitmentDiscountQuantity", "ListUnitPrice", "ContractedUnitPrice"]
DATETIMES = ["BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd"]
SUBCATEGORIES = {"Compute": {"Containers", "Serverless Compute", "Virtual Machines", "Other (Compute)"},
                 # FOCUS 1.2's subcategories for the network and storage charges fleetcast writes.
                 "Networking": {"Network Connectivity", "Application Networking"},
                 "Storage": {"Block Storage"}}
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
DECIMAL_RE = re.compile(r"^-?\d+(\.\d+)?(e-?\d+)?$")
failures = []


def fail(where, message):
    failures.append(f"{where}: {message}")


def close(a, b, rel=1e-9):
    return abs(a - b) <= rel * max(1.0, abs(a), abs(b))


def validate(bill_path, totals, label):
    with open(bill_path, newline="") as f:
        raw = f.read()
    lines = raw.split("\n")
    header = lines[0].split(",")
    for c in MANDATORY:
        if c not in header:
            fail(label, f"mandatory column {c} missing")
    seen_custom = False
    for c in header:
        if c.startswith("x_"):
            seen_custom = True
        elif seen_custom:
            fail(label, f"FOCUS column {c} after an x_ column")
        elif not re.match(r"^[A-Z][A-Za-z0-9]*$", c):
            fail(label, f"column name {c} is not PascalCase")
    for i, line in enumerate(lines[1:], start=2):
        if re.search(r'(^|,)""(,|$)', line) or re.search(r"(^|,)null(,|$)", line):
            fail(f"{label}:{i}", "an empty string or the word null instead of a real null")
    rows = list(csv.DictReader(raw.splitlines()))
    if not rows:
        fail(label, "no rows")
    billed = {}
    effective = {}
    sp_effective = {}
    sp_billed = {}
    for n, r in enumerate(rows, start=2):
        where = f"{label}:{n}"
        for c in NOT_NULL:
            if r[c] == "":
                fail(where, f"{c} is null")
        for c in DECIMALS:
            if r[c] != "" and not DECIMAL_RE.match(r[c]):
                fail(where, f"{c} {r[c]!r} is not a FOCUS decimal")
        for c in DATETIMES:
            if not DATE_RE.match(r[c]):
                fail(where, f"{c} {r[c]!r} is not YYYY-MM-DDTHH:mm:ssZ")
        if not (r["ChargePeriodStart"] < r["ChargePeriodEnd"]):
            fail(where, "charge period is empty or reversed")
        if not (r["BillingPeriodStart"] <= r["ChargePeriodStart"] < r["BillingPeriodEnd"]):
            fail(where, "charge period starts outside its billing period")
        if not (r["BillingPeriodStart"][8:] == "01T00:00:00Z" and r["BillingPeriodEnd"][8:] == "01T00:00:00Z"):
            fail(where, "billing period is not a calendar month")
        if r["BillingCurrency"] != "USD":
            fail(where, "BillingCurrency is not USD")
        cat = r["ChargeCategory"]
        if cat not in ("Usage", "Purchase", "Tax", "Credit", "Adjustment"):
            fail(where, f"ChargeCategory {cat!r}")
        if r["ChargeClass"] not in ("", "Correction"):
            fail(where, "ChargeClass")
        if r["ChargeFrequency"] not in ("One-Time", "Recurring", "Usage-Based"):
            fail(where, "ChargeFrequency")
        if cat == "Purchase" and r["ChargeFrequency"] == "Usage-Based":
            fail(where, "a Purchase row is Usage-Based")
        if cat in ("Usage", "Purchase"):
            for c in ("PricingCategory", "PricingQuantity", "PricingUnit", "ListUnitPrice", "ContractedUnitPrice", "SkuId",
                      "SkuPriceId"):
                if r[c] == "":
                    fail(where, f"{c} is null on a {cat} row")
            if r["PricingCategory"] not in ("Standard", "Dynamic", "Committed", "Other"):
                fail(where, f"PricingCategory {r['PricingCategory']!r}")
        if (r["PricingQuantity"] == "") != (r["PricingUnit"] == ""):
            fail(where, "PricingUnit null is not PricingQuantity null")
        if (r["ConsumedQuantity"] == "") != (r["ConsumedUnit"] == ""):
            fail(where, "ConsumedUnit null is not ConsumedQuantity null")
        if (r["ResourceId"] == "") != (r["ResourceType"] == ""):
            fail(where, "ResourceType null is not ResourceId null")
        if r["PricingQuantity"]:
            q = float(r["PricingQuantity"])
            # Zero tolerance in float64, as the FinOps validator checks it.
            if float(r["ListUnitPrice"]) * q != float(r["ListCost"]):
                fail(where, f"ListCost {r['ListCost']} != ListUnitPrice {r['ListUnitPrice']} x PricingQuantity {r['PricingQuantity']}")
            if float(r["ContractedUnitPrice"]) * q != float(r["ContractedCost"]):
                fail(where, "ContractedCost != ContractedUnitPrice x PricingQuantity")
        if r["ServiceSubcategory"] and r["ServiceSubcategory"] not in SUBCATEGORIES.get(r["ServiceCategory"], set()):
            fail(where, f"ServiceSubcategory {r['ServiceSubcategory']!r} not under {r['ServiceCategory']}")
        cid = r["CommitmentDiscountId"]
        for c in ("CommitmentDiscountCategory", "CommitmentDiscountType"):
            if (r[c] == "") != (cid == ""):
                fail(where, f"{c} null is not CommitmentDiscountId null")
        if cid:
            if r["CommitmentDiscountCategory"] not in ("Spend", "Usage"):
                fail(where, "CommitmentDiscountCategory")
            if cat == "Usage" and r["CommitmentDiscountStatus"] not in ("Used", "Unused"):
                fail(where, "CommitmentDiscountStatus missing on a Usage row with an ID")
            if cat == "Purchase" and r["CommitmentDiscountStatus"] != "":
                fail(where, "CommitmentDiscountStatus on a Purchase row")
            if r["CommitmentDiscountQuantity"] == "" or r["CommitmentDiscountUnit"] == "":
                fail(where, "CommitmentDiscountQuantity/Unit missing")
            if cat == "Usage":
                sp_effective[cid] = sp_effective.get(cid, 0.0) + float(r["EffectiveCost"])
            if cat == "Purchase":
                sp_billed[cid] = sp_billed.get(cid, 0.0) + float(r["BilledCost"])
        elif r["CommitmentDiscountStatus"] != "":
            fail(where, "CommitmentDiscountStatus without an ID")
        if cat == "Usage":
            unused = r["CommitmentDiscountStatus"] == "Unused"
            if unused and r["ConsumedQuantity"] != "":
                fail(where, "ConsumedQuantity on an Unused row")
            if not unused and r["ConsumedQuantity"] == "":
                fail(where, "ConsumedQuantity missing on a Usage row")
        if r["PricingCategory"] == "Committed" and not cid:
            fail(where, "Committed without a CommitmentDiscountId")
        o = r["x_Option"]
        billed[o] = billed.get(o, 0.0) + float(r["BilledCost"])
        effective[o] = effective.get(o, 0.0) + float(r["EffectiveCost"])
    for cid, b in sp_billed.items():
        if not close(sp_effective.get(cid, 0.0), b):
            fail(label, f"{cid}: EffectiveCost of Used+Unused {sp_effective.get(cid, 0.0)} != Purchase BilledCost {b}")
    for o, total in totals.items():
        if not close(billed.get(o, 0.0), total):
            fail(label, f"option {o}: sum of BilledCost {billed.get(o, 0.0)} != the simulation's total {total}")
        if not close(effective.get(o, 0.0), billed.get(o, 0.0)):
            fail(label, f"option {o}: sum of EffectiveCost != sum of BilledCost (amortised fees)")
    meta_path = os.path.splitext(bill_path)[0] + ".metadata.json"
    with open(meta_path) as f:
        meta = json.load(f)
    if meta.get("FocusVersion") != "1.2" or not meta.get("SchemaId") or not DATE_RE.match(meta.get("CreationDate", "")):
        fail(label, "metadata lacks FocusVersion 1.2, SchemaId or CreationDate")
    if [c["ColumnName"] for c in meta.get("ColumnDefinition", [])] != header:
        fail(label, "metadata ColumnDefinition does not list the CSV's columns in order")
    if "DataGenerator" not in meta:
        fail(label, "metadata lacks DataGenerator")
    print(f"{label}: {len(rows)} rows checked")


def run(fleetcast, *args):
    p = subprocess.run([fleetcast, *args], capture_output=True, text=True)
    if p.returncode != 0:
        print(p.stderr, file=sys.stderr)
        sys.exit(1)
    return p.stdout


def main():
    fleetcast, source, work = sys.argv[1], sys.argv[2], sys.argv[3]
    os.makedirs(work, exist_ok=True)
    example = os.path.join(source, "examples", "payments-api.json")
    with open(example) as f:
        scenario = json.load(f)
    scenario.pop("$schema", None)
    for o in scenario["options"]:
        if o["name"] == "ecs-fargate":
            o["commitments"] = [{"name": "csp", "type": "compute_sp", "hourly_commitment": 0.06}]
        if o["name"] == "ecs-ec2":
            o["commitments"] = [{"name": "ri", "type": "ri", "instance_type": "m6i.large", "count": 1},
                                {"name": "isp", "type": "ec2_instance_sp", "family": "m6i", "hourly_commitment": 0.02,
                                 "term": "3y", "payment": "all_upfront"}]
    committed = os.path.join(work, "committed.json")
    with open(committed, "w") as f:
        json.dump(scenario, f)
    cases = [("one path, hourly", example, []), ("one path, daily", example, ["--focus-daily"]),
             ("commitments", committed, []), ("commitments, daily", committed, ["--focus-daily"])]
    for label, path, extra in cases:
        bill = os.path.join(work, "bill.csv")
        result = json.loads(run(fleetcast, "simulate", path, "--trials", "1", "--path", "3", "--format", "json",
                                "--focus", bill, *extra))
        validate(bill, {o["name"]: o["total_usd"] for o in result["options"]}, label)
    # A percentile path: the bill of one option; its total is that path's total for the option.
    bill = os.path.join(work, "p90.csv")
    run(fleetcast, "simulate", committed, "--trials", "200", "--focus", bill, "--focus-option", "ecs-fargate",
        "--focus-percentile", "90")
    with open(os.path.splitext(bill)[0] + ".metadata.json") as f:
        path_index = json.load(f)["DataGenerator"]["Path"]
    one = json.loads(run(fleetcast, "simulate", committed, "--path", str(path_index), "--format", "json"))
    validate(bill, {o["name"]: o["total_usd"] for o in one["options"] if o["name"] == "ecs-fargate"}, "P90 path")
    if failures:
        for f in failures[:50]:
            print("FAIL", f)
        print(f"{len(failures)} FOCUS rule violations")
        sys.exit(1)
    print("all FOCUS bills valid")


if __name__ == "__main__":
    main()
