// Monthly figures, the verdict and the 100-column table (fleetcast/io/cost_digest.hpp).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "cli_harness.hpp"
#include "fleetcast/io/cost_digest.hpp"
#include "fleetcast/io/mc_report.hpp"
#include "fleetcast/io/report_html.hpp"
#include "fleetcast/io/scenario_json.hpp"
#include "fleetcast/mc/engine.hpp"

namespace fleetcast {
namespace {
using fleetcast::test::cli_result;
using fleetcast::test::run_cli;

/// One service at a constant 2 tasks (min = max = initial, demand constant and low) of
/// 1 vCPU and 2 GB, over 1.5 days (36 h: not a whole number of days), on the options given,
/// in public subnets (no NAT gateway: each task pays one public IPv4 address and nothing else).
std::string constant_scenario(const std::string& options,
                              const std::string& egress = "public_subnets") {
  return R"({"name": "constant", "horizon": {"days": 1.5, "step_seconds": 60},
    "services": [{"name": "svc", "task": {"cpu": 1024, "memory": 2048, "os": "linux", "arch": "x86_64"},
      "capacity_per_task": 1.0,
      "scaling": {"type": "target_tracking", "target_percent": 70, "min": 2, "max": 2, "initial": 2},
      "demand": {"base": 1.0}}],
    "options": [)" +
         options + R"(],
    "network": {"egress": ")" +
         egress + R"("},
    "monte_carlo": {"scenarios": 50, "seed": 7}})";
}

mc::run_result run_it(const sim::scenario& s, std::uint64_t n = 50) {
  mc::run_config cfg;
  cfg.scenarios = n;
  cfg.seed = s.seed;
  return mc::run(s, default_catalog(), cfg);
}

TEST(CostDigest, PerMonthFactorIs730HoursOverTheHorizon) {
  demand::horizon h;
  h.days = 1.5;  // 36 h
  EXPECT_DOUBLE_EQ(horizon_hours(h), 36.0);
  EXPECT_DOUBLE_EQ(per_month_factor(h), 730.0 / 36.0);
  h.days = 7;  // an import's week: 168 h
  EXPECT_DOUBLE_EQ(per_month_factor(h), 730.0 / 168.0);
  mc::summary c;
  c.mean = 36.0;
  c.p90 = 72.0;
  const monthly_cost m = to_monthly(c, 730.0 / 36.0);
  EXPECT_DOUBLE_EQ(m.mean, 730.0);
  EXPECT_DOUBLE_EQ(m.p90, 1460.0);
  EXPECT_TRUE(std::isnan(m.p50));  // no data stays no data
}

TEST(CostDigest, ConstantFargateServiceCostsTheHandCalculationPerMonth) {
  const sim::scenario s = parse_scenario(
      constant_scenario(R"({"name": "ecs-fargate", "platform": "ecs", "compute": "fargate"})"),
      "constant.json", default_catalog());
  const mc::run_result r = run_it(s);
  const run_digest d = digest_run(s, r, default_catalog(), {0, 1});
  ASSERT_EQ(d.options.size(), 1u);
  // Hand calculation at the catalog's rates (pricing/aws-us-east-1.json, us-east-1): Fargate
  // Linux x86 per second, from the Fargate pricing page, $0.000011244 per vCPU-second and
  // $0.000001235 per GB-second: 2 tasks × (1 vCPU × 0.000011244 + 2 GB × 0.000001235) ×
  // 3600 s × 730 h = 2 × 0.000013714 × 2,628,000 = $72.080784; plus one public IPv4 address per
  // task at $0.005 an hour (AWS's 2024 IPv4 charge): 2 × 0.005 × 730 = $7.30. $79.380784 a month.
  const double hand = 2 * (1 * 0.000011244 + 2 * 0.000001235) * 3600 * 730 + 2 * 0.005 * 730;
  EXPECT_NEAR(d.options[0].cost.mean, hand, 1e-9 * hand);
  EXPECT_NEAR(d.options[0].cost.p90, hand,
              0.005 * hand);  // log-histogram percentiles: within 0.5 %
  double svc = NAN;
  for (const auto& c : d.options[0].split)
    if (c.name == "svc") svc = c.usd_per_month;
  EXPECT_NEAR(svc, hand, 1e-9 * hand);  // the service pays all of it: no idle capacity on Fargate
  EXPECT_NEAR(d.options[0].cost.mean, r.stats.options()[0].cost.moments().mean() * 730.0 / 36.0,
              1e-9 * hand);
  EXPECT_TRUE(d.verdict && d.verdict->runner_up.empty());
}

