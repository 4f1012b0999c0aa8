#pragma once
/// @file
/// A log-bucket histogram (the layout of DDSketch, Masson, Rim & Lee 2019) with a fixed bucket
/// layout, so that merging is exact and order-independent, and every quantile it reports is
/// within 0.05 % (relative) of the true order statistic (buckets 0.1 % wide).
///
/// Layout, independent of the data: relative accuracy a = 0.0005, γ = (1 + a) / (1 − a) ≈ 1.001;
/// bucket i of the positive side holds (γ^(i−1), γ^i] and reports 2γ^i / (γ + 1) = (1 − a) γ^i,
/// which is within a·v of every v in the bucket. Negative values use a mirrored side (bucket i
/// holds [−γ^i, −γ^(i−1))); values with |v| < 1e-9 go to a zero bucket reported as 0.
/// Counts are integers, so merging adds them exactly: any merge order gives an identical
/// histogram, and a merged histogram equals the one-pass histogram of the same values.

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
inline constexpr double hist_alpha = 0.0005;
/// ln γ = ln((1 + a) / (1 − a)) = 2 artanh(a) = 2 (a + a³/3 + a⁵/5 + a⁷/7 + …); for a = 0.0005
/// the terms after a⁷ are below 2^-53 of the sum.
inline constexpr double hist_log_gamma =
    2.0 * (hist_alpha + hist_alpha * hist_alpha * hist_alpha / 3.0 +
           hist_alpha * hist_alpha * hist_alpha * hist_alpha * hist_alpha / 5.0 +
           hist_alpha * hist_alpha * hist_alpha * hist_alpha * hist_alpha * hist_alpha *
               hist_alpha / 7.0);
/// Bucket indices of |v| in [1e-9, DBL_MAX] lie in [-20723, 709783]; the clamps keep a NaN or
/// infinite input (a precondition violation) from indexing out of range.
inline constexpr int hist_index_min = -21000;
inline constexpr int hist_index_max = 710000;
/// Buckets allocated on a side's first value: 256 × 8 B, about ±13 % around that value.
inline constexpr int hist_initial_buckets = 256;

/// Reads and restores private state for `fleetcast/mc/serialize.hpp`; defined there.
struct serial_access;

/// One side's counts: counts[k] is bucket offset + k. Grows (at least doubling) to cover new
/// indices, so after warm-up adding never allocates.
struct hist_side {
  std::vector<std::uint64_t> counts;
  int offset = 0;

  [[nodiscard]] int lo() const noexcept { return offset; }
  [[nodiscard]] int hi() const noexcept { return offset + static_cast<int>(counts.size()); }
  [[nodiscard]] std::uint64_t at(int i) const noexcept {
    return i >= lo() && i < hi() ? counts[static_cast<std::size_t>(i - offset)] : 0;
  }
  void add(int i, std::uint64_t c) {
    if (i < lo() || i >= hi()) cover(i, i + 1);
    counts[static_cast<std::size_t>(i - offset)] += c;
  }
  /// Makes [first, last) addressable. Amortised O(1) per new index: a growing side at least
  /// doubles.
  void cover(int first, int last) {
    if (counts.empty()) {
      const int mid = first + (last - first) / 2;
      const int half = hist_initial_buckets / 2;
      const int new_lo = std::max(hist_index_min, std::min(first, mid - half));
      const int new_hi = std::min(hist_index_max + 1, std::max(last, mid + half));
      counts.assign(static_cast<std::size_t>(new_hi - new_lo), 0);
      offset = new_lo;
      return;
    }
    if (first >= lo() && last <= hi()) return;
    const int size = hi() - lo();
    const int new_lo = first < lo() ? std::max(hist_index_min, std::min(first, lo() - size)) : lo();
    const int new_hi =
        last > hi() ? std::min(hist_index_max + 1, std::max(last, hi() + size)) : hi();
    std::vector<std::uint64_t> grown(static_cast<std::size_t>(new_hi - new_lo), 0);
    std::copy(counts.begin(), counts.end(),
              grown.begin() + static_cast<std::ptrdiff_t>(lo() - new_lo));
    counts.swap(grown);
    offset = new_lo;
  }
  /// Bucket range holding non-zero counts, [first, last); first == last when none.
  void used_range(int& first, int& last) const noexcept {
    std::size_t b = 0, e = counts.size();
    while (b < e && counts[b] == 0) ++b;
    while (e > b && counts[e - 1] == 0) --e;
    first = offset + static_cast<int>(b);
    last = offset + static_cast<int>(e);
  }
};
}  // namespace detail

