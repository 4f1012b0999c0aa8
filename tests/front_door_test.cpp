// The front door (fleetcast/fleetcast.hpp): files or a scenario in, the monthly answer out.

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>

#include "fleetcast/fleetcast.hpp"
#include "fleetcast/io/scenario_json.hpp"
#include "fleetcast/pricing/catalog.hpp"
#include "fleetcast/sim/scenario.hpp"

namespace fc = fleetcast;

namespace {

const std::string src = FLEETCAST_SOURCE_DIR;

/// Two tasks of 1 vCPU / 2 GB all the time (min = max = initial) for 1.5 days, with the
/// network left out (`"egress": "none"`): compute only. `options`: JSON objects.
std::string constant_scenario(const std::string& options) {
  return R"({"name": "constant", "horizon": {"days": 1.5, "step_seconds": 60},
    "services": [{"name": "svc", "task": {"cpu": 1024, "memory": 2048, "os": "linux", "arch": "x86_64"},
      "capacity_per_task": 1.0,
      "scaling": {"type": "target_tracking", "target_percent": 70, "min": 2, "max": 2, "initial": 2},
      "demand": {"base": 1.0}}],
    "options": [)" + options + R"(], "network": {"egress": "none"},
    "monte_carlo": {"scenarios": 40, "seed": 7}})";
}

}  // namespace

TEST(FrontDoor, ConstantFargateServiceCostsTheHandCalculationPerMonth) {
  const fc::sim::scenario s = fc::parse_scenario(
      constant_scenario(R"({"name": "ecs-fargate", "platform": "ecs", "compute": "fargate"},
                           {"name": "eks-fargate", "platform": "eks", "compute": "fargate"})"),
      "constant.json", fc::default_catalog());
  fc::evaluation_settings how;
  how.threads = 1;
  const fc::evaluation e = fc::evaluate(s, fc::default_catalog(), how);
  ASSERT_EQ(e.options.size(), 2u);
  EXPECT_EQ(e.trials, 40u);  // the scenario's own count
  EXPECT_DOUBLE_EQ(e.horizon_hours, 36.0);
  // Hand calculation (us-east-1 catalog; Fargate pricing page's per-second rates): 2 tasks ×
  // (1 vCPU × $0.000011244 + 2 GB × $0.000001235) per second × 3600 × 730 = $72.080784.
  const double ecs = 2 * (1 * 0.000011244 + 2 * 0.000001235) * 3600 * 730;
  EXPECT_NEAR(e.options[0].per_month.mean, ecs, 1e-9 * ecs);
  EXPECT_NEAR(e.options[0].per_month.p50, ecs, 1e-9 * ecs);  // every trial costs the same: exact
  EXPECT_NEAR(e.options[0].idle_per_month, 0.0, 1e-9);       // Fargate bills what tasks request
  // EKS Fargate adds 256 MiB to each pod and rounds up to the next valid size (1 vCPU / 3 GB),
  // and the cluster pays the control plane ($0.10 an hour):
  // 2 × (0.000011244 + 3 × 0.000001235) × 3600 × 730 + 0.10 × 730.
  const double eks = 2 * (1 * 0.000011244 + 3 * 0.000001235) * 3600 * 730 + 0.10 * 730;
  EXPECT_NEAR(e.options[1].per_month.mean, eks, 1e-9 * eks);
  // The verdict: ECS Fargate is cheaper in every trial, by the difference of the two.
  EXPECT_EQ(e.verdict.cheapest, "ecs-fargate");
  EXPECT_EQ(e.verdict.runner_up, "eks-fargate");
  EXPECT_NEAR(e.verdict.difference_per_month, eks - ecs, 1e-6);
  EXPECT_DOUBLE_EQ(e.verdict.prob_cheaper, 1.0);
  EXPECT_FALSE(e.verdict.within_simulation_noise);
  EXPECT_NE(e.verdict.sentence.find("ecs-fargate"), std::string::npos);
  // Against the baseline (the first option): EKS Fargate costs the same difference more.
  EXPECT_NEAR(e.options[1].vs_baseline_per_month, eks - ecs, 1e-6);
  EXPECT_DOUBLE_EQ(e.options[1].prob_cheaper, 0.0);
}