TEST(CostDigest, VerdictNamesTheCheapestTheRunnerUpAndHowSure) {
  const sim::scenario s = parse_scenario(
      constant_scenario(
          R"({"name": "eks-fargate", "platform": "eks", "compute": "fargate", "clusters": 1},
                           {"name": "ecs-fargate", "platform": "ecs", "compute": "fargate"})",
          "nat_gateway"),  // EKS Fargate pods run in private subnets only
      "constant.json", default_catalog());
  const mc::run_result r = run_it(s);
  const run_digest d = digest_run(s, r, default_catalog(), {0, 1});
  ASSERT_TRUE(d.verdict);
  const cost_verdict& v = *d.verdict;
  EXPECT_EQ(v.cheapest, "ecs-fargate");
  EXPECT_EQ(v.runner_up, "eks-fargate");
  // EKS adds at least the control plane, $0.10 per cluster-hour × 730 h = $73 a month.
  EXPECT_GT(v.difference_usd_per_month, 73.0 - 1e-9);
  EXPECT_NEAR(v.difference_usd_per_month, d.options[0].cost.mean - d.options[1].cost.mean, 1e-9);
  EXPECT_NEAR(v.difference_percent, 100.0 * v.difference_usd_per_month / d.options[0].cost.mean,
              1e-9);
  // Every trial has ECS cheaper: P = 1, and Wilson's lower end for 50 of 50 is
  // n / (n + z²) = 50 / (50 + 1.959964²) = 0.928652.
  EXPECT_DOUBLE_EQ(v.prob_cheaper, 1.0);
  EXPECT_NEAR(v.prob_cheaper_lo, 50.0 / (50.0 + 1.959964 * 1.959964), 1e-5);
  EXPECT_FALSE(v.within_simulation_noise);
  // The EKS fee's source is secondary, but the difference is far above 10 %.
  EXPECT_FALSE(v.within_price_noise);
  EXPECT_NE(std::find(v.unconfirmed_prices.begin(), v.unconfirmed_prices.end(),
                      "eks-pricing-secondary (secondary)"),
            v.unconfirmed_prices.end());
  const std::string line = verdict_sentence(v);
  EXPECT_EQ(line.rfind("Cheapest: ecs-fargate at $", 0), 0u) << line;
  EXPECT_NE(line.find("Clear of the simulation's noise"), std::string::npos) << line;
}

TEST(CostDigest, IdenticalOptionsAreWithinTheSimulationsNoise) {
  const sim::scenario s =
      parse_scenario(constant_scenario(R"({"name": "a", "platform": "ecs", "compute": "fargate"},
                           {"name": "b", "platform": "ecs", "compute": "fargate"})"),
                     "constant.json", default_catalog());
  const run_digest d = digest_run(s, run_it(s), default_catalog(), {0, 1});
  ASSERT_TRUE(d.verdict);
  EXPECT_EQ(d.verdict->cheapest, "a");  // ties: the first in the scenario
  EXPECT_DOUBLE_EQ(d.verdict->difference_usd_per_month, 0.0);
  EXPECT_DOUBLE_EQ(d.verdict->prob_cheaper, 0.0);  // never strictly cheaper
  EXPECT_TRUE(d.verdict->within_simulation_noise);
  EXPECT_NE(verdict_sentence(*d.verdict).find("Within the simulation's noise"), std::string::npos);
}

