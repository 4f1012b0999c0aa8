// EC2 and EKS billing against hand calculations with the built-in catalog: m6i.large
// $0.096 per hour on-demand (Karpenter's AWS pricing file, 2026-01-19), Spot assumed 60%
// below on-demand, EKS control plane $0.10 (standard) and $0.60 (extended) per cluster-hour.
#include <gtest/gtest.h>

#include "fleetcast/billing/ec2.hpp"
#include "fleetcast/billing/eks.hpp"
#include "fleetcast/billing/fleet_quote.hpp"

namespace fleetcast {
namespace {

const instance_type& m6i_large() {
  const instance_type* t = default_catalog().ec2.find("m6i.large");
  EXPECT_NE(t, nullptr);
  return *t;
}

TEST(Ec2Billing, PerSecondWithASixtySecondMinimumPerLaunch) {
  const ec2_prices& p = default_catalog().ec2;
  EXPECT_EQ(ec2_billed_seconds(p, purchase_option::on_demand, 1), 60);
  EXPECT_EQ(ec2_billed_seconds(p, purchase_option::on_demand, 60.2), 61);
  EXPECT_EQ(ec2_billed_seconds(p, purchase_option::on_demand, 3600), 3600);
  // 10 s of m6i.large is billed as 60 s: 60 × 0.096 / 3600 = $0.0016.
  EXPECT_NEAR(ec2_cost(m6i_large(), purchase_option::on_demand, 60), 0.0016, 1e-15);
}

TEST(Ec2Billing, AMonthOfThreeNodes) {
  // 3 instances × 730 runs × 3600 s = 2190 instance-hours × $0.096 = $210.24.
  fleet f;
  ec2_fleet_entry e;
  e.name = "nodes";
  e.instance_type = "m6i.large";
  e.count = 3;
  e.run_seconds = 3600;
  e.runs = 730;
  f.ec2.push_back(e);
  const invoice inv = quote_fleet(f, default_catalog());
  ASSERT_EQ(inv.lines.size(), 1u);
  EXPECT_NEAR(inv.lines[0].quantity, 2190, 1e-9);
  EXPECT_NEAR(inv.lines[0].cost_usd, 210.24, 1e-9);
  EXPECT_EQ(inv.invoice_total_cents(), 21024);
}

TEST(Ec2Billing, SpotInterruptedByEc2InTheFirstHourIsFree) {
  const ec2_prices& p = default_catalog().ec2;
  using enum purchase_option;
  EXPECT_EQ(ec2_billed_seconds(p, spot, 1800, run_end::by_ec2_interruption), 0);
  EXPECT_EQ(ec2_billed_seconds(p, spot, 3599.5, run_end::by_ec2_interruption), 0);
  // From the first full hour on, the seconds used are charged.
  EXPECT_EQ(ec2_billed_seconds(p, spot, 3600, run_end::by_ec2_interruption), 3600);
  EXPECT_EQ(ec2_billed_seconds(p, spot, 5000, run_end::by_ec2_interruption), 5000);
  // If you stop it yourself, you pay the seconds (and the 60 s minimum).
  EXPECT_EQ(ec2_billed_seconds(p, spot, 1800, run_end::by_user), 1800);
  EXPECT_EQ(ec2_billed_seconds(p, spot, 5, run_end::by_user), 60);
  // On-demand is never "interrupted": the flag does not make it free.
  EXPECT_EQ(ec2_billed_seconds(p, on_demand, 1800, run_end::by_ec2_interruption), 1800);
}

TEST(Ec2Billing, SpotPriceIsOnDemandLessTheAssumedDiscount) {
  // 0.096 × (1 − 0.60) = $0.0384 per hour; 5000 s cost 5000 × 0.0384 / 3600.
  EXPECT_NEAR(ec2_usd_per_hour(m6i_large(), purchase_option::spot), 0.0384, 1e-15);
  EXPECT_NEAR(ec2_cost(m6i_large(), purchase_option::spot, 5000), 5000 * 0.0384 / 3600, 1e-15);
}

TEST(EksBilling, ControlPlanePerClusterHourBySupportTier) {
  const eks_prices& e = default_catalog().eks;
  EXPECT_NEAR(eks_control_plane_cost(e, support_tier::standard, 730), 73.0, 1e-12);
  EXPECT_NEAR(eks_control_plane_cost(e, support_tier::extended, 730), 438.0, 1e-12);
  // Twenty small clusters for a month, as in the ECS-vs-EKS article: 20 × 730 × 0.10.
  fleet f;
  f.eks_clusters.push_back({"many", 20, 730, support_tier::standard});
  EXPECT_EQ(quote_fleet(f, default_catalog()).invoice_total_cents(), 146000);
}

TEST(EksBilling, AutoModeFeeIsAFractionOfOnDemand) {
  // 12% of $0.096 = $0.01152 per instance-hour (an estimate; see the catalog's source).
  EXPECT_NEAR(eks_auto_mode_usd_per_hour(default_catalog().eks, m6i_large()), 0.01152, 1e-15);
  fleet f;
  ec2_fleet_entry e;
  e.name = "auto";
  e.instance_type = "m6i.large";
  e.run_seconds = 3600;
  e.runs = 10;
  e.eks_auto_mode = true;
  f.ec2.push_back(e);
  const invoice inv = quote_fleet(f, default_catalog());
  ASSERT_EQ(inv.lines.size(), 2u);
  EXPECT_NEAR(inv.lines[1].cost_usd, 0.1152, 1e-12);
}

TEST(Ec2Billing, UnknownInstanceTypeNamesThePlace) {
  fleet f;
  ec2_fleet_entry e;
  e.name = "x";
  e.instance_type = "m9z.huge";
  e.run_seconds = 60;
  f.ec2.push_back(e);
  try {
    (void)quote_fleet(f, default_catalog());
    FAIL();
  } catch (const input_error& err) {
    EXPECT_EQ(err.id(), "fleetcast.input.7");
    EXPECT_EQ(err.place(), "ec2[0].instance_type");  // built in code: a field path
  }
}

}  // namespace
}  // namespace fleetcast
