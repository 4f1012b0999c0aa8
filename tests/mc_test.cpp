// The Monte Carlo engine: identical bits on any thread count, scenario i a pure function of
// (scenario, seed, i), common random numbers across options, a deterministic stopping rule,
// and exceptions that reach the caller.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <atomic>
#include <stdexcept>

#include "fleetcast/core/error.hpp"
#include "fleetcast/examples.hpp"
#include "fleetcast/io/mc_report.hpp"
#include "fleetcast/io/scenario_json.hpp"
#include "fleetcast/mc/block_runner.hpp"
#include "fleetcast/mc/engine.hpp"
#include "fleetcast/sim/simulate.hpp"

namespace fleetcast::mc {
namespace {

const sim::scenario& example() {
  static const sim::scenario s =
      parse_scenario(example_scenario_json(), "payments-api.json", default_catalog());
  return s;
}

TEST(BlockRunner, MergesInBlockOrderOnAnyThreadCount) {
  for (unsigned threads : {1u, 2u, 4u, 7u}) {
    std::vector<std::uint64_t> order;
    const auto n = run_blocks(
        50, threads, [](std::uint64_t b) { return b * b; },
        [&](std::uint64_t b, std::uint64_t acc) {
          EXPECT_EQ(acc, b * b);
          order.push_back(b);
          return false;
        });
    EXPECT_EQ(n, 50u);
    ASSERT_EQ(order.size(), 50u);
    for (std::uint64_t b = 0; b < 50; ++b) EXPECT_EQ(order[b], b) << threads;
  }
}

TEST(BlockRunner, TheLowestFailingBlockReachesTheCaller) {
  for (unsigned threads : {1u, 3u}) {
    std::uint64_t merged = 0;
    try {
      (void)run_blocks(
          40, threads,
          [](std::uint64_t b) -> int {
            if (b == 9 || b == 17) throw std::runtime_error("block " + std::to_string(b));
            return 0;
          },
          [&](std::uint64_t, int) { return ++merged, false; });
      FAIL() << "no exception";
    } catch (const std::runtime_error& e) {
      EXPECT_STREQ(e.what(), "block 9");
      EXPECT_EQ(merged, 9u);  // blocks 0–8 merged, in order, before the failure
    }
  }
  // A run that stops before the failing block does not see it.
  EXPECT_EQ(run_blocks(
                40, 3,
                [](std::uint64_t b) -> int {
                  if (b == 30) throw std::runtime_error("late");
                  return 0;
                },
                [](std::uint64_t b, int) { return b == 4; }),
            5u);
}

std::string json_of(const run_result& r) { return mc_results_to_json(example(), r, false); }

TEST(MonteCarlo, IdenticalBitsOnOneTwoAndThreeThreads) {
  // Blocks of 16 over 200 scenarios (the last block partial); only the threads differ.
  std::string first;
  for (unsigned threads : {1u, 2u, 3u}) {
    const run_result r = simulation(example()).with_scenarios(200).with_block_size(16).with_threads(threads).run();
    EXPECT_EQ(r.scenarios, 200u);
    EXPECT_EQ(r.blocks, 13u);
    if (first.empty()) first = json_of(r);
    EXPECT_EQ(json_of(r), first) << threads;
  }
}

TEST(MonteCarlo, ScenarioIIsAPureFunctionOfSeedAndIndex) {
  // The engine's mean cost is the mean of simulate_path(s, i) over i < n, whatever the
  // blocks: each scenario draws only from streams keyed by (seed, i).
  const std::uint64_t n = 60;
  sim::scenario s = example();
  s.seed = 7;
  std::vector<double> direct(s.options.size(), 0.0);
  for (std::uint64_t i = 0; i < n; ++i) {
    const auto r = sim::simulate_path(s, default_catalog(), i);
    for (std::size_t o = 0; o < r.size(); ++o) direct[o] += r[o].total_usd / double(n);
  }
  const run_result r = simulation(example()).with_seed(7).with_scenarios(n).with_block_size(7).with_threads(2).run();
  for (std::size_t o = 0; o < direct.size(); ++o)
    EXPECT_NEAR(r.stats.options()[o].cost.moments().mean(), direct[o], 1e-12 * direct[o]) << o;
}

TEST(MonteCarlo, CommonRandomNumbersMakeATwinOptionTieExactly) {
  // A copy of an option sees the same demand, latencies and interruptions: every paired
  // difference is exactly 0, so the mean difference and its spread are 0 and the twin is
  // never strictly cheaper.
  sim::scenario s = example();
  s.options.push_back(s.options[1]);  // ecs-fargate-spot, with Spot interruptions
  s.options.back().name = "twin";
  const run_result r = simulation(s).with_scenarios(300).with_baseline("ecs-fargate-spot").with_threads(2).run();
  const auto p = r.stats.options().back().vs_baseline.summarise();
  EXPECT_EQ(p.count, 300u);
  EXPECT_EQ(p.mean_diff, 0.0);
  EXPECT_EQ(p.stddev_diff, 0.0);
  EXPECT_EQ(p.prob_cheaper, 0.0);
}

TEST(MonteCarlo, NoVariationGivesOneValueWithAZeroWidthInterval) {
  // With no noise, bursts, diurnal or weekly swing, every scenario of a Fargate option costs
  // the same: sd 0, CI [mean, mean], and every percentile equals it (clamped to min = max).
  sim::scenario s = example();
  for (auto& sv : s.services) {
    sv.demand.diurnal.amplitude = 0;
    sv.demand.weekly.weekend_factor = 1;
    sv.demand.noise.cv = 0;
    sv.demand.bursts.per_day = 0;
    sv.startup = {60, 60};
  }
  s.options.resize(1);  // ecs-fargate
  const run_result r = simulation(s).with_scenarios(50).run();
  const summary c = r.stats.options()[0].cost.summarise();
  EXPECT_EQ(c.stddev, 0.0);
  EXPECT_EQ(c.ci95_lo, c.mean);
  EXPECT_EQ(c.ci95_hi, c.mean);
  for (double q : {c.p50, c.p90, c.p95, c.p99, c.cvar95, c.min, c.max}) EXPECT_EQ(q, c.mean);
}

TEST(MonteCarlo, StopsAtTheFirstBlockThatMeetsTheTarget) {
  const double target = 0.002;
  const run_result a = simulation(example()).with_scenarios(20'000).with_block_size(64).with_target_rel_ci(target, 256).with_threads(1).run();
  const run_result b = simulation(example()).with_scenarios(20'000).with_block_size(64).with_target_rel_ci(target, 256).with_threads(2).run();
  ASSERT_TRUE(a.target_met);
  EXPECT_EQ(json_of(a), json_of(b));  // deterministic, whatever the threads
  EXPECT_EQ(a.scenarios % 64, 0u);
  EXPECT_GE(a.scenarios, 256u);
  EXPECT_LE(a.stats.worst_relative_ci(), target);
  // One block fewer did not meet it (unless that is below the minimum).
  if (a.scenarios - 64 >= 256) {
    const run_result c = simulation(example()).with_scenarios(a.scenarios - 64).with_block_size(64).run();
    EXPECT_GT(c.stats.worst_relative_ci(), target);
  }
  // Unreachable targets stop at the cap and say so.
  const run_result d = simulation(example()).with_scenarios(128).with_target_rel_ci(1e-9, 2).run();
  EXPECT_FALSE(d.target_met);
  EXPECT_EQ(d.scenarios, 128u);
}

TEST(MonteCarlo, ExactQuantilesAreOrderStatisticsOfTheScenarioCosts) {
  // p90 = the order statistic of rank ⌈0.9 n⌉ of the per-scenario totals, computed here
  // from simulate_path directly. Without --exact-quantiles the costs are kept too (up to
  // 1,000,000 scenarios: statistic::default_exact_limit), so the default p90 is exact as well.
  const std::uint64_t n = 101;
  std::vector<double> costs;
  for (std::uint64_t i = 0; i < n; ++i) costs.push_back(sim::simulate_path(example(), default_catalog(), i)[2].total_usd);
  std::sort(costs.begin(), costs.end());
  const double p90 = costs[91 - 1];  // ⌈0.9 × 101⌉ = 91
  const run_result exact = simulation(example()).with_scenarios(n).with_exact_quantiles().with_threads(2).run();
  const run_result approx = simulation(example()).with_scenarios(n).with_threads(2).run();
  EXPECT_EQ(exact.stats.options()[2].cost.summarise().p90, p90);
  EXPECT_EQ(approx.stats.options()[2].cost.summarise().p90, p90);
  EXPECT_TRUE(approx.stats.options()[2].cost.summarise().exact_quantiles);
}

TEST(MonteCarlo, UnknownBaselineIsAUsageError) {
  try {
    (void)simulation(example()).with_baseline("nope");
    FAIL();
  } catch (const input_error& e) {
    EXPECT_EQ(e.id(), "fleetcast.usage.1");
  }
}

// One service of 1 task (512/1024) on ECS EC2 Spot m6i.large, constant demand, 3000 s at 60 s
// steps, with a high interruption hazard. Every interruption comes within the instance's
// first hour, so EC2 charges nothing for an interrupted instance; its task is placed again
// the next step on a new Spot instance. Only the instance that survives to the end is paid.
sim::scenario spot_chain() {
  sim::scenario s;
  s.name = "spot-chain";
  s.horizon = {3000.0 / 86400.0, 60};
  sim::service sv;
  sv.name = "svc";
  sv.task.cpu_units = 512;
  sv.task.memory_mib = 1024;
  sv.scaling.target_percent = 100;
  sv.scaling.min_tasks = 1;
  sv.scaling.max_tasks = 1;
  sv.initial_tasks = 1;
  sv.demand.base = 0.5;
  s.services.push_back(sv);
  sim::option o;
  o.name = "spot";
  o.compute = sim::compute_kind::ec2;
  o.instance_types = {"m6i.large"};
  o.spot_percent = 100;
  o.spot_interruption_probability_per_month = 1.0 - 1e-15;
  o.root_volume_gib = 0;  // the closed form is of the instances alone
  s.options.push_back(o);
  s.network.egress = sim::egress_kind::none;
  return s;
}

TEST(MonteCarlo, MeanCostMatchesItsClosedFormWithinFourStandardErrors) {
  // Derivation. The hazard is λ = −ln(1 − p) / (30 × 86 400 s). An instance launched at a
  // step end t gets its notice at t + E, E ~ Exp(λ); the engine sees it at the first step end
  // t + 60k ≥ t + E and the task is placed again at t + 60(k + 1) (if that is ≤ T = 3000 s).
  // Interrupted instances cost nothing (first hour), a survivor costs price × max(60, T − t).
  // So the expected cost f(t) of the instance launched at t and its successors is
  //   f(t) = e^{−λ(T − t)} price max(60, T − t) / 3600
  //        + Σ_{k ≥ 1, t + 60k ≤ T} (e^{−λ60(k−1)} − e^{−λ60k}) f(t + 60(k + 1)),
  // with f(t) = 0 beyond T; the answer is f(0).
  const sim::scenario s = spot_chain();
  const double lambda = -std::log1p(-*s.options[0].spot_interruption_probability_per_month) / (30.0 * 86400.0);
  const double price = default_catalog().ec2.find("m6i.large")->spot_usd_per_hour();
  const int T = 3000;
  std::vector<double> f(T / 60 + 2, 0.0);  // f[t / 60]
  for (int t = T; t >= 0; t -= 60) {
    double v = std::exp(-lambda * (T - t)) * price * std::max(60, T - t) / 3600.0;
    for (int k = 1; t + 60 * k <= T; ++k) {
      const int next = t + 60 * (k + 1);
      if (next <= T) v += (std::exp(-lambda * 60 * (k - 1)) - std::exp(-lambda * 60 * k)) * f[std::size_t(next / 60)];
    }
    f[std::size_t(t / 60)] = v;
  }
  const run_result r = simulation(s).with_scenarios(40'000).with_threads(2).run();
  const moments& m = r.stats.options()[0].cost.moments();
  ASSERT_GT(m.stddev(), 0.0);  // some paths were interrupted
  EXPECT_NEAR(m.mean(), f[0], 4 * m.standard_error()) << "closed form " << f[0];
}

// One task serves demand 3 (unserved 2 per step) until 01:00, when min and max become 3 and
// two tasks launch with start-up latencies U(30, 90) s. A task launched at 3600 s counts from
// the step starting at 3660 s if its latency is ≤ 60 s (probability 1/2), else from 3720 s.
// Unserved task-seconds = 61 steps × 2 × 60 + 60 × Binomial(2, 1/2): mean 7380, values 7320,
// 7380, 7440 with probabilities 1/4, 1/2, 1/4.
sim::scenario latency_case() {
  sim::scenario s = spot_chain();
  s.name = "latency";
  s.horizon = {2.0 / 24.0, 60};
  s.services[0].demand.base = 3.0;
  s.services[0].schedule = {{1.0, 3, 3}};
  s.options[0] = sim::option{};
  s.options[0].name = "fargate";
  return s;
}

TEST(MonteCarlo, UnservedDemandMatchesItsClosedForm) {
  const run_result r = simulation(latency_case()).with_scenarios(4'000).with_exact_quantiles().run();
  const summary u = r.stats.options()[0].unserved_task_seconds.summarise();
  EXPECT_NEAR(u.mean, 7380.0, 4 * r.stats.options()[0].unserved_task_seconds.moments().standard_error());
  EXPECT_EQ(u.min, 7320.0);
  EXPECT_EQ(u.max, 7440.0);
  EXPECT_EQ(u.p50, 7380.0);
}

TEST(MonteCarlo, NinetyFivePercentIntervalsCoverTheTrueMean) {
  // 1000 repetitions (seeds 1…1000) of 40 scenarios of the latency case: the Student-t 95 %
  // interval of the mean unserved demand should cover 7380 in 93–97 % of them (the binomial
  // standard error of a 95 % rate over 1000 trials is 0.7 %: ±2.9 of them).
  int covered = 0;
  const sim::scenario s = latency_case();
  for (std::uint64_t seed = 1; seed <= 1000; ++seed) {
    const run_result r = simulation(s).with_scenarios(40).with_seed(seed).run();
    const interval ci = r.stats.options()[0].unserved_task_seconds.moments().ci95();
    covered += ci.lo <= 7380.0 && 7380.0 <= ci.hi;
  }
  EXPECT_GE(covered, 930);
  EXPECT_LE(covered, 970);
}

TEST(MonteCarlo, DemandOnlyProfileDrawsTheSameDemand) {
  // The demand-only profile draws exactly the demand the full run sees (same streams).
  const run_result full = simulation(example()).with_scenarios(100).with_threads(2).run();
  const run_result only = simulation(example()).with_scenarios(100).with_profile(run_config::profile::demand_only).run();
  EXPECT_EQ(only.stats.demand().moments(), full.stats.demand().moments());
  EXPECT_EQ(only.stats.options()[0].cost.count(), 0u);
}

TEST(MonteCarlo, ProgressIsReportedAfterEachBlockInOrder) {
  std::vector<std::uint64_t> seen;
  (void)simulation(example()).with_scenarios(300).with_block_size(128).with_threads(2)
      .with_progress([&](std::uint64_t done, std::uint64_t total) {
        EXPECT_EQ(total, 300u);
        seen.push_back(done);
      })
      .run();
  EXPECT_EQ(seen, (std::vector<std::uint64_t>{128, 256, 300}));
}

TEST(MonteCarlo, CommitmentStatisticsPerOption) {
  // ecs-fargate with a $0.01/h Compute SP beside its twin without one. At least 2 tasks of
  // 0.5 vCPU / 1 GB always run, $0.0395/h at the 20 % plan rate, so the plan is always fully
  // used: utilisation 1, nothing unused, $0.01 / 0.8 = $0.0125 of on-demand covered an hour,
  // and every path costs exactly 24 × (0.0125 − 0.01) = $0.06 less than the twin's.
  sim::scenario s = example();
  s.options.resize(1);
  s.options.push_back(s.options[0]);
  s.options[1].name = "with-plan";
  commitment c;
  c.name = "csp";
  c.type = commitment_type::compute_sp;
  c.hourly_commitment = 0.01;
  s.options[1].commitments = {c};
  const run_result r = simulation(s).with_scenarios(200).with_threads(2).run();
  const option_statistics& o = r.stats.options()[1];
  ASSERT_EQ(o.commitment_names, std::vector<std::string>{"csp"});
  EXPECT_NEAR(o.commitment_utilisation[0].moments().min(), 1.0, 1e-12);
  EXPECT_NEAR(o.commitment_unused[0].moments().max(), 0.0, 1e-9);
  EXPECT_NEAR(o.covered_usd.moments().mean(), 24 * 0.0125, 1e-9);
  EXPECT_NEAR(o.vs_baseline.difference().mean(), -0.06, 1e-9);
  EXPECT_NEAR(o.vs_baseline.difference().stddev(), 0.0, 1e-9);
  EXPECT_EQ(o.vs_baseline.prob_cheaper(), 1.0);
  EXPECT_TRUE(r.stats.options()[0].commitment_names.empty());
}

}  // namespace
}  // namespace fleetcast::mc
