#pragma once
/// @file
/// `fleetcast actuals BILL... --scenario OUT.json`: a replayed bill (`billing/bill_workload.hpp`)
/// written as a scenario — one service per group the bill names, its demand a trace of vCPU in
/// use per minute beside the scenario, an "as-is" option that reproduces the bill and the other
/// options priced on the same demand — plus the bill's cost for `simulate` to compare with
/// (`"$actuals"`). docs/actuals.md, "Replay", gives the rules.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "fleetcast/billing/bill_workload.hpp"
#include "fleetcast/pricing/catalog.hpp"

namespace fleetcast {

struct bill_scenario_settings {
  replay_settings replay;
  /// Block length of the trace's circular block bootstrap, hours; 0: every trial replays the
  /// bill's hours as they were (then one trial is enough).
  double block_hours = 24;
  std::int64_t trials = 200;  ///< monte_carlo.scenarios (1 when block_hours is 0)
  std::uint64_t seed = 42;
};

/// The files of a replay: the scenario's JSON text and each trace (a name relative to the
/// scenario's folder, and its CSV text), and the tolerance derived for the as-is option.
struct bill_scenario_files {
  std::string scenario_json;
  std::vector<std::pair<std::string, std::string>> traces;
  double tolerance_usd = 0;
  /// The sentence the CLI prints on stderr: what was written and what it assumes.
  std::string summary;
};

/// Sizes the EC2 node slices (`settings.replay.utilisation` × the node's allocatable on its
/// platform, as fleetcast's packing counts it), dithers each hour's task-hours into whole tasks
/// per minute (an hour of 2.5 task-hours runs 3 tasks for 30 minutes and 2 for 30), and writes
/// the scenario. `stem` prefixes the trace files' names ("bill" → "bill.checkout-api.csv").
/// Throws `input_error` when a node type's slice is empty (utilisation too small).
[[nodiscard]] bill_scenario_files bill_to_scenario(bill_workload w, const price_catalog& catalog,
                                                   const bill_scenario_settings& settings, const std::string& stem);

/// The tolerance rule alone (also used by the tests): for the as-is option, over the horizon,
/// Σ over services of its task's on-demand price per hour × (Σ over hours of the whole-minute
/// rounding |m/60 − frac| + the one-step lag max(first, last tasks)/60), plus, with a Spot mix,
/// one task-hour per hour at the on-demand − Spot difference (the split of whole tasks between
/// providers), plus the memory a single task size implies beyond the bill's GB-hours, plus the
/// EKS cluster-hours the horizon bills beyond the bill's.
[[nodiscard]] double replay_tolerance_usd(const bill_workload& w, const price_catalog& catalog);

}  // namespace fleetcast
