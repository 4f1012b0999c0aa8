// Percentiles a finance reader can trust, break-even for every meaningful pair, and commit
// optimize without --family. Where each expected value comes from:
//  - quantiles: the order statistic of rank ceil(q n) of a sorted copy of the same draws (the
//    definition in fleetcast/mc/detail/order_statistics.hpp), computed here independently;
//    the sketch's bound a = 0.0005 (relative) is its bucket layout's (log_histogram.hpp);
//  - the limit of kept values: 1,000,000 per statistic::default_exact_limit, tested with a
//    small limit on the same code path;
//  - break-even pairs: the rule (Fargate vs EC2 on one orchestrator, ECS vs EKS on one
//    compute) applied by hand to the example's five options;
//  - "cheaper throughout": the sweep's own mean costs at every multiplier;
//  - commit optimize: the family is checked against the instance-hours of the option's own
//    paths (simulate_path), and monthly figures against 730 h per month.

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_harness.hpp"
#include "sample_draws.hpp"
#include "fleetcast/core/error.hpp"
#include "fleetcast/core/random.hpp"
#include "fleetcast/examples.hpp"
#include "fleetcast/io/scenario_json.hpp"
#include "fleetcast/mc/break_even.hpp"
#include "fleetcast/mc/commitment_sweep.hpp"
#include "fleetcast/mc/serialize.hpp"
#include "fleetcast/mc/spread_bins.hpp"
#include "fleetcast/mc/statistic.hpp"
#include "fleetcast/sim/simulate.hpp"

namespace fc = fleetcast;
namespace mc = fleetcast::mc;

