// Actual bills in: recognising the container rows of a FOCUS bill (AWS's usage types, and
// fleetcast's own FOCUS output), repricing them against the catalog, and bad bills.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unistd.h>
#include <zlib.h>

#include "cli_harness.hpp"

#include "fleetcast/billing/actuals.hpp"
#include "fleetcast/core/error.hpp"
#include "fleetcast/io/bill_csv.hpp"
#include "fleetcast/io/focus.hpp"
#include "fleetcast/sim/simulate.hpp"

namespace fleetcast {
namespace {

// Only us-east-1 has a catalog here, so that other regions are "not repriced".
const price_catalog* us_east_1_only(std::string_view region) {
  return region == "us-east-1" ? &default_catalog() : nullptr;
}

actuals_summary read_csv(const std::string& csv, const input_limits& lim = {}) {
  actuals_accumulator acc(us_east_1_only);
  focus_bill_reader reader(acc, lim);
  std::istringstream in(csv);
  reader.read(in, "bill.csv");
  return acc.summary();
}

const actuals_group* group(const actuals_summary& s, actual_category c, std::string_view region) {
  for (const auto& g : s.groups)
    if (g.category == c && g.region == region) return &g;
  return nullptr;
}

TEST(Actuals, RegionPrefixesOfUsageTypes) {
  // AWS writes us-east-1's usage types bare or with USE1-, eu-west-1's with EU-, others with
  // 2–3 letters and a digit (USW2-, APN1-, EUC1-, UGW1-).
  EXPECT_EQ(strip_usage_type_region("USE1-Fargate-GB-Hours"), "Fargate-GB-Hours");
  EXPECT_EQ(strip_usage_type_region("EU-AmazonEKS-Hours:perCluster"), "AmazonEKS-Hours:perCluster");
  EXPECT_EQ(strip_usage_type_region("APN1-PublicIPv4:InUseAddress"), "PublicIPv4:InUseAddress");
  EXPECT_EQ(strip_usage_type_region("UGW1-BoxUsage:m5.large"), "BoxUsage:m5.large");
  EXPECT_EQ(strip_usage_type_region("BoxUsage:m5.large"), "BoxUsage:m5.large");
  EXPECT_EQ(strip_usage_type_region("NatGateway-Hours"), "NatGateway-Hours");
  EXPECT_EQ(strip_usage_type_region("ECS-EC2-vCPU-Hours"), "ECS-EC2-vCPU-Hours");  // no digit: not a region
}

TEST(Actuals, RecognisesAwsUsageTypes) {
  struct sample {
    const char* service;
    const char* usage_type;
    const char* operation;
    actual_category category;
    actual_purchase purchase;
    const char* detail;
  };
  // Usage types as AWS's price list and bills write them (docs/actuals.md gives the sources).
  const sample samples[] = {
      {"Amazon Elastic Container Service", "USE1-Fargate-vCPU-Hours:perCPU", "", actual_category::fargate_vcpu,
       actual_purchase::on_demand, ""},
      {"Amazon Elastic Container Service", "USW2-Fargate-GB-Hours", "", actual_category::fargate_memory,
       actual_purchase::on_demand, ""},
      {"Amazon Elastic Container Service", "EU-SpotUsage:Fargate-vCPU-Hours:perCPU", "", actual_category::fargate_vcpu,
       actual_purchase::spot, ""},
      {"Amazon Elastic Container Service", "Fargate-EphemeralStorage-GB-Hours", "",
       actual_category::fargate_ephemeral_storage, actual_purchase::on_demand, ""},
      {"Amazon Elastic Container Service", "APN1-Fargate-Windows-OS-Hours:perCPU", "",
       actual_category::fargate_windows_licence, actual_purchase::on_demand, ""},
      {"Amazon Elastic Kubernetes Service", "USE2-Fargate-ARM-GB-Hours", "", actual_category::fargate_memory,
       actual_purchase::on_demand, ""},
      {"Amazon Elastic Compute Cloud", "BoxUsage:m6i.large", "RunInstances", actual_category::ec2_instance,
       actual_purchase::on_demand, "m6i.large"},
      {"Amazon Elastic Compute Cloud", "USW2-SpotUsage:c7g.xlarge", "RunInstances:SV050", actual_category::ec2_instance,
       actual_purchase::spot, "c7g.xlarge"},
      {"Amazon Elastic Kubernetes Service", "USW2-AmazonEKS-Hours:perCluster", "CreateOperation",
       actual_category::eks_cluster_standard, actual_purchase::on_demand, ""},
      {"Amazon Elastic Kubernetes Service", "EUC1-AmazonEKS-Hours:extendedSupport", "ExtendedSupport",
       actual_category::eks_cluster_extended, actual_purchase::on_demand, ""},
      {"Amazon Virtual Private Cloud", "USE1-PublicIPv4:InUseAddress", "", actual_category::public_ipv4,
       actual_purchase::on_demand, ""},
      {"Amazon Virtual Private Cloud", "PublicIPv4:IdleAddress", "", actual_category::public_ipv4,
       actual_purchase::on_demand, ""},
      {"Amazon Elastic Compute Cloud", "USE1-NatGateway-Hours", "NatGateway", actual_category::nat_gateway_hours,
       actual_purchase::on_demand, ""},
      {"Amazon Elastic Compute Cloud", "EU-NatGateway-Bytes", "NatGateway", actual_category::nat_gateway_data,
       actual_purchase::on_demand, ""},
      {"Amazon Elastic Compute Cloud", "EBS:VolumeUsage.gp3", "CreateVolume-Gp3", actual_category::ebs_volume,
       actual_purchase::on_demand, "gp3"},
      {"Amazon Elastic Compute Cloud", "APS2-EBS:VolumeUsage.gp2", "CreateVolume-Gp2", actual_category::ebs_volume,
       actual_purchase::on_demand, "gp2"},
      {"Elastic Load Balancing", "USE1-LoadBalancerUsage", "LoadBalancing:Application",
       actual_category::load_balancer_hours, actual_purchase::on_demand, "application"},
      {"Elastic Load Balancing", "LCUUsage", "LoadBalancing:Network", actual_category::load_balancer_lcu,
       actual_purchase::on_demand, "network"},
      {"Amazon Simple Storage Service", "TimedStorage-ByteHrs", "PutObject", actual_category::not_container,
       actual_purchase::on_demand, ""},
      {"AWS Lambda", "USE1-Lambda-GB-Second", "Invoke", actual_category::not_container, actual_purchase::on_demand, ""},
  };
  for (const auto& x : samples) {
    bill_line l;
    l.service_name = x.service;
    l.usage_type = x.usage_type;
    l.operation = x.operation;
    l.charge_category = "Usage";
    l.pricing_category = x.purchase == actual_purchase::spot ? "Dynamic" : "Standard";
    const recognised_line r = recognise(l);
    EXPECT_EQ(r.category, x.category) << x.usage_type;
    EXPECT_EQ(r.purchase, x.purchase) << x.usage_type;
    EXPECT_EQ(r.detail, x.detail) << x.usage_type;
  }
  // ARM and Windows flags; Linux known only from RunInstances (Windows is RunInstances:0002).
  bill_line arm;
  arm.usage_type = "USE2-Fargate-ARM-GB-Hours";
  EXPECT_TRUE(recognise(arm).arm);
  bill_line win;
  win.usage_type = "Fargate-Windows-vCPU-Hours:perCPU";
  EXPECT_TRUE(recognise(win).windows);
  bill_line ec2;
  ec2.usage_type = "BoxUsage:m6i.large";
  ec2.operation = "RunInstances:0002";
  EXPECT_FALSE(recognise(ec2).linux_known);
  ec2.operation = "RunInstances";
  EXPECT_TRUE(recognise(ec2).linux_known);
  // Usage covered by a Savings Plan or RI: the commitment columns make it "commitment".
  ec2.commitment_id = "arn:aws:savingsplans::123456789012:savingsplan/abc";
  ec2.commitment_status = "Used";
  ec2.pricing_category = "Committed";
  EXPECT_EQ(recognise(ec2).purchase, actual_purchase::commitment);
  EXPECT_EQ(recognise(ec2).category, actual_category::ec2_instance);
  // The Savings Plan's fee and its unused part are recognised; an RDS RI's fee is not.
  bill_line fee;
  fee.service_name = "Savings Plans for AWS Compute usage";
  fee.charge_category = "Purchase";
  fee.commitment_id = ec2.commitment_id;
  EXPECT_EQ(recognise(fee).category, actual_category::commitment_fee);
  fee.charge_category = "Usage";
  fee.commitment_status = "Unused";
  EXPECT_EQ(recognise(fee).category, actual_category::unused_commitment);
  fee.service_name = "Amazon Relational Database Service";
  fee.charge_category = "Purchase";
  fee.commitment_status = "";
  EXPECT_EQ(recognise(fee).category, actual_category::not_container);
}

// A hand-written AWS-style FOCUS bill: columns in no particular order, lowercase x_ columns as
// Athena writes them, quoted fields holding commas, a quote and a line break, NULL as AWS writes it.
const char* const aws_bill =
    "\xEF\xBB\xBF"
    "RegionId,x_usagetype,ServiceName,ChargeCategory,PricingUnit,PricingQuantity,ListUnitPrice,ListCost,BilledCost,"
    "BillingCurrency,ChargePeriodStart,PricingCategory,CommitmentDiscountId,CommitmentDiscountStatus,x_operation,"
    "ChargeDescription\n"
    // 10 vCPU-h at AWS's $0.04048 (catalog: $0.000011244/s × 3600 = $0.0404784, 0.004 % apart).
    "us-east-1,USE1-Fargate-vCPU-Hours:perCPU,Amazon Elastic Container Service,Usage,Hours,10,0.04048,0.4048,0.4048,"
    "USD,2026-01-01T00:00:00Z,Standard,NULL,NULL,FargateTask,\"AWS Fargate - vCPU, \"\"Linux\"\"\n(us-east-1)\"\n"
    // 24 h of m6i.large covered by a Savings Plan: billed 0, list 24 × 0.096.
    "us-east-1,BoxUsage:m6i.large,Amazon Elastic Compute Cloud,Usage,Hrs,24,0.096,2.304,0,USD,2026-01-01T00:00:00Z,"
    "Committed,arn:aws:savingsplans::123456789012:savingsplan/sp-1,Used,RunInstances,m6i.large Linux\n"
    // 10 h of m6i.large listed at $0.1008, 5 % above the catalog's $0.096.
    "us-east-1,BoxUsage:m6i.large,Amazon Elastic Compute Cloud,Usage,Hrs,10,0.1008,1.008,1.008,USD,"
    "2026-01-01T00:00:00Z,Standard,,,RunInstances,m6i.large Linux\n"
    // 20 GB-months of gp3 at $0.08.
    "us-east-1,EBS:VolumeUsage.gp3,Amazon Elastic Compute Cloud,Usage,GB-Mo,20,0.08,1.6,1.6,USD,2026-01-01T00:00:00Z,"
    "Standard,,,CreateVolume-Gp3,gp3\n"
    // EKS in us-west-2: no catalog here, so not repriced.
    "us-west-2,USW2-AmazonEKS-Hours:perCluster,Amazon Elastic Kubernetes Service,Usage,Hours,730,0.1,73,73,USD,"
    "2026-01-01T00:00:00Z,Standard,,,CreateOperation,EKS cluster\n"
    // The Savings Plan's fee: commitment, not repriced.
    "NULL,ComputeSP:1yrNoUpfront,Savings Plans for AWS Compute usage,Purchase,Hours,24,0.07,1.68,1.68,USD,"
    "2026-01-01T00:00:00Z,Standard,arn:aws:savingsplans::123456789012:savingsplan/sp-1,NULL,NULL,SP fee\n"
    // S3: not container-related.
    "us-east-1,TimedStorage-ByteHrs,Amazon Simple Storage Service,Usage,GB-Mo,100,0.023,2.3,2.3,USD,"
    "2026-01-01T00:00:00Z,Standard,,,,S3\n";

TEST(Actuals, ReadsAndRepricesAnAwsStyleBill) {
  const actuals_summary s = read_csv(aws_bill);
  EXPECT_EQ(s.rows, 7u);
  EXPECT_EQ(s.container_rows, 6u);
  EXPECT_EQ(s.not_container_rows, 1u);
  EXPECT_DOUBLE_EQ(s.not_container_billed_usd, 2.3);
  // Fargate: 10 × 0.0404784 = 0.404784 at fleetcast's price; within the tolerance, no mismatch.
  const actuals_group* f = group(s, actual_category::fargate_vcpu, "us-east-1");
  ASSERT_NE(f, nullptr);
  EXPECT_DOUBLE_EQ(f->usage_quantity, 10);
  EXPECT_NEAR(f->repriced_list_cost_usd, 0.404784, 1e-12);
  // EC2: 34 h; billed 1.008 (0 under the plan), list 2.304 + 1.008, repriced 34 × 0.096 = 3.264.
  const actuals_group* e = group(s, actual_category::ec2_instance, "us-east-1");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->rows, 2u);
  EXPECT_DOUBLE_EQ(e->usage_quantity, 34);
  EXPECT_DOUBLE_EQ(e->billed_cost_usd, 1.008);
  EXPECT_NEAR(e->list_cost_usd, 3.312, 1e-12);
  EXPECT_NEAR(e->repriced_list_cost_usd, 3.264, 1e-12);
  EXPECT_DOUBLE_EQ(e->billed_by_purchase[std::size_t(actual_purchase::commitment)], 0.0);
  EXPECT_DOUBLE_EQ(e->billed_by_purchase[std::size_t(actual_purchase::on_demand)], 1.008);
  // One mismatch: m6i.large at 0.1008 against 0.096, (0.1008 − 0.096) / 0.096 = +5 %.
  ASSERT_EQ(s.mismatches.size(), 1u);
  EXPECT_EQ(s.mismatches[0].detail, "m6i.large");
  EXPECT_DOUBLE_EQ(s.mismatches[0].bill_unit_price, 0.1008);
  EXPECT_DOUBLE_EQ(s.mismatches[0].catalog_unit_price, 0.096);
  EXPECT_NEAR(s.mismatches[0].relative_difference, 0.05, 1e-12);
  // gp3 in GB-months: 20 × $0.08 = $1.60.
  const actuals_group* v = group(s, actual_category::ebs_volume, "us-east-1");
  ASSERT_NE(v, nullptr);
  EXPECT_NEAR(v->repriced_list_cost_usd, 1.6, 1e-12);
  // us-west-2 and the commitment row (no RegionId) were not repriced.
  const actuals_group* k = group(s, actual_category::eks_cluster_standard, "us-west-2");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->repriced_rows, 0u);
  EXPECT_DOUBLE_EQ(k->not_repriced_list_cost_usd, 73);
  ASSERT_EQ(s.regions_without_catalog.size(), 1u);  // rows without a RegionId are not listed
  EXPECT_EQ(s.regions_without_catalog[0], "us-west-2");
  const actuals_group* c = group(s, actual_category::commitment_fee, "");
  ASSERT_NE(c, nullptr);
  EXPECT_DOUBLE_EQ(c->billed_cost_usd, 1.68);
}

