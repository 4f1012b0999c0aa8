// `fleetcast quote`'s input format and the built-in example, against hand calculations.
#include <gtest/gtest.h>

#include "fleetcast/examples.hpp"
#include "fleetcast/io/quote_json.hpp"

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
        error_case{"", "fleetcast.input.10", "input"}),
    [](const auto& info) { return "case" + std::to_string(info.index); });

}  // namespace
}  // namespace fleetcast
