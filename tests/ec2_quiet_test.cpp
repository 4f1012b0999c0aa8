// An EC2 option's quiet stretches (docs/simulator.md, "Quiet stretches on EC2"): steps where
// nothing happens but demand run from locals, and must add exactly what a step in full adds.
//   - a day where nothing ever happens, on sums computed by hand;
//   - stretches against steps in full (a run with a trace takes no stretch), bit for bit
//     (EXPECT_EQ on doubles, deliberately), over options where every kind of event happens.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "fleetcast/io/scenario_json.hpp"
#include "fleetcast/sim/simulate.hpp"

namespace fleetcast::sim {
namespace {

TEST(Ec2QuietSteps, ASteadyDayAddsUpByHand) {
  // 3 tasks of 512 CPU units / 1024 MiB (min = initial = max = 3) on ECS m6i.large (2 048 CPU
  // units, 2 awsvpc tasks each: 2 instances, 4 096 units paid), demand a flat 4 tasks: the
  // autoscaler wants ⌈4 / 0.7⌉ = 6, held at 3, so every step after the first is quiet.
  //   unserved: (4 − 3) tasks × 60 s × 1 440 steps = 86 400 task-seconds;
  //   utilisation: 3 × 512 / 4 096 = 0.375 at every step (sums of 0.375 are exact);
  //   task-hours: 3 × 24 = 72; the service's share as in CostAllocationSplitsInstancesByRequests:
  //   72 × (cpu_part / 4 + mem_part / 8), the parts of $0.096/h split in the ratio of Fargate's
  //   vCPU and GB prices (c = 2 × 0.0404784, m = 8 × 0.004446).
  scenario s;
  s.name = "steady";
  s.horizon = {1.0, 60};
  service sv;
  sv.name = "api";
  sv.task.cpu_units = 512;
  sv.task.memory_mib = 1024;
  sv.scaling.target_percent = 70;
  sv.scaling.min_tasks = 3;
  sv.scaling.max_tasks = 3;
  sv.initial_tasks = 3;
  sv.startup = {60, 60};
  sv.demand.base = 4.0;
  s.services.push_back(sv);
  option o;
  o.name = "ecs-ec2";
  o.on = platform::ecs;
  o.compute = compute_kind::ec2;
  o.instance_types = {"m6i.large"};
  o.root_volume_gib = 0;
  s.options.push_back(o);
  s.network.egress = egress_kind::none;
  const auto r = simulate_path(s, default_catalog(), 0);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].unserved_task_seconds, 86400.0);
  EXPECT_EQ(r[0].mean_utilisation, 0.375);
  EXPECT_NEAR(r[0].task_hours, 72.0, 1e-9);
  const double c = 2 * 0.0404784, m = 8 * 0.004446;
  const double cpu_part = 0.096 * c / (c + m), mem_part = 0.096 * m / (c + m);
  ASSERT_FALSE(r[0].allocation.empty());
  EXPECT_NEAR(r[0].allocation[0].usd, 72 * (cpu_part / 4 + mem_part / 8), 1e-9);
  EXPECT_NEAR(r[0].total_usd, 2 * 24 * 0.096, 1e-9);
}

