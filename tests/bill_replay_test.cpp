// Usage to workload: a real bill's hourly Fargate and EC2 usage replayed as demand, the as-is
// option that reproduces it, and the what-if beside it. The bills are written by hand from the
// FOCUS 1.2 columns and the CUR 2.0 column dictionary (docs/actuals.md, "Replay", has the
// sources: AWS Data Exports' table dictionaries for CUR 2.0 split line items and tags).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "cli_harness.hpp"

#include "fleetcast/billing/bill_workload.hpp"
#include "fleetcast/core/error.hpp"
#include "fleetcast/io/bill_csv.hpp"
#include "fleetcast/io/bill_scenario.hpp"
#include "fleetcast/io/cost_digest.hpp"
#include "fleetcast/io/files.hpp"
#include "fleetcast/io/scenario_json.hpp"
#include "fleetcast/packing/from_catalog.hpp"
#include "fleetcast/sim/simulate.hpp"

namespace fleetcast {
namespace {

using test::run_cli;

const price_catalog* us_east_1_only(std::string_view region) {
  return region == "us-east-1" ? &default_catalog() : nullptr;
}

bill_workload replay(const std::string& csv, const replay_settings& rs = {}) {
  actuals_accumulator acc(us_east_1_only);
  bill_workload_accumulator w;
  focus_bill_reader reader(acc);
  reader.also_to(w);
  std::istringstream in(csv);
  reader.read(in, "bill.csv");
  return w.summary(default_catalog(), rs);
}

std::string fixed(double v) {
  char b[64];
  std::snprintf(b, sizeof b, "%.10f", v);
  return b;
}

// FOCUS 1.2 columns, with AWS's x_UsageType and x_Operation; Tags as FOCUS writes them (a JSON
// object); ResourceId the task ARN, one row per task, hour and usage type.
const char* focus_header =
    "BilledCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ServiceName,ListCost,"
    "ListUnitPrice,PricingQuantity,PricingUnit,RegionId,ResourceId,Tags,x_UsageType,x_Operation\n";

std::string fargate_row(int hour, const std::string& task, double vcpu_h, double gb_h, bool spot = false) {
  const price_catalog& c = default_catalog();
  const auto& r = c.fargate.rates_for(os_family::linux_os, cpu_arch::x86_64, spot);
  const auto& od = c.fargate.rates_for(os_family::linux_os, cpu_arch::x86_64, false);
  char start[40], end[40];
  std::snprintf(start, sizeof start, "2025-03-01T%02d:00:00Z", hour);
  std::snprintf(end, sizeof end, "2025-03-01T%02d:00:00Z", hour + 1);
  const std::string arn = "arn:aws:ecs:us-east-1:111122223333:task/shop/" + task;
  const std::string tags = "\"{\"\"aws:ecs:clusterName\"\":\"\"shop\"\",\"\"aws:ecs:serviceName\"\":\"\"checkout\"\"}\"";
  const std::string prefix = spot ? "USE1-SpotUsage:Fargate-" : "USE1-Fargate-";
  std::string out;
  out += fixed(vcpu_h * r.vcpu.effective_per_hour()) + ",USD," + start + "," + end +
         ",Usage,Amazon Elastic Container Service," + fixed(vcpu_h * od.vcpu.effective_per_hour()) + "," +
         fixed(od.vcpu.effective_per_hour()) + "," + fixed(vcpu_h) + ",Hours,us-east-1," + arn + "," + tags + "," + prefix +
         "vCPU-Hours:perCPU,FargateTask\n";
  out += fixed(gb_h * r.memory_gb.effective_per_hour()) + ",USD," + start + "," + end +
         ",Usage,Amazon Elastic Container Service," + fixed(gb_h * od.memory_gb.effective_per_hour()) + "," +
         fixed(od.memory_gb.effective_per_hour()) + "," + fixed(gb_h) + ",GB-Hours,us-east-1," + arn + "," + tags + "," +
         prefix + "GB-Hours,FargateTask\n";
  return out;
}

// Three hours of an ECS service of 0.5 vCPU / 1 GB tasks: 2 tasks, then 2 and one for half an
// hour, then 1.
std::string three_hour_bill() {
  std::string b = focus_header;
  b += fargate_row(0, "a", 0.5, 1.0) + fargate_row(0, "b", 0.5, 1.0);
  b += fargate_row(1, "a", 0.5, 1.0) + fargate_row(1, "b", 0.5, 1.0) + fargate_row(1, "c", 0.25, 0.5);
  b += fargate_row(2, "a", 0.5, 1.0);
  return b;
}

TEST(BillReplay, FargateServiceFromTagsAndTaskRows) {
  const bill_workload w = replay(three_hour_bill());
  ASSERT_EQ(w.services.size(), 1u);
  const replay_service& s = w.services[0];
  EXPECT_EQ(s.name, "shop/checkout");
  EXPECT_EQ(s.identity, replay_identity::service);
  EXPECT_TRUE(s.fargate);
  EXPECT_EQ(s.on, platform::ecs);
  // The largest task-hour row is 0.5 vCPU-hours and 1 GB-hours: a 0.5 vCPU / 1 GB task.
  EXPECT_EQ(s.cpu_units, 512);
  EXPECT_EQ(s.memory_mib, 1024);
  EXPECT_FALSE(s.size_ambiguous);
  // Task-hours = vCPU-hours / 0.5: 1.0/0.5, 1.25/0.5, 0.5/0.5.
  ASSERT_EQ(s.task_hours.size(), 3u);
  EXPECT_NEAR(s.task_hours[0], 2.0, 1e-9);
  EXPECT_NEAR(s.task_hours[1], 2.5, 1e-9);
  EXPECT_NEAR(s.task_hours[2], 1.0, 1e-9);
  EXPECT_EQ(w.hours, 3);
  EXPECT_TRUE(w.as_is_fargate);
  EXPECT_EQ(w.as_is_platform, platform::ecs);
  EXPECT_EQ(w.as_is_spot_percent, 0);
  // Paid: 2.75 vCPU-hours and 5.5 GB-hours at the catalog's on-demand rates (the rows were
  // written at those rates, to 10 decimals).
  const auto& r = default_catalog().fargate.linux_x86_64;
  const double expect = 2.75 * r.vcpu.effective_per_hour() + 5.5 * r.memory_gb.effective_per_hour();
  EXPECT_NEAR(w.paid_usd, expect, 1e-8);
  EXPECT_NEAR(w.catalog_usd, expect, 1e-12);
}

TEST(BillReplay, SizeFromTheRatioAloneIsAmbiguous) {
  // The same usage without task ARNs (ResourceId empty): 2 GB per vCPU fits 0.25/0.5, 0.5/1,
  // 1/2, 2/4 and 4/8; fleetcast takes 1 vCPU / 2 GB and says it is ambiguous.
  std::string b = three_hour_bill();
  std::string out;
  std::istringstream in(b);
  for (std::string line; std::getline(in, line);) {
    const auto at = line.find("arn:aws:ecs");
    if (at != std::string::npos) line.erase(at, line.find(',', at) - at);
    out += line + "\n";
  }
  const bill_workload w = replay(out);
  ASSERT_EQ(w.services.size(), 1u);
  EXPECT_EQ(w.services[0].cpu_units, 1024);
  EXPECT_EQ(w.services[0].memory_mib, 2048);
  EXPECT_TRUE(w.services[0].size_ambiguous);
  EXPECT_NEAR(w.services[0].task_hours[1], 1.25, 1e-9);  // 1.25 vCPU-hours of 1-vCPU tasks
}

/// Writes the scenario of `w` into a fresh folder, reads it back as simulate would, runs one
/// trial, and returns the as-is option's cost with the tolerance and the bill at catalog prices.
struct as_is_run {
  double cost = 0, tolerance = 0, at_catalog = 0;
  sim::scenario scenario;
};
as_is_run run_as_is(const bill_workload& w, const bill_scenario_settings& st) {
  const auto dir = std::filesystem::temp_directory_path() / ("fleetcast-replay-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const bill_scenario_files f = bill_to_scenario(w, default_catalog(), st, "bill");
  for (const auto& [name, text] : f.traces) write_file_atomic((dir / name).string(), text);
  const std::string path = (dir / "bill.json").string();
  write_file_atomic(path, f.scenario_json);
  as_is_run r;
  r.scenario = load_scenario(path, default_catalog());
  const auto results = sim::simulate_path(r.scenario, default_catalog(), 0);
  for (const auto& o : results)
    if (o.option == "as-is") r.cost = o.total_usd;
  r.tolerance = f.tolerance_usd;
  r.at_catalog = w.catalog_usd;
  std::filesystem::remove_all(dir);
  return r;
}

TEST(BillReplay, AsIsReproducesAFargateBillWithinTheDerivedTolerance) {
  const bill_workload w = replay(three_hour_bill());
  bill_scenario_settings st;
  st.block_hours = 0;  // replay the hours as billed
  const as_is_run r = run_as_is(w, st);
  // The tolerance, by hand: every hour's task-hours (2, 2.5, 1) split into whole minutes
  // exactly (2.5 → 3 tasks for 30 minutes), so only the one-minute lag is left: max(first 2,
  // last 1) task-minutes of a 0.5 vCPU / 1 GB task.
  const auto& rt = default_catalog().fargate.linux_x86_64;
  const double task_h = 0.5 * rt.vcpu.effective_per_hour() + 1.0 * rt.memory_gb.effective_per_hour();
  EXPECT_NEAR(r.tolerance, 2.0 / 60.0 * task_h, 1e-12);
  EXPECT_NEAR(r.cost, r.at_catalog, r.tolerance + 1e-9) << "as-is " << r.cost << " vs bill " << r.at_catalog;
  ASSERT_TRUE(r.scenario.bill.has_value());
  EXPECT_EQ(r.scenario.bill->as_is_option, "as-is");
  EXPECT_EQ(r.scenario.bill->hours, 3);
  EXPECT_EQ(r.scenario.scenarios, 1);
  // Every other option prices the same demand: an EC2 option runs the same services.
  EXPECT_GE(r.scenario.options.size(), 4u);
}

TEST(BillReplay, TheToleranceCountsWholeMinuteRounding) {
  // 1.01 task-hours: 1 task all hour and a second for round(0.6) = 1 minute, 0.4 minutes off.
  bill_workload w;
  w.hours = 1;
  replay_service s;
  s.name = "x";
  s.billed_cpu_units = s.cpu_units = 1024;
  s.billed_memory_mib = s.memory_mib = 2048;
  s.task_hours = {1.01};
  w.services.push_back(s);
  const auto& rt = default_catalog().fargate.linux_x86_64;
  const double task_h = rt.vcpu.effective_per_hour() + 2.0 * rt.memory_gb.effective_per_hour();
  // |1/60 − 0.01| task-hours of rounding, plus the lag of max(2, 2) task-minutes.
  EXPECT_NEAR(replay_tolerance_usd(w, default_catalog()), (std::abs(1.0 / 60 - 0.01) + 2.0 / 60) * task_h, 1e-12);
}

// CUR 2.0 (Data Exports), hourly with resources and split cost allocation data: EC2 instance
// rows (BoxUsage, resource id = instance id) and ECS split rows whose
// split_line_item_parent_resource_id names the instance and whose resource_tags name the cluster.
std::string cur2_ec2_bill() {
  const price_catalog& c = default_catalog();
  const double p = c.ec2.find("m6i.large")->on_demand.effective_per_hour();
  std::string b =
      "line_item_line_item_type,line_item_unblended_cost,line_item_currency_code,line_item_usage_start_date,"
      "line_item_usage_end_date,line_item_product_code,pricing_public_on_demand_cost,pricing_public_on_demand_rate,"
      "line_item_usage_amount,pricing_unit,product_region_code,line_item_usage_type,line_item_operation,"
      "line_item_resource_id,split_line_item_parent_resource_id,resource_tags\n";
  auto inst = [&](int hour, const std::string& id, double h) {
    char t0[40], t1[40];
    std::snprintf(t0, sizeof t0, "2025-03-01T%02d:00:00Z", hour);
    std::snprintf(t1, sizeof t1, "2025-03-01T%02d:00:00Z", hour + 1);
    return "Usage," + fixed(h * p) + ",USD," + t0 + "," + t1 + ",AmazonEC2," + fixed(h * p) + "," + fixed(p) + "," +
           fixed(h) + ",Hrs,us-east-1,BoxUsage:m6i.large,RunInstances," + id + ",,\n";
  };
  auto split = [&](int hour, const std::string& id) {
    char t0[40], t1[40];
    std::snprintf(t0, sizeof t0, "2025-03-01T%02d:00:00Z", hour);
    std::snprintf(t1, sizeof t1, "2025-03-01T%02d:00:00Z", hour + 1);
    return std::string("Usage,0,USD,") + t0 + "," + t1 +
           ",AmazonECS,0,,1,vCPU-Hours,us-east-1,USE1-ECS-EC2-vCPU-Hours,ECSTask-EC2,"
           "arn:aws:ecs:us-east-1:111122223333:task/batch/t1," + id +
           ",\"{\"\"aws_ecs_cluster_name\"\":\"\"batch\"\",\"\"aws_ecs_service_name\"\":\"\"worker\"\"}\"\n";
  };
  b += inst(0, "i-01", 1) + inst(0, "i-02", 1) + split(0, "i-01") + split(0, "i-02");
  b += inst(1, "i-01", 1) + inst(1, "i-02", 0.5) + split(1, "i-01");
  b += inst(2, "i-01", 1);
  return b;
}

TEST(BillReplay, Cur2Ec2NodesTakeTheirClusterFromSplitRows) {
  const bill_workload w = replay(cur2_ec2_bill());
  ASSERT_EQ(w.services.size(), 1u);
  const replay_service& s = w.services[0];
  EXPECT_FALSE(s.fargate);
  EXPECT_EQ(s.cluster, "batch");
  EXPECT_EQ(s.identity, replay_identity::cluster);
  EXPECT_EQ(s.on, platform::ecs);
  EXPECT_EQ(s.instance_type, "m6i.large");
  ASSERT_EQ(s.task_hours.size(), 3u);
  EXPECT_NEAR(s.task_hours[0], 2.0, 1e-12);
  EXPECT_NEAR(s.task_hours[1], 1.5, 1e-12);
  EXPECT_NEAR(s.task_hours[2], 1.0, 1e-12);
  EXPECT_FALSE(w.as_is_fargate);
  EXPECT_EQ(w.as_is_instance_types, std::vector<std::string>{"m6i.large"});
  // 4.5 instance-hours at the catalog's on-demand price.
  EXPECT_NEAR(w.catalog_usd, 4.5 * default_catalog().ec2.find("m6i.large")->on_demand.effective_per_hour(), 1e-12);
  // The map as Athena writes it in CSV ({key=value, ...}) names the same cluster.
  std::string athena = cur2_ec2_bill();
  const std::string json_tags = "\"{\"\"aws_ecs_cluster_name\"\":\"\"batch\"\",\"\"aws_ecs_service_name\"\":\"\"worker\"\"}\"";
  for (std::size_t at; (at = athena.find(json_tags)) != std::string::npos;)
    athena.replace(at, json_tags.size(), "\"{aws_ecs_cluster_name=batch, aws_ecs_service_name=worker}\"");
  const bill_workload a = replay(athena);
  ASSERT_EQ(a.services.size(), 1u);
  EXPECT_EQ(a.services[0].cluster, "batch");
}

TEST(BillReplay, AsIsReproducesAnEc2BillWithinTheDerivedTolerance) {
  const bill_workload w = replay(cur2_ec2_bill());
  bill_scenario_settings st;
  st.block_hours = 0;
  const as_is_run r = run_as_is(w, st);
  // The tolerance, by hand: hours of 2, 1.5 and 1 node-hours split into whole minutes exactly,
  // the lag max(2, 1) node-minutes of an m6i.large.
  const double p = default_catalog().ec2.find("m6i.large")->on_demand.effective_per_hour();
  EXPECT_NEAR(r.tolerance, 2.0 / 60.0 * p, 1e-12);
  EXPECT_NEAR(r.cost, r.at_catalog, r.tolerance + 1e-9) << "as-is " << r.cost << " vs bill " << r.at_catalog;
  // The slice at utilisation 1 is the node's allocatable, so one fits on a node.
  const auto& svc = r.scenario.services[0];
  packing::platform_setup setup;
  const auto bin = packing::bin_type_from_catalog(*default_catalog().ec2.find("m6i.large"), setup, default_catalog());
  EXPECT_EQ(svc.task.cpu_units, bin.type.capacity[0]);
  EXPECT_EQ(svc.task.memory_mib, bin.type.capacity[1]);
}

TEST(BillReplay, Cur2EksFargatePodsUnderASavingsPlan) {
  // EKS Fargate pods (product AmazonEKS, resource id the pod ARN, tags aws_eks_cluster_name /
  // aws_eks_namespace) whose usage a Compute Savings Plan covered: CUR 2.0 writes the covered
  // line at its on-demand cost and a SavingsPlanNegation line that takes it back (line item
  // types from the CUR 2.0 dictionary). The replay counts the covered usage at its on-demand
  // (list) cost, as the options carry no commitment.
  const auto& r = default_catalog().fargate.linux_x86_64;
  const double pv = r.vcpu.effective_per_hour(), pg = r.memory_gb.effective_per_hour();
  std::string b =
      "line_item_line_item_type,line_item_unblended_cost,line_item_currency_code,line_item_usage_start_date,"
      "line_item_usage_end_date,line_item_product_code,pricing_public_on_demand_cost,pricing_public_on_demand_rate,"
      "line_item_usage_amount,pricing_unit,product_region_code,line_item_usage_type,line_item_operation,"
      "line_item_resource_id,resource_tags,savings_plan_savings_plan_a_r_n\n";
  const std::string tags = "\"{\"\"aws_eks_cluster_name\"\":\"\"k1\"\",\"\"aws_eks_namespace\"\":\"\"web\"\"}\"";
  const std::string sp = "arn:aws:savingsplans::111122223333:savingsplan/abc";
  for (int h = 0; h < 2; ++h) {
    char t0[40], t1[40];
    std::snprintf(t0, sizeof t0, "2025-03-01T%02d:00:00Z", h);
    std::snprintf(t1, sizeof t1, "2025-03-01T%02d:00:00Z", h + 1);
    const std::string pod = ",arn:aws:eks:us-east-1:111122223333:pod/k1/web/p" + std::to_string(h) + "/u,";
    // One pod of 1 vCPU / 2 GB for the whole hour.
    b += "SavingsPlanCoveredUsage," + fixed(pv) + ",USD," + t0 + "," + t1 + ",AmazonEKS," + fixed(pv) + "," + fixed(pv) +
         ",1,hours,us-east-1,USE1-Fargate-vCPU-Hours:perCPU,FargatePod" + pod + tags + "," + sp + "\n";
    b += "SavingsPlanNegation,-" + fixed(pv) + ",USD," + t0 + "," + t1 + ",AmazonEKS,,,1,hours,us-east-1,"
         "USE1-Fargate-vCPU-Hours:perCPU,FargatePod" + pod + tags + "," + sp + "\n";
    b += "Usage," + fixed(2 * pg) + ",USD," + t0 + "," + t1 + ",AmazonEKS," + fixed(2 * pg) + "," + fixed(pg) +
         ",2,GB-hours,us-east-1,USE1-Fargate-GB-Hours,FargatePod" + pod + tags + ",\n";
  }
  const bill_workload w = replay(b);
  ASSERT_EQ(w.services.size(), 1u);
  const replay_service& s = w.services[0];
  EXPECT_EQ(s.name, "k1/web");
  EXPECT_EQ(s.on, platform::eks);
  EXPECT_EQ(s.billed_cpu_units, 1024);
  EXPECT_EQ(s.billed_memory_mib, 2048);
  EXPECT_EQ(s.memory_mib, 2048 - 256);  // the pod's request: Fargate adds 256 MiB before rounding
  EXPECT_EQ(w.as_is_platform, platform::eks);
  // Covered vCPU at its list cost (2 × pv), memory as billed (2 × 2 × pg).
  EXPECT_NEAR(w.paid_usd, 2 * pv + 4 * pg, 1e-8);
  EXPECT_NEAR(w.commitment_list_usd, 2 * pv, 1e-8);
  bill_scenario_settings st;
  st.block_hours = 0;
  const as_is_run run = run_as_is(w, st);
  EXPECT_NEAR(run.cost, run.at_catalog, run.tolerance + 1e-9) << "as-is " << run.cost << " vs bill " << run.at_catalog;
}

TEST(BillReplay, FargateSpotShareBecomesTheAsIsStrategy) {
  // Hour 0: 4 tasks on Fargate Spot and 4 on Fargate; hour 1 the same. SpotUsage:Fargate-… usage
  // types (docs/actuals.md) at the catalog's Fargate Spot rates.
  std::string b = focus_header;
  for (int h = 0; h < 2; ++h)
    for (int t = 0; t < 8; ++t) b += fargate_row(h, "t" + std::to_string(h) + "-" + std::to_string(t), 0.5, 1.0, t < 4);
  const bill_workload w = replay(b);
  ASSERT_EQ(w.services.size(), 1u);
  EXPECT_NEAR(w.services[0].spot_share, 0.5, 1e-12);
  EXPECT_EQ(w.as_is_spot_percent, 50);
  bill_scenario_settings st;
  st.block_hours = 0;
  const as_is_run r = run_as_is(w, st);
  const auto& as_is = r.scenario.options[0];
  ASSERT_EQ(as_is.strategy.size(), 2u);
  EXPECT_EQ(as_is.strategy[0].weight, 50);
  EXPECT_EQ(as_is.strategy[1].weight, 50);
  // The tolerance adds one task-hour per hour at the on-demand − Spot difference (the split of
  // whole tasks between the providers) to the lag of max(8, 8) task-minutes.
  const auto& od = default_catalog().fargate.rates_for(os_family::linux_os, cpu_arch::x86_64, false);
  const auto& sp = default_catalog().fargate.rates_for(os_family::linux_os, cpu_arch::x86_64, true);
  const double p_od = 0.5 * od.vcpu.effective_per_hour() + od.memory_gb.effective_per_hour();
  const double p_sp = 0.5 * sp.vcpu.effective_per_hour() + sp.memory_gb.effective_per_hour();
  EXPECT_NEAR(r.tolerance, 8.0 / 60.0 * p_od + 2 * (p_od - p_sp), 1e-12);
  EXPECT_NEAR(r.cost, r.at_catalog, r.tolerance + 1e-9) << "as-is " << r.cost << " vs bill " << r.at_catalog;
}

TEST(BillReplay, BadBillsForTheReplay) {
  // A daily row cannot be replayed by the hour.
  std::string daily = std::string(focus_header) +
                      "1,USD,2025-03-01T00:00:00Z,2025-03-02T00:00:00Z,Usage,Amazon Elastic Container Service,1,0.04048,"
                      "24,Hours,us-east-1,,,USE1-Fargate-vCPU-Hours:perCPU,FargateTask\n";
  try {
    (void)replay(daily);
    FAIL();
  } catch (const input_error& e) {
    EXPECT_EQ(e.code(), errid::unsupported);
    EXPECT_NE(std::string(e.what()).find("HOURLY"), std::string::npos);
  }
  std::string bad_time = std::string(focus_header) +
                         "1,USD,March 1st,,Usage,Amazon Elastic Container Service,1,0.04048,1,Hours,us-east-1,,,"
                         "USE1-Fargate-vCPU-Hours:perCPU,FargateTask\n";
  EXPECT_THROW((void)replay(bad_time), input_error);
  std::string bad_tags = std::string(focus_header) +
                         "1,USD,2025-03-01T00:00:00Z,,Usage,Amazon Elastic Container Service,1,0.04048,1,Hours,us-east-1,,"
                         "not json,USE1-Fargate-vCPU-Hours:perCPU,FargateTask\n";
  try {
    (void)replay(bad_tags);
    FAIL();
  } catch (const input_error& e) {
    EXPECT_EQ(e.code(), errid::malformed_json);
  }
  // Rows 100 days apart: beyond the 93 days (2,232 hours) a replay takes.
  std::string far = std::string(focus_header) + fargate_row(0, "a", 0.5, 1.0);
  std::string later = fargate_row(0, "b", 0.5, 1.0);
  for (std::size_t at; (at = later.find("2025-03-01T")) != std::string::npos;) later.replace(at, 11, "2025-06-09T");
  try {
    (void)replay(far + later);
    FAIL();
  } catch (const input_error& e) {
    EXPECT_EQ(e.code(), errid::out_of_range);
    EXPECT_NE(std::string(e.what()).find("2232"), std::string::npos) << e.what();
  }
  // No compute usage at all.
  std::string none = std::string(focus_header) +
                     "1,USD,2025-03-01T00:00:00Z,,Usage,Amazon Simple Storage Service,1,,1,GB-Mo,us-east-1,,,"
                     "TimedStorage-ByteHrs,\n";
  try {
    (void)replay(none);
    FAIL();
  } catch (const input_error& e) {
    EXPECT_EQ(e.code(), errid::empty_input);
  }
}

TEST(BillReplay, TheWhatIfSentence) {
  bill_comparison b;
  b.paid_usd = 100;
  b.hours = 365;  // = 200 per month
  b.paid_usd_per_month = 200;
  b.at_catalog_usd_per_month = 200;
  b.tolerance_usd_per_month = 1;
  b.as_is_option = "as-is";
  b.description = "ECS on Fargate";
  b.as_is_usd_per_month = 200.5;
  b.as_is_within_tolerance = true;
  b.options = {{"eks-ec2", 120, 110, 130}, {"as-is", 200.5, 200.5, 200.5}};
  EXPECT_EQ(bill_sentence(b),
            "You paid $100.00 for 365 hours (= $200.00/month). At fleetcast's prices those hours cost $200.00/month; "
            "the as-is option (ECS on Fargate) costs $200.50/month, within the replay's tolerance of ±$1.00/month. The "
            "same demand would cost $120.00/month on eks-ec2 (95 % of trials $110.00–$130.00).");
}

TEST(BillReplay, CliWritesAScenarioThatSimulateCompares) {
  const auto dir = std::filesystem::temp_directory_path() / ("fleetcast-replay-cli-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string bill = (dir / "bill.csv").string(), out = (dir / "replay.json").string();
  write_file_atomic(bill, three_hour_bill());
  const auto a = run_cli({"actuals", bill, "--scenario", out, "--block-hours", "0"});
  ASSERT_EQ(a.code, 0) << a.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "replay.shop_checkout.csv"));
  const auto s = run_cli({"simulate", out, "--format", "json"});
  ASSERT_EQ(s.code, 0) << s.err;
  EXPECT_NE(s.out.find("\"actuals_baseline\""), std::string::npos);
  const auto t = run_cli({"simulate", out});
  ASSERT_EQ(t.code, 0) << t.err;
  EXPECT_NE(t.out.find("You paid $"), std::string::npos) << t.out;
  // Monte Carlo (resampled days) with the HTML report: the bill heads the verdict section.
  const std::string html = (dir / "replay.html").string();
  const auto m = run_cli({"simulate", out, "--trials", "3", "--html", html});
  ASSERT_EQ(m.code, 0) << m.err;
  EXPECT_NE(m.out.find("You paid $"), std::string::npos) << m.out;
  EXPECT_NE(read_text_file(html).find("id=\"actuals-baseline\""), std::string::npos);
  // A flag of the replay without --scenario, and a utilisation outside (0, 1]: usage errors.
  EXPECT_EQ(run_cli({"actuals", bill, "--utilisation", "0.5"}).code, 2);
  EXPECT_EQ(run_cli({"actuals", bill, "--scenario", out, "--utilisation", "1.5"}).code, 2);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace fleetcast
