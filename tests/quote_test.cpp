// `fleetcast quote`'s input format and the built-in example, against hand calculations.
#include <gtest/gtest.h>

#include "fleetcast/examples.hpp"
#include "fleetcast/io/quote_json.hpp"

#include <string>

namespace fleetcast {
namespace {

// examples/quote-payments-api.json, by hand with the built-in catalog:
//   payments-api  3 × 2 628 000 s × 0.5 vCPU × $0.000011244  = $44.323848     → $44.32
//                 3 × 2 628 000 s × 1 GB    × $0.000001235  = $9.73674       → $9.74
//   nightly-report (ARM Spot) 30 × 900 s × 2 vCPU = 15 vCPU-h × $0.00996906 = $0.1495359 → $0.15
//                 30 × 900 s × 4 GB = 30 GB-h × $0.00109604  = $0.0328812     → $0.03
//                 30 GB above 20 × 27 000 s × $0.0000000308  = $0.024948      → $0.02
//   eks-nodes     3 × 730 h × $0.096                          = $210.24
//   prod          730 cluster-hours × $0.10                   = $73.00
//   exact total $337.5079531; invoice total (sum of rounded lines) $337.50.
TEST(Quote, BuiltInExampleMatchesTheHandCalculation) {
  const invoice inv = quote_fleet(parse_fleet(example_quote_json()), default_catalog());
  const double expected[] = {44.323848, 9.73674, 0.1495359, 0.0328812, 0.024948, 210.24, 73.0};
  ASSERT_EQ(inv.lines.size(), std::size(expected));
  for (std::size_t i = 0; i < inv.lines.size(); ++i)
    EXPECT_NEAR(inv.lines[i].cost_usd, expected[i], 1e-9) << inv.lines[i].item;
  EXPECT_NEAR(inv.total_usd(), 337.5079531, 1e-9);
  EXPECT_EQ(inv.invoice_total_cents(), 33750);
}

TEST(Quote, DefaultsAndOptionalFields) {
  const fleet f = parse_fleet(R"({"fargate": [{"name": "p", "platform": "eks", "run_seconds": 10}],
                                  "ec2": [{"name": "n", "instance_type": "t4g.large", "run_seconds": 5}],
                                  "eks_clusters": [{"name": "c", "hours": 1.5}]})");
  ASSERT_EQ(f.fargate.size(), 1u);
  EXPECT_EQ(f.region, "us-east-1");
  EXPECT_EQ(f.fargate[0].count, 1);
  EXPECT_EQ(f.fargate[0].runs, 1);
  EXPECT_EQ(f.fargate[0].task.cpu_units, 0);  // EKS pod without requests
  EXPECT_EQ(f.ec2[0].purchase, purchase_option::on_demand);
  EXPECT_EQ(f.eks_clusters[0].support, support_tier::standard);
  const invoice inv = quote_fleet(f, default_catalog());
  // Pod: 0.25 vCPU / 0.5 GB for 60 s (minimum) → 15 vCPU-s × 0.000011244 + 30 GB-s × 0.000001235.
  EXPECT_NEAR(inv.lines[0].cost_usd, 15 * 0.000011244, 1e-15);
  EXPECT_NEAR(inv.lines[1].cost_usd, 30 * 0.000001235, 1e-15);
  // t4g.large 60 s × $0.0672/h; 1.5 cluster-hours × $0.10.
  EXPECT_NEAR(inv.lines[2].cost_usd, 60 * 0.0672 / 3600, 1e-15);
  EXPECT_NEAR(inv.lines[3].cost_usd, 0.15, 1e-15);
}

// Network and storage keys, by hand from the built-in catalog's rates (public IPv4 $0.005 per
// address-hour; NAT gateway $0.045 per hour and $0.045 per GB; gp3 $0.08 per GB-month of 730 h;
// ALB $0.0225 per hour and $0.008 per LCU-hour):
//   web (Fargate, public IP)  10 tasks × 730 h                     → 10 × 730 × 0.005  = $36.50
//   nodes (EC2, 2 IPs, 20 GiB) 3 m5.large × 730 h:
//        instance-hours         3 × 730 × 0.096                                        = $210.24
//        public IPv4            3 × 2 × 730 × 0.005                                    = $21.90
//        gp3 root               3 × 20 GiB × 730 h / 730 h × 0.08                       = $4.80
//   eip (standing)            2 × 730 h × 0.005                                         = $7.30
//   nat                       730 h × 0.045 = $32.85; 100 GiB × 0.045 = $4.50
//   alb                       730 h × 0.0225 = $16.425; 730 h × 2 LCU × 0.008 = $11.68
TEST(Quote, NetworkAndStorageLines) {
  const fleet f = parse_fleet(R"({
    "fargate": [{"name": "web", "count": 10, "cpu": 256, "memory": 512, "run_seconds": 2628000, "public_ipv4": true}],
    "ec2": [{"name": "nodes", "count": 3, "instance_type": "m5.large", "run_seconds": 2628000,
             "public_ipv4": 2, "root_volume_gib": 20}],
    "public_ipv4_addresses": [{"name": "eip", "count": 2, "hours": 730}],
    "nat_gateways": [{"name": "nat", "hours": 730, "processed_gib": 100}],
    "load_balancers": [{"name": "alb", "hours": 730, "lcus": 2}]})");
  const invoice inv = quote_fleet(f, default_catalog());
  auto cost = [&](const std::string& name, const std::string& item) {
    for (const auto& l : inv.lines)
      if (l.name == name && l.item == item) return l.cost_usd;
    ADD_FAILURE() << "no line " << name << " / " << item;
    return 0.0;
  };
  EXPECT_NEAR(cost("web", "Public IPv4 address"), 36.50, 1e-9);
  EXPECT_NEAR(cost("nodes", "EC2 m5.large on-demand (Linux)"), 210.24, 1e-9);
  EXPECT_NEAR(cost("nodes", "Public IPv4 address"), 21.90, 1e-9);
  EXPECT_NEAR(cost("nodes", "EBS gp3 root volume"), 4.80, 1e-9);
  EXPECT_NEAR(cost("eip", "Public IPv4 address"), 7.30, 1e-9);
  EXPECT_NEAR(cost("nat", "NAT gateway"), 32.85, 1e-9);
  EXPECT_NEAR(cost("nat", "NAT gateway data processed"), 4.50, 1e-9);
  EXPECT_NEAR(cost("alb", "Application Load Balancer"), 16.425, 1e-9);
  EXPECT_NEAR(cost("alb", "Application Load Balancer LCUs"), 11.68, 1e-9);
  // 10 Fargate tasks' compute (4 lines before the address) + the 9 lines above.
  EXPECT_EQ(inv.lines.size(), 2u + 1u + 3u + 1u + 2u + 2u);
}

