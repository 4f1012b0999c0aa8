#pragma once
/// @file
/// A simulated bill in FOCUS 1.2 (FinOps Open Cost and Usage Specification): one CSV with
/// the 21 mandatory columns, the conditional columns a container bill uses (commitments,
/// pricing category, SKU, region, resource) and `x_` columns for the simulation, plus the
/// metadata JSON the specification asks for. Rules followed: formats.md §1 (UTC ISO 8601
/// periods, half-open; nulls as empty unquoted fields; ListCost = ListUnitPrice ×
/// PricingQuantity exactly as printed; discounts on the rows they apply to; a Purchase row per
/// commitment and period and an Unused row for what it left; for each commitment
/// Σ EffectiveCost of its Used and Unused rows = Σ BilledCost of its Purchase rows).

#include <cstdint>
#include <string>
#include <vector>

#include "fleetcast/pricing/catalog.hpp"
#include "fleetcast/sim/scenario.hpp"
#include "fleetcast/sim/simulate.hpp"

namespace fleetcast {

struct focus_options {
  bool daily = false;  ///< one row per day instead of per hour
  std::string billing_account_id = "000000000000";
  /// The simulation's t = 0, UTC: by default Monday 2026-01-05 plus the horizon's
  /// start_weekday days and start_hour hours.
  std::string start;
  std::string selection;  ///< how the path was chosen ("trial 0", "P90 of ecs-fargate"), for x_Selection
};

struct focus_bill {
  std::string csv;
  std::string metadata_json;
  std::size_t rows = 0;
};

/// The bill of one simulated path (`simulate_path`'s results) for every option.
[[nodiscard]] focus_bill path_to_focus(const sim::scenario& s, std::uint64_t path,
                                       const std::vector<sim::option_result>& results, const price_catalog& catalog,
                                       const focus_options& options = {});

/// One bill of several options, each billed at its own path (`path_to_focus` of a one-option
/// scenario, e.g. each option's percentile path of a Monte Carlo run), in the order given:
/// one header, every part's rows (their x_Option and x_Path say which), and the first part's
/// metadata with DataGenerator "Path" and "Selection" listing each option's. Pre: `parts`
/// not empty, each made by `path_to_focus` with the same options.
struct focus_part {
  std::string option;
  std::uint64_t path = 0;
  std::string selection;
  focus_bill bill;
};
[[nodiscard]] focus_bill merge_focus_bills(const std::vector<focus_part>& parts);

}  // namespace fleetcast
