// Work the simulator saves must change no result: each saving is checked against the direct
// computation it replaced, bit for bit (EXPECT_EQ on doubles, deliberately).
//   - the demand plan (levels computed once per run) against demand::generate /
//     generate_correlated / replay, the direct draws;
//   - Fargate options that scale alike, simulated once and billed each, against each option
//     simulated alone (a one-option scenario: nothing shared);
//   - the target tracker's shortcut (a demand already seen answers the wanted count) against
//     the rule computing ⌈demand / (c × target)⌉ at every alarm, as written before it;
//   - the target tracker's scan ahead to its next decision (the steps before it skipped at
//     once) against observing every step;
//   - the clock's first step starting / ending at a time against trying every step.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "fleetcast/core/random.hpp"
#include "fleetcast/demand/correlation.hpp"
#include "fleetcast/demand/demand_model.hpp"
#include "fleetcast/demand/trace.hpp"
#include "fleetcast/io/scenario_json.hpp"
#include "fleetcast/scaling/target_tracking.hpp"
#include "fleetcast/sim/simulate.hpp"

#include "../lib/sim/option_runs.hpp"

namespace fleetcast {
namespace {

// Three services (diurnal + weekend + trend + AR(1) noise + bursts; an EKS-only HPA; a flat
// one) over two days from a Friday 07:30, and Fargate options of which some scale alike:
// ecs-fargate / ecs-fargate-ip (addresses differ), the two Spot strategies, eks-fargate /
// eks-fargate-2 (clusters differ); ECS and EKS differ (the HPA) and so do Spot and not.
const char* scenario_json = R"({
  "name": "shared-work", "region": "us-east-1",
  "horizon": {"days": 2, "step_seconds": 60, "start_weekday": 4, "start_hour": 7.5},
  "network": {"egress": "nat_gateway"},
  "services": [
    {"name": "api", "task": {"cpu": 512, "memory": 1024},
     "scaling": {"type": "target_tracking", "target_percent": 70, "min": 2, "max": 20, "initial": 3,
                 "scale_out_cooldown_s": 60, "scale_in_cooldown_s": 300},
     "demand": {"base": 2.0, "diurnal": {"amplitude": 0.5, "peak_hour": 15}, "weekly": {"weekend_factor": 0.7},
                "noise": {"cv": 0.1, "ar1": 0.9}, "bursts": {"per_day": 1.0, "size_mean": 2.0, "duration_minutes": 20}}},
    {"name": "orders", "task": {"cpu": 512, "memory": 1024},
     "hpa": {"target_percent": 60, "min": 2, "max": 30},
     "demand": {"base": 5.0, "trend_per_month": 0.3, "diurnal": {"amplitude": 0.3, "peak_hour": 11},
                "noise": {"cv": 0.3, "ar1": 0.5}}},
    {"name": "batch", "task": {"cpu": 1024, "memory": 4096}, "demand": {"base": 1.0}}],
  "options": [
    {"name": "ecs-fargate", "platform": "ecs", "compute": "fargate"},
    {"name": "ecs-fargate-spot", "platform": "ecs", "compute": "fargate",
     "capacity_provider_strategy": [{"provider": "FARGATE", "base": 2, "weight": 1}, {"provider": "FARGATE_SPOT", "weight": 3}]},
    {"name": "eks-fargate", "platform": "eks", "compute": "fargate"},
    {"name": "ecs-fargate-ip", "platform": "ecs", "compute": "fargate", "public_ipv4": true},
    {"name": "ecs-fargate-spot2", "platform": "ecs", "compute": "fargate",
     "capacity_provider_strategy": [{"provider": "FARGATE", "base": 2, "weight": 1}, {"provider": "FARGATE_SPOT", "weight": 3}]},
    {"name": "ecs-fargate-spot-risky", "platform": "ecs", "compute": "fargate", "spot_interruptions_per_month": 0.5,
     "capacity_provider_strategy": [{"provider": "FARGATE", "base": 2, "weight": 1}, {"provider": "FARGATE_SPOT", "weight": 3}]},
    {"name": "eks-fargate-2", "platform": "eks", "compute": "fargate", "clusters": 2}],
  "monte_carlo": {"scenarios": 10, "seed": 7}
})";

const sim::scenario& shared_scenario() {
  static const sim::scenario s = parse_scenario(scenario_json, "shared-work.json", default_catalog());
  return s;
}

void expect_bitwise_equal(const std::vector<double>& a, const std::vector<double>& b, const std::string& what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (std::size_t i = 0; i < a.size(); ++i) ASSERT_EQ(a[i], b[i]) << what << " step " << i;
}

