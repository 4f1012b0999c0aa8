#pragma once
/// @file
/// Writers for a Monte Carlo run (`fleetcast simulate --scenarios N`): JSON, a table for the
/// terminal, and a CSV with one row per option and statistic.

#include <string>

#include "fleetcast/io/cost_digest.hpp"
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
///
/// With `digest` (`digest_run`), also: per option "cost_per_month" {mean, ci95, p50, p90, p95,
/// p99} (USD per 730-hour month), "allocation_per_month" {share: mean USD}, "idle_per_month",
/// "constraints" [{kind, sentence, saving_per_month, saving_per_month_ci95}],
/// "unconfirmed_prices"; top-level "per_month" {hours_per_month, horizon_hours, factor, basis},
/// "verdict" {cheapest, cheapest_per_month, runner_up, difference_per_month,
/// difference_per_month_ci95, difference_percent, prob_cheaper, prob_cheaper_ci95,
/// prob_cheaper_interval, within_simulation_noise, within_price_noise, price_noise_percent,
/// unconfirmed_prices, sentence} and "not_generated" [{option, reason}].
[[nodiscard]] std::string mc_results_to_json(const sim::scenario& s, const mc::run_result& r, bool timing = true,
                                             const mc::break_even_result* break_even = nullptr,
                                             const run_digest* digest = nullptr);
/// One row per option: mean and its CI, percentiles, CVaR95, unserved demand, interruptions
/// and the paired comparison with the baseline; then the mean binding shares of the EC2
/// options and the ECS tasks per instance.
[[nodiscard]] std::string mc_results_to_table(const sim::scenario& s, const mc::run_result& r);
/// The break-even sweep as `fleetcast simulate --break-even` prints it after the table: each
/// option's mean cost per month (`per_month`: the factor from a trial's horizon to 730 hours)
/// at every demand scale, over `trials` trials, then each pair's crossing or "no crossing".
[[nodiscard]] std::string break_even_to_table(const mc::break_even_result& be, std::uint64_t trials,
                                              double per_month);
/// The table a reader sees first, at most 100 columns wide: the run's basis (730-hour
/// months), the verdict, one row per option ($/month, its CI half-width, p90 $/month, the mean
/// per trial, utilisation, idle $/month, vs the baseline in $/month), then why (the
/// per-service split, binding constraints with what they cost) and the options that were not
/// simulated. `wide`: the verdict, the table of every statistic (as above, with a $/month
/// column) and the why section.
[[nodiscard]] std::string mc_results_to_table(const sim::scenario& s, const mc::run_result& r, const run_digest& d,
                                              bool wide = false);
/// `option,metric,count,mean,stddev,ci95_lo,ci95_hi,p50,p90,p95,p99,cvar95,min,max,baseline,prob_cheaper`:
/// metrics cost, line:<name>, unserved_task_seconds, interruptions, task_hours, utilisation,
/// unplaceable_tasks, binding_share:<resource> (EC2 options), tasks_per_instance:<service>@<type>,
/// tasks_per_instance_without_eni_limit:…, tasks_per_instance_with_trunking:… (ECS on EC2:
/// static figures, count 1, the value in mean, min and max), and cost_minus_baseline (with
/// baseline and prob_cheaper filled in); a
/// first row with an empty option gives demand_task_seconds, the same for every option.
/// With `digest`: per option cost_per_month (mean, ci95, p50…p99 in USD per 730-hour month)
/// and allocation_per_month:<share> (mean), and a last row verdict_difference_per_month
/// (option: the runner-up, baseline: the cheapest, prob_cheaper: the cheapest is cheaper).
[[nodiscard]] std::string mc_results_to_csv(const sim::scenario& s, const mc::run_result& r,
                                            const run_digest* digest = nullptr);

}  // namespace fleetcast
