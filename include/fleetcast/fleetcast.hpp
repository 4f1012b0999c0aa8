#pragma once
/// @file
/// fleetcast's front door: your files (or a scenario) in, a monthly answer out — what each
/// deployment option costs per month with its uncertainty, which one is cheapest, and whether
/// its lead is real or within the noise. Link `fleetcast::fleetcast`.
///
/// This header is kept light (standard `<cstdint>`, `<string>`, `<vector>` and the error
/// types): a file that includes it compiles in about the time of one that includes `<vector>`,
/// `<string>` and `<map>` (`bench/header_cost.py` measures it). For the model itself —
/// building scenarios in code, the simulator, the engine, packing, readers and writers —
/// include `fleetcast/all.hpp` (or the layer headers under `fleetcast/`).
///
/// @code
/// fleetcast::evaluation_settings how;
/// how.trials = 2000;
/// const fleetcast::evaluation e = fleetcast::evaluate({"k8s/"}, how);  // a directory of manifests
/// std::cout << fleetcast::to_text(e);             // the verdict line, then one row per option
/// e.verdict.cheapest;  e.options[0].per_month.mean;  e.options[0].per_month.p90;
/// @endcode

#include <cstdint>
#include <string>
#include <vector>

#include "fleetcast/core/error.hpp"
#include "fleetcast/fwd.hpp"

namespace fleetcast {

namespace sim {
struct scenario;
}

/// How `evaluate` runs. Every field has a default that reads the scenario's own setting.
struct evaluation_settings {
  std::string region;         ///< empty: the scenario's region; otherwise a built-in region's prices
  std::uint64_t trials = 0;   ///< Monte Carlo trials; 0: the scenario's `monte_carlo.scenarios`
  std::uint64_t seed = 0;     ///< used when `seed_given`; otherwise the scenario's seed
  bool seed_given = false;
  unsigned threads = 0;       ///< 0: one per core the process may use
  std::string baseline;       ///< the option the others are compared with; empty: the first
};

/// A cost per month — 730 hours, the month of AWS's pricing calculator — over the trials, USD.
struct cost_per_month {
  double mean = 0;
  double ci95_low = 0, ci95_high = 0;  ///< the 95 % confidence interval of the mean
  double p50 = 0, p90 = 0, p95 = 0, p99 = 0;
};

/// One deployment option's answer.
struct option_outcome {
  std::string option;
  cost_per_month per_month;
  double utilisation_percent = 0;  ///< mean share of the paid CPU that tasks requested
  double idle_per_month = 0;       ///< USD per month paid for capacity no task requested
  /// Against the baseline, in the same trials: mean difference per month (negative: cheaper),
  /// its 95 % interval, and the share of trials in which this option is strictly cheaper.
  double vs_baseline_per_month = 0, vs_baseline_low = 0, vs_baseline_high = 0;
  double prob_cheaper = 0;
};

/// An option that cannot run the workload, and why.
struct unavailable_option {
  std::string option, reason;
};

/// The answer in one line: which option is cheapest and by how much, and how sure that is.
struct verdict_summary {
  std::string cheapest, runner_up;        ///< runner_up empty with a single option
  double difference_per_month = 0;        ///< runner-up minus cheapest, mean, USD per month
  double difference_percent = 0;          ///< of the runner-up's mean
  double prob_cheaper = 0;                ///< trials in which the cheapest is strictly cheaper
  double prob_cheaper_low = 0, prob_cheaper_high = 0;  ///< its 95 % Wilson interval
  bool within_simulation_noise = false;   ///< the paired difference's interval includes 0
  bool within_price_uncertainty = false;  ///< smaller than the uncertainty of estimated prices
  std::string sentence;                   ///< the verdict in plain words
};

/// What `evaluate` returns.
struct evaluation {
  std::string scenario;      ///< the scenario's name
  std::string region;
  double horizon_hours = 0;  ///< one trial's length
  std::uint64_t trials = 0;
  std::vector<option_outcome> options;  ///< in the scenario's order
  std::vector<unavailable_option> unavailable;
  verdict_summary verdict;
};

/// Evaluates `inputs`: one scenario file, or workload files and directories (Kubernetes
/// manifests, ECS task definitions) imported together as one application with every option
/// that can run it. Throws `input_error` / `io_error` (one line, stable id) for bad input.
[[nodiscard]] evaluation evaluate(const std::vector<std::string>& inputs, const evaluation_settings& how = {});

/// Evaluates a scenario built in code (checked by `sim::validate` first) against `catalog`.
[[nodiscard]] evaluation evaluate(const sim::scenario& s, const price_catalog& catalog,
                                  const evaluation_settings& how = {});

/// The verdict line, then one row per option ($/month, its interval, P90, utilisation, idle),
/// then the unavailable options with their reasons: at most 100 columns.
[[nodiscard]] std::string to_text(const evaluation& e);

}  // namespace fleetcast