TEST(SharedWork, DemandPlanEqualsTheDirectDraws) {
  const sim::scenario& s = shared_scenario();
  const sim::detail::demand_plan plan(s);
  std::vector<std::vector<double>> d;
  std::vector<double> direct(std::size_t(s.horizon.steps()));
  for (std::uint64_t i = 0; i < 40; ++i) {
    plan.generate(i, d);
    ASSERT_EQ(d.size(), s.services.size());
    for (std::size_t si = 0; si < s.services.size(); ++si) {
      xoshiro256pp g = make_stream(s.seed, i, stream_purpose::demand, si);
      demand::generate(s.services[si].demand, s.horizon, g, direct);
      expect_bitwise_equal(d[si], direct, "trial " + std::to_string(i) + " service " + s.services[si].name);
    }
  }
}

TEST(SharedWork, DemandPlanEqualsTheJointCorrelatedDraw) {
  sim::scenario s = shared_scenario();
  const std::vector<double> c = {1, 0.5, 0, 0.5, 1, 0, 0, 0, 1};
  s.correlation_root = demand::correlation_square_root(c, 3, "correlation");
  const sim::detail::demand_plan plan(s);
  std::vector<std::vector<double>> d;
  std::vector<std::vector<double>> direct(3, std::vector<double>(std::size_t(s.horizon.steps())));
  std::vector<demand::demand_model> models;
  for (const auto& sv : s.services) models.push_back(sv.demand);
  std::vector<std::span<double>> outs(direct.begin(), direct.end());
  std::vector<double> z(3), x(3);
  for (std::uint64_t i = 0; i < 20; ++i) {
    plan.generate(i, d);
    xoshiro256pp g = make_stream(s.seed, i, stream_purpose::demand, 0);
    demand::generate_correlated<xoshiro256pp>(models, s.horizon, s.correlation_root, g, outs, z, x);
    for (std::size_t si = 0; si < 3; ++si) expect_bitwise_equal(d[si], direct[si], "correlated trial " + std::to_string(i));
  }
}

TEST(SharedWork, DemandPlanReplaysATraceAsRecorded) {
  sim::scenario s = shared_scenario();
  demand::trace tr;
  tr.values = {1.0, 2.5, 4.0, 3.0, 0.5};
  tr.interval_s = 900;
  s.services[2].trace = tr;
  const sim::detail::demand_plan plan(s);
  std::vector<std::vector<double>> d;
  std::vector<double> direct(std::size_t(s.horizon.steps()));
  demand::replay(tr, s.horizon, direct);
  for (std::uint64_t i = 0; i < 3; ++i) {
    plan.generate(i, d);
    expect_bitwise_equal(d[2], direct, "replayed trace");
  }
}

TEST(SharedWork, AlikeFargateOptionsAreTheOnesThatScaleTheSame) {
  const sim::scenario& s = shared_scenario();
  const auto& o = s.options;
  using sim::detail::fargate_alike;
  EXPECT_TRUE(fargate_alike(s, o[0], o[3]));   // only public addresses differ: billing
  EXPECT_TRUE(fargate_alike(s, o[1], o[4]));   // the same Spot strategy and hazard
  EXPECT_TRUE(fargate_alike(s, o[2], o[6]));   // EKS and EKS: clusters are a fee
  EXPECT_FALSE(fargate_alike(s, o[0], o[2]));  // "orders" has an HPA on EKS only
  EXPECT_FALSE(fargate_alike(s, o[0], o[1]));  // Spot interruptions change the fleet
  EXPECT_FALSE(fargate_alike(s, o[1], o[5]));  // another Spot hazard
  // Without the EKS-only HPA, ECS and EKS Fargate scale alike (the seed example's pair).
  sim::scenario no_hpa = s;
  no_hpa.services[1].hpa.reset();
  EXPECT_TRUE(fargate_alike(no_hpa, no_hpa.options[0], no_hpa.options[2]));
}

