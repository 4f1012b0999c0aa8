#pragma once
/// @file
/// `fleetcast commit apply`: an explicit hourly usage ledger with commitments (JSON, format in
/// the README), and the report of the commitments applied hour by hour.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fleetcast/billing/commitments.hpp"
#include "fleetcast/core/limits.hpp"
#include "fleetcast/mc/commitment_sweep.hpp"
#include "fleetcast/pricing/catalog.hpp"

namespace fleetcast {

/// Usage hour by hour and the commitments to apply to every hour.
struct commitment_ledger {
  std::vector<std::int64_t> hour;            ///< the hours' labels (`"hour"`), ascending
  std::vector<std::vector<usage_line>> usage;  ///< per hour
  std::vector<commitment> commitments;
};

/// Parses a ledger. Rates given in the file override the catalog; a missing rate comes from
/// `catalog` when it has one (EC2 Linux shared-tenancy on-demand and Spot, Fargate on-demand,
/// Savings Plan and RI offers for the term and payment of the file's first plan of that type);
/// otherwise the line must give it. Errors name the JSON pointer: input.1–12, and input.13 for
/// a limit of `limits` (depth, string bytes, ledger hours).
[[nodiscard]] commitment_ledger parse_commitment_ledger(std::string_view json_text, std::string_view source,
                                                        const price_catalog& catalog,
                                                        const input_limits& limits = {});

/// The commitments applied to every hour (`apply_commitments`).
[[nodiscard]] std::vector<hour_application> apply_ledger(const commitment_ledger& l);

/// `{"hours": [{"hour", "on_demand_equivalent", "covered_on_demand_equivalent",
/// "commitment_charge", "unused_commitment", "on_demand_charge", "total", "lines": [{"name",
/// "quantity", "on_demand_quantity", "covered": [{"commitment", "quantity",
/// "on_demand_equivalent", "spend"}]}]}], "total": {…the same sums…}, "commitments": [{"name",
/// "type", "hourly_charge", "used", "unused", "utilisation", "upfront_amortised"}],
/// "coverage"}`. Amounts in USD.
[[nodiscard]] std::string commitment_report_to_json(const commitment_ledger& l, const std::vector<hour_application>& r);
/// One row per hour and a total, then one row per commitment.
[[nodiscard]] std::string commitment_report_to_table(const commitment_ledger& l,
                                                     const std::vector<hour_application>& r);

/// `fleetcast commit optimize`: `{"option", "type", "term", "payment", "scenarios", "seed",
/// "hours_per_month" (730), "levels": [{"hourly_commitment", "savings": {"mean", "p5", "p50",
/// "p95", "stddev", "ci95"} (USD per trial), "per_month": {"commitment_usd",
/// "savings_mean_usd", "savings_p5_usd"}, "over_term": {"months", "commitment_usd",
/// "upfront_usd", "savings_mean_usd"}, "utilisation", "coverage"}], "best_mean": {...},
/// "best_p5": {...}, ["family", "family_source"] (ec2_instance_sp), "timing"}`.
[[nodiscard]] std::string sweep_to_json(const sim::scenario& s, const mc::sweep_result& r, bool timing = true);
/// `hourly_commitment,savings_mean,savings_p5,savings_p50,savings_p95,utilisation_mean,coverage_mean,
/// commitment_usd_per_month,savings_mean_usd_per_month` (months of 730 hours).
[[nodiscard]] std::string sweep_to_csv(const sim::scenario& s, const mc::sweep_result& r);
/// One row per level, the two best levels marked.
[[nodiscard]] std::string sweep_to_table(const sim::scenario& s, const mc::sweep_result& r);

}  // namespace fleetcast