TEST(Actuals, FleetcastsOwnBillReadsBackToTheSimulatedTotals) {
  // Every kind of row fleetcast writes: Fargate (on-demand, Spot), EC2 under a Savings Plan and
  // an RI, EKS with its control plane, NAT gateways, public IPv4, gp3 roots, an ALB. Read back,
  // each option's billed total equals the simulator's total for the path, every row is
  // recognised, and every repriced list price is the catalog's own.
  sim::scenario s;
  s.name = "roundtrip";
  s.horizon = {26.0 / 24.0, 60};
  s.horizon.start_hour = 22;
  sim::service sv;
  sv.name = "web";
  sv.task.cpu_units = 512;
  sv.task.memory_mib = 1024;
  sv.scaling.min_tasks = 2;
  sv.scaling.max_tasks = 6;
  sv.initial_tasks = 2;
  sv.demand.base = 1.5;
  sim::load_balancer_load lb;
  lb.new_connections_per_s = 30;
  sv.load_balancer = lb;
  s.services.push_back(sv);
  s.network.egress = sim::egress_kind::nat_gateway;
  sim::option fargate;
  fargate.name = "fargate";
  commitment sp;
  sp.name = "sp";
  sp.type = commitment_type::compute_sp;
  sp.hourly_commitment = 0.03;
  fargate.commitments = {sp};
  s.options.push_back(fargate);
  sim::option spot;
  spot.name = "fargate-spot";
  spot.strategy = {{sim::fargate_provider::fargate_spot, 0, 1}};
  s.options.push_back(spot);
  sim::option eks;
  eks.name = "eks-ec2";
  eks.on = platform::eks;
  eks.compute = sim::compute_kind::ec2;
  eks.instance_types = {"m6i.large"};
  eks.public_ipv4 = true;
  commitment ri;
  ri.name = "ri";
  ri.type = commitment_type::reserved_instance;
  ri.instance_type = "m6i.large";
  ri.count = 1;
  for (const auto& c : default_catalog().ec2.find("m6i.large")->commitments)
    if (c.offer == "ri_standard_1yr_no_upfront") ri.hourly_rate = c.usd_per_hour;
  ASSERT_GT(ri.hourly_rate, 0.0);
  eks.commitments = {ri};
  s.options.push_back(eks);
  const auto r = sim::simulate_path(s, default_catalog(), 0);
  for (const bool daily : {false, true}) {
    focus_options fo;
    fo.daily = daily;
    const focus_bill b = path_to_focus(s, 0, r, default_catalog(), fo);
    const actuals_summary a = read_csv(b.csv);
    EXPECT_EQ(a.rows, b.rows);
    EXPECT_EQ(a.container_rows, b.rows) << "every row of fleetcast's own bill is recognised";
    EXPECT_TRUE(a.mismatches.empty());
    ASSERT_EQ(a.billed_by_option.size(), 3u);
    for (std::size_t i = 0; i < s.options.size(); ++i) {
      double billed = -1;
      for (const auto& [o, v] : a.billed_by_option)
        if (o == s.options[i].name) billed = v;
      // The simulator's total; the CSV's figures are printed round-trip exact, summed per row.
      EXPECT_NEAR(billed, r[i].total_usd, 1e-9) << s.options[i].name << (daily ? " daily" : " hourly");
    }
    bool spot_seen = false;
    for (const auto& g : a.groups) {
      if (g.category == actual_category::commitment_fee || g.category == actual_category::unused_commitment) continue;
      // Everything else fleetcast bills is in its own catalog: repriced exactly.
      EXPECT_EQ(g.repriced_rows, g.rows) << to_string(g.category);
      EXPECT_NEAR(g.repriced_list_cost_usd, g.list_cost_usd, 1e-9 * (1 + g.list_cost_usd)) << to_string(g.category);
      spot_seen |= g.billed_by_purchase[std::size_t(actual_purchase::spot)] > 0;
    }
    EXPECT_TRUE(spot_seen);
    // The RI covers one m6i.large: those rows are billed 0, so the EC2 line bills less than its list.
    const actuals_group* ec2 = group(a, actual_category::ec2_instance, "us-east-1");
    ASSERT_NE(ec2, nullptr);
    EXPECT_LT(ec2->billed_cost_usd, ec2->list_cost_usd - 1.0);
    for (const actual_category c :
         {actual_category::fargate_vcpu, actual_category::fargate_memory, actual_category::ec2_instance,
          actual_category::eks_cluster_standard, actual_category::nat_gateway_hours, actual_category::public_ipv4,
          actual_category::ebs_volume, actual_category::load_balancer_hours, actual_category::load_balancer_lcu,
          actual_category::commitment_fee})
      EXPECT_NE(group(a, c, "us-east-1"), nullptr) << to_string(c);
  }
}

