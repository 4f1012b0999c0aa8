#pragma once
/// @file
/// Break-even demand: the options' mean cost as the whole demand is scaled up or down, and,
/// for every pair worth comparing, the scales at which the two cost the same (or that they
/// never do in the range, and which one is cheaper throughout).

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "fleetcast/pricing/catalog.hpp"
#include "fleetcast/sim/scenario.hpp"

namespace fleetcast::mc {

struct break_even_crossing {
  std::string a, b;  ///< the pair's two options (as in `break_even_pair`)
  double scale = 0;  ///< the demand multiplier at which their mean costs meet (log-linear)
};

/// One pair of options compared over the sweep.
struct break_even_pair {
  std::string a, b;  ///< a: the Fargate option (or the ECS one); b: the EC2 one (or the EKS one)
  /// Why they are compared: "fargate_vs_ec2" (same orchestrator; EC2 includes Auto Mode) or
  /// "ecs_vs_eks" (same compute).
  std::string kind;
  std::vector<double> crossings;  ///< demand multipliers where the cheaper one changes, ascending
  /// With no crossing: the option cheaper at every multiplier ("" if they tie somewhere).
  std::string cheaper_throughout;
  /// Mean running tasks (pods on EKS) per service at × 1 for option a, over the first paths
  /// of the sweep: a crossing at × k means about k times these. By service, scenario order.
  std::vector<std::pair<std::string, double>> tasks_at_baseline;
  std::string task_word;  ///< "tasks" (ECS) or "pods" (EKS), for option a
};

struct break_even_result {
  std::vector<double> scale;                   ///< demand multipliers, ascending
  std::vector<std::string> options;            ///< in the scenario's order
  std::vector<std::vector<double>> mean_cost;  ///< [option][scale], USD per scenario
  std::vector<break_even_crossing> crossings;  ///< every pair's crossings, pair by pair
  std::vector<break_even_pair> pairs;          ///< every compared pair, crossing or not
};

/// The pairs worth comparing, as indices (a, b) into s.options: on each orchestrator (ECS,
/// EKS) every Fargate option with every EC2 or Auto Mode option; and every ECS option with
/// every EKS option on the same compute (Fargate with Fargate, EC2 with EC2, …). O(options²).
[[nodiscard]] std::vector<std::pair<std::size_t, std::size_t>> break_even_pairs(
    const sim::scenario& s);

/// The scenario with every service's demand base and burst size × k, its min, initial and
/// max tasks × k (rounded up). Services that replay a trace keep their trace's values.
[[nodiscard]] sim::scenario scale_demand(const sim::scenario& s, double k);

/// Runs `scenarios` Monte Carlo scenarios (same seed, common random numbers) at each demand
/// multiplier of `scale_demand`. For each pair of `break_even_pairs`, a crossing is reported
/// between consecutive multipliers where (a − b) changes sign, interpolated linearly in log k
/// (at a multiplier itself when the difference is exactly 0 there).
[[nodiscard]] break_even_result break_even(const sim::scenario& s, const price_catalog& catalog,
                                           std::vector<double> scales, std::uint64_t scenarios,
                                           std::uint64_t seed, unsigned threads);

}  // namespace fleetcast::mc
