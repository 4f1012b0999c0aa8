#pragma once
/// @file
/// `fleetcast actuals` output: the summary of bills read (`fleetcast/billing/actuals.hpp`) as
/// JSON, CSV (one row per category and region) or a table a finance reader reads.

#include <string>

#include "fleetcast/billing/actuals.hpp"

namespace fleetcast {

/// JSON: `rows`, `container_rows`, `not_container` {rows, billed_cost_usd}, `groups[]` (category,
/// region, unit, usage_quantity, billed_cost_usd, list_cost_usd, repriced_list_cost_usd, …),
/// `mismatches[]`, `regions_without_catalog[]`, `billed_by_option` (fleetcast's own bills).
[[nodiscard]] std::string actuals_to_json(const actuals_summary& s);
/// CSV: one row per (category, region, unit), then the not-container-related line.
[[nodiscard]] std::string actuals_to_csv(const actuals_summary& s);
/// The table: per category and region $ billed, $ at the bill's list prices, $ at fleetcast's
/// list prices and the difference; the mismatched prices; the rest of the bill.
[[nodiscard]] std::string actuals_to_table(const actuals_summary& s);

}  // namespace fleetcast
