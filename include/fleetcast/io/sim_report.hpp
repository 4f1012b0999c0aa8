#pragma once
/// @file
/// Writers for one simulated path (`fleetcast simulate --scenarios 1`): a table, JSON, and
/// the per-step trace CSV.

#include <string>
#include <vector>

#include "fleetcast/sim/scenario.hpp"
#include "fleetcast/sim/simulate.hpp"

namespace fleetcast {

/// `{"scenario", "path", "seed", "options": [{"name", "total_usd", "lines": {...},
/// "task_hours", "instance_hours": {...}, "unserved_task_seconds", "spot_interruptions",
/// "mean_utilisation", "unplaceable_tasks", "binding_instance_hours": {resource: h},
/// "binding_share": {resource: 0–1} (EC2 options), "task_density": [...] (ECS on EC2)}]}`.
[[nodiscard]] std::string path_results_to_json(const sim::scenario& s, std::uint64_t path,
                                               const std::vector<sim::option_result>& r);
/// One row per option, aligned for a terminal.
[[nodiscard]] std::string path_results_to_table(const sim::scenario& s, std::uint64_t path,
                                                const std::vector<sim::option_result>& r);
/// The header of `--trace` and one row.
[[nodiscard]] std::string trace_csv_header();
[[nodiscard]] std::string trace_csv_row(const sim::trace_row& row);

}  // namespace fleetcast