/// A histogram of doubles in fixed log buckets: 0.05 % relative accuracy, exact merge.
/// Memory: 8 bytes per bucket between the smallest and largest magnitude seen on each side
/// (a factor 10 in range is 2,303 buckets, 18 KB; ±10 % around a mean is 200 buckets, 1.6 KB).
class log_histogram {
 public:
  /// a: reported quantiles are within a·|v| of the true order statistic v (|v| >= 1e-9).
  static constexpr double relative_accuracy = detail::hist_alpha;
  /// |v| below this counts in the zero bucket and is reported as 0 (absolute error < 1e-9).
  static constexpr double zero_threshold = 1e-9;

  /// Index i of the bucket (γ^(i−1), γ^i] holding magnitude m: ceil(ln m / ln γ), then moved
  /// by ±1 until `bucket_upper(i − 1) < m <= bucket_upper(i)` holds for the computed bounds,
  /// so a value exactly at a bound always lands in the bucket it closes, whatever the rounding
  /// of the logarithm. Pre: zero_threshold <= m <= DBL_MAX. O(1): one log, two or three exp.
  [[nodiscard]] static int bucket_index(double m) noexcept {
    double lo = 0, hi = 0;
    return bucket_index(m, lo, hi);
  }
  /// `bucket_index(m)`, also giving the bounds it computed for the bucket it returns:
  /// lo = bucket_upper(i − 1), hi = bucket_upper(i). Every m' with lo < m' <= hi has the same
  /// index (the bounds increase with i, so at most one bucket satisfies both).
  [[nodiscard]] static int bucket_index(double m, double& lo, double& hi) noexcept {
    const double r = std::ceil(std::log(m) / detail::hist_log_gamma);
    int i = !(r >= detail::hist_index_min) ? detail::hist_index_min
            : r > detail::hist_index_max   ? detail::hist_index_max
                                           : static_cast<int>(r);
    hi = bucket_upper(i);
    while (i < detail::hist_index_max && m > hi) hi = bucket_upper(++i);
    lo = bucket_upper(i - 1);
    while (i > detail::hist_index_min && m <= lo) {
      --i;
      hi = lo;
      lo = bucket_upper(i - 1);
    }
    return i;
  }
  /// Upper bound γ^i of positive bucket i, computed as exp(i ln γ) (+infinity past DBL_MAX).
  [[nodiscard]] static double bucket_upper(int i) noexcept {
    return std::exp(static_cast<double>(i) * detail::hist_log_gamma);
  }
  /// Value reported for positive bucket i: 2γ^i / (γ + 1) = (1 − a) γ^i.
  [[nodiscard]] static double bucket_representative(int i) noexcept {
    return (1.0 - relative_accuracy) * bucket_upper(i);
  }

  /// Adds one value (any sign). Pre: v finite (asserted in debug builds; in release a NaN or
  /// an infinity lands in an extreme bucket, without undefined behaviour, and the results are
  /// meaningless). O(1): one log and two or three
  /// exp; no allocation once the range of the data has been seen.
  void add(double v) {
    assert(std::isfinite(v));
    ++count_;
    min_ = std::min(min_, v);
    max_ = std::max(max_, v);
    if (v >= zero_threshold) {
      pos_.add(memo_index(v), 1);
    } else if (v <= -zero_threshold) {
      neg_.add(memo_index(-v), 1);
    } else {
      ++zero_;
    }
  }