void expect_same_result(const sim::option_result& a, const sim::option_result& b) {
  SCOPED_TRACE(a.option);
  EXPECT_EQ(a.option, b.option);
  EXPECT_EQ(a.total_usd, b.total_usd);
  ASSERT_EQ(a.lines.size(), b.lines.size());
  for (std::size_t k = 0; k < a.lines.size(); ++k) EXPECT_EQ(a.lines[k].usd, b.lines[k].usd) << a.lines[k].name;
  ASSERT_EQ(a.allocation.size(), b.allocation.size());
  for (std::size_t k = 0; k < a.allocation.size(); ++k) {
    EXPECT_EQ(a.allocation[k].name, b.allocation[k].name);
    EXPECT_EQ(a.allocation[k].usd, b.allocation[k].usd) << a.allocation[k].name;
  }
  EXPECT_EQ(a.usage.keys, b.usage.keys);
  EXPECT_EQ(a.usage.quantity, b.usage.quantity);
  EXPECT_EQ(a.task_hours, b.task_hours);
  EXPECT_EQ(a.unserved_task_seconds, b.unserved_task_seconds);
  EXPECT_EQ(a.spot_interruptions, b.spot_interruptions);
  EXPECT_EQ(a.mean_utilisation, b.mean_utilisation);
}

TEST(SharedWork, SharedFargateFleetBillsEachOptionAsAlone) {
  const sim::scenario& s = shared_scenario();
  for (std::uint64_t i = 0; i < 6; ++i) {
    const std::vector<sim::option_result> together = sim::simulate_path(s, default_catalog(), i);
    ASSERT_EQ(together.size(), s.options.size());
    for (std::size_t k = 0; k < s.options.size(); ++k) {
      sim::scenario one = s;
      one.options = {s.options[k]};
      const std::vector<sim::option_result> alone = sim::simulate_path(one, default_catalog(), i);
      expect_same_result(together[k], alone.front());
    }
    EXPECT_GT(together[0].total_usd, 0.0);
  }
}

// The target-tracking decision as written before the shortcut: the wanted count computed at
// every step an alarm is in alarm (include/fleetcast/scaling/target_tracking.hpp's rule).
struct reference_tracker {
  scaling::target_tracking_policy p;
  std::int64_t desired;
  int high = 0, low = 0;
  std::int64_t last_out = -1, last_in = -1, out_to = 0;

  [[nodiscard]] std::int64_t tasks_for(double demand, double c) const {
    const double per_task = c * p.target_percent / 100.0;
    const double need = std::ceil(demand / per_task - 1e-9);
    const auto n = need > 1e15 ? p.max_tasks : std::int64_t(std::max(0.0, need));
    return std::clamp(n, p.min_tasks, p.max_tasks);
  }
  [[nodiscard]] bool in_out_cooldown(std::int64_t now) const {
    return last_out >= 0 && now - last_out < p.scale_out_cooldown_s;
  }
  std::int64_t observe(std::int64_t now, std::int64_t step, double demand, std::int64_t running, double c) {
    const int points = scaling::datapoints_in(step, p.datapoint_seconds);
    const double full = double(running) * c / 100.0;
    const bool hi = running > 0 ? demand > p.target_percent * full : demand > 0;
    const bool lo = running > 0 ? demand < p.target_percent * (1.0 - p.in_margin) * full : demand <= 0;
    high = hi ? high + points : 0;
    low = lo ? low + points : 0;
    if (high >= p.out_datapoints) {
      const std::int64_t want = tasks_for(demand, c);
      if (want > desired && (want > out_to || !in_out_cooldown(now))) {
        desired = want;
        out_to = want;
        last_out = now;
        high = 0;
      }
    } else if (!p.disable_scale_in && low >= p.in_datapoints &&
               (last_in < 0 || now - last_in >= p.scale_in_cooldown_s) && !in_out_cooldown(now)) {
      const std::int64_t want = tasks_for(demand, c);
      if (want < desired) {
        desired = want;
        last_in = now;
        low = 0;
      }
    }
    return desired;
  }
};

TEST(SharedWork, TargetTrackerShortcutDecidesAsTheFullRule) {
  // Random walks of demand around the thresholds, with the running count following the
  // desired count one step late, and a scheduled bounds change on the way.
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    scaling::target_tracking_policy p;
    p.target_percent = 50 + double(seed % 4) * 10;
    p.min_tasks = 1 + std::int64_t(seed % 3);
    p.max_tasks = 25;
    p.scale_out_cooldown_s = 60 * std::int64_t(seed % 5);
    p.scale_in_cooldown_s = 300;
    p.in_datapoints = 3 + int(seed % 13);
    scaling::target_tracker fast(p, 4);
    reference_tracker ref{p, std::clamp<std::int64_t>(4, p.min_tasks, p.max_tasks)};
    xoshiro256pp g(seed);
    double demand = 2.0;
    std::int64_t running = 4;
    for (std::int64_t i = 0; i < 5000; ++i) {
      demand = std::max(0.0, demand * std::exp(0.15 * standard_normal(g)) + 0.01);
      if (i == 2500) {  // a scheduled action on both
        fast.set_bounds(3, 12);
        ref.p.min_tasks = 3;
        ref.p.max_tasks = 12;
        ref.desired = std::clamp(ref.desired, ref.p.min_tasks, ref.p.max_tasks);
      }
      const std::int64_t a = fast.observe((i + 1) * 60, 60, demand, running, 1.0);
      const std::int64_t b = ref.observe((i + 1) * 60, 60, demand, running, 1.0);
      ASSERT_EQ(a, b) << "seed " << seed << " step " << i << " demand " << demand;
      running = a;
    }
  }
}


