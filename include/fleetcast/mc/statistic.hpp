#pragma once
/// @file
/// The accumulators the Monte Carlo engine keeps per output: `statistic` (moments + log
/// histogram, optionally every value) with its plain `summary`, and `paired`, the comparison of
/// an option against a baseline on the same scenarios (common random numbers).
///
/// Both merge deterministically: the same blocks merged in the same order give identical bits
/// (moments follow a fixed sequence of operations; histogram counts are integers; kept values
/// are appended, and every result computed from them depends only on the multiset).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>

#include "fleetcast/mc/exact_quantiles.hpp"
#include "fleetcast/mc/log_histogram.hpp"
#include "fleetcast/mc/moments.hpp"

namespace fleetcast::mc {

/// A plain report of one statistic; every value field is in the unit of the values added
/// (e.g. USD per scenario). Defaults describe "no data": count 0 and NaN elsewhere.
struct summary {
  static constexpr double no_data = std::numeric_limits<double>::quiet_NaN();
  std::uint64_t count = 0;   ///< number of values; 0 means every value field is NaN
  double mean = no_data;     ///< arithmetic mean
  double stddev = no_data;   ///< sample standard deviation (n − 1); 0 when n = 1
  double ci95_lo = no_data;  ///< Student t 95 % CI for the mean, lower end; −inf when n = 1
  double ci95_hi = no_data;  ///< upper end; +inf when n = 1
  double p50 = no_data;      ///< median: order statistic of rank ceil(0.50 n)
  double p90 = no_data;      ///< rank ceil(0.90 n)
  double p95 = no_data;      ///< rank ceil(0.95 n)
  double p99 = no_data;      ///< rank ceil(0.99 n)
  double cvar95 = no_data;   ///< mean of the largest 5 % (CVaR / expected shortfall at 95 %)
  double min = no_data;      ///< exact smallest value
  double max = no_data;      ///< exact largest value
  /// true: p50…cvar95 are exact order statistics; false: from the log histogram, within
  /// 0.05 % relative (1e-9 absolute for |v| < 1e-9) and never outside [min, max].
  bool exact_quantiles = false;
};

/// Moments and a log histogram of one output (e.g. an option's cost per scenario), plus every
/// value when asked for exact quantiles (up to a limit). All parts always see the same values.
class statistic {
 public:
  /// No limit on the kept values.
  static constexpr std::uint64_t unlimited = std::numeric_limits<std::uint64_t>::max();
  /// The default limit of kept values: 1,000,000 values = 8 MB (8 bytes each).
  static constexpr std::uint64_t default_exact_limit = 1'000'000;

  /// Moments and histogram only: memory grows with the range of the values (8 bytes per
  /// 0.1 % of range), not with their number; quantiles within 0.05 %.
  statistic() = default;
  /// keep_exact_quantiles: also keep every value (8 bytes each) for exact quantiles, as long
  /// as at most `exact_limit` values have been added; past it the kept values are freed and
  /// quantiles come from the histogram. Whether they are kept therefore depends only on the
  /// total count, never on how the values were split into blocks, threads or shards.
  explicit statistic(bool keep_exact_quantiles, std::uint64_t exact_limit = unlimited)
      : exact_limit_(exact_limit) {
    if (keep_exact_quantiles && exact_limit > 0) exact_.emplace();
  }

  /// Adds one value. Pre: v finite. O(1) (amortised when keeping values).
  void add(double v) {
    moments_.add(v);
    histogram_.add(v);
    if (exact_) {
      if (moments_.count() > exact_limit_) {
        exact_.reset();
      } else {
        exact_->add(v);
      }
    }
  }
  /// Adds another statistic's values. Values are kept only while every merged part kept them
  /// and the merged count is within both parts' limits: otherwise this one's are dropped (the
  /// summary then says exact_quantiles = false). `s.merge(s)` is allowed. O(buckets + kept
  /// values of other).
  void merge(const statistic& other) {
    const std::uint64_t limit = std::min(exact_limit_, other.exact_limit_);
    const bool keep = exact_ && other.exact_ && count() + other.count() <= limit;
    moments_.merge(other.moments_);
    histogram_.merge(other.histogram_);
    if (keep) {
      exact_->merge(*other.exact_);
      exact_limit_ = limit;
    } else {
      exact_.reset();
    }
  }
  /// Makes room for `n` kept values in all (nothing when values are not kept or `n` is over
  /// the limit, when they would be dropped): a run that knows its trial count reserves once
  /// instead of growing, so its peak memory is the values themselves.
  void reserve(std::uint64_t n) {
    if (exact_ && n <= exact_limit_) exact_->reserve(static_cast<std::size_t>(n));
  }
  /// The most values kept for exact quantiles (`unlimited` when not limited).
  [[nodiscard]] std::uint64_t exact_limit() const noexcept { return exact_limit_; }

  /// Number of values added.
  [[nodiscard]] std::uint64_t count() const noexcept { return moments_.count(); }
  [[nodiscard]] const mc::moments& moments() const noexcept { return moments_; }
  [[nodiscard]] const mc::log_histogram& histogram() const noexcept { return histogram_; }
  /// The kept values, or nullptr when not kept.
  [[nodiscard]] const mc::exact_quantiles* exact() const noexcept {
    return exact_ ? &*exact_ : nullptr;
  }

