#pragma once
/// @file
/// An invoice: line items with exact costs, the exact total (compensated sum) and the invoice
/// view, which rounds each line to cents and sums the rounded lines, as AWS invoices do.

#include <cstdint>
#include <string>
#include <vector>

#include "fleetcast/core/money.hpp"

namespace fleetcast {

struct invoice_line {
  std::string name;       ///< the user's name for the fleet entry ("api")
  std::string item;       ///< what is billed ("Fargate vCPU (Linux/x86_64)")
  double quantity = 0;    ///< in `unit`
  std::string unit;       ///< FOCUS-style unit: "vCPU-Hours", "GB-Hours", "Hours"
  double unit_price_usd = 0;  ///< per `unit` (cost = quantity × unit price, up to rounding)
  double cost_usd = 0;        ///< exact
  std::string detail;         ///< billed size, seconds per run, rounding applied, …

  [[nodiscard]] std::int64_t invoice_cents() const noexcept { return round_to_cents(cost_usd); }
  [[nodiscard]] double invoice_usd() const noexcept { return invoice_amount(cost_usd); }
};

struct invoice {
  std::vector<invoice_line> lines;

  /// Exact total: compensated sum of the unrounded lines.
  [[nodiscard]] double total_usd() const noexcept {
    compensated_sum s;
    for (const auto& l : lines) s.add(l.cost_usd);
    return s.value();
  }
  /// Sum of the lines rounded to cents, in cents (an exact integer).
  [[nodiscard]] std::int64_t invoice_total_cents() const noexcept {
    std::int64_t c = 0;
    for (const auto& l : lines) c += l.invoice_cents();
    return c;
  }
  [[nodiscard]] double invoice_total_usd() const noexcept {
    return static_cast<double>(invoice_total_cents()) / 100.0;
  }
};

}  // namespace fleetcast