TEST(CostDigest, MinimumTasksWhatIfLowersAStepScalingServicesMinimumToo) {
  // A step-scaling service kept at 2 tasks or more while its demand needs one: the what-if
  // lifts the minimum to 1 on the service's range and on its step-scaling policy alike
  // (before, only the first was lowered, the what-if's scenario failed validation and the
  // whole run with it).
  std::string text = constant_scenario(R"({"name": "ecs-fargate", "platform": "ecs", "compute": "fargate"})");
  const std::string from = R"("type": "target_tracking", "target_percent": 70, "min": 2, "max": 2, "initial": 2)";
  text.replace(text.find(from), from.size(),
               R"("type": "step", "cooldown_s": 60, "min": 2, "max": 4, "initial": 2,
                  "scale_out": {"threshold_percent": 70, "steps": [{"lower": 0, "adjustment": 1}]},
                  "scale_in": {"threshold_percent": 30, "steps": [{"upper": 0, "adjustment": -1}]})");
  text.replace(text.find(R"("base": 1.0)"), 11, R"("base": 0.1)");
  const sim::scenario s = parse_scenario(text, "step.json", default_catalog());
  const mc::run_result r = run_it(s, 20);
  const run_digest d = digest_run(s, r, default_catalog(), {20, 1});
  const auto& c = d.options.at(0).constraints;
  const auto m = std::find_if(c.begin(), c.end(), [](const cost_constraint& x) { return x.kind == "minimum_tasks"; });
  ASSERT_NE(m, c.end());
  // At 0.1 demand two tasks run at 5 %, below the 30 % scale-in threshold: with min 1 the
  // second task stops once the low alarm has its datapoints (minutes into 36 h). It costs
  // 1 vCPU × $0.04048 + 2 GB × $0.004445 + a public IPv4 address $0.005 = $0.05437 an hour,
  // × 730 h = $39.69 a month: the saving is nearly all of that, never more.
  const double one_task = (0.04048 + 2 * 0.004445 + 0.005) * 730.0;
  EXPECT_GT(m->saving_usd_per_month, 0.95 * one_task) << m->sentence;
  EXPECT_LT(m->saving_usd_per_month, one_task + 1e-6) << m->sentence;
}

TEST(CostDigest, NotGeneratedOptionsAreListedWithTheirReason) {
  std::string text =
      constant_scenario(R"({"name": "ecs-fargate", "platform": "ecs", "compute": "fargate"})");
  text.insert(1,
              R"("$not_generated": [{"option": "ecs-ec2", "reason": "the task needs 4 GPUs"}], )");
  const sim::scenario s = parse_scenario(text, "constant.json", default_catalog());
  const mc::run_result r = run_it(s, 8);
  const run_digest d = digest_run(s, r, default_catalog(), {0, 1});
  ASSERT_EQ(d.impossible.size(), 1u);
  EXPECT_EQ(d.impossible[0].option, "ecs-ec2");
  const std::string table = mc_results_to_table(s, r, d);
  EXPECT_NE(table.find("ecs-ec2: the task needs 4 GPUs"), std::string::npos) << table;
  const auto j = nlohmann::json::parse(mc_results_to_json(s, r, false, nullptr, &d));
  EXPECT_EQ(j["not_generated"][0]["reason"], "the task needs 4 GPUs");
  // The HTML report read back from the JSON shows the verdict and the list.
  const std::string html = render_html_report(j.dump(), "r.json");
  EXPECT_NE(html.find("id=\"verdict\""), std::string::npos);
  EXPECT_NE(html.find("the task needs 4 GPUs"), std::string::npos);
}