// Three services (target tracking with a schedule, step scaling, an HPA) on EC2 options where
// every event of a step happens: start-ups ending, scale-out and scale-in, Spot notices
// (a 99 % monthly chance: a few a day), the cluster autoscaler's timers with DaemonSets, Karpenter's consolidation
// with and without consolidateAfter, ECS managed scaling's warm-up holds, Auto Mode.
const char* scenario_json = R"({
  "name": "quiet", "region": "us-east-1",
  "horizon": {"days": 1, "step_seconds": 60},
  "network": {"egress": "nat_gateway"},
  "services": [
    {"name": "api", "task": {"cpu": 512, "memory": 1024},
     "scaling": {"type": "target_tracking", "target_percent": 70, "min": 2, "max": 20, "initial": 3,
                 "scale_out_cooldown_s": 60, "scale_in_cooldown_s": 300,
                 "scheduled": [{"hour": 8, "min": 6, "max": 20}, {"hour": 20.5, "min": 2, "max": 10}]},
     "startup_seconds": {"min": 30, "max": 90},
     "demand": {"base": 2.0, "diurnal": {"amplitude": 0.5, "peak_hour": 15},
                "noise": {"cv": 0.1, "ar1": 0.9},
                "bursts": {"per_day": 1.0, "size_mean": 2.0, "duration_minutes": 20}}},
    {"name": "worker", "task": {"cpu": 1024, "memory": 4096},
     "scaling": {"type": "step", "adjustment_type": "PercentChangeInCapacity", "cooldown_s": 120,
                 "scale_out": {"threshold_percent": 70,
                               "steps": [{"lower": 0, "upper": 20, "adjustment": 10}, {"lower": 20, "adjustment": 50}]},
                 "scale_in": {"threshold_percent": 30, "datapoints": 10, "steps": [{"upper": 0, "adjustment": -10}]},
                 "min": 1, "max": 20, "initial": 3},
     "startup_seconds": {"min": 30, "max": 90},
     "demand": {"base": 6.0, "diurnal": {"amplitude": 0.5, "peak_hour": 15}, "noise": {"cv": 0.1, "ar1": 0.9}}},
    {"name": "web", "task": {"cpu": 256, "memory": 512},
     "scaling": {"type": "target_tracking", "target_percent": 70, "min": 2, "max": 20, "initial": 3},
     "startup_seconds": {"min": 30, "max": 90},
     "demand": {"base": 10.0, "diurnal": {"amplitude": 0.5, "peak_hour": 15}, "noise": {"cv": 0.1, "ar1": 0.9}},
     "hpa": {"target_percent": 60, "min": 2, "max": 30}}],
  "options": [
    {"name": "ecs-ec2", "platform": "ecs", "compute": "ec2", "instance_types": ["m6i.large", "m6i.xlarge"],
     "placement": "binpack:memory", "on_demand_base": 1, "spot_percent": 0},
    {"name": "ecs-ec2-spot", "platform": "ecs", "compute": "ec2", "instance_types": ["m6i.large", "c6i.xlarge", "r6i.large"],
     "placement": "spread", "on_demand_base": 1, "spot_percent": 60, "spot_interruptions_per_month": 0.99},
    {"name": "eks-karpenter", "platform": "eks", "compute": "ec2", "instance_types": ["m6i.large", "m6i.xlarge", "c6i.large"],
     "provisioner": "karpenter"},
    {"name": "eks-karpenter-spot", "platform": "eks", "compute": "ec2", "instance_types": ["m6i.large", "m6i.xlarge", "c6i.large"],
     "provisioner": "karpenter", "spot_percent": 100, "consolidate_after_seconds": 120, "spot_interruptions_per_month": 0.99},
    {"name": "eks-ca", "platform": "eks", "compute": "ec2", "instance_types": ["m6i.large", "m6i.xlarge"],
     "provisioner": "cluster_autoscaler", "spot_percent": 50, "daemonsets": {"cpu_millicores": 200, "memory_mib": 256}},
    {"name": "eks-auto", "platform": "eks", "compute": "auto_mode", "instance_types": ["m6i.large", "m6i.xlarge"]}],
  "monte_carlo": {"scenarios": 10, "seed": 42}
})";

void expect_same_result(const option_result& a, const option_result& b) {
  SCOPED_TRACE(a.option);
  EXPECT_EQ(a.total_usd, b.total_usd);
  ASSERT_EQ(a.lines.size(), b.lines.size());
  for (std::size_t k = 0; k < a.lines.size(); ++k) EXPECT_EQ(a.lines[k].usd, b.lines[k].usd) << a.lines[k].name;
  ASSERT_EQ(a.allocation.size(), b.allocation.size());
  for (std::size_t k = 0; k < a.allocation.size(); ++k) EXPECT_EQ(a.allocation[k].usd, b.allocation[k].usd) << a.allocation[k].name;
  EXPECT_EQ(a.usage.keys, b.usage.keys);
  EXPECT_EQ(a.usage.quantity, b.usage.quantity);
  EXPECT_EQ(a.instance_hours, b.instance_hours);
  EXPECT_EQ(a.binding_hours, b.binding_hours);
  EXPECT_EQ(a.task_hours, b.task_hours);
  EXPECT_EQ(a.unserved_task_seconds, b.unserved_task_seconds);
  EXPECT_EQ(a.unplaceable_tasks, b.unplaceable_tasks);
  EXPECT_EQ(a.spot_interruptions, b.spot_interruptions);
  EXPECT_EQ(a.mean_utilisation, b.mean_utilisation);
}

TEST(Ec2QuietSteps, StretchesAddWhatStepsInFullAdd) {
  const scenario s = parse_scenario(scenario_json, "quiet.json", default_catalog());
  std::int64_t interruptions = 0;
  for (std::uint64_t i = 0; i < 6; ++i) {
    std::int64_t rows = 0;
    const auto quiet = simulate_path(s, default_catalog(), i);
    const auto full = simulate_path(s, default_catalog(), i, [&](const trace_row&) { ++rows; });
    EXPECT_EQ(rows, std::int64_t(s.options.size() * s.services.size()) * s.horizon.steps());
    ASSERT_EQ(quiet.size(), full.size());
    for (std::size_t k = 0; k < quiet.size(); ++k) {
      expect_same_result(quiet[k], full[k]);
      interruptions += quiet[k].spot_interruptions;
    }
  }
  EXPECT_GT(interruptions, 0);  // the Spot path was taken
}

}  // namespace
}  // namespace fleetcast::sim
