#pragma once
/// @file
/// Break-even demand: the options' mean cost as the whole demand is scaled up or down, and
/// the scales at which a Fargate option and an EC2 (or Auto Mode) option cost the same.

#include <cstdint>
#include <string>
#include <vector>

#include "fleetcast/pricing/catalog.hpp"
#include "fleetcast/sim/scenario.hpp"

namespace fleetcast::mc {

struct break_even_crossing {
  std::string a, b;   ///< a Fargate option and an EC2 option
  double scale = 0;   ///< the demand multiplier at which their mean costs meet (log-linear)
};

struct break_even_result {
  std::vector<double> scale;                   ///< demand multipliers, ascending
  std::vector<std::string> options;            ///< in the scenario's order
  std::vector<std::vector<double>> mean_cost;  ///< [option][scale], USD per scenario
  std::vector<break_even_crossing> crossings;
};

/// Runs `scenarios` Monte Carlo scenarios (same seed, common random numbers) at each demand
/// multiplier: every service's demand base and burst size × k, its min, initial and max tasks ×
/// k (rounded up). Services that replay a trace keep their trace's values (a multiplier would
/// need the trace rescaled: noted in the report). A crossing is reported between consecutive
/// multipliers where (Fargate − EC2) changes sign, interpolated linearly in log k.
[[nodiscard]] break_even_result break_even(const sim::scenario& s, const price_catalog& catalog,
                                           std::vector<double> scales, std::uint64_t scenarios,
                                           std::uint64_t seed, unsigned threads);

}  // namespace fleetcast::mc