TEST(CostDigest, DefaultTableFitsOneHundredColumnsAndJsonCarriesTheVerdict) {
  const cli_result t = run_cli({"simulate", "--example", "--trials", "64", "--threads", "1"});
  ASSERT_EQ(t.code, 0) << t.err;
  std::istringstream lines(t.out);
  std::size_t widest = 0;
  for (std::string line; std::getline(lines, line);) {
    std::size_t chars = 0;  // UTF-8 characters, not bytes (± and × are two bytes)
    for (unsigned char c : line) chars += (c & 0xC0) != 0x80;
    widest = std::max(widest, chars);
  }
  EXPECT_LE(widest, 100u) << t.out;
  EXPECT_EQ(t.out.find("Cheapest: "),
            t.out.find("\n\n") + 2 + t.out.substr(t.out.find("\n\n") + 2).find("Cheapest: "));
  EXPECT_NE(t.out.find("a month = 730 h"), std::string::npos);
  EXPECT_NE(t.out.find("ENI slots bind"), std::string::npos);  // ecs-ec2's binding constraint
  const cli_result j = run_cli({"simulate", "--example", "--trials", "64", "--threads", "1",
                                "--format", "json", "--no-timing"});
  ASSERT_EQ(j.code, 0) << j.err;
  const auto doc = nlohmann::json::parse(j.out);
  for (const char* k :
       {"cheapest", "runner_up", "difference_per_month", "difference_percent", "prob_cheaper",
        "prob_cheaper_ci95", "within_simulation_noise", "within_price_noise"})
    EXPECT_TRUE(doc["verdict"].contains(k)) << k;
  for (const auto& o : doc["options"])
    for (const char* k : {"mean", "ci95", "p50", "p90", "p95", "p99"})
      EXPECT_TRUE(o["cost_per_month"].contains(k)) << k;
  // The monthly mean is the per-trial mean × 730 / 24 (the example's horizon is one day).
  EXPECT_NEAR(doc["options"][0]["cost_per_month"]["mean"].get<double>(),
              doc["options"][0]["cost"]["mean"].get<double>() * 730.0 / 24.0, 1e-9);
}

TEST(CostDigest, ScenarioAndResultMixUpsAreNamed) {
  const std::string dir = ::testing::TempDir();
  const std::string scenario = dir + "/digest-scenario.json";
  const cli_result sc = run_cli({"simulate", "--example", "--trials", "2"});
  ASSERT_EQ(sc.code, 0);
  {
    std::FILE* f = std::fopen(scenario.c_str(), "w");
    const std::string text =
        constant_scenario(R"({"name": "ecs-fargate", "platform": "ecs", "compute": "fargate"})");
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
  }
  const cli_result rep = run_cli({"report", scenario.c_str()});
  EXPECT_NE(rep.code, 0);
  EXPECT_NE(rep.err.find("this is a scenario"), std::string::npos) << rep.err;
  const cli_result bad =
      run_cli({"simulate", scenario.c_str(), "--trials", "4", "--baseline", "nope"});
  EXPECT_NE(bad.code, 0);
  EXPECT_NE(bad.err.find("choose one of: ecs-fargate"), std::string::npos) << bad.err;
  const cli_result res =
      run_cli({"simulate", scenario.c_str(), "--trials", "4", "--format", "json"});
  ASSERT_EQ(res.code, 0) << res.err;
  const std::string result = dir + "/digest-result.json";
  {
    std::FILE* f = std::fopen(result.c_str(), "w");
    std::fwrite(res.out.data(), 1, res.out.size(), f);
    std::fclose(f);
  }
  const cli_result back = run_cli({"simulate", result.c_str()});
  EXPECT_NE(back.code, 0);
  EXPECT_NE(back.err.find("this is a result of fleetcast simulate, not a scenario"),
            std::string::npos)
      << back.err;
}

TEST(CostDigest, MonteCarloFocusBillsEveryOptionAtItsOwnPercentilePath) {
  const std::string bill = ::testing::TempDir() + "/digest-bill.csv";
  const cli_result r = run_cli(
      {"simulate", "--example", "--trials", "16", "--threads", "1", "--focus", bill.c_str()});
  ASSERT_EQ(r.code, 0) << r.err;
  std::FILE* f = std::fopen(bill.c_str(), "r");
  ASSERT_NE(f, nullptr);
  std::string csv;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) csv.append(buf, n);
  std::fclose(f);
  EXPECT_EQ(csv.find("BilledCost"), csv.rfind("BilledCost"));  // one header
  for (const char* o : {"ecs-fargate", "ecs-fargate-spot", "ecs-ec2", "eks-ec2", "eks-fargate"})
    EXPECT_NE(csv.find(std::string(",") + o + ","), std::string::npos) << o;
}

}  // namespace
}  // namespace fleetcast
