#pragma once
// Private to lib/io: a replayed bill beside the options (`bill_comparison`, cost_digest.hpp) as
// the JSON of both simulate outputs (Monte Carlo and one trial): the key "actuals_baseline".
#include <cmath>

#include "fleetcast/io/cost_digest.hpp"
#include "json_reader.hpp"

namespace fleetcast::detail {

inline json bill_to_json(const bill_comparison& b) {
  auto number = [](double v) { return std::isfinite(v) ? json(v) : json(nullptr); };
  json rows = json::array();
  for (const auto& r : b.options)
    rows.push_back({{"option", r.option},
                    {"per_month", number(r.mean)},
                    {"range95_per_month", {number(r.lo), number(r.hi)}},
                    {"vs_paid_per_month", number(r.mean - b.paid_usd_per_month)}});
  return {{"paid_usd", number(b.paid_usd)},
          {"hours", number(b.hours)},
          {"first_hour", b.first_hour},
          {"paid_per_month", number(b.paid_usd_per_month)},
          {"at_catalog_per_month", number(b.at_catalog_usd_per_month)},
          {"as_is_option", b.as_is_option},
          {"as_is_description", b.description},
          {"as_is_per_month", number(b.as_is_usd_per_month)},
          {"tolerance_per_month", number(b.tolerance_usd_per_month)},
          {"as_is_ci95_half_per_month", number(b.as_is_ci95_half_usd_per_month)},
          {"as_is_within_tolerance", b.as_is_within_tolerance},
          {"options", std::move(rows)},
          {"range95", "2.5 % and 97.5 % of trials, per month (one trial: its cost)"},
          {"notes", b.notes},
          {"sentence", bill_sentence(b)}};
}

}  // namespace fleetcast::detail
