#pragma once
/// @file
/// One scenario path end to end: demand → target tracking → task starts (with start-up
/// latency) and stops → placement (Fargate sizes, or the packing engine's online cluster with
/// instance launches and idle-instance termination) → per-second billing, for every option
/// over the same demand (common random numbers).
///
/// Spot interruptions arrive at a constant hazard per Spot instance (from the catalog's
/// interruption bucket) or Fargate Spot task, with two minutes' notice.
/// Not modelled yet (issue 4 continues): step and scheduled scaling, trace replay with block
/// bootstrap, per-hour usage ledgers for commitments.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "fleetcast/pricing/catalog.hpp"
#include "fleetcast/sim/scenario.hpp"

namespace fleetcast::sim {

struct cost_line {
  std::string name;  ///< compute_on_demand, compute_spot, storage, control_plane, auto_mode_fee
  double usd = 0;
};

struct option_result {
  std::string option;
  double total_usd = 0;
  std::vector<cost_line> lines;
  double task_hours = 0;                                       ///< billed task-hours
  std::vector<std::pair<std::string, double>> instance_hours;  ///< billed, by type
  double unserved_task_seconds = 0;  ///< Σ max(0, demand / capacity − ready tasks) × step
  std::int64_t spot_interruptions = 0;
  double mean_utilisation = 0;  ///< mean over steps of demand served / paid capacity (0–1)
  std::int64_t unplaceable_tasks = 0;  ///< tasks no instance type could hold (peak per step)
};

/// One row of `--trace`: a step of one option and service, after the step's scaling.
struct trace_row {
  std::int64_t t_s;  ///< the step's start
  const std::string* option;
  const std::string* service;
  double demand;
  std::int64_t desired;
  std::int64_t running;    ///< tasks launched and not stopped (serving or starting)
  std::int64_t instances;  ///< EC2 options: instances running; Fargate: 0
  /// Accrued cost at the step's end: finished runs as billed plus running ones by elapsed
  /// seconds (minimums not yet applied). Fargate: this service's; EC2: the option's compute.
  double cost_so_far;
};

/// Simulates path `index` of the scenario (demand drawn from stream(seed, index, demand,
/// service)). `trace`, if set, receives one row per step, option and service.
[[nodiscard]] std::vector<option_result> simulate_path(
    const scenario& s, const price_catalog& catalog, std::uint64_t index,
    const std::function<void(const trace_row&)>& trace = {});

}  // namespace fleetcast::sim
