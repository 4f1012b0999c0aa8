#pragma once
/// @file
/// A Monte Carlo run as its reports show it: summaries per option (`mc::summary`,
/// `mc::paired::summary`), not accumulators. One type for both sources: `summarise_run` builds
/// it from a run in memory, and the reader of `fleetcast simulate --format json` output (the
/// `fleetcast report RESULT.json` path) fills the same type; the HTML report renders it
/// (`render_html_report`). Figures that do not exist — a CI from one scenario, a field a JSON
/// result leaves out — are NaN, as a JSON null reads back.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fleetcast/io/cost_digest.hpp"
#include "fleetcast/mc/break_even.hpp"
#include "fleetcast/mc/engine.hpp"
#include "fleetcast/mc/statistic.hpp"
#include "fleetcast/sim/scenario.hpp"

namespace fleetcast {

/// One non-empty bucket of a cost's log histogram: [lo, hi) in USD and its scenario count.
struct mc_summary_bucket {
  double lo, hi, count;
};

/// A named statistic (a cost line).
struct mc_named_summary {
  std::string name;
  mc::summary s;
};

/// One commitment of an option: its utilisation (0–1) and unused USD per scenario.
struct mc_commitment_summary {
  std::string name;
  mc::summary utilisation, unused;
};

/// The paired comparison of an option with the baseline option.
struct mc_paired_summary : mc::paired::summary {
  std::string baseline;  ///< the baseline option's name
};

/// ECS on EC2: tasks of one service per empty instance of one type (`sim::task_density`).
struct mc_density_summary {
  std::string service, instance_type;
  std::string binds;  ///< "cpu", "memory" or "eni_slots": what sets `tasks_per_instance`
  double tasks_per_instance = mc::summary::no_data;
  double without_eni_limit = mc::summary::no_data;
  double with_trunking = mc::summary::no_data;  ///< NaN: the type has no trunking row, or not awsvpc
};

struct mc_option_summary {
  std::string name;
  mc::summary cost;                          ///< USD per scenario
  std::vector<mc_summary_bucket> histogram;  ///< the cost's non-empty buckets, ascending
  std::vector<mc_named_summary> lines;       ///< cost lines, by name in alphabetical order
  std::optional<mc::summary> unserved, interruptions;  ///< task-seconds; Spot interruptions
  std::optional<mc_paired_summary> vs;       ///< against the baseline
  std::vector<mc_commitment_summary> commitments;
  std::optional<mc::summary> coverage;  ///< with commitments: share of eligible usage covered
  /// EC2 options: per binding resource ("cpu", "empty", "eni_slots" or "pods", "memory"; by
  /// name in alphabetical order), its share of each scenario's instance-hours, 0–1.
  std::vector<mc_named_summary> binding;
  std::vector<mc_density_summary> density;  ///< ECS on EC2, in the result's order
};

/// The break-even sweep (`mc::break_even_result`) as reported.
struct mc_break_even_summary {
  std::vector<double> scale;
  /// Mean cost per option at each scale, by option name in alphabetical order.
  std::vector<std::pair<std::string, std::vector<double>>> mean_cost;
  std::vector<mc::break_even_crossing> crossings;
  /// Every compared pair, crossing or not (results written before pairs existed: empty);
  /// read back, `tasks_at_baseline` is by service name in alphabetical order.
  std::vector<mc::break_even_pair> pairs;
};

struct mc_run_summary {
  std::string scenario;
  std::string seed;  ///< as text: a 64-bit seed does not survive a trip through double
  std::string quantiles;  ///< "exact" or "log_histogram_0.05pct" (files before: "log_histogram_0.5pct")
  std::string baseline, profile;
  double scenarios = mc::summary::no_data, horizon_days = mc::summary::no_data,
         block_size = mc::summary::no_data;
  double target_rel_ci = mc::summary::no_data, worst_rel_ci = mc::summary::no_data;
  std::optional<bool> target_met;
  std::optional<mc::summary> demand;  ///< task-capacity-seconds per scenario
  double wall_seconds = mc::summary::no_data, threads = mc::summary::no_data;  ///< NaN without timing
  std::vector<mc_option_summary> options;
  std::optional<mc_break_even_summary> break_even;
  /// Monthly figures, the verdict and why (`digest_run`; the JSON's "per_month", "verdict",
  /// "cost_per_month", … keys); absent in results written without them.
  std::optional<run_digest> digest;
};

/// The summary of run `r` of scenario `s` — the same figures `mc_results_to_json` writes and
/// the JSON reader gets back, without the trip through text. `timing` fills `wall_seconds`
/// and `threads`; `break_even` the sweep; `digest` the monthly figures and the verdict.
/// O(options × (lines + histogram buckets)).
[[nodiscard]] mc_run_summary summarise_run(const sim::scenario& s, const mc::run_result& r, bool timing = true,
                                           const mc::break_even_result* break_even = nullptr,
                                           const run_digest* digest = nullptr);

}  // namespace fleetcast