TEST(FrontDoor, ScenarioFileAndSettings) {
  fc::evaluation_settings how;
  how.trials = 128;
  how.seed = 9;
  how.seed_given = true;
  how.threads = 2;
  how.baseline = "ecs-ec2";
  const fc::evaluation e = fc::evaluate({src + "/examples/payments-api.json"}, how);
  EXPECT_EQ(e.scenario, "payments-api");
  EXPECT_EQ(e.region, "us-east-1");
  EXPECT_EQ(e.trials, 128u);
  ASSERT_EQ(e.options.size(), 5u);
  // The baseline compared with itself: no difference.
  EXPECT_EQ(e.options[2].option, "ecs-ec2");
  EXPECT_DOUBLE_EQ(e.options[2].vs_baseline_per_month, 0.0);
  // The cheapest is the option with the lowest mean.
  std::string lowest;
  double best = INFINITY;
  for (const auto& o : e.options) {
    EXPECT_LE(o.per_month.ci95_low, o.per_month.mean);
    EXPECT_GE(o.per_month.ci95_high, o.per_month.mean);
    if (o.per_month.mean < best) best = o.per_month.mean, lowest = o.option;
  }
  EXPECT_EQ(e.verdict.cheapest, lowest);
  // The text: the verdict first, at most 100 columns.
  const std::string text = fc::to_text(e);
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) EXPECT_LE(line.size(), 100u) << line;
  EXPECT_NE(text.find(e.verdict.sentence.substr(0, 20)), std::string::npos);
}

TEST(FrontDoor, AnApplicationDirectoryGetsEveryOption) {
  fc::evaluation_settings how;
  how.trials = 8;
  how.threads = 1;
  const fc::evaluation e = fc::evaluate({src + "/tests/data/podinfo"}, how);
  bool ecs = false, eks = false, fargate = false, ec2 = false;
  for (const auto& o : e.options) {
    ecs = ecs || o.option.rfind("ecs-", 0) == 0;
    eks = eks || o.option.rfind("eks-", 0) == 0;
    fargate = fargate || o.option.find("fargate") != std::string::npos;
    ec2 = ec2 || o.option.find("ec2") != std::string::npos;
  }
  EXPECT_TRUE(ecs && eks && fargate && ec2);
  EXPECT_FALSE(e.verdict.cheapest.empty());
}

TEST(FrontDoor, BadInputIsAnInputError) {
  try {
    (void)fc::evaluate(std::vector<std::string>{});
    FAIL() << "no inputs";
  } catch (const fc::input_error& err) {
    EXPECT_EQ(err.id(), "fleetcast.input.10");
  }
  fc::evaluation_settings how;
  how.region = "mars-north-1";
  try {
    (void)fc::evaluate({src + "/examples/payments-api.json"}, how);
    FAIL() << "unknown region";
  } catch (const fc::input_error& err) {
    EXPECT_EQ(err.id(), "fleetcast.input.11");
    EXPECT_NE(std::string(err.what()).find("us-east-1"), std::string::npos) << err.what();
  }
  fc::sim::scenario s = fc::parse_scenario(
      constant_scenario(R"({"name": "ecs-ec2", "platform": "ecs", "compute": "ec2", "instance_types": ["m6i.large"]})"),
      "constant.json", fc::default_catalog());
  s.options[0].instance_types = {"m6i.lrage"};  // built in code: checked like a file
  try {
    (void)fc::evaluate(s, fc::default_catalog());
    FAIL() << "unknown instance type";
  } catch (const fc::input_error& err) {
    EXPECT_EQ(err.id(), "fleetcast.input.7");
  }
}
