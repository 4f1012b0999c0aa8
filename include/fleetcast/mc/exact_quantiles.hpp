#pragma once
/// @file
/// Exact quantiles and tail means from all values kept in memory: the reference for
/// `log_histogram`, and the choice when the per-scenario totals fit in memory (8 bytes per
/// value). Same rank and tail conventions as `log_histogram` (fleetcast/mc/detail/
/// order_statistics.hpp), so the two are directly comparable.

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "fleetcast/core/money.hpp"
#include "fleetcast/mc/detail/order_statistics.hpp"

namespace fleetcast::mc {

namespace detail {
/// Reads and restores private state for `fleetcast/mc/serialize.hpp`; defined there.
struct serial_access;
}  // namespace detail

/// Every value added, sorted on first query. Results depend only on the multiset of values,
/// never on the order of adds and merges.
///
/// Thread safety: the first query after an add or merge sorts the stored values in place
/// (a `mutable` cache), so unlike most const functions, `quantile` and `tail_mean` must not run
/// concurrently on the same object. Call `sort()` first to make later queries read-only.
class exact_quantiles {
 public:
  /// Adds one value. Pre: v finite (NaN would break the sort). Amortised O(1); allocates
  /// as the vector grows.
  void add(double v) {
    assert(std::isfinite(v));
    values_.push_back(v);
    sorted_ = false;
  }
  /// Appends another accumulator's values (in merge order). `e.merge(e)` is allowed.
  /// O(other.count()).
  void merge(const exact_quantiles& other) {
    if (other.values_.empty()) return;
    const std::size_t n = other.values_.size();  // read before a self-merge grows it
    // Grow geometrically: reserving exactly size + n copied the whole vector at every merge,
    // O(N²) over a run's blocks (a 10⁶-trial run spent more time in page faults than in three
    // of its options).
    if (values_.capacity() < values_.size() + n) values_.reserve(std::max(values_.size() + n, 2 * values_.capacity()));
    for (std::size_t i = 0; i < n; ++i) values_.push_back(other.values_[i]);
    sorted_ = false;
  }
  /// Reserves room for n values in total (avoids reallocation when n is known).
  void reserve(std::size_t n) { values_.reserve(n); }

  /// Number of values added.
  [[nodiscard]] std::uint64_t count() const noexcept { return values_.size(); }

  /// Sorts the stored values now; later queries do not modify the object until the next
  /// add or merge. O(n log n), or O(1) when already sorted.
  void sort() const {
    if (!sorted_) {
      std::sort(values_.begin(), values_.end());
      sorted_ = true;
    }
  }

  /// The order statistic of rank ceil(q·n) (1-based): the smallest x with empirical
  /// F(x) >= q. q <= 0 gives the minimum, q >= 1 the maximum. NaN when empty.
  /// Pre: q not NaN. O(1) after the first query's sort (O(n log n)).
  [[nodiscard]] double quantile(double q) const {
    if (values_.empty()) return std::numeric_limits<double>::quiet_NaN();
    sort();
    return values_[static_cast<std::size_t>(detail::quantile_rank(q, count()) - 1)];
  }

  /// CVaR_q: the mean of the largest m = (1 − q)·n values; when m is fractional the value
  /// just below them counts with weight m − floor(m). q >= 1 (an empty tail) gives the
  /// maximum; q <= 0 the mean of all values. Compensated summation. NaN when empty.
  /// Pre: q not NaN. O(m) after the first query's sort (O(n log n)).
  [[nodiscard]] double tail_mean(double q) const {
    if (values_.empty()) return std::numeric_limits<double>::quiet_NaN();
    sort();
    const std::size_t n = values_.size();
    const double m = detail::tail_size(q, count());
    if (m == 0.0) return values_.back();
    const auto whole = static_cast<std::size_t>(std::floor(m));
    compensated_sum sum;
    for (std::size_t k = 0; k < whole; ++k) sum.add(values_[n - 1 - k]);
    const double fraction = m - static_cast<double>(whole);
    if (fraction > 0.0) sum.add(fraction * values_[n - 1 - whole]);  // whole < m <= n
    return sum.value() / m;
  }

  /// Every value, sorted ascending (sorts first, like `quantile`). O(n log n) the first time.
  [[nodiscard]] const std::vector<double>& sorted_values() const {
    sort();
    return values_;
  }

  /// Smallest value; +infinity when empty. O(n) unless sorted.
  [[nodiscard]] double min() const noexcept {
    if (values_.empty()) return std::numeric_limits<double>::infinity();
    return sorted_ ? values_.front() : *std::min_element(values_.begin(), values_.end());
  }
  /// Largest value; −infinity when empty. O(n) unless sorted.
  [[nodiscard]] double max() const noexcept {
    if (values_.empty()) return -std::numeric_limits<double>::infinity();
    return sorted_ ? values_.back() : *std::max_element(values_.begin(), values_.end());
  }

 private:
  friend struct detail::serial_access;  // exact save/load (fleetcast/mc/serialize.hpp)

  mutable std::vector<double> values_;  ///< sorted ascending when sorted_
  mutable bool sorted_ = true;          ///< an empty vector is sorted
};

}  // namespace fleetcast::mc
