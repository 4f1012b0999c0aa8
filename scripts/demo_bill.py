#!/usr/bin/env python3
"""A month of an AWS FOCUS 1.2 bill (hourly, with resources) for two ECS services on Fargate,
written the way AWS Data Exports writes one: a row per task, hour and usage type, ResourceId the
task ARN, Tags the ECS-managed tags. For trying `fleetcast actuals BILL --scenario OUT.json`.
With --cur2-ec2: a CUR 2.0 month of ECS nodes instead (m6i.xlarge, BoxUsage rows with the
instance id, and the split cost allocation rows whose split_line_item_parent_resource_id and
resource_tags name the cluster). Deterministic (seed 7).
Usage: scripts/demo_bill.py > march-focus.csv; scripts/demo_bill.py --cur2-ec2 > march-cur2.csv"""
import datetime
import math
import random
import sys

random.seed(7)
VCPU, GB = 0.04048, 0.004445  # us-east-1 Fargate Linux x86 on-demand, per hour (pricing/aws-us-east-1.json)
out = sys.stdout
start = datetime.datetime(2025, 3, 1)
if "--cur2-ec2" in sys.argv:
    PRICE = 0.192  # m6i.xlarge Linux on-demand, us-east-1 (pricing/aws-us-east-1.json)
    out.write("line_item_line_item_type,line_item_unblended_cost,line_item_currency_code,line_item_usage_start_date,"
              "line_item_usage_end_date,line_item_product_code,pricing_public_on_demand_cost,"
              "pricing_public_on_demand_rate,line_item_usage_amount,pricing_unit,product_region_code,"
              "line_item_usage_type,line_item_operation,line_item_resource_id,split_line_item_parent_resource_id,"
              "resource_tags\n")
    tags = '"{""aws_ecs_cluster_name"":""batch"",""aws_ecs_service_name"":""worker""}"'
    for h in range(24 * 30):
        t = start + datetime.timedelta(hours=h)
        s0, s1 = t.strftime("%Y-%m-%dT%H:00:00Z"), (t + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:00:00Z")
        nodes = 4 + round(3 * math.sin(2 * math.pi * (t.hour - 9) / 24) + random.uniform(-1, 1))
        for i in range(max(1, nodes)):
            iid = f"i-{i:017x}"
            out.write(f"Usage,{PRICE:.10f},USD,{s0},{s1},AmazonEC2,{PRICE:.10f},{PRICE},1,Hrs,us-east-1,"
                      f"BoxUsage:m6i.xlarge,RunInstances,{iid},,\n")
            out.write(f"Usage,0,USD,{s0},{s1},AmazonECS,0,,2,vCPU-Hours,us-east-1,USE1-ECS-EC2-vCPU-Hours,"
                      f"ECSTask-EC2,arn:aws:ecs:us-east-1:111122223333:task/batch/t{h}x{i},{iid},{tags}\n")
    sys.exit(0)
out.write("BilledCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ServiceName,ListCost,"
          "ListUnitPrice,PricingQuantity,PricingUnit,RegionId,ResourceId,Tags,x_UsageType,x_Operation\n")
services = [("shop", "checkout", 0.5, 1.0, 6), ("shop", "search", 1.0, 2.0, 3)]  # cluster, service, vCPU, GB, base tasks
for h in range(24 * 30):
    t = start + datetime.timedelta(hours=h)
    s0, s1 = t.strftime("%Y-%m-%dT%H:00:00Z"), (t + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:00:00Z")
    for cluster, service, cpu, mem, base in services:
        n = base * (1 + 0.6 * math.sin(2 * math.pi * (t.hour - 9) / 24)) + random.uniform(-0.5, 0.5)
        whole, part = max(1, int(n)), n - int(n)
        tasks = [1.0] * whole + ([round(part, 3)] if part > 0.05 else [])
        tags = '"{""aws:ecs:clusterName"":""%s"",""aws:ecs:serviceName"":""%s""}"' % (cluster, service)
        for i, share in enumerate(tasks):
            arn = f"arn:aws:ecs:us-east-1:111122223333:task/{cluster}/{service}{h}x{i}"
            for qty, price, unit, usage in ((cpu * share, VCPU, "Hours", "USE1-Fargate-vCPU-Hours:perCPU"),
                                            (mem * share, GB, "GB-Hours", "USE1-Fargate-GB-Hours")):
                out.write(f"{qty * price:.10f},USD,{s0},{s1},Usage,Amazon Elastic Container Service,{qty * price:.10f},"
                          f"{price},{qty:.6f},{unit},us-east-1,{arn},{tags},{usage},FargateTask\n")
