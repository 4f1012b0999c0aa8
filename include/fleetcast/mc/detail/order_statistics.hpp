#pragma once
/// @file
/// The rank and tail-size conventions shared by `log_histogram` and `exact_quantiles`, so that
/// both report the same order statistic and the same tail for a given q.

#include <cassert>
#include <cmath>
#include <cstdint>
#include <limits>

namespace fleetcast::mc::detail {

/// Slack for treating q·n as an integer: q is usually a decimal (0.07, 0.95) that a double
/// holds only to 2^-53 relative, so q·n may land a few ulps away from the intended integer
/// (0.07 × 100 = 7.000000000000001). Values within 4 ε n of an integer are taken as that
/// integer. Exact for n < 2^50.
[[nodiscard]] constexpr double rank_slack(std::uint64_t n) noexcept {
  return 4.0 * std::numeric_limits<double>::epsilon() * static_cast<double>(n);
}

/// The 1-based rank of the q-quantile among n values: ceil(q·n) clamped to [1, n], i.e. the
/// smallest order statistic x with empirical F(x) >= q; q <= 0 gives 1 (the minimum).
/// Pre: n >= 1, q not NaN. O(1).
[[nodiscard]] inline std::uint64_t quantile_rank(double q, std::uint64_t n) noexcept {
  assert(n >= 1 && !std::isnan(q));
  const double x = std::ceil(q * static_cast<double>(n) - rank_slack(n));
  if (!(x >= 1.0)) return 1;  // also catches NaN in release builds
  if (x >= static_cast<double>(n)) return n;
  return static_cast<std::uint64_t>(x);
}

/// How many of n values form the upper (1 − q) tail: m = (1 − q)·n, snapped to an integer
/// when within `rank_slack(n)` of one, clamped to [0, n]. May be fractional: the boundary
/// value then counts with weight m − floor(m). Pre: q not NaN. O(1).
[[nodiscard]] inline double tail_size(double q, std::uint64_t n) noexcept {
  assert(!std::isnan(q));
  const double nd = static_cast<double>(n);
  double m = nd * (1.0 - q);
  const double k = std::round(m);
  if (std::abs(m - k) <= rank_slack(n)) m = k;
  if (!(m >= 0.0)) return 0.0;  // also catches NaN in release builds
  return m > nd ? nd : m;
}

}  // namespace fleetcast::mc::detail
