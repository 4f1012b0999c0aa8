#pragma once
/// @file
/// Commitment sizing under risk: one Savings Plan of a chosen type, term and payment, swept
/// over hourly commitment levels on the Monte Carlo scenarios of a scenario. Each scenario is
/// simulated once for the chosen option (without commitments); every level is then applied to
/// the same hourly usage (common random numbers across levels), so differences between levels
/// are the commitment's alone.

#include <cstdint>
#include <string>
#include <vector>

#include "fleetcast/billing/commitments.hpp"
#include "fleetcast/mc/statistic.hpp"
#include "fleetcast/pricing/catalog.hpp"
#include "fleetcast/sim/scenario.hpp"

namespace fleetcast::mc {

struct sweep_config {
  std::size_t option = 0;  ///< index of the option to size the plan for
  commitment_type type = commitment_type::compute_sp;  ///< compute_sp or ec2_instance_sp
  /// EC2 Instance SP: the family. Empty: the family holding at least 90 % of the option's
  /// On-Demand EC2 spend in the first min(64, scenarios) scenarios (input_error listing the
  /// families and their shares when none does, or when there is no such spend).
  std::string family;
  int term_years = 1;
  payment_option payment = payment_option::no_upfront;
  /// Hourly commitments to try (USD per hour). Empty: `grid_levels` + 1 evenly spaced from 0
  /// to `max_level`, or, when that is 0, to the highest hourly spend at plan rates seen in
  /// the first min(64, scenarios) scenarios.
  std::vector<double> levels;
  int grid_levels = 40;
  double max_level = 0;
  std::uint64_t scenarios = 1'000;
  std::uint64_t seed = 42;
  unsigned threads = 1;  ///< 0: one per usable core, `usable_cores()`; never changes the result
  std::uint64_t block_size = 128;
};

/// One level over all scenarios. Savings are against the same option with no commitment
/// (positive: the plan saves money), USD per scenario.
struct level_result {
  double level = 0;  ///< USD per hour
  statistic savings{true};
  statistic utilisation;  ///< used ÷ charged, 0–1
  statistic coverage;     ///< covered ÷ coverable on-demand equivalent, 0–1
};

struct sweep_result {
  sweep_config config;      ///< as run (levels, family filled in, threads resolved)
  bool family_from_fleet = false;  ///< the family was picked from the option's fleet
  double family_share = 1.0;  ///< then: its share of the pilot's On-Demand EC2 spend, 0.9–1
  std::uint64_t scenarios = 0;
  std::vector<level_result> levels;
  std::size_t best_mean = 0;  ///< the level with the highest mean savings (ties: the lower level)
  std::size_t best_p5 = 0;    ///< the level with the highest P5 savings (risk-averse)
  double wall_seconds = 0;
};

/// P5 of a level's savings (exact when the values are kept, else within 0.05 %); NaN if empty.
[[nodiscard]] double savings_p5(const level_result& l);

/// Runs the sweep. Throws `input_error` when the option cannot carry such a plan (an EC2
/// Instance SP on Fargate), the catalog lacks the plan's rates, the family is ambiguous, or
/// (levels not given) the pilot scenarios have no spend the plan covers, so that every level
/// would save exactly nothing.
[[nodiscard]] sweep_result sweep_commitment(const sim::scenario& s, const price_catalog& catalog,
                                            const sweep_config& config);

}  // namespace fleetcast::mc
