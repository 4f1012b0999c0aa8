// Savings Plans and Reserved Instances applied to one hour, against AWS's own worked
// examples: the Savings Plans user guide "Understanding how Savings Plans apply to your usage"
// (sp-applying.html, scenarios 1–5, rates "hypothetical for simplification") and the EC2 user
// guide's RI size-flexibility examples (apply_ri.md), plus hand-computed cases.
#include <gtest/gtest.h>

#include <cmath>

#include "fleetcast/billing/commitments.hpp"

namespace fleetcast {
namespace {

constexpr double na = std::numeric_limits<double>::quiet_NaN();

usage_line line(std::string name, usage_kind kind, std::string type, std::string region, double quantity, double od,
                double compute, double ec2sp, os_family os = os_family::linux_os, std::string tenancy = "shared") {
  usage_line u;
  u.name = std::move(name);
  u.kind = kind;
  u.instance_type = std::move(type);
  u.region = std::move(region);
  u.quantity = quantity;
  u.on_demand_rate = od;
  u.compute_sp_rate = compute;
  u.ec2_instance_sp_rate = ec2sp;
  u.os = os;
  u.tenancy = std::move(tenancy);
  return u;
}

// The hour of the sp-applying page: 4 r5.4xlarge Linux shared in us-east-1; 1 m5.24xlarge
// Windows dedicated; 400 vCPU and 1600 GB of Fargate in us-west-1; 1M Lambda requests of
// 0.5 GB for 3 s (1 500 000 GB-s). On-demand: 4 + 10 + 16 + 6.4 + 22.5 + 0.2 = $59.10.
std::vector<usage_line> aws_hour() {
  return {line("r5", usage_kind::ec2, "r5.4xlarge", "us-east-1", 4, 1.00, 0.70, 0.60),
          line("m5", usage_kind::ec2, "m5.24xlarge", "us-east-1", 1, 10.00, 8.20, 7.80, os_family::windows_os,
               "dedicated"),
          line("fargate-vcpu", usage_kind::fargate_vcpu, "", "us-west-1", 400, 0.04, 0.03, na),
          line("fargate-gb", usage_kind::fargate_memory, "", "us-west-1", 1600, 0.004, 0.003, na),
          line("lambda-duration", usage_kind::lambda, "", "us-east-2", 1'500'000, 0.000015, 0.00001275, na),
          line("lambda-requests", usage_kind::lambda, "", "us-east-2", 1, 0.20, 0.20, na)};
}

commitment compute_sp(double per_hour) {
  commitment c;
  c.type = commitment_type::compute_sp;
  c.hourly_commitment = per_hour;
  return c;
}

double covered_by(const hour_application& h, std::size_t line, std::size_t c) {
  double q = 0;
  for (const auto& x : h.covered)
    if (x.line == line && x.commitment == c) q += x.quantity;
  return q;
}

TEST(Commitments, AwsScenario1SavingsPlanCoversAllUsage) {
  // $50/h Compute SP; everything at SP rates costs $47.125 < $50: all covered, $2.875 unused,
  // the hour costs the commitment alone; without it, $59.10.
  const auto u = aws_hour();
  const std::vector<commitment> c{compute_sp(50.0)};
  const hour_application h = apply_commitments(u, c);
  EXPECT_NEAR(h.on_demand_equivalent, 59.10, 1e-9);
  EXPECT_NEAR(h.covered_on_demand_equivalent, 59.10, 1e-9);
  EXPECT_NEAR(h.used[0], 47.125, 1e-9);
  EXPECT_NEAR(h.unused_commitment, 2.875, 1e-9);
  EXPECT_NEAR(h.on_demand_charge, 0.0, 1e-9);
  EXPECT_NEAR(h.total, 50.0, 1e-9);
}

TEST(Commitments, AwsScenario2HighestSavingsPercentageFirst) {
  // $2/h covers 2/0.70 = 2.857 r5 (30 %, the highest); 1.143 r5 stay on demand ($1.14) and
  // the rest, $55.10, too: $56.24 of on-demand charges.
  const auto u = aws_hour();
  const std::vector<commitment> c{compute_sp(2.0)};
  const hour_application h = apply_commitments(u, c);
  EXPECT_NEAR(covered_by(h, 0, 0), 2.0 / 0.7, 1e-12);
  EXPECT_NEAR(h.uncovered[0] * 1.00, 4 - 2.0 / 0.7, 1e-12);
  EXPECT_NEAR(h.on_demand_charge, 56.24, 0.005);  // the page rounds to cents
  EXPECT_NEAR(h.unused_commitment, 0.0, 1e-12);
  EXPECT_NEAR(h.total, 2.0 + 59.10 - 2.0 / 0.7, 1e-9);
}

TEST(Commitments, AwsScenario3AcrossProductsTiesToTheLowerRate) {
  // $19.60/h: r5 first (30 %, $2.80), then Fargate (25 %): GB before vCPU, both 25 %, because
  // the GB's SP rate is lower ($4.80), then vCPU ($12.00): exactly $19.60. The m5 and Lambda
  // stay on demand: $32.70.
  const auto u = aws_hour();
  const std::vector<commitment> c{compute_sp(19.60)};
  const hour_application h = apply_commitments(u, c);
  ASSERT_EQ(h.covered.size(), 3u);
  EXPECT_EQ(h.covered[0].line, 0u);
  EXPECT_EQ(h.covered[1].line, 3u);  // fargate-gb before fargate-vcpu
  EXPECT_EQ(h.covered[2].line, 2u);
  EXPECT_NEAR(h.covered[2].quantity, 400.0, 1e-9);
  EXPECT_NEAR(h.on_demand_charge, 32.70, 1e-9);
  EXPECT_NEAR(h.unused_commitment, 0.0, 1e-9);
}

TEST(Commitments, AwsScenario4ReservedInstancesFirst) {
  // Two regional r5.4xlarge RIs (Linux, shared) cover two r5 first; the $18.20 Compute SP
  // then covers the other two (2 × 0.70) and all Fargate ($16.80). On demand: $32.70. The page
  // gives no RI rate; at an assumed $0.55 per RI-hour the RIs charge $1.10 each hour.
  const auto u = aws_hour();
  commitment ri;
  ri.type = commitment_type::reserved_instance;
  ri.instance_type = "r5.4xlarge";
  ri.count = 2;
  ri.hourly_rate = 0.55;
  const std::vector<commitment> c{compute_sp(18.20), ri};
  const hour_application h = apply_commitments(u, c);
  EXPECT_NEAR(covered_by(h, 0, 1), 2.0, 1e-12);
  EXPECT_NEAR(covered_by(h, 0, 0), 2.0, 1e-12);
  EXPECT_NEAR(covered_by(h, 2, 0), 400.0, 1e-9);
  EXPECT_NEAR(covered_by(h, 3, 0), 1600.0, 1e-9);
  EXPECT_NEAR(h.on_demand_charge, 32.70, 1e-9);
  EXPECT_NEAR(h.commitment_charge, 18.20 + 1.10, 1e-12);
  EXPECT_NEAR(h.unused_commitment, 0.0, 1e-9);
  EXPECT_NEAR(h.total, 18.20 + 1.10 + 32.70, 1e-9);
}

TEST(Commitments, AwsScenario5InstanceSavingsPlanBeforeComputeSavingsPlan) {
  // An EC2 Instance SP (r5, us-east-1, $3/h) covers all r5 at $0.60: $2.40, $0.60 unused.
  // The $16.80 Compute SP then covers Fargate (GB, then vCPU) exactly; $32.70 on demand.
  const auto u = aws_hour();
  commitment isp;
  isp.type = commitment_type::ec2_instance_sp;
  isp.family = "r5";
  isp.region = "us-east-1";
  isp.hourly_commitment = 3.0;
  const std::vector<commitment> c{compute_sp(16.80), isp};  // listed after, applied first
  const hour_application h = apply_commitments(u, c);
  EXPECT_NEAR(covered_by(h, 0, 1), 4.0, 1e-12);
  EXPECT_NEAR(h.used[1], 2.40, 1e-12);
  EXPECT_NEAR(covered_by(h, 0, 0), 0.0, 1e-12);
  EXPECT_NEAR(covered_by(h, 3, 0), 1600.0, 1e-9);
  EXPECT_NEAR(covered_by(h, 2, 0), 400.0, 1e-9);
  EXPECT_NEAR(h.unused_commitment, 0.60, 1e-9);
  EXPECT_NEAR(h.on_demand_charge, 32.70, 1e-9);
  EXPECT_NEAR(h.total, 3.0 + 16.80 + 32.70, 1e-9);
}

commitment regional_ri(std::string type, std::int64_t count, double rate) {
  commitment c;
  c.type = commitment_type::reserved_instance;
  c.instance_type = std::move(type);
  c.count = count;
  c.hourly_rate = rate;
  return c;
}

TEST(Commitments, RegionalRiSizeFlexibilityFromTheSmallestSize) {
  // One regional m5.2xlarge RI (16 units) against two m5.xlarge (8 each) and two m5.large
  // (4 each), listed largest first: the two m5.large take 8 units, one m5.xlarge the other 8,
  // the second m5.xlarge stays on demand (as apply_ri.md's m3 example).
  std::vector<usage_line> u{line("xl", usage_kind::ec2, "m5.xlarge", "us-east-1", 2, 0.192, 0.122, 0.120),
                            line("l", usage_kind::ec2, "m5.large", "us-east-1", 2, 0.096, 0.061, 0.060)};
  const std::vector<commitment> c{regional_ri("m5.2xlarge", 1, 0.24)};
  const hour_application h = apply_commitments(u, c);
  EXPECT_NEAR(covered_by(h, 1, 0), 2.0, 1e-12);
  EXPECT_NEAR(covered_by(h, 0, 0), 1.0, 1e-12);
  EXPECT_NEAR(h.on_demand_charge, 0.192, 1e-12);
  EXPECT_NEAR(h.unused_commitment, 0.0, 1e-12);
  EXPECT_NEAR(h.total, 0.24 + 0.192, 1e-12);
  // apply_ri.md: one c4.large regional RI (4 units) covers half of a c4.xlarge (8 units).
  std::vector<usage_line> c4{line("c4", usage_kind::ec2, "c4.xlarge", "us-east-1", 1, 0.199, na, na)};
  const hour_application half = apply_commitments(c4, std::vector<commitment>{regional_ri("c4.large", 1, 0.06)});
  EXPECT_NEAR(half.uncovered[0], 0.5, 1e-12);
  EXPECT_NEAR(half.on_demand_charge, 0.0995, 1e-12);
}

TEST(Commitments, RiRulesZonalWindowsAndUnused) {
  // A zonal RI needs its zone; a Windows RI is not size flexible (it covers only its own
  // size); an RI with nothing to cover is charged and wholly unused.
  std::vector<usage_line> u{line("a", usage_kind::ec2, "m5.large", "us-east-1", 1, 0.096, na, na),
                            line("b", usage_kind::ec2, "m5.large", "us-east-1", 1, 0.096, na, na),
                            line("w", usage_kind::ec2, "m5.xlarge", "us-east-1", 1, 0.376, na, na, os_family::windows_os)};
  u[0].availability_zone = "us-east-1a";
  u[1].availability_zone = "us-east-1b";
  commitment zonal = regional_ri("m5.large", 1, 0.06);
  zonal.scope = ri_scope::zonal;
  zonal.availability_zone = "us-east-1b";
  commitment windows = regional_ri("m5.large", 2, 0.2);
  windows.os = os_family::windows_os;
  commitment idle = regional_ri("c5.large", 3, 0.05);
  const hour_application h = apply_commitments(u, std::vector<commitment>{zonal, windows, idle});
  EXPECT_NEAR(covered_by(h, 1, 0), 1.0, 1e-12);  // the zone's instance
  EXPECT_NEAR(covered_by(h, 0, 0), 0.0, 1e-12);
  EXPECT_NEAR(covered_by(h, 2, 1), 0.0, 1e-12);  // a Windows m5.large RI does not flex to xlarge
  EXPECT_NEAR(h.used[2], 0.0, 1e-12);
  EXPECT_NEAR(h.unused_commitment, 2 * 0.2 + 3 * 0.05, 1e-12);
  EXPECT_FALSE(size_flexible(windows));
  EXPECT_TRUE(size_flexible(idle));
}

TEST(Commitments, SpotIsNeverCovered) {
  // 3 Spot m5.large at $0.04 and 1 on-demand at $0.096 under a $1/h Compute SP: only the
  // on-demand one is covered ($0.061); the Spot ones stay at the Spot price; $0.939 unused.
  std::vector<usage_line> u{line("spot", usage_kind::ec2, "m5.large", "us-east-1", 3, 0.04, 0.061, 0.060),
                            line("od", usage_kind::ec2, "m5.large", "us-east-1", 1, 0.096, 0.061, 0.060)};
  u[0].spot = true;
  const hour_application h = apply_commitments(u, std::vector<commitment>{compute_sp(1.0), regional_ri("m5.large", 5, 0.05)});
  EXPECT_NEAR(covered_by(h, 0, 0) + covered_by(h, 0, 1), 0.0, 1e-12);
  EXPECT_NEAR(h.on_demand_charge, 3 * 0.04, 1e-12);
  EXPECT_NEAR(covered_by(h, 1, 1), 1.0, 1e-12);  // the RI takes the on-demand instance first
  EXPECT_NEAR(h.used[0], 0.0, 1e-12);
}

TEST(Commitments, NormalizationFactors) {
  EXPECT_EQ(normalization_factor("m5.large"), 4.0);
  EXPECT_EQ(normalization_factor("m5.2xlarge"), 16.0);
  EXPECT_EQ(normalization_factor("t3.nano"), 0.25);
  EXPECT_EQ(normalization_factor("m5.metal"), 192.0);
  EXPECT_EQ(normalization_factor("r6g.metal"), 128.0);
  EXPECT_FALSE(normalization_factor("x9.huge").has_value());
  EXPECT_EQ(instance_family("r5.4xlarge"), "r5");
}

}  // namespace
}  // namespace fleetcast
