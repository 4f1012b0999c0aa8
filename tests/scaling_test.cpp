// Target tracking autoscaling, step by step against hand-worked timelines.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace fleetcast::scaling
