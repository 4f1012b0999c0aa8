// Target tracking autoscaling, step by step against hand-worked timelines.
#include <gtest/gtest.h>

#include <cmath>

#include "fleetcast/scaling/autoscaler.hpp"
#include "fleetcast/scaling/step_scaling.hpp"
#include "fleetcast/scaling/target_tracking.hpp"

namespace fleetcast::scaling {
namespace {

// The seed article's policy: 70 % CPU, min 2, max 20, cooldowns 60 s out and 300 s in.
target_tracking_policy seed_policy() {
  target_tracking_policy p;
  p.target_percent = 70;
  p.min_tasks = 2;
  p.max_tasks = 20;
  p.scale_out_cooldown_s = 60;
  p.scale_in_cooldown_s = 300;
  return p;
}

TEST(TargetTracking, TasksForHoldUtilisationAtTheTarget) {
  const target_tracker t(seed_policy(), 3);
  EXPECT_EQ(t.tasks_for(2.1, 1.0), 3);   // 2.1 / 0.7 = 3 exactly
  EXPECT_EQ(t.tasks_for(2.11, 1.0), 4);
  EXPECT_EQ(t.tasks_for(0.0, 1.0), 2);   // min
  EXPECT_EQ(t.tasks_for(100.0, 1.0), 20);  // max
  EXPECT_EQ(t.tasks_for(7.0, 2.0), 5);   // 7 / (2 × 0.7) = 5
}

TEST(TargetTracking, StepUpScalesOutAfterThreeDatapoints) {
  // Demand steps from 2 to 6 at minute 10 with 3 tasks running (c = 1): utilisation
  // 6/3 = 200 % > 70 %. Datapoints at minutes 10, 11, 12 fire the alarm at minute 12:
  // desired = ⌈6 / 0.7⌉ = 9.
  target_tracker t(seed_policy(), 3);
  for (int m = 1; m <= 9; ++m) EXPECT_EQ(t.observe(m * 60, 60, 2.0, 3, 1.0), 3) << m;
  EXPECT_EQ(t.observe(10 * 60, 60, 6.0, 3, 1.0), 3);
  EXPECT_EQ(t.observe(11 * 60, 60, 6.0, 3, 1.0), 3);
  EXPECT_EQ(t.observe(12 * 60, 60, 6.0, 3, 1.0), 9);
  // Demand grows again at once, but the 60 s scale-out cooldown and the 3 new datapoints
  // hold it: 9 tasks running, demand 8 → 89 % > 70 %: fires at minute 15 → ⌈8/0.7⌉ = 12.
  EXPECT_EQ(t.observe(13 * 60, 60, 8.0, 9, 1.0), 9);
  EXPECT_EQ(t.observe(14 * 60, 60, 8.0, 9, 1.0), 9);
  EXPECT_EQ(t.observe(15 * 60, 60, 8.0, 9, 1.0), 12);
}

TEST(TargetTracking, ScaleInWaitsFifteenDatapointsTenPercentBelowTarget) {
  // 10 tasks running at demand 3: 30 % < 63 % (70 % − 10 %). Fifteen datapoints later the
  // policy scales in to ⌈3 / 0.7⌉ = 5; the next scale-in needs another 15 datapoints and the
  // 300 s cooldown.
  target_tracker t(seed_policy(), 10);
  for (int m = 1; m <= 14; ++m) EXPECT_EQ(t.observe(m * 60, 60, 3.0, 10, 1.0), 10) << m;
  EXPECT_EQ(t.observe(15 * 60, 60, 3.0, 10, 1.0), 5);
  // 5 running at demand 1: 20 %, want max(2, ⌈1/0.7⌉ = 2) = 2 after 15 more datapoints.
  for (int m = 16; m <= 29; ++m) EXPECT_EQ(t.observe(m * 60, 60, 1.0, 5, 1.0), 5) << m;
  EXPECT_EQ(t.observe(30 * 60, 60, 1.0, 5, 1.0), 2);
}

TEST(TargetTracking, UtilisationJustBelowTargetDoesNotScaleIn) {
  // 65 % is below the 70 % target but not 10 % below it (63 %): no scale-in, ever.
  target_tracker t(seed_policy(), 10);
  for (int m = 1; m <= 100; ++m) EXPECT_EQ(t.observe(m * 60, 60, 6.5, 10, 1.0), 10);
}

TEST(TargetTracking, NoRunningTasksMeansUnboundedUtilisation) {
  target_tracking_policy p = seed_policy();
  p.min_tasks = 0;
  target_tracker t(p, 0);
  EXPECT_EQ(t.observe(60, 60, 0.0, 0, 1.0), 0);  // no demand, nothing to do
  // A five-minute step counts as five datapoints: the alarm fires at once.
  EXPECT_EQ(t.observe(360, 300, 1.0, 0, 1.0), 2);
}

// Step scaling with AWS's documented example shape: scale out by 1 task for a breach of
// [0, 20) points above 70 %, by 3 for 20 points or more; scale in by 1 below 30 %.
step_scaling_policy step_policy(adjustment_type t = adjustment_type::change_in_capacity) {
  step_scaling_policy p;
  p.min_tasks = 1;
  p.max_tasks = 20;
  p.cooldown_s = 120;
  p.type = t;
  step_alarm out{70, 3, true, {{0, 20, 1}, {20, INFINITY, 3}}};
  step_alarm in{30, 15, false, {{-INFINITY, 0, -1}}};
  p.alarms = {out, in};
  return p;
}

TEST(StepScaling, BreachSizePicksTheStep) {
  step_scaler s(step_policy(), 4);
  // 4 tasks, demand 3.2 → 80 %: breach 10 → +1 after 3 datapoints.
  EXPECT_EQ(s.observe(60, 60, 3.2, 4, 1.0), 4);
  EXPECT_EQ(s.observe(120, 60, 3.2, 4, 1.0), 4);
  EXPECT_EQ(s.observe(180, 60, 3.2, 4, 1.0), 5);
  // 5 tasks, demand 5 → 100 %: breach 30 → +3, but not within the 120 s cooldown (at 240 s);
  // three new datapoints and the cooldown are both over at 360 s.
  EXPECT_EQ(s.observe(240, 60, 5.0, 5, 1.0), 5);
  EXPECT_EQ(s.observe(300, 60, 5.0, 5, 1.0), 5);
  EXPECT_EQ(s.observe(360, 60, 5.0, 5, 1.0), 8);
  // Percent change: +10 % of 4 tasks = 0.4, rounded away from zero to 1.
  auto pct = step_policy(adjustment_type::percent_change_in_capacity);
  pct.alarms[0].steps = {{0, INFINITY, 10}};
  step_scaler q(pct, 4);
  for (int m = 1; m <= 3; ++m) q.observe(m * 60, 60, 3.2, 4, 1.0);
  EXPECT_EQ(q.desired(), 5);
  // Exact capacity: straight to the step's count.
  auto ex = step_policy(adjustment_type::exact_capacity);
  ex.alarms[0].steps = {{0, INFINITY, 12}};
  step_scaler e(ex, 4);
  for (int m = 1; m <= 3; ++m) e.observe(m * 60, 60, 3.2, 4, 1.0);
  EXPECT_EQ(e.desired(), 12);
}

TEST(StepScaling, ScaleInAfterFifteenDatapointsBelowTheLowThreshold) {
  step_scaler s(step_policy(), 6);
  // 6 tasks, demand 1.2 → 20 % < 30 %: −1 at the 15th datapoint, then again 15 later.
  for (int m = 1; m <= 14; ++m) EXPECT_EQ(s.observe(m * 60, 60, 1.2, 6, 1.0), 6);
  EXPECT_EQ(s.observe(15 * 60, 60, 1.2, 6, 1.0), 5);
  for (int m = 16; m <= 29; ++m) EXPECT_EQ(s.observe(m * 60, 60, 1.2, 5, 1.0), 5);
  EXPECT_EQ(s.observe(30 * 60, 60, 1.2, 5, 1.0), 4);
}

TEST(Autoscaler, DispatchesToThePolicy) {
  autoscaler a(policy{step_policy()}, 4);
  for (int m = 1; m <= 3; ++m) a.observe(m * 60, 60, 3.2, 4, 1.0);
  EXPECT_EQ(a.desired(), 5);
  autoscaler b(policy{seed_policy()}, 3);
  for (int m = 1; m <= 3; ++m) b.observe(m * 60, 60, 6.0, 3, 1.0);
  EXPECT_EQ(b.desired(), 9);
  b.set_bounds(10, 20);
  EXPECT_EQ(b.desired(), 10);
}

}  // namespace
}  // namespace fleetcast::scaling