// A hand-written CUR 2.0 (Data Exports) CSV: line item types as AWS writes them, a Savings Plan
// covering an EC2 instance with its negation and fee, an RI-covered instance, a tax line.
const char* const cur2_bill =
    "bill_billing_period_start_date,line_item_usage_start_date,line_item_line_item_type,line_item_product_code,"
    "line_item_usage_type,line_item_operation,line_item_usage_amount,pricing_unit,line_item_unblended_cost,"
    "line_item_currency_code,pricing_public_on_demand_cost,pricing_public_on_demand_rate,product_region_code,"
    "savings_plan_savings_plan_a_r_n,reservation_reservation_a_r_n,line_item_line_item_description\n"
    "2026-01-01T00:00:00Z,2026-01-01T00:00:00Z,Usage,AmazonECS,USE1-Fargate-vCPU-Hours:perCPU,FargateTask,10,hours,"
    "0.4048,USD,0.4048,0.04048,us-east-1,,,Fargate vCPU\n"
    "2026-01-01T00:00:00Z,2026-01-01T00:00:00Z,SavingsPlanCoveredUsage,AmazonEC2,BoxUsage:m6i.large,RunInstances,24,"
    "Hrs,2.304,USD,2.304,0.096,us-east-1,arn:aws:savingsplans::123456789012:savingsplan/sp-1,,covered\n"
    "2026-01-01T00:00:00Z,2026-01-01T00:00:00Z,SavingsPlanNegation,AmazonEC2,BoxUsage:m6i.large,RunInstances,24,"
    "Hrs,-2.304,USD,0,0,us-east-1,arn:aws:savingsplans::123456789012:savingsplan/sp-1,,negation\n"
    "2026-01-01T00:00:00Z,2026-01-01T00:00:00Z,SavingsPlanRecurringFee,ComputeSavingsPlans,ComputeSP:1yrNoUpfront,,"
    "24,Hrs,1.68,USD,,,,arn:aws:savingsplans::123456789012:savingsplan/sp-1,,fee\n"
    "2026-01-01T00:00:00Z,2026-01-01T00:00:00Z,DiscountedUsage,AmazonEC2,EU-BoxUsage:m5.large,RunInstances,10,Hrs,0,"
    "USD,0.96,0.096,eu-west-1,,arn:aws:ec2:eu-west-1:123456789012:reserved-instances/ri-1,RI covered\n"
    "2026-01-01T00:00:00Z,2026-01-01T00:00:00Z,Tax,AmazonEC2,,,,,0.5,USD,,,,,,Tax\n";