// A 20 GiB gp3 root for 730 h is 20 GB-months: 20 × $0.08 = $1.60. A Spot instance EC2 takes back
// within its first hour is free, but its volume and address are not (10 min: 600 s).
TEST(Quote, RootVolumeAndAddressOutliveAFreeSpotRun) {
  const invoice a = quote_fleet(
      parse_fleet(R"({"ec2": [{"name": "n", "instance_type": "m5.large", "run_seconds": 2628000, "root_volume_gib": 20}]})"),
      default_catalog());
  ASSERT_EQ(a.lines.size(), 2u);
  EXPECT_NEAR(a.lines[1].cost_usd, 1.60, 1e-12);
  EXPECT_NEAR(a.lines[1].quantity, 20.0, 1e-12);  // GB-months
  const invoice b = quote_fleet(parse_fleet(R"({"ec2": [{"name": "s", "instance_type": "m5.large", "purchase": "spot",
      "interrupted_by_ec2": true, "run_seconds": 600, "public_ipv4": 1, "root_volume_gib": 20}]})"),
                                default_catalog());
  ASSERT_EQ(b.lines.size(), 3u);
  EXPECT_EQ(b.lines[0].cost_usd, 0.0);
  EXPECT_NEAR(b.lines[1].cost_usd, 600 * 0.005 / 3600, 1e-15);             // $0.000833…
  EXPECT_NEAR(b.lines[2].cost_usd, 20 * 600 * 0.08 / (730.0 * 3600), 1e-15);  // $0.0003653
}

// A Fargate task's public IPv4 has the 60 s minimum: 5 runs of 10 s bill 5 × 60 s.
TEST(Quote, FargateAddressMinimum) {
  const invoice inv = quote_fleet(parse_fleet(R"({"fargate": [{"name": "j", "cpu": 256, "memory": 512,
      "run_seconds": 10, "runs": 5, "public_ipv4": true}]})"),
                                  default_catalog());
  ASSERT_EQ(inv.lines.size(), 3u);
  EXPECT_NEAR(inv.lines[2].quantity, 300.0 / 3600, 1e-15);
  EXPECT_NEAR(inv.lines[2].cost_usd, 300 * 0.005 / 3600, 1e-15);
}

// The keys are off by default: the built-in example (AWS's published rates, checked to the
// cent above) has no network or storage line.
TEST(Quote, NetworkKeysDefaultOff) {
  const fleet f = parse_fleet(example_quote_json());
  for (const auto& e : f.fargate) EXPECT_FALSE(e.public_ipv4);
  for (const auto& e : f.ec2) {
    EXPECT_EQ(e.public_ipv4, 0);
    EXPECT_EQ(e.root_volume_gib, 0);
  }
}

// Extended support: $0.60 per cluster-hour, 730 h → $438.
TEST(Quote, ExtendedSupport) {
  const invoice inv = quote_fleet(parse_fleet(R"({"eks_clusters": [{"name": "old", "hours": 730, "support": "extended"}]})"),
                                  default_catalog());
  ASSERT_EQ(inv.lines.size(), 1u);
  EXPECT_NEAR(inv.lines[0].cost_usd, 438.0, 1e-9);
}

