#pragma once
/// @file
/// The Spot interruption process: a constant hazard per Spot run (an EC2 instance or a
/// Fargate Spot task), notices drawn as times when a run launches, two minutes' warning, and
/// the earliest pending event so that a step with nothing due skips the scan.

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "fleetcast/core/random.hpp"

namespace fleetcast::sim::detail {

inline constexpr double never = std::numeric_limits<double>::infinity();
inline constexpr double spot_notice_s = 120;  // EC2 and Fargate Spot: two minutes' warning

/// Spot Instance Advisor buckets are the share of instances interrupted in a month; fleetcast
/// takes each bucket's midpoint (>20 %: 25 %; unknown: 10 %) as the probability over 30 days
/// and turns it into a constant hazard (an estimate: AWS publishes buckets, not rates).
inline double monthly_probability(const std::string& bucket) {
  if (bucket == "<5%") return 0.025;
  if (bucket == "5-10%") return 0.075;
  if (bucket == "10-15%") return 0.125;
  if (bucket == "15-20%") return 0.175;
  if (bucket == ">20%") return 0.25;
  return 0.10;
}

/// Per-second hazard of a monthly interruption probability p (0: none; 1: at once).
inline double hazard_per_second(double p_month) {
  if (p_month <= 0) return 0;
  if (p_month >= 1) return never;
  return -std::log1p(-p_month) / (30.0 * 86400.0);
}

/// When a Spot run launched at `from` gets its interruption notice.
inline double draw_notice(xoshiro256pp& g, double rate, double from) {
  if (rate <= 0) return never;
  if (rate == never) return from;
  return from + exponential(g, rate);
}

/// One fleet's notices: drawn from the fleet's own stream, with the earliest pending event
/// (a notice or, for Fargate, a stop) kept so that `due` is O(1) on a quiet step.
class spot_process {
 public:
  explicit spot_process(xoshiro256pp rng) : rng_(rng) {}

  /// The notice of a run launched at `at` with hazard `rate` (per second), now pending.
  double launch(double rate, double at) {
    const double n = notice(rate, at);
    expect(n);
    return n;
  }
  /// The notice of a run launched at `at`, for a caller that is rescanning (it `expect`s).
  double notice(double rate, double at) { return draw_notice(rng_, rate, at); }
  /// An event at `at` is pending.
  void expect(double at) { next_ = std::min(next_, at); }
  /// Whether an event falls due by `t1`: then the caller calls `rescan` and `expect`s every
  /// event still pending while it handles the due ones.
  [[nodiscard]] bool due(double t1) const { return next_ <= t1; }
  void rescan() { next_ = never; }
  /// The earliest pending event (`never`: none).
  [[nodiscard]] double next() const { return next_; }

 private:
  xoshiro256pp rng_;
  double next_ = never;
};

}  // namespace fleetcast::sim::detail