  /// Adds another histogram's counts: exact, and order-independent (integers). `h.merge(h)`
  /// is allowed. O(buckets of `other`), plus one reallocation if its range exceeds ours.
  void merge(const log_histogram& other) {
    if (&other == this) {
      const log_histogram copy = other;
      merge(copy);
      return;
    }
    if (other.count_ == 0) return;
    count_ += other.count_;
    zero_ += other.zero_;
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
    merge_side(pos_, other.pos_);
    merge_side(neg_, other.neg_);
  }

  /// Number of values added.
  [[nodiscard]] std::uint64_t count() const noexcept { return count_; }
  /// Exact smallest value added; +infinity when empty.
  [[nodiscard]] double min() const noexcept { return min_; }
  /// Exact largest value added; −infinity when empty.
  [[nodiscard]] double max() const noexcept { return max_; }

  /// The q-quantile: the order statistic of rank ceil(q·n) (1-based; the smallest x with
  /// empirical F(x) >= q), reported as its bucket's representative clamped to [min(), max()].
  /// Rank 1 gives min() and rank n gives max() exactly. q <= 0 gives min(), q >= 1 max().
  /// Error: within a·|x| of the true order statistic x for |x| >= 1e-9, within 1e-9 otherwise.
  /// NaN when empty. Pre: q not NaN. O(buckets).
  [[nodiscard]] double quantile(double q) const noexcept {
    if (count_ == 0) return std::numeric_limits<double>::quiet_NaN();
    const std::uint64_t rank = detail::quantile_rank(q, count_);
    if (rank == 1) return min_;
    if (rank == count_) return max_;
    std::uint64_t seen = 0;
    double found = max_;
    for_each_count([&](double representative, std::uint64_t c) {
      seen += c;
      if (seen < rank) return true;
      found = representative;
      return false;
    });
    return clamp(found);
  }

  /// CVaR_q, the mean of the largest (1 − q)·n values (the expected shortfall beyond the
  /// q-quantile); when (1 − q)·n is fractional the boundary value counts with the fractional
  /// weight. Each value is replaced by its bucket representative clamped to [min(), max()]:
  /// the representatives preserve order, so the tail holds the same values as the exact one
  /// and the error is at most a × (weighted mean of |v| over the tail) + 1e-9, i.e. <= 0.05 %
  /// relative for positive data. q >= 1 (an empty tail) gives max(); q <= 0 the mean of all.
  /// NaN when empty. Pre: q not NaN. O(buckets).
  [[nodiscard]] double tail_mean(double q) const noexcept {
    if (count_ == 0) return std::numeric_limits<double>::quiet_NaN();
    const double m = detail::tail_size(q, count_);
    if (m == 0.0) return max_;
    double remaining = m;
    compensated_sum sum;
    for_each_count_descending([&](double representative, std::uint64_t c) {
      const double take = std::min(static_cast<double>(c), remaining);
      sum.add(take * clamp(representative));
      remaining -= take;
      return remaining > 0.0;
    });
    return sum.value() / m;
  }

  /// Calls f(lower, upper, count) for every non-empty bucket in increasing order of value;
  /// the zero bucket is (−1e-9, 1e-9), a positive bucket (γ^(i−1), γ^i], a negative one
  /// [−γ^i, −γ^(i−1)). For reports and plots. O(buckets).
  template <class F>
  void for_each_bucket(F&& f) const {
    for (int i = neg_.hi() - 1; i >= neg_.lo(); --i) {
      if (const std::uint64_t c = neg_.at(i)) f(-bucket_upper(i), -bucket_upper(i - 1), c);
    }
    if (zero_ != 0) f(-zero_threshold, zero_threshold, zero_);
    for (int i = pos_.lo(); i < pos_.hi(); ++i) {
      if (const std::uint64_t c = pos_.at(i)) f(bucket_upper(i - 1), bucket_upper(i), c);
    }
  }

