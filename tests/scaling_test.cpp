// Target tracking autoscaling, step by step against hand-worked timelines.
#include <gtest/gtest.h>

#include <cmath>

#include "fleetcast/scaling/autoscaler.hpp"
#include "fleetcast/scaling/hpa.hpp"
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

// The demand where ⌈d / (c × target)⌉ steps from n − 1 to n, to the double (tasks_for is
// monotone in d): the least d with tasks_for(d) >= n, by walking from a guess.
double least_wanting(const target_tracker& t, std::int64_t n, double c) {
  double x = (double(n - 1) + 1e-9) * c * 0.7;
  while (t.tasks_for(x, c) >= n) x = std::nextafter(x, -INFINITY);
  while (t.tasks_for(x, c) < n) x = std::nextafter(x, INFINITY);
  return x;
}

TEST(TargetTracking, AKnownAnswerReachesExactlyToItsBoundary) {
  // After a decision that changes nothing, the tracker knows the farthest demand with the
  // same answer and skips the decision up to it — not one double further. Policy: 70 %,
  // min 1, max 10, no cooldowns; c = 1.
  target_tracking_policy p = seed_policy();
  p.min_tasks = 1;
  p.max_tasks = 10;
  p.scale_out_cooldown_s = 0;
  p.scale_in_cooldown_s = 0;
  const double c = 1.0;
  {  // Low alarm with 4 running at the least demand that still wants 4 (≈ 2.1, utilisation
     // ≈ 52 % < 63 %): after 15 datapoints it decides and keeps 4. One double lower wants 3:
     // it must scale in at once.
    target_tracker t(p, 4);
    const double b = least_wanting(t, 4, c);
    for (int m = 1; m <= 15; ++m) ASSERT_EQ(t.observe(m * 60, 60, b, 4, c), 4) << m;
    ASSERT_EQ(t.observe(16 * 60, 60, b, 4, c), 4);
    EXPECT_EQ(t.observe(17 * 60, 60, std::nextafter(b, -INFINITY), 4, c), 3);
  }
  {  // High alarm with 3 running and desired 4 (a scale-out in progress) at the largest demand
     // that wants 4 (≈ 2.8, utilisation ≈ 93 % > 70 %): after 3 datapoints it decides and
     // keeps 4. One double higher wants 5: it must scale out at once.
    target_tracker t(p, 4);
    const double b = std::nextafter(least_wanting(t, 5, c), -INFINITY);
    ASSERT_EQ(t.tasks_for(b, c), 4);
    for (int m = 1; m <= 4; ++m) ASSERT_EQ(t.observe(m * 60, 60, b, 3, c), 4) << m;
    EXPECT_EQ(t.observe(5 * 60, 60, std::nextafter(b, INFINITY), 3, c), 5);
  }
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

TEST(TargetTracking, ALargerScaleOutDuringTheCooldownGoesAheadASmallerOneWaits) {
  // Cooldown 300 s. Demand 6 on 3 tasks (200 %): the alarm fires at minute 3 → ⌈6/0.7⌉ = 9,
  // the cooldown runs to minute 8.
  target_tracking_policy p = seed_policy();
  p.scale_out_cooldown_s = 300;
  target_tracker t(p, 3);
  for (int m = 1; m <= 2; ++m) EXPECT_EQ(t.observe(m * 60, 60, 6.0, 3, 1.0), 3);
  EXPECT_EQ(t.observe(180, 60, 6.0, 3, 1.0), 9);
  // Demand 8 on the 9 tasks (89 % > 70 %): three datapoints by minute 6, inside the cooldown;
  // ⌈8/0.7⌉ = 12 is larger than the 9 the cooldown started from, so it scales out (AWS:
  // "unless either a larger scale out is initiated or the cooldown period ends").
  EXPECT_EQ(t.observe(240, 60, 8.0, 9, 1.0), 9);
  EXPECT_EQ(t.observe(300, 60, 8.0, 9, 1.0), 9);
  EXPECT_EQ(t.observe(360, 60, 8.0, 9, 1.0), 12);
  // That started a new cooldown (to minute 11) from 12. A scheduled action lowers the count to
  // 6 (max 6) and lifts max again; demand 6 on 6 tasks (100 %) wants ⌈6/0.7⌉ = 9: more than the
  // desired 6 but not more than the 12 the cooldown started from, so it waits for the end of
  // the cooldown (minute 11), as before this rule.
  t.set_bounds(2, 6);
  t.set_bounds(2, 20);
  EXPECT_EQ(t.desired(), 6);
  EXPECT_EQ(t.observe(420, 60, 6.0, 6, 1.0), 6);
  EXPECT_EQ(t.observe(480, 60, 6.0, 6, 1.0), 6);
  EXPECT_EQ(t.observe(540, 60, 6.0, 6, 1.0), 6);  // three datapoints, inside the cooldown
  EXPECT_EQ(t.observe(600, 60, 6.0, 6, 1.0), 6);
  EXPECT_EQ(t.observe(660, 60, 6.0, 6, 1.0), 9);  // 660 − 360 = 300: the cooldown is over
}

// The Kubernetes HPA (fidelity-facts §10), one sync per 15 s step unless a test says
// otherwise. Demand is in task capacity with c pods' worth at 100 %; the numbers are chosen
// so that 100 × demand / (pods × c) is exact in binary.
hpa_policy hpa_at(std::int64_t target, std::int64_t lo = 1, std::int64_t hi = 100) {
  hpa_policy p;
  p.target_percent = target;
  p.min_replicas = lo;
  p.max_replicas = hi;
  return p;
}

TEST(Hpa, ScaleUpToCeilCurrentTimesRatioWithinTheDefaultLimits) {
  // 4 pods at 90 % (c = 10, demand 36: 3600 / 40) against 50 %: ⌈4 × 90/50⌉ = ⌈7.2⌉ = 8.
  // Default scale-up limits: max(4 + 4 pods, 4 × 200 %) = 8, so 8 at the first sync (15 s).
  hpa h(hpa_at(50), 4);
  EXPECT_EQ(h.observe(15, 15, 36.0, 4, 10.0), 8);
  // The 4 new pods are not ready: on a scale-up they count at 0 %, 36 over 8 pods is 45 %,
  // ratio 0.9 < 1 — the direction flips, so the count stays 8.
  EXPECT_EQ(h.observe(30, 15, 36.0, 4, 10.0), 8);
  // Once ready: 45 % on 8 pods, ratio 0.9, within the tolerance: no change either.
  EXPECT_EQ(h.observe(45, 15, 36.0, 8, 10.0), 8);
}

TEST(Hpa, LargeScaleUpIsRateLimitedPerPeriod) {
  // 2 pods at 400 % (c = 1, demand 8) against 50 %: ⌈2 × 8⌉ = 16. Limits from 2 pods:
  // max(2 + 4, ⌈2 × 2⌉) = 6.
  hpa h(hpa_at(50), 2);
  EXPECT_EQ(h.observe(15, 15, 8.0, 2, 1.0), 6);
  // 15 s later the event at 15 s is no longer inside the 15 s period (Kubernetes counts
  // events strictly after now − period): the period starts from 6, max(10, 12) = 12. The
  // recommendation, with the 4 unready pods at 0 %: ⌊800/6⌋ = 133 %, ⌈6 × 2.66⌉ = 16.
  EXPECT_EQ(h.observe(30, 15, 8.0, 2, 1.0), 12);
  // From 12: ⌊800/12⌋ = 66 %, ⌈12 × 1.32⌉ = 16, under the limit of 24.
  EXPECT_EQ(h.observe(45, 15, 8.0, 2, 1.0), 16);
  // 800/16 = 50 %: on target.
  EXPECT_EQ(h.observe(60, 15, 8.0, 2, 1.0), 16);
  // The same in one 60 s step: its four syncs (15, 30, 45, 60 s) run in turn.
  hpa one(hpa_at(50), 2);
  EXPECT_EQ(one.observe(60, 60, 8.0, 2, 1.0), 16);
  // A 10 s step reaches no sync: nothing happens before 15 s.
  hpa early(hpa_at(50), 2);
  EXPECT_EQ(early.observe(10, 10, 8.0, 2, 1.0), 2);
  // max replicas 10: the second sync's 12 becomes 10, and 10 it stays.
  hpa capped(hpa_at(50, 1, 10), 2);
  EXPECT_EQ(capped.observe(60, 60, 8.0, 2, 1.0), 10);
}

TEST(Hpa, WithinTheToleranceNothingChanges) {
  // 4 pods at 54 % (c = 25, demand 54) against 50 %: ratio 1.08, |1 − 1.08| ≤ 0.1: no change,
  // however long it lasts. At 56 % (ratio 1.12): ⌈4 × 1.12⌉ = ⌈4.48⌉ = 5.
  hpa h(hpa_at(50), 4);
  for (int s = 15; s <= 3600; s += 15) ASSERT_EQ(h.observe(s, 15, 54.0, 4, 25.0), 4) << s;
  EXPECT_EQ(h.observe(3615, 15, 56.0, 4, 25.0), 5);
  // The same below the target: 46 % (ratio 0.92) keeps 4 pods.
  hpa low(hpa_at(50), 4);
  for (int s = 15; s <= 900; s += 15) ASSERT_EQ(low.observe(s, 15, 46.0, 4, 25.0), 4) << s;
}

TEST(Hpa, ScaleDownWaitsForTheStabilisationWindowThenTakesItsHighest) {
  // 8 pods, c = 10. Until 300 s at 50 % (demand 40): each sync recommends 8. From 315 s to
  // 450 s at 30 % (demand 24): ⌈8 × 0.6⌉ = ⌈4.8⌉ = 5. From 465 s at 20 % (demand 16):
  // ⌈8 × 0.4⌉ = ⌈3.2⌉ = 4.
  // Scale-down takes the highest recommendation of the last 300 s (syncs strictly after
  // now − 300): the last 8 was at 300 s, so the count holds at 8 through 585 s; at 600 s the
  // window (300, 600] holds 5s and 4s → 5. The default scale-down limit (100 % per 15 s) does
  // not bind.
  hpa h(hpa_at(50), 8);
  std::int64_t running = 8;
  auto demand_at = [](int s) { return s <= 300 ? 40.0 : s <= 450 ? 24.0 : 16.0; };
  for (int s = 15; s <= 585; s += 15) ASSERT_EQ(h.observe(s, 15, demand_at(s), running, 10.0), 8) << s;
  EXPECT_EQ(h.observe(600, 15, demand_at(600), running, 10.0), 5);
  running = 5;
  // On 5 pods, demand 16 is 32 %: ⌈5 × 0.64⌉ = ⌈3.2⌉ = 4. The last 5 was recommended at
  // 450 s, so 5 holds through 735 s and 4 comes at 750 s.
  for (int s = 615; s <= 735; s += 15) ASSERT_EQ(h.observe(s, 15, 16.0, running, 10.0), 5) << s;
  EXPECT_EQ(h.observe(750, 15, 16.0, running, 10.0), 4);
}

TEST(Hpa, PodsAndPercentPoliciesWithSelectPolicyMaxMinAndDisabled) {
  // 10 pods at 200 % (c = 1, demand 20) against 50 %: ⌈10 × 4⌉ = 40. Scale-up policies: 2
  // pods per 60 s and 50 % per 60 s: from 10, Pods allows 12 and Percent ⌈15⌉ = 15.
  hpa_policy p = hpa_at(50);
  p.scale_up.policies = {{hpa_policy_type::pods, 2, 60}, {hpa_policy_type::percent, 50, 60}};
  p.scale_up.select = hpa_select_policy::max;
  hpa most(p, 10);
  EXPECT_EQ(most.observe(15, 15, 20.0, 10, 1.0), 15);  // Max: the larger change
  p.scale_up.select = hpa_select_policy::min;
  hpa least(p, 10);
  EXPECT_EQ(least.observe(15, 15, 20.0, 10, 1.0), 12);  // Min: the smaller change
  // Within the 60 s period the +2 counts against it: the period started at 10, so 12 is
  // still the limit at 30, 45 and 60 s. At 75 s the event at 15 s falls out (75 − 60 = 15):
  // the period starts at 12, Pods allows 14 and Percent 18 → Min 14.
  for (int s = 30; s <= 60; s += 15) EXPECT_EQ(least.observe(s, 15, 20.0, 10, 1.0), 12) << s;
  EXPECT_EQ(least.observe(75, 15, 20.0, 10, 1.0), 14);
  p.scale_up.select = hpa_select_policy::disabled;
  hpa none(p, 10);
  for (int s = 15; s <= 600; s += 15) ASSERT_EQ(none.observe(s, 15, 20.0, 10, 1.0), 10) << s;

  // Scale-down: 10 pods at 10 % (demand 1) → ⌈10 × 0.2⌉ = 2; no window; 1 pod per 60 s.
  hpa_policy d = hpa_at(50);
  d.scale_down = {0, hpa_select_policy::max, {{hpa_policy_type::pods, 1, 60}}};
  hpa down(d, 10);
  EXPECT_EQ(down.observe(15, 15, 1.0, 10, 1.0), 9);
  for (int s = 30; s <= 60; s += 15) EXPECT_EQ(down.observe(s, 15, 1.0, 9, 1.0), 9) << s;
  EXPECT_EQ(down.observe(75, 15, 1.0, 9, 1.0), 8);
  // Percent down is truncated: 50 % per 15 s from 9 pods allows ⌊9 × 0.5⌋ = 4, from 4 → 2.
  // (9 pods at 10 % recommend ⌈9 × 0.2⌉ = 2; 4 pods at 22 % (demand 0.9): ⌈4 × 0.44⌉ = 2.)
  d.scale_down = {0, hpa_select_policy::max, {{hpa_policy_type::percent, 50, 15}}};
  hpa half(d, 9);
  EXPECT_EQ(half.observe(15, 15, 0.9, 9, 1.0), 4);
  EXPECT_EQ(half.observe(30, 15, 0.9, 4, 1.0), 2);
  d.scale_down.select = hpa_select_policy::disabled;
  hpa never(d, 9);
  for (int s = 15; s <= 600; s += 15) ASSERT_EQ(never.observe(s, 15, 0.9, 9, 1.0), 9) << s;
  // min replicas 3 stops the scale-down at 3.
  d.scale_down.select = hpa_select_policy::max;
  d.min_replicas = 3;
  hpa bounded(d, 9);
  EXPECT_EQ(bounded.observe(15, 15, 0.9, 9, 1.0), 4);
  EXPECT_EQ(bounded.observe(30, 15, 0.9, 4, 1.0), 3);
}

TEST(Hpa, WithoutReadyPodsThereIsNoMetricAndNoChange) {
  // The controller skips a sync without metrics (every pod still starting); pods being
  // deleted (ready above the desired count) do not count.
  hpa h(hpa_at(50), 3);
  for (int s = 15; s <= 300; s += 15) ASSERT_EQ(h.observe(s, 15, 100.0, 0, 1.0), 3);
  EXPECT_EQ(h.recommend(1.0, 5, 2, 1.0), 2);  // 2 pods at 50 %: on target
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
  autoscaler c(policy{hpa_at(50)}, 4);  // 4 pods at 90 %: 8, as in Hpa.ScaleUpToCeil…
  EXPECT_EQ(c.observe(15, 15, 36.0, 4, 10.0), 8);
}

}  // namespace
}  // namespace fleetcast::scaling