TEST(Actuals, ReadsACur2Bill) {
  const actuals_summary s = read_csv(cur2_bill);
  EXPECT_EQ(s.rows, 6u);
  EXPECT_EQ(s.not_container_rows, 1u);  // the tax line
  EXPECT_DOUBLE_EQ(s.not_container_billed_usd, 0.5);
  // Covered usage + its negation: billed 2.304 − 2.304 = 0, 24 h, listed and repriced 24 × 0.096.
  const actuals_group* e = group(s, actual_category::ec2_instance, "us-east-1");
  ASSERT_NE(e, nullptr);
  EXPECT_NEAR(e->billed_cost_usd, 0.0, 1e-12);
  EXPECT_DOUBLE_EQ(e->usage_quantity, 24);
  EXPECT_NEAR(e->list_cost_usd, 2.304, 1e-12);
  EXPECT_NEAR(e->repriced_list_cost_usd, 2.304, 1e-12);
  const actuals_group* fee = group(s, actual_category::commitment_fee, "");
  ASSERT_NE(fee, nullptr);
  EXPECT_DOUBLE_EQ(fee->billed_cost_usd, 1.68);
  const actuals_group* ri = group(s, actual_category::ec2_instance, "eu-west-1");
  ASSERT_NE(ri, nullptr);
  EXPECT_DOUBLE_EQ(ri->usage_quantity, 10);
  EXPECT_EQ(ri->repriced_rows, 0u);  // no eu-west-1 catalog here
  EXPECT_DOUBLE_EQ(ri->not_repriced_list_cost_usd, 0.96);
  const actuals_group* f = group(s, actual_category::fargate_vcpu, "us-east-1");
  ASSERT_NE(f, nullptr);
  EXPECT_NEAR(f->repriced_list_cost_usd, 0.404784, 1e-12);
  EXPECT_TRUE(s.mismatches.empty());
}