  /// Same values seen, as far as the histogram can tell: same count, min, max and the same
  /// count in every bucket (however the storage grew). O(buckets).
  friend bool operator==(const log_histogram& a, const log_histogram& b) noexcept {
    return a.count_ == b.count_ && a.zero_ == b.zero_ && a.min_ == b.min_ && a.max_ == b.max_ &&
           same_counts(a.pos_, b.pos_) && same_counts(a.neg_, b.neg_);
  }

 private:
  friend struct detail::serial_access;  // exact save/load (fleetcast/mc/serialize.hpp)

  [[nodiscard]] double clamp(double v) const noexcept { return std::clamp(v, min_, max_); }

  /// bucket_index(m), remembering the last bucket's bounds: a magnitude in the same bucket as
  /// the one before (a cost line that is the same on every trial, a count that stays 0 or 1)
  /// costs two compares instead of a log and two exps.
  int memo_index(double m) noexcept {
    if (memo_lo_ < m && m <= memo_hi_) return memo_i_;
    memo_i_ = bucket_index(m, memo_lo_, memo_hi_);
    return memo_i_;
  }

  /// Calls f(representative, count) over non-empty buckets in increasing order of value
  /// until f returns false.
  template <class F>
  void for_each_count(F&& f) const {
    for (int i = neg_.hi() - 1; i >= neg_.lo(); --i) {
      if (const std::uint64_t c = neg_.at(i); c != 0 && !f(-bucket_representative(i), c)) return;
    }
    if (zero_ != 0 && !f(0.0, zero_)) return;
    for (int i = pos_.lo(); i < pos_.hi(); ++i) {
      if (const std::uint64_t c = pos_.at(i); c != 0 && !f(bucket_representative(i), c)) return;
    }
  }
  /// The same in decreasing order of value.
  template <class F>
  void for_each_count_descending(F&& f) const {
    for (int i = pos_.hi() - 1; i >= pos_.lo(); --i) {
      if (const std::uint64_t c = pos_.at(i); c != 0 && !f(bucket_representative(i), c)) return;
    }
    if (zero_ != 0 && !f(0.0, zero_)) return;
    for (int i = neg_.lo(); i < neg_.hi(); ++i) {
      if (const std::uint64_t c = neg_.at(i); c != 0 && !f(-bucket_representative(i), c)) return;
    }
  }

  static void merge_side(detail::hist_side& into, const detail::hist_side& from) {
    int first = 0, last = 0;
    from.used_range(first, last);
    if (first == last) return;
    into.cover(first, last);
    for (int i = first; i < last; ++i) {
      into.counts[static_cast<std::size_t>(i - into.offset)] += from.at(i);
    }
  }
  [[nodiscard]] static bool same_counts(const detail::hist_side& a,
                                        const detail::hist_side& b) noexcept {
    const int first = std::min(a.lo(), b.lo());
    const int last = std::max(a.hi(), b.hi());
    for (int i = first; i < last; ++i) {
      if (a.at(i) != b.at(i)) return false;
    }
    return true;
  }

  std::uint64_t count_ = 0;
  std::uint64_t zero_ = 0;  ///< values with |v| < zero_threshold
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
  detail::hist_side pos_;  ///< v >= zero_threshold, by bucket_index(v)
  detail::hist_side neg_;  ///< v <= −zero_threshold, by bucket_index(−v)
  // memo_index's last bucket (not part of the histogram's value: == and save ignore it).
  double memo_lo_ = std::numeric_limits<double>::infinity();
  double memo_hi_ = -std::numeric_limits<double>::infinity();
  int memo_i_ = 0;
};

}  // namespace fleetcast::mc