// A catalog without the network and storage sections prices compute, and refuses the rest.
TEST(Quote, CatalogWithoutNetworkRatesRefusesNetworkKeys) {
  price_catalog cat = default_catalog();
  cat.vpc = {};
  cat.ebs = {};
  cat.elb = {};
  EXPECT_NO_THROW((void)quote_fleet(parse_fleet(example_quote_json()), cat));
  try {
    (void)quote_fleet(parse_fleet(R"({"nat_gateways": [{"name": "nat", "hours": 1}]})"), cat, place_style::json_pointer);
    FAIL();
  } catch (const input_error& e) {
    EXPECT_EQ(e.id(), "fleetcast.input.9");
    EXPECT_EQ(e.place(), "/nat_gateways/0");
  }
}

struct error_case {
  const char* json;
  const char* id;
  const char* place;
};

class QuoteRejects : public ::testing::TestWithParam<error_case> {};

TEST_P(QuoteRejects, WithIdAndPlace) {
  const auto& c = GetParam();
  try {
    (void)quote_fleet(parse_fleet(c.json), default_catalog(), place_style::json_pointer);
    FAIL() << "accepted " << c.json;
  } catch (const input_error& e) {
    EXPECT_EQ(e.id(), c.id) << e.what();
    EXPECT_EQ(e.place(), c.place) << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, QuoteRejects,
    ::testing::Values(
        error_case{R"({"fargate": [{"name": "a", "count": -3, "cpu": 512, "memory": 1024, "run_seconds": 60}]})",
                   "fleetcast.input.5", "/fargate/0/count"},
        error_case{R"({"ec2": [{"name": "a", "count": 2.5, "instance_type": "m5.large", "run_seconds": 60}]})",
                   "fleetcast.input.6", "/ec2/0/count"},
        error_case{R"({"ec2": [{"name": "a", "instance_type": "m5.large", "run_seconds": 1e308}]})",
                   "fleetcast.input.5", "/ec2/0/run_seconds"},
        error_case{R"({"fargate": [{"name": "a", "cpu": 4096, "memory": 300000, "run_seconds": 60}]})",
                   "fleetcast.input.8", "/fargate/0"},
        error_case{R"({"fargate": [{"name": "a", "cpu": 512, "memory": 1024, "run_seconds": 60, "x": 1}]})",
                   "fleetcast.input.3", "/fargate/0/x"},
        error_case{R"({"eks_clusters": [{"name": "a", "hours": "730"}]})", "fleetcast.input.2",
                   "/eks_clusters/0/hours"},
        error_case{R"({"eks_clusters": [{"name": "a/b", "hours": 1}, {"name": "a/b", "hours": 1}]})",
                   "fleetcast.input.12", "/eks_clusters/1/name"},
        error_case{R"({"fargate": [{"name": "a", "cpu": 512, "memory": 1024, "os": "mac", "run_seconds": 60}]})",
                   "fleetcast.input.11", "/fargate/0/os"},
        error_case{R"({"fargate": [{"name": "a", "cpu": 512, "memory": 1024, "run_seconds": 60}]} x)",
                   "fleetcast.input.1", "input:1:77"},
        error_case{R"({"ec2": [{"name": "a", "instance_type": "m5.large", "run_seconds": 60, "public_ipv4": -1}]})",
                   "fleetcast.input.5", "/ec2/0/public_ipv4"},
        error_case{R"({"ec2": [{"name": "a", "instance_type": "m5.large", "run_seconds": 60, "root_volume_gib": 100000}]})",
                   "fleetcast.input.5", "/ec2/0/root_volume_gib"},
        error_case{R"({"fargate": [{"name": "a", "cpu": 256, "memory": 512, "run_seconds": 60, "public_ipv4": 1}]})",
                   "fleetcast.input.2", "/fargate/0/public_ipv4"},
        error_case{R"({"nat_gateways": [{"name": "n", "hours": 1, "processed_gib": -5}]})", "fleetcast.input.5",
                   "/nat_gateways/0/processed_gib"},
        error_case{R"({"public_ipv4_addresses": [{"name": "e", "count": 1}]})", "fleetcast.input.4",
                   "/public_ipv4_addresses/0"},
        error_case{R"({"load_balancers": [{"name": "l", "hours": 1, "lcus": 1, "type": "nlb"}]})", "fleetcast.input.3",
                   "/load_balancers/0/type"},
        error_case{R"({"fargate": [{"name": "p", "platform": "eks", "run_seconds": 60, "public_ipv4": true}]})",
                   "fleetcast.input.9", "/fargate/0/public_ipv4"},
        error_case{"", "fleetcast.input.10", "input"}),
    [](const auto& info) { return "case" + std::to_string(info.index); });

}  // namespace
}  // namespace fleetcast
