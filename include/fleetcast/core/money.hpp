#pragma once
/// @file
/// Money arithmetic: exact totals in double with compensated (Neumaier) summation, and the
/// invoice view that rounds each line to cents as AWS invoices do.

#include <cmath>
#include <cstdint>

namespace fleetcast {

/// Neumaier-compensated sum: the error does not grow with the number of terms, so summing a
/// million small charges gives the same cents as summing them exactly.
class compensated_sum {
 public:
  constexpr void add(double x) noexcept {
    const double t = sum_ + x;
    if (std::abs(sum_) >= std::abs(x)) {
      c_ += (sum_ - t) + x;
    } else {
      c_ += (x - t) + sum_;
    }
    sum_ = t;
  }
  constexpr compensated_sum& operator+=(double x) noexcept {
    add(x);
    return *this;
  }
  /// Merges another partial sum (order matters for bit-identity: merge in a fixed order).
  constexpr void merge(const compensated_sum& o) noexcept {
    add(o.sum_);
    c_ += o.c_;
  }
  [[nodiscard]] constexpr double value() const noexcept { return sum_ + c_; }

 private:
  double sum_ = 0.0;
  double c_ = 0.0;
};

/// Rounds a dollar amount to whole cents, half away from zero. The amount is first snapped to
/// whole nano-dollars, which removes binary representation noise (1.005 is stored as
/// 1.00499999…) without changing any amount that a price list can produce: prices have at most
/// 10 decimal places and quantities are whole seconds. Valid for |usd| < 9e9.
/// @return the amount in cents.
[[nodiscard]] inline std::int64_t round_to_cents(double usd) noexcept {
  const auto nano = static_cast<std::int64_t>(std::llround(usd * 1e9));
  const std::int64_t mag = nano < 0 ? -nano : nano;
  const std::int64_t cents = (mag + 5'000'000) / 10'000'000;
  return nano < 0 ? -cents : cents;
}

/// `round_to_cents` as dollars.
[[nodiscard]] inline double invoice_amount(double usd) noexcept {
  return static_cast<double>(round_to_cents(usd)) / 100.0;
}

}  // namespace fleetcast