TEST(SharedWork, TrackerScanSkipsOnlyStepsObserveWouldNotDecideAt) {
  // Two trackers on the same noisy demand: one observes every step; the other scans ahead
  // from each step (to a random horizon), skips the steps before its next decision and
  // observes that one. The running count changes only at decisions (as in the simulator's
  // quiet stretches), to the desired count. Every observed step must give the same desired
  // count, and no skipped step may have changed it.
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    scaling::target_tracking_policy p;
    p.target_percent = 50 + double(seed % 4) * 10;
    p.min_tasks = 1 + std::int64_t(seed % 3);
    p.max_tasks = 25;
    p.scale_out_cooldown_s = 60 * std::int64_t(seed % 5);
    p.scale_in_cooldown_s = 60 * std::int64_t(seed % 7);
    p.in_datapoints = 3 + int(seed % 13);
    p.out_datapoints = 1 + int(seed % 3);
    p.disable_scale_in = seed % 10 == 0;
    const std::int64_t step_s = seed % 6 == 0 ? 120 : 60;  // two datapoints per step, or one
    scaling::target_tracker every(p, 4), scanning(p, 4);
    xoshiro256pp g(seed);
    std::vector<double> demand(6000);
    double d = 2.0;
    for (double& x : demand) x = d = std::max(0.0, d * std::exp(0.12 * standard_normal(g)) + 0.01);
    const auto n = std::int64_t(demand.size());
    std::int64_t running = every.desired(), skipped = 0;
    for (std::int64_t i = 0; i < n;) {
      const std::int64_t last = std::min(n, i + 1 + std::int64_t(g() % 80));
      const auto ahead = scanning.scan(demand.data(), i, last, step_s, running, 1.0);
      ASSERT_GE(ahead.end, i);
      ASSERT_LE(ahead.end, last);
      for (; i < ahead.end; ++i, ++skipped)
        ASSERT_EQ(every.observe((i + 1) * step_s, step_s, demand[std::size_t(i)], running, 1.0), running)
            << "seed " << seed << ": step " << i << " was skipped, but the tracker decided there";
      scanning.skip(ahead);
      if (i == last) continue;
      const std::int64_t a = every.observe((i + 1) * step_s, step_s, demand[std::size_t(i)], running, 1.0);
      const std::int64_t b = scanning.observe((i + 1) * step_s, step_s, demand[std::size_t(i)], running, 1.0);
      ASSERT_EQ(a, b) << "seed " << seed << " step " << i;
      running = a;
      ++i;
    }
    EXPECT_GT(skipped, n / 4) << "seed " << seed << ": the scan should skip most steps of a noisy walk";
  }
}

TEST(SharedWork, ClockFindsTheFirstStepAtATimeAsTryingEveryStep) {
  sim::scenario s;
  s.horizon.step_seconds = 60;
  const std::vector<std::vector<double>> demand(1, std::vector<double>(50, 1.0));
  const sim::detail::path_clock clock(s, demand);
  xoshiro256pp g(3);
  std::vector<double> times = {-INFINITY, INFINITY, NAN, 0.0, -0.0, 60.0, 2940.0, 3000.0, 3000.5, 59.999999};
  for (int k = 0; k < 300; ++k) times.push_back(uniform01(g) * 3200.0 - 100.0);
  for (double t : times)
    for (std::int64_t from = 0; from <= clock.steps; from += 7) {
      std::int64_t start = from, end = from;
      while (start < clock.steps && !(clock.t0(start) >= t)) ++start;
      while (end < clock.steps && !(clock.t1(end) >= t)) ++end;
      EXPECT_EQ(clock.first_starting_at(t, from), start) << "t " << t << " from " << from;
      EXPECT_EQ(clock.first_ending_at(t, from), end) << "t " << t << " from " << from;
    }
}

}  // namespace
}  // namespace fleetcast
