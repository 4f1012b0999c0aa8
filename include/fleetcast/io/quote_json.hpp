#pragma once
/// @file
/// The JSON form of a fleet to quote (`fleetcast quote`), and the invoice writers.

#include <string>
#include <string_view>

#include "fleetcast/billing/fleet_quote.hpp"
#include "fleetcast/core/limits.hpp"
#include "fleetcast/billing/invoice.hpp"

namespace fleetcast {

/// Parses a fleet (format in the README). Throws `input_error` naming the JSON pointer and
/// value of the first problem (input.13 for a limit of `limits`: depth, string bytes, fleet
/// lines). `source` names the text in syntax-error messages.
[[nodiscard]] fleet parse_fleet(std::string_view json_text, std::string_view source = "input",
                                const input_limits& limits = {});

/// `{"total_usd", "invoice_total_usd", "lines": [{"name", "item", "quantity", "unit",
/// "unit_price_usd", "cost_usd", "invoice_usd", "detail"}]}`, numbers with 17 significant
/// digits so they read back exactly.
[[nodiscard]] std::string invoice_to_json(const invoice& inv);
/// RFC 4180 CSV with a header row, one row per line and a final TOTAL row.
[[nodiscard]] std::string invoice_to_csv(const invoice& inv);
/// An aligned table for a terminal.
[[nodiscard]] std::string invoice_to_table(const invoice& inv);

}  // namespace fleetcast