  /// The report: moments, Student t CI, p50/p90/p95/p99 and CVaR95 (exact when values are
  /// kept, else from the histogram), exact min and max. All NaN (count 0) when empty.
  /// Not thread-safe with itself when values are kept (the first query sorts them).
  /// O(buckets), plus O(n log n) for the first sort of kept values.
  [[nodiscard]] summary summarise() const {
    summary s;
    s.count = count();
    if (s.count == 0) return s;
    s.mean = moments_.mean();
    s.stddev = moments_.stddev();
    const interval ci = moments_.ci95();
    s.ci95_lo = ci.lo;
    s.ci95_hi = ci.hi;
    s.min = moments_.min();
    s.max = moments_.max();
    s.exact_quantiles = exact_.has_value();
    const auto fill = [&s](const auto& q) {
      s.p50 = q.quantile(0.50);
      s.p90 = q.quantile(0.90);
      s.p95 = q.quantile(0.95);
      s.p99 = q.quantile(0.99);
      s.cvar95 = q.tail_mean(0.95);
    };
    if (exact_) {
      fill(*exact_);
    } else {
      fill(histogram_);
    }
    return s;
  }

 private:
  friend struct detail::serial_access;  // exact save/load (fleetcast/mc/serialize.hpp)

  mc::moments moments_;
  mc::log_histogram histogram_;
  std::optional<mc::exact_quantiles> exact_;
  std::uint64_t exact_limit_ = unlimited;  ///< values are kept while count() <= this
};

/// An option compared with a baseline on the same scenarios: moments of the difference
/// d = option − baseline, and how often the option is strictly cheaper.
class paired {
 public:
  /// A plain report of the comparison, in the unit of the values (e.g. USD per scenario).
  /// Defaults describe "no data": count 0 and NaN elsewhere.
  struct summary {
    static constexpr double no_data = std::numeric_limits<double>::quiet_NaN();
    std::uint64_t count = 0;       ///< number of paired scenarios; 0 means the rest is NaN
    double mean_diff = no_data;    ///< mean of d = option − baseline
    double stddev_diff = no_data;  ///< sample standard deviation of d
    double ci95_lo = no_data;  ///< Student t 95 % CI for the mean of d, lower end; −inf if n = 1
    double ci95_hi = no_data;  ///< upper end; +inf when n = 1
    double prob_cheaper = no_data;     ///< share of scenarios with d < 0 (ties not cheaper)
    double prob_cheaper_lo = no_data;  ///< Wilson 95 % interval for prob_cheaper, lower end
    double prob_cheaper_hi = no_data;  ///< upper end
  };

  /// Adds one scenario's pair. Ties (equal values) do not count as cheaper.
  /// Pre: both finite. O(1).
  void add(double option_value, double baseline_value) noexcept {
    difference_.add(option_value - baseline_value);
    if (option_value < baseline_value) ++cheaper_;
  }
  /// Adds another comparison's pairs (deterministic as `moments::merge`). O(1).
  void merge(const paired& other) noexcept {
    const std::uint64_t cheaper = other.cheaper_;  // read before a self-merge changes it
    difference_.merge(other.difference_);
    cheaper_ += cheaper;
  }

  /// Number of pairs added.
  [[nodiscard]] std::uint64_t count() const noexcept { return difference_.count(); }
  /// Moments of d = option − baseline.
  [[nodiscard]] const mc::moments& difference() const noexcept { return difference_; }
  /// Number of pairs with option < baseline (strictly).
  [[nodiscard]] std::uint64_t cheaper_count() const noexcept { return cheaper_; }
  /// cheaper_count() / count(); NaN when empty.
  [[nodiscard]] double prob_cheaper() const noexcept {
    if (count() == 0) return std::numeric_limits<double>::quiet_NaN();
    return static_cast<double>(cheaper_) / static_cast<double>(count());
  }
  /// Wilson (1927) score interval for prob_cheaper at 95 %, z = Φ⁻¹(0.975): with p = k / n,
  /// (p + z²/2n ± z sqrt(p(1 − p)/n + z²/4n²)) / (1 + z²/n), clamped to [0, 1]. Unlike the
  /// normal (Wald) interval it stays inside [0, 1] and is not degenerate at p = 0 or 1.
  /// [0, 1] when empty.
  [[nodiscard]] interval prob_cheaper_wilson95() const;

  /// The report; all NaN (count 0) when empty. O(1) (two Boost.Math quantiles, in the compiled
  /// library).
  [[nodiscard]] summary summarise() const {
    summary s;
    s.count = count();
    if (s.count == 0) return s;
    s.mean_diff = difference_.mean();
    s.stddev_diff = difference_.stddev();
    const interval ci = difference_.ci95();
    s.ci95_lo = ci.lo;
    s.ci95_hi = ci.hi;
    s.prob_cheaper = prob_cheaper();
    const interval w = prob_cheaper_wilson95();
    s.prob_cheaper_lo = w.lo;
    s.prob_cheaper_hi = w.hi;
    return s;
  }

 private:
  friend struct detail::serial_access;  // exact save/load (fleetcast/mc/serialize.hpp)

  mc::moments difference_;
  std::uint64_t cheaper_ = 0;
};

}  // namespace fleetcast::mc
