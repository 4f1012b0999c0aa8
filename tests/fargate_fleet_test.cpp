// The Fargate fleet's bookkeeping that bit-identity with the old simulator does not cover on
// its own: the split of tasks between capacity providers by whole rounds of the weights, and
// the per-step table of tasks that start serving, under Spot replacements that stop a task
// before its start-up ends (its count must be taken back).
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "fleetcast/pricing/catalog.hpp"
#include "fleetcast/sim/scenario.hpp"
#include "fleetcast/sim/usage_ledger.hpp"

#include "../lib/sim/cost_ledger.hpp"
#include "../lib/sim/fargate_fleet.hpp"
#include "xorshift.hpp"

namespace {

using namespace fleetcast;
using namespace fleetcast::sim;
using namespace fleetcast::sim::detail;

// The split as it was computed before whole rounds: one task at a time (the definition).
std::vector<std::int64_t> split_one_by_one(const std::vector<provider_share>& st, std::int64_t n) {
  std::vector<std::int64_t> c(st.size(), 0), beyond(st.size(), 0);
  std::int64_t left = n, total_weight = 0;
  for (std::size_t i = 0; i < st.size(); ++i) {
    const std::int64_t b = std::min(left, st[i].base);
    c[i] += b;
    left -= b;
    total_weight += st[i].weight;
  }
  if (total_weight == 0) {
    c[0] += left;
    return c;
  }
  for (std::int64_t m = 0; m < left; ++m) {
    std::size_t best = 0;
    std::int64_t best_deficit = INT64_MIN;
    for (std::size_t i = 0; i < st.size(); ++i) {
      if (st[i].weight == 0) continue;
      const std::int64_t deficit = st[i].weight * (m + 1) - total_weight * beyond[i];
      if (deficit > best_deficit) {
        best_deficit = deficit;
        best = i;
      }
    }
    ++beyond[best];
    ++c[best];
  }
  return c;
}

TEST(FargateFleet, SplitByWholeRoundsEqualsOneByOne) {
  // Base 2 on FARGATE, weights 1 : 3 (the seed example's Spot option), 10 tasks: 2 on the
  // base, then 8 beyond it = two whole rounds of 4: 2 + 2 × 1 = 4 and 2 × 3 = 6.
  const std::vector<provider_share> example = {{fargate_provider::fargate, 2, 1}, {fargate_provider::fargate_spot, 0, 3}};
  std::vector<std::int64_t> c, scratch;
  split_tasks(example, 10, c, scratch);
  EXPECT_EQ(c, (std::vector<std::int64_t>{4, 6}));
  // Random strategies (weights 0–7, a base on at most one provider) against the definition.
  test::xorshift rng{18};
  for (int round = 0; round < 2000; ++round) {
    std::vector<provider_share> st(std::size_t(rng.in(1, 3)));
    for (auto& p : st) p.weight = rng.in(0, 7);
    st[std::size_t(rng.in(0, std::int64_t(st.size()) - 1))].base = rng.in(0, 3);
    const std::int64_t n = rng.in(0, 199);
    split_tasks(st, n, c, scratch);
    ASSERT_EQ(c, split_one_by_one(st, n)) << "round " << round << ", n " << n;
  }
}

// One service on FARGATE_SPOT only, with an interruption probability of 1 (the notice comes at
// launch), start-up exactly `startup_s`, 60 s steps: every run lasts the two minutes' notice.
struct spot_only {
  scenario s;
  option o;
  usage_ledger usage;
  explicit spot_only(double startup_s) {
    s.horizon = {1, 60};
    service sv;
    sv.name = "web";
    sv.task.cpu_units = 256;
    sv.task.memory_mib = 512;
    sv.startup = {startup_s, startup_s};
    s.services.push_back(sv);
    o.name = "spot";
    o.compute = compute_kind::fargate;
    o.strategy = {{fargate_provider::fargate_spot, 0, 1}};
    o.spot_interruption_probability_per_month = 1.0;
    usage.hours = 1;
  }
};

// Runs `n` tasks for `steps` steps without scaling; returns the serving count of each step.
std::vector<std::int64_t> serving_per_step(spot_only& f, std::int64_t n, std::int64_t steps,
                                           std::int64_t& interruptions, double& task_hours) {
  const fargate_providers providers(f.o);
  const option* billed[] = {&f.o};
  usage_ledger* usage[] = {&f.usage};
  fargate_fleet fleet(f.s, billed, default_catalog(), 0, 0, providers, usage);
  fleet.start(n, steps, 60);
  std::vector<std::int64_t> ready;
  interruptions = 0;
  for (std::int64_t i = 0; i < steps; ++i) {
    fleet.count_ready(i);
    ready.push_back(fleet.ready());
    const double t1 = double((i + 1) * 60);
    if (fleet.spot_due(t1)) fleet.interrupt_due(t1, interruptions);
  }
  fleet.finish(double(steps * 60));
  cost_ledger l;
  task_hours = 0;
  fleet.charge(0, l, task_hours);
  return ready;
}

TEST(FargateFleet, ReplacementThatStopsBeforeServingIsNeverCounted) {
  // Hand derivation, 60 s steps, 4 tasks launched at 0 and serving at once, notices at launch:
  // they stop at 120 s; the replacements launch at 120 s and would serve from 210 s (step 4,
  // the first start at or after 210 s is 240 s) but stop at 240 s, before step 4 begins; theirs
  // would serve from 330 s (step 6) but stop at 360 s; and so on. So 4 tasks serve in steps 0
  // and 1, none after.
  spot_only f(90);
  std::int64_t interruptions = 0;
  double task_hours = 0;
  const auto ready = serving_per_step(f, 4, 10, interruptions, task_hours);
  EXPECT_EQ(ready, (std::vector<std::int64_t>{4, 4, 0, 0, 0, 0, 0, 0, 0, 0}));
  // Notices at 0, 120, …, 600 s, each seen by the step ending at or after it: 6 per task.
  EXPECT_EQ(interruptions, 24);
  // Runs of 120 s ending at 120, 240, 360, 480 and 600 s, then the replacement launched at
  // 600 s stops at the end at once and bills Fargate Linux's 60 s minimum:
  // 4 × (5 × 120 + 60) s = 2 640 s = 0.7333… h.
  EXPECT_DOUBLE_EQ(task_hours, 4 * 660 / 3600.0);
}

TEST(FargateFleet, ReplacementServesFromTheStepAfterItsStartUp) {
  // As above with a 30 s start-up: a replacement launched at 120 s serves from 150 s, so from
  // step 3 (180 s), and stops at 240 s (the end of step 3); the next launched at 240 s serves
  // from step 5 (300 s) and stops at 360 s. So 4, 4, then 0 and 4 in turn.
  spot_only f(30);
  std::int64_t interruptions = 0;
  double task_hours = 0;
  const auto ready = serving_per_step(f, 4, 10, interruptions, task_hours);
  EXPECT_EQ(ready, (std::vector<std::int64_t>{4, 4, 0, 4, 0, 4, 0, 4, 0, 4}));
  EXPECT_EQ(interruptions, 24);
}

TEST(FargateFleet, ServingStepIsTheFirstStepStartingAtOrAfter) {
  spot_only f(30);
  const fargate_providers providers(f.o);
  const option* billed[] = {&f.o};
  usage_ledger* usage[] = {&f.usage};
  fargate_fleet fleet(f.s, billed, default_catalog(), 0, 0, providers, usage);
  fleet.start(0, 10, 60);
  EXPECT_EQ(fleet.serving_step(0.0), 0);
  EXPECT_EQ(fleet.serving_step(60.0), 1);       // exactly a step's start: that step
  EXPECT_EQ(fleet.serving_step(60.000001), 2);  // just after: the next
  EXPECT_EQ(fleet.serving_step(539.9), 9);
  EXPECT_EQ(fleet.serving_step(540.5), 10);     // after the last step's start: never (= steps)
  EXPECT_EQ(fleet.serving_step(1e9), 10);
}

}  // namespace
