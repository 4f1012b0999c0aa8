#pragma once
/// @file
/// Writers for a Monte Carlo run (`fleetcast simulate --scenarios N`): JSON, a table for the
/// terminal, and a CSV with one row per option and statistic.

#include <string>

#include "fleetcast/mc/break_even.hpp"
#include "fleetcast/mc/engine.hpp"
#include "fleetcast/sim/scenario.hpp"

namespace fleetcast {

/// `{"scenario", "scenarios", "seed", "block_size", "horizon_days", "quantiles", "baseline",
/// "stopping": {...}, "profile", "demand_task_seconds": {…}, "options": [{"name", "cost": {count, mean, stddev, ci95: [lo, hi], p50,
/// p90, p95, p99, cvar95, min, max}, "cost_histogram": [[lo, hi, count], …] (the non-empty
/// buckets of the cost's log histogram, ascending), "lines": {name: {…}}, "unserved_task_seconds", "interruptions",
/// "task_hours", "utilisation", "unplaceable_tasks", "vs_baseline": {"baseline", "mean_diff",
/// "stddev_diff", "ci95", "prob_cheaper", "prob_cheaper_ci95"}, "binding_share": {resource:
/// {…}} (EC2 options: each binding resource's share of a path's instance-hours, 0–1),
/// "task_density": [{"service", "instance_type", "tasks_per_instance", "binds",
/// "without_eni_limit", "with_trunking"}] (ECS on EC2)}], "timing": {...}}`. Values that
/// do not exist (a CI from one scenario) are null. With `timing` false the "timing" key is
/// left out, so that runs can be compared byte for byte.
/// With `break_even`, a top-level `"break_even": {"scale": […], "mean_cost": {option: […]},
/// "crossings": [{"a", "b", "scale"}], "pairs": [{"a", "b", "kind" ("fargate_vs_ec2" or
/// "ecs_vs_eks"), "crossings": [k…], "cheaper_throughout": option or null,
/// "mean_running_at_1": {service: tasks}, "unit": "tasks" or "pods"}]}`.
[[nodiscard]] std::string mc_results_to_json(const sim::scenario& s, const mc::run_result& r, bool timing = true,
                                             const mc::break_even_result* break_even = nullptr);
/// One row per option: mean and its CI, percentiles, CVaR95, unserved demand, interruptions
/// and the paired comparison with the baseline; then the mean binding shares of the EC2
/// options and the ECS tasks per instance.
[[nodiscard]] std::string mc_results_to_table(const sim::scenario& s, const mc::run_result& r);
/// `option,metric,count,mean,stddev,ci95_lo,ci95_hi,p50,p90,p95,p99,cvar95,min,max,baseline,prob_cheaper`:
/// metrics cost, line:<name>, unserved_task_seconds, interruptions, task_hours, utilisation,
/// unplaceable_tasks, binding_share:<resource> (EC2 options), tasks_per_instance:<service>@<type>,
/// tasks_per_instance_without_eni_limit:…, tasks_per_instance_with_trunking:… (ECS on EC2:
/// static figures, count 1, the value in mean, min and max), and cost_minus_baseline (with
/// baseline and prob_cheaper filled in); a
/// first row with an empty option gives demand_task_seconds, the same for every option.
[[nodiscard]] std::string mc_results_to_csv(const sim::scenario& s, const mc::run_result& r);

}  // namespace fleetcast
