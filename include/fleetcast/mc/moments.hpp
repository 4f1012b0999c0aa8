#pragma once
/// @file
/// Mergeable running moments (count, mean, variance, min, max) and Student-t confidence
/// intervals for the mean.
///
/// Reproducibility: `add` is Welford's update and `merge` is the pairwise update of Chan,
/// Golub & LeVeque (1979), both a fixed sequence of +, −, ×, ÷ (the build forbids FMA
/// contraction). So the same values added in the same order, and the same blocks merged in the
/// same order, give identical bits on any thread count. Merging in a different order gives the
/// same statistics up to rounding (relative differences of order 1e-15), not the same bits.

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <limits>

namespace fleetcast::mc {

namespace detail {
/// Reads and restores private state for `fleetcast/mc/serialize.hpp`; defined there.
struct serial_access;
}  // namespace detail

/// A closed interval [lo, hi] of the quantity it bounds (same unit).
struct interval {
  double lo = 0.0;  ///< lower end
  double hi = 0.0;  ///< upper end
  friend bool operator==(const interval&, const interval&) = default;
};

/// Count, mean, sum of squared deviations (M2), min and max of a stream of values.
/// Every member is O(1) and noexcept except the confidence intervals, which evaluate a
/// Student-t quantile (Boost.Math, a few µs) and are meant for report or stopping time.
class moments {
 public:
  /// Adds one value (any unit; all values of one accumulator share it). Pre: x finite.
  /// O(1): one division, no allocation, no transcendental function.
  void add(double x) noexcept {
    assert(std::isfinite(x));
    ++n_;
    const double delta = x - mean_;
    mean_ += delta / static_cast<double>(n_);
    m2_ += delta * (x - mean_);  // >= 0: x − mean_ has the sign of delta
    min_ = std::min(min_, x);
    max_ = std::max(max_, x);
  }

  /// Adds the values another accumulator saw, as if they had been added here (Chan et al.:
  /// M2 = M2a + M2b + δ² na nb / n, δ = mean_b − mean_a). Deterministic: fixed operands in a
  /// fixed order. Merging an empty accumulator changes nothing; merging into an empty one
  /// copies. `a.merge(a)` is allowed. O(1).
  void merge(const moments& other) noexcept {
    const moments b = other;  // a copy, so self-merge reads the old values
    if (b.n_ == 0) return;
    if (n_ == 0) {
      *this = b;
      return;
    }
    const double na = static_cast<double>(n_);
    const double nb = static_cast<double>(b.n_);
    const double n = na + nb;
    const double delta = b.mean_ - mean_;
    mean_ += delta * (nb / n);
    m2_ += b.m2_ + delta * delta * (na * nb / n);
    n_ += b.n_;
    min_ = std::min(min_, b.min_);
    max_ = std::max(max_, b.max_);
  }

  /// Number of values added.
  [[nodiscard]] constexpr std::uint64_t count() const noexcept { return n_; }
  /// Arithmetic mean; 0 when empty.
  [[nodiscard]] constexpr double mean() const noexcept { return mean_; }
  /// Sample variance M2 / (n − 1) (unit²); 0 when n < 2.
  [[nodiscard]] constexpr double variance() const noexcept {
    return n_ < 2 ? 0.0 : m2_ / static_cast<double>(n_ - 1);
  }
  /// Sample standard deviation, sqrt(variance()); 0 when n < 2.
  [[nodiscard]] double stddev() const noexcept { return std::sqrt(variance()); }
  /// Standard error of the mean, stddev / sqrt(n); +infinity when n < 2 (no estimate of the
  /// spread yet, so a stopping rule on it can never fire early).
  [[nodiscard]] double standard_error() const noexcept {
    if (n_ < 2) return std::numeric_limits<double>::infinity();
    return std::sqrt(variance() / static_cast<double>(n_));
  }
  /// Smallest value added; +infinity when empty (the identity of min).
  [[nodiscard]] constexpr double min() const noexcept { return min_; }
  /// Largest value added; −infinity when empty (the identity of max).
  [[nodiscard]] constexpr double max() const noexcept { return max_; }

  /// Half-width of the two-sided confidence interval for the mean at `level` (e.g. 0.95):
  /// t_{(1+level)/2, n−1} × standard_error(), the Student t interval (exact for normal data,
  /// asymptotically right for any finite variance). +infinity when n < 2: the interval is
  /// undefined. Pre: 0 < level < 1. Evaluates a Boost.Math t quantile (in the compiled
  /// library, so this header stays free of Boost): call it at report or stopping time, not per
  /// value.
  [[nodiscard]] double ci_halfwidth(double level) const;
  /// `ci_halfwidth(0.95)`: t_{0.975, n−1} × standard error; +infinity when n < 2.
  [[nodiscard]] double ci95_halfwidth() const { return ci_halfwidth(0.95); }
  /// The 95 % confidence interval [mean − h, mean + h], h = ci95_halfwidth();
  /// [−infinity, +infinity] when n < 2.
  [[nodiscard]] interval ci95() const {
    const double h = ci95_halfwidth();
    return {mean_ - h, mean_ + h};
  }

  /// Field-by-field equality (bit-identity tests compare with std::bit_cast as well).
  friend constexpr bool operator==(const moments&, const moments&) = default;

 private:
  friend struct detail::serial_access;  // exact save/load (fleetcast/mc/serialize.hpp)

  std::uint64_t n_ = 0;
  double mean_ = 0.0;
  double m2_ = 0.0;  ///< sum of squared deviations from the mean, unit²
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
};

}  // namespace fleetcast::mc