TEST(Actuals, MismatchesStayBounded) {
  // 10,002 rows of m6i.large, each at its own wrong price: the first 10,000 distinct prices are
  // listed, the other 2 rows counted.
  actuals_accumulator acc(us_east_1_only);
  for (int i = 0; i < 10'002; ++i) {
    bill_line l;
    l.usage_type = "BoxUsage:m6i.large";
    l.operation = "RunInstances";
    l.region = "us-east-1";
    l.pricing_quantity = 1;
    l.list_unit_price = 0.2 + i * 1e-6;
    acc.add(l);
  }
  const actuals_summary s = acc.summary();
  EXPECT_EQ(s.mismatches.size(), actuals_accumulator::max_mismatches);
  EXPECT_EQ(s.mismatched_rows_not_listed, 2u);
}

TEST(Actuals, CommandReadsTheBillSimulateWrites) {
  // The driver end to end: `simulate --example --focus FILE`, then `actuals FILE --format json`:
  // every row recognised, every price fleetcast's own, one total per option of the example.
  const auto dir = std::filesystem::temp_directory_path() / ("fleetcast-actuals-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string bill = (dir / "bill.csv").string();
  const auto sim = test::run_cli({"simulate", "--example", "--trials", "20", "--focus", bill});
  ASSERT_EQ(sim.code, 0) << sim.err;
  const auto r = test::run_cli({"actuals", bill, "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_GT(j["rows"].get<std::uint64_t>(), 0u);
  EXPECT_EQ(j["container_rows"], j["rows"]);
  EXPECT_EQ(j["not_container"]["rows"], 0);
  EXPECT_TRUE(j["mismatches"].empty());
  EXPECT_EQ(j["billed_by_option"].size(), 5u);  // examples/payments-api.json has five options
  const auto t = test::run_cli({"actuals", bill});
  EXPECT_NE(t.out.find("Every repriced list price matches fleetcast's catalog."), std::string::npos) << t.out;
  std::filesystem::remove_all(dir);
}

std::string bad(const std::string& csv, const input_limits& lim = {}) {
  try {
    (void)read_csv(csv, lim);
  } catch (const input_error& e) {
    return e.id() + " " + e.what();
  }
  return "no error";
}

const char* const head =
    "BilledCost,BillingCurrency,ChargePeriodStart,ChargeCategory,ServiceName,ListCost,PricingQuantity,PricingUnit\n";

// gzip-compresses `text` (one member), as `gzip` and AWS Data Exports' GZIP compression write it.
std::string gzip(const std::string& text) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, uLong(text.size())) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = uInt(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = uInt(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

TEST(Actuals, ReadsGzipBillsAsThePlainOnes) {
  // The expected values are the plain bill's own (ReadsAndRepricesAnAwsStyleBill).
  const actuals_summary plain = read_csv(aws_bill);
  const std::string text(aws_bill);
  for (const std::string& packed :
       {gzip(text),
        // Two members, split in the middle of a row: read one after the other, as gunzip does.
        gzip(text.substr(0, text.size() / 2)) + gzip(text.substr(text.size() / 2))}) {
    const actuals_summary s = read_csv(packed);
    EXPECT_EQ(s.rows, plain.rows);
    EXPECT_EQ(s.container_rows, plain.container_rows);
    ASSERT_EQ(s.groups.size(), plain.groups.size());
    for (std::size_t i = 0; i < s.groups.size(); ++i) {
      EXPECT_EQ(s.groups[i].billed_cost_usd, plain.groups[i].billed_cost_usd);
      EXPECT_EQ(s.groups[i].repriced_list_cost_usd, plain.groups[i].repriced_list_cost_usd);
    }
    EXPECT_EQ(s.mismatches.size(), plain.mismatches.size());
  }
  // Larger than the 64 KiB read-ahead and the inflate buffer: 3 000 copies of a row.
  std::string many = "BilledCost,BillingCurrency,ChargePeriodStart,ChargeCategory,ServiceName,ListCost,PricingQuantity,"
                     "PricingUnit\n";
  for (int i = 0; i < 3000; ++i) many += "1,USD,2026-01-01T00:00:00Z,Usage,AWS Lambda,1,1,Hours\n";
  EXPECT_EQ(read_csv(gzip(many)).rows, 3000u);
}

TEST(Actuals, BadBillsAreOneClearError) {
  EXPECT_EQ(bad("").substr(0, 19), "fleetcast.input.10 ");
  const std::string missing = bad("BilledCost,BillingCurrency,ServiceName\n1,USD,x\n");
  EXPECT_EQ(missing.substr(0, 18), "fleetcast.input.4 ") << missing;
  EXPECT_NE(missing.find("ChargePeriodStart"), std::string::npos) << missing;
  const std::string row = "1,USD,2026-01-01T00:00:00Z,Usage,AWS Lambda,1,1,Hours\n";
  EXPECT_EQ(bad(std::string(head) + row), "no error");
  const std::string wrong = bad(std::string(head) + "$1.00,USD,2026-01-01T00:00:00Z,Usage,x,1,1,Hours\n");
  EXPECT_EQ(wrong.substr(0, 18), "fleetcast.input.2 ") << wrong;
  EXPECT_NE(wrong.find("bill.csv:2"), std::string::npos) << wrong;
  EXPECT_EQ(bad(std::string(head) + "1,USD,2026-01-01T00:00:00Z,Usage,x,1,1\n").substr(0, 18), "fleetcast.input.1 ");
  EXPECT_EQ(bad(std::string(head) + "1,USD,2026-01-01T00:00:00Z,Usage,\"x,1,1,Hours\n").substr(0, 18),
            "fleetcast.input.1 ");
  const std::string latin1 = bad(std::string(head) + "1,USD,2026-01-01T00:00:00Z,Usage,Caf\xE9,1,1,Hours\n");
  EXPECT_EQ(latin1.substr(0, 18), "fleetcast.input.1 ") << latin1;
  EXPECT_NE(latin1.find("UTF-8"), std::string::npos);
  const std::string mixed = bad(std::string(head) + row + "1,EUR,2026-01-01T00:00:00Z,Usage,x,1,1,Hours\n");
  EXPECT_EQ(mixed.substr(0, 18), "fleetcast.input.9 ") << mixed;
  EXPECT_NE(mixed.find("bill.csv:3"), std::string::npos) << mixed;
  // gzip that ends early, gzip whose data is damaged, and gzip inside gzip.
  const std::string packed = gzip(std::string(head) + row + row);
  const std::string truncated = bad(packed.substr(0, packed.size() - 12));
  EXPECT_EQ(truncated.substr(0, 18), "fleetcast.input.1 ") << truncated;
  EXPECT_NE(truncated.find("truncated"), std::string::npos) << truncated;
  std::string damaged = packed;
  for (std::size_t i = 12; i < 20; ++i) damaged[i] = char(0xFF);
  const std::string corrupt = bad(damaged);
  EXPECT_EQ(corrupt.substr(0, 18), "fleetcast.input.1 ") << corrupt;
  EXPECT_NE(corrupt.find("corrupt"), std::string::npos) << corrupt;
  EXPECT_EQ(bad(gzip(packed)).substr(0, 18), "fleetcast.input.9 ");
  EXPECT_EQ(bad("lineItem/UsageType,lineItem/UnblendedCost\nx,1\n").substr(0, 18), "fleetcast.input.9 ");
  const std::string cur = bad("line_item_line_item_type,line_item_unblended_cost\nUsage,1\n");
  EXPECT_EQ(cur.substr(0, 18), "fleetcast.input.4 ") << cur;
  EXPECT_NE(cur.find("line_item_usage_type"), std::string::npos) << cur;
  EXPECT_EQ(bad(std::string(head) + "NULL,USD,2026-01-01T00:00:00Z,Usage,x,1,1,Hours\n").substr(0, 18),
            "fleetcast.input.4 ");
  // A field longer than --limit string-bytes.
  input_limits lim;
  lim.string_bytes = 100;
  const std::string big = bad(std::string(head) + "1,USD,2026-01-01T00:00:00Z,Usage," + std::string(101, 'A') +
                                  ",1,1,Hours\n",
                              lim);
  EXPECT_EQ(big.substr(0, 19), "fleetcast.input.13 ") << big;
}

}  // namespace
}  // namespace fleetcast