namespace {
using fleetcast::test::cli_result;
using fleetcast::test::run_cli;

constexpr double alpha = mc::log_histogram::relative_accuracy;

std::vector<double> lognormal_draws(std::uint64_t seed, std::size_t n, double mean, double cv) {
  return fleetcast::test::lognormal_sample(seed, n, mean, cv);
}

double order_statistic(const std::vector<double>& sorted, std::uint64_t per_mille) {
  return fleetcast::test::order_statistic_permille(sorted, per_mille);
}

std::uint64_t bits(double x) {
  return std::bit_cast<std::uint64_t>(x);
}

const fc::sim::scenario& example() {
  static const fc::sim::scenario s =
      fc::parse_scenario(fc::example_scenario_json(), "payments-api.json", fc::default_catalog());
  return s;
}

TEST(Quantiles, SketchWithinOneTwentiethOfAPercentOfExactOrderStatistics) {
  // Wide (cv 1) and narrow (cv 0.2 %, like the analyst's $57.44 option) lognormal costs,
  // kept below the sketch: limit 1000 values, 200,000 draws.
  for (const auto& [mean, cv] : {std::pair{100.0, 1.0}, std::pair{57.44, 0.002}}) {
    std::vector<double> x = lognormal_draws(7, 200'000, mean, cv);
    mc::statistic s(true, 1000);
    for (double v : x) s.add(v);
    ASSERT_EQ(s.exact(), nullptr) << "past the limit the values are freed";
    std::sort(x.begin(), x.end());
    const mc::summary r = s.summarise();
    EXPECT_FALSE(r.exact_quantiles);
    for (const auto& [got, per_mille] :
         {std::pair{r.p50, 500}, {r.p90, 900}, {r.p95, 950}, {r.p99, 990}}) {
      const double want = order_statistic(x, std::uint64_t(per_mille));
      EXPECT_LE(std::abs(got - want), alpha * want * (1 + 1e-12))
          << "cv " << cv << " P" << per_mille / 10;
      EXPECT_LE(std::abs(got - want), 0.001 * want) << "the brief's bound, 0.1 %";
    }
    for (std::uint64_t p = 1; p < 1000; ++p) {
      const double q = s.histogram().quantile(double(p) / 1000.0);
      const double want = order_statistic(x, p);
      ASSERT_LE(std::abs(q - want), alpha * want * (1 + 1e-12)) << "q " << p << "/1000";
      ASSERT_LE(q, x.back()) << "never above the largest value";
      ASSERT_GE(q, x.front());
    }
    double top = 0;  // CVaR95: mean of the largest 10,000 of 200,000
    for (std::size_t k = 0; k < 10'000; ++k) top += x[x.size() - 1 - k];
    top /= 10'000;
    EXPECT_LE(std::abs(r.cvar95 - top), alpha * top * (1 + 1e-12));
    EXPECT_EQ(r.max, x.back());
  }
}

TEST(Quantiles, LowVariancePercentilesAreDistinctAndBelowTheMaximum) {
  // The analyst's case: with 1 % buckets P50 … P99 all came out as one bucket edge. Here the
  // 0.1 % sketch (values freed at 100) and the exact path both separate them.
  std::vector<double> x = lognormal_draws(8, 20'000, 57.44, 0.002);
  mc::statistic sketch(true, 100), exact(true);
  for (double v : x) sketch.add(v), exact.add(v);
  const mc::summary h = sketch.summarise(), e = exact.summarise();
  ASSERT_TRUE(e.exact_quantiles);
  std::sort(x.begin(), x.end());
  EXPECT_EQ(e.p50, order_statistic(x, 500));
  EXPECT_EQ(e.p99, order_statistic(x, 990));
  EXPECT_LT(h.p50, h.p90);
  EXPECT_LT(h.p90, h.p99);
  EXPECT_LT(h.p99, h.max);
  EXPECT_LT(h.cvar95, h.max);
  EXPECT_NEAR(h.p50, e.p50, alpha * e.p50 * (1 + 1e-12));
}

TEST(Quantiles, KeptValuesDependOnlyOnTheTotalCountNotOnTheSplit) {
  const std::vector<double> x = lognormal_draws(9, 1001, 1200.0, 0.6);
  const std::uint64_t limit = 1000;
  for (const std::size_t n : {std::size_t{1000}, std::size_t{1001}}) {
    mc::statistic one(true, limit);
    for (std::size_t i = 0; i < n; ++i) one.add(x[i]);
    for (const std::size_t block :
         {std::size_t{1}, std::size_t{7}, std::size_t{128}, std::size_t{999}}) {
      mc::statistic merged(true, limit);
      for (std::size_t b = 0; b < n; b += block) {
        mc::statistic part(true, limit);
        for (std::size_t i = b; i < std::min(n, b + block); ++i) part.add(x[i]);
        merged.merge(part);
      }
      EXPECT_EQ(merged.exact() != nullptr, n <= limit) << n << " values in blocks of " << block;
      const mc::summary a = one.summarise(), b = merged.summarise();
      EXPECT_EQ(a.exact_quantiles, b.exact_quantiles);
      for (const auto& [u, v] :
           {std::pair{a.p50, b.p50}, {a.p90, b.p90}, {a.p99, b.p99}, {a.cvar95, b.cvar95}})
        EXPECT_EQ(bits(u), bits(v)) << n << " values in blocks of " << block;
    }
  }
}

TEST(Quantiles, LimitSurvivesSaveAndLoadAndOldFormatsAreRefused) {
  mc::statistic s(true, 50);
  for (int i = 1; i <= 40; ++i) s.add(i);
  mc::statistic back;
  mc::from_bytes(mc::to_bytes(s), "test", back);
  EXPECT_EQ(back.exact_limit(), 50u);
  ASSERT_NE(back.exact(), nullptr);
  mc::statistic more(true, 50);
  for (int i = 41; i <= 60; ++i) more.add(i);
  back.merge(more);  // 60 > 50: freed, as the original would be
  s.merge(more);
  EXPECT_EQ(back.exact(), nullptr);
  EXPECT_EQ(s.exact(), nullptr);
  // A statistic written by the previous format (version 1, 1 % buckets) is refused clearly.
  std::string old = mc::to_bytes(mc::statistic());
  old[1] = 1;
  try {
    mc::statistic x;
    mc::from_bytes(old, "old.part", x);
    FAIL() << "version 1 loaded";
  } catch (const fc::input_error& e) {
    EXPECT_NE(std::string(e.what()).find("statistic format version 1; this build reads version 2"),
              std::string::npos)
        << e.what();
  }
}

TEST(Quantiles, SpreadBinsShowTheSpreadOfALowVarianceOption) {
  const std::vector<double> x = lognormal_draws(10, 5'000, 57.44, 0.002);
  mc::statistic kept(true), sketch;
  for (double v : x) kept.add(v), sketch.add(v);
  const auto bins = mc::spread_bins(kept, 36);
  ASSERT_EQ(bins.size(), 36u);
  EXPECT_EQ(bins.front().lo, *std::min_element(x.begin(), x.end()));
  EXPECT_EQ(bins.back().hi, *std::max_element(x.begin(), x.end()));
  std::uint64_t total = 0, tallest = 0, non_empty = 0;
  for (const auto& b : bins)
    total += b.count, tallest = std::max(tallest, b.count), non_empty += b.count > 0;
  EXPECT_EQ(total, x.size());
  EXPECT_GE(non_empty, 20u) << "a bell over 36 bins, not one 100 % bar";
  EXPECT_LT(tallest, x.size() / 5);
  // Without kept values: the 0.1 % buckets, clipped to [min, max], several of them.
  const auto buckets = mc::spread_bins(sketch, 36);
  total = 0;
  for (const auto& b : buckets) {
    total += b.count;
    EXPECT_GE(b.lo, bins.front().lo);
    EXPECT_LE(b.hi, bins.back().hi);
  }
  EXPECT_EQ(total, x.size());
  EXPECT_GE(buckets.size(), 5u);
  // One value repeated: one bar.
  mc::statistic same(true);
  for (int i = 0; i < 10; ++i) same.add(3.5);
  const auto one = mc::spread_bins(same, 36);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].count, 10u);
}

TEST(BreakEven, EveryFargateEc2PairPerOrchestratorAndEcsEksPairPerCompute) {
  // The example: ecs-fargate, ecs-fargate-spot, ecs-ec2, eks-ec2, eks-fargate.
  std::set<std::pair<std::string, std::string>> got;
  for (const auto& [a, b] : mc::break_even_pairs(example()))
    got.emplace(example().options[a].name, example().options[b].name);
  const std::set<std::pair<std::string, std::string>> want = {
      {"ecs-fargate", "ecs-ec2"},          {"ecs-fargate-spot", "ecs-ec2"},
      {"eks-fargate", "eks-ec2"},          {"ecs-fargate", "eks-fargate"},
      {"ecs-fargate-spot", "eks-fargate"}, {"ecs-ec2", "eks-ec2"}};
  EXPECT_EQ(got, want);  // and not eks-fargate vs ecs-ec2
}

TEST(BreakEven, NoCrossingIsStatedWithTheOptionCheaperThroughout) {
  const std::vector<double> scales = {0.25, 0.5, 1, 2, 4, 8};
  const mc::break_even_result be =
      mc::break_even(example(), fc::default_catalog(), scales, 20, 42, 2);
  ASSERT_EQ(be.pairs.size(), 6u);
  std::map<std::string, std::size_t> index;
  for (std::size_t o = 0; o < be.options.size(); ++o) index[be.options[o]] = o;
  std::size_t without = 0;
  for (const auto& p : be.pairs) {
    const auto& a = be.mean_cost[index.at(p.a)];
    const auto& b = be.mean_cost[index.at(p.b)];
    bool a_always = true, b_always = true;
    for (std::size_t k = 0; k < scales.size(); ++k)
      a_always &= a[k] < b[k], b_always &= b[k] < a[k];
    if (a_always || b_always) {
      ++without;
      EXPECT_TRUE(p.crossings.empty()) << p.a << " vs " << p.b;
      EXPECT_EQ(p.cheaper_throughout, a_always ? p.a : p.b) << p.a << " vs " << p.b;
      EXPECT_TRUE(p.tasks_at_baseline.empty());
    } else {
      ASSERT_FALSE(p.crossings.empty()) << p.a << " vs " << p.b;
      EXPECT_TRUE(p.cheaper_throughout.empty());
      for (double c : p.crossings) EXPECT_TRUE(c >= 0.25 && c <= 8) << c;
      ASSERT_EQ(p.tasks_at_baseline.size(), example().services.size());
      for (const auto& [service, n] : p.tasks_at_baseline) EXPECT_GT(n, 0) << service;
    }
  }
  // The analyst's report: ECS Fargate never meets ECS on EC2 between × 0.25 and × 8.
  EXPECT_GE(without, 1u);
  bool fargate_vs_ec2 = false;
  for (const auto& p : be.pairs)
    if (p.a == "ecs-fargate" && p.b == "ecs-ec2")
      fargate_vs_ec2 = p.crossings.empty() && !p.cheaper_throughout.empty();
  EXPECT_TRUE(fargate_vs_ec2);
}

TEST(CommitOptimize, WithoutFamilyPicksTheFamilyTheFleetRuns) {
  const fc::sim::scenario& s = example();
  std::size_t option = 0;
  for (std::size_t i = 0; i < s.options.size(); ++i)
    if (s.options[i].name == "eks-ec2") option = i;
  // The On-Demand spend by family of the option's own first 20 paths (its instance-hours at
  // the catalog's On-Demand rates; the option runs no Spot).
  std::map<std::string, double> spend;
  double total = 0;
  fc::sim::scenario one = s;
  one.options = {s.options[option]};
  for (std::uint64_t p = 0; p < 20; ++p) {
    const auto path = fc::sim::simulate_path(one, fc::default_catalog(), p);  // alive while looping
    for (const auto& [type, hours] : path[0].instance_hours) {
      const double usd =
          hours * fc::default_catalog().ec2.find(type)->on_demand.effective_per_hour();
      spend[std::string(fc::instance_family(type))] += usd;
      total += usd;
    }
  }
  ASSERT_GT(total, 0);
  const auto top = std::max_element(
      spend.begin(), spend.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  mc::sweep_config cfg;
  cfg.option = option;
  cfg.type = fc::commitment_type::ec2_instance_sp;
  cfg.scenarios = 20;
  cfg.grid_levels = 4;
  cfg.threads = 2;
  if (top->second >= 0.9 * total) {
    const mc::sweep_result r = mc::sweep_commitment(s, fc::default_catalog(), cfg);
    EXPECT_EQ(r.config.family, top->first);
    EXPECT_TRUE(r.family_from_fleet);
    EXPECT_NEAR(r.family_share, top->second / total, 1e-6);
    bool any_nonzero = false;
    for (const auto& l : r.levels) any_nonzero |= l.level > 0 && l.savings.moments().mean() != 0;
    EXPECT_TRUE(any_nonzero) << "never an all-zero table";
  } else {
    try {
      (void)mc::sweep_commitment(s, fc::default_catalog(), cfg);
      FAIL() << "several families and no --family";
    } catch (const fc::input_error& e) {
      for (const auto& [f, usd] : spend) {
        if (usd > 0) {
          EXPECT_NE(std::string(e.what()).find(f), std::string::npos) << e.what();
        }
      }
    }
  }
  // A family the fleet does not run: refused with the families it has, not a table of zeros.
  cfg.family = "r7g";
  try {
    (void)mc::sweep_commitment(s, fc::default_catalog(), cfg);
    FAIL() << "r7g accepted";
  } catch (const fc::input_error& e) {
    EXPECT_NE(std::string(e.what()).find("m6i"), std::string::npos) << e.what();
  }
}


TEST(BreakEvenCli, TableStatesNoCrossingAndJsonListsEveryPair) {
  const cli_result t = run_cli({"simulate", "--example", "--trials", "40", "--break-even"});
  ASSERT_EQ(t.code, 0) << t.err;
  // ecs-fargate vs ecs-ec2 never cross in the example (BreakEven.NoCrossing… above checks
  // this against the sweep's own means).
  EXPECT_NE(
      t.out.find("ecs-fargate vs ecs-ec2 (Fargate vs EC2): no crossing between × 0.25 and × 8; "
                 "ecs-fargate is cheaper throughout"),
      std::string::npos)
      << t.out;
  EXPECT_EQ(t.out.find("eks-fargate vs ecs-ec2"), std::string::npos) << "not a meaningful pair";
  const cli_result j =
      run_cli({"simulate", "--example", "--trials", "40", "--break-even", "--format", "json"});
  ASSERT_EQ(j.code, 0) << j.err;
  const auto be = nlohmann::json::parse(j.out).at("break_even");
  ASSERT_EQ(be.at("pairs").size(), 6u);
  for (const auto& p : be.at("pairs"))
    EXPECT_NE(p.at("crossings").empty(), p.at("cheaper_throughout").is_null()) << p.dump();
  // Without --break-even, JSON has no sweep (and --html no longer adds one by itself).
  const cli_result plain =
      run_cli({"simulate", "--example", "--trials", "40", "--format", "json"});
  EXPECT_FALSE(nlohmann::json::parse(plain.out).contains("break_even"));
}

TEST(CommitOptimizeCli, WithoutFamilyReportsTheFamilyAndMonthlyFigures) {
  const cli_result r =
      run_cli({"commit", "optimize", "--example", "--type", "ec2_instance_sp", "--option",
               "eks-ec2", "--trials", "40", "--levels", "4", "--format", "json", "--no-timing"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("family_source"), "the option's fleet");
  EXPECT_GE(j.at("family_share_of_on_demand_spend").get<double>(), 0.9);
  const auto& best = j.at("best_mean");
  const double level = best.at("hourly_commitment").get<double>();
  EXPECT_GT(level, 0) << "the fleet's family has spend to cover, so some commitment pays";
  // 730 hours a month; a 1-year no-upfront term is 12 months with nothing upfront; the example's
  // trials last 1 day (24 h).
  EXPECT_DOUBLE_EQ(best.at("per_month").at("commitment_usd").get<double>(), level * 730.0);
  EXPECT_DOUBLE_EQ(best.at("over_term").at("commitment_usd").get<double>(), level * 730.0 * 12.0);
  EXPECT_EQ(best.at("over_term").at("upfront_usd").get<double>(), 0.0);
  EXPECT_NEAR(best.at("per_month").at("savings_mean_usd").get<double>(),
              best.at("savings").at("mean").get<double>() * 730.0 / 24.0, 1e-9);
  const cli_result all = run_cli({"commit", "optimize", "--example", "--type", "compute_sp",
                                  "--option", "ecs-ec2", "--trials", "20", "--levels", "2",
                                  "--payment", "all_upfront", "--term", "3y", "--format", "json"});
  ASSERT_EQ(all.code, 0) << all.err;
  const auto parsed = nlohmann::json::parse(all.out);  // alive while t refers into it
  const auto& t = parsed.at("best_mean").at("over_term");
  EXPECT_EQ(t.at("months").get<double>(), 36.0);
  EXPECT_EQ(t.at("upfront_usd").get<double>(),
            t.at("commitment_usd").get<double>());  // all upfront
}

}  // namespace
