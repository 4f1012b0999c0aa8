// The target tracker's scan ahead to its next decision (target_tracking.hpp), up to 48 steps
// at a time: each step's comparisons with the alarms' thresholds as one bit per step, the
// alarms' runs of consecutive datapoints by shifts and ANDs, and only at steps where an alarm
// is in alarm the comparison with the demand known to want no change. The same comparisons
// as `observe` makes, on the same doubles: the result is exact, not an estimate
// (tests/shared_work_test.cpp checks it against observing every step).
#include "fleetcast/scaling/target_tracking.hpp"

#include <algorithm>
#include <bit>
#include <climits>
#include <cmath>
#include <cstdint>
#include <limits>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace fleetcast::scaling {
namespace {

constexpr int chunk = 48;  // steps per mask: 64 bits less 16 for the runs carried in
constexpr int carried = 64 - chunk;

/// The steps of a chunk as bits (bit b: step first + b): above the high threshold, below the
/// low one.
struct step_bits {
  std::uint64_t high = 0, low = 0;
};

step_bits compare(const double* d, int n, double high_at, double low_at) {
  step_bits m;
  int b = 0;
#if defined(__SSE2__)
  // Two steps per instruction: cmpgt/cmplt are the scalar > and < (false on NaN).
  const __m128d hi = _mm_set1_pd(high_at), lo = _mm_set1_pd(low_at);
  for (; b + 2 <= n; b += 2) {
    const __m128d v = _mm_loadu_pd(d + b);
    m.high |= std::uint64_t(_mm_movemask_pd(_mm_cmpgt_pd(v, hi))) << b;
    m.low |= std::uint64_t(_mm_movemask_pd(_mm_cmplt_pd(v, lo))) << b;
  }
#endif
  for (; b < n; ++b) {
    m.high |= std::uint64_t(d[b] > high_at) << b;
    m.low |= std::uint64_t(d[b] < low_at) << b;
  }
  return m;
}

/// Bit b set where steps b − k + 1 … b are all set in `x` (a run of at least k ending at b).
std::uint64_t runs_of(std::uint64_t x, int k) {
  std::uint64_t r = x;  // runs of at least `len`
  int len = 1;
  for (; 2 * len <= k; len *= 2) r &= r << len;
  if (len < k) r &= r << (k - len);  // two runs of len, k − len apart, cover k
  return r;
}

/// `mask` (bit b: step b of the chunk) with `run` earlier steps set just below bit 0, shifted
/// up by `carried`: the run an alarm's count carries into the chunk (at most `carried` steps,
/// all a run of at most 16 needs).
std::uint64_t with_carry(std::uint64_t mask, int run) {
  const int c = std::min(run, carried);
  const std::uint64_t below = c == 0 ? 0 : ((std::uint64_t(1) << c) - 1) << (carried - c);
  return (mask << carried) | below;
}

/// An alarm's run (in steps) after the chunk's steps 0 … pos − 1 (0 <= pos < 64), from its
/// run before them: the run of set bits ending at pos − 1, continuing the run if it reaches
/// bit 0.
int run_after(std::uint64_t mask, int pos, int run) {
  if (pos == 0) return run;
  const std::uint64_t seen = (std::uint64_t(1) << pos) - 1;
  const std::uint64_t m = mask & seen;
  if (m == seen) return run + pos;
  return std::countl_one(m << (64 - pos));
}

}  // namespace

target_tracker::undecided target_tracker::scan(const double* demand, std::int64_t first, std::int64_t last,
                                               std::int64_t step_s, std::int64_t running,
                                               double capacity_per_task) const noexcept {
  const int points = step_s == points_step_ ? points_ : datapoints_in(step_s, p_.datapoint_seconds);
  // The thresholds and known demands exactly as `observe` has them for this running count
  // and capacity (the same expressions, so the same doubles; kept from the last step).
  const bool cached = running == thresholds_running_ && capacity_per_task == thresholds_capacity_;
  double high_at = high_demand_, low_at = low_demand_;
  if (!cached) {
    const double full = double(running) * capacity_per_task / 100.0;
    high_at = p_.target_percent * full;
    low_at = p_.target_percent * (1.0 - p_.in_margin) * full;
  }
  const bool known = capacity_per_task == wants_capacity_;
  const double at_most = known ? wants_at_most_ : -INFINITY;
  const double at_least = known ? wants_at_least_ : INFINITY;
  const bool may_scale_in = !p_.disable_scale_in && desired_ > p_.min_tasks;
  // The first time both cooldowns allow a scale-in.
  std::int64_t in_from = INT64_MIN;
  if (last_in_ >= 0) in_from = last_in_ + p_.scale_in_cooldown_s;
  if (last_out_ >= 0) in_from = std::max(in_from, last_out_ + p_.scale_out_cooldown_s);
  int high = high_, low = low_;

  // An alarm is in alarm at a step where its count reaches its datapoints: a run of
  // ⌈datapoints / points⌉ steps, counting those carried in (counts are whole runs × points
  // unless the step length changed; then, and for runs longer than the carry, step by step).
  // One datapoint per step is the rule (60 s steps): then runs are counts, without a division.
  const bool one_point = points == 1;
  const auto runs = [&](int count) { return one_point ? count : (count + points - 1) / points; };
  const int out_run = runs(p_.out_datapoints), in_run = runs(p_.in_datapoints);
  const bool by_masks = running > 0 && low_at <= high_at && points > 0 && p_.out_datapoints >= 1 &&
                        p_.in_datapoints >= 1 && out_run <= carried && in_run <= carried &&
                        (one_point || (high % points == 0 && low % points == 0));
  std::int64_t j = first;
  if (by_masks) {
    int high_run = one_point ? high : high / points, low_run = one_point ? low : low / points;
    // The first step whose end is at or after in_from (both cooldowns over).
    std::int64_t in_ok = first;
    if (in_from > (first + 1) * step_s) in_ok = first + (in_from - (first + 1) * step_s + step_s - 1) / step_s;
    // Chunks of 16 steps, then 32 and 48: a decision often comes within a few steps, and
    // a chunk compares all its steps.
    for (int size = 16; j < last; size = std::min(2 * size, chunk)) {
      const int n = int(std::min<std::int64_t>(size, last - j));
      const step_bits m = compare(demand + j, n, high_at, low_at);
      const std::uint64_t steps = (std::uint64_t(1) << n) - 1;  // n <= 48
      const std::uint64_t out_alarm = runs_of(with_carry(m.high, high_run), out_run) >> carried & steps;
      const std::uint64_t in_alarm = runs_of(with_carry(m.low, low_run), in_run) >> carried & steps;
      const std::int64_t ok = in_ok - j;  // from bit ok on, the cooldowns are over
      const std::uint64_t in_time = ok <= 0 ? ~std::uint64_t(0) : ok >= 64 ? 0 : ~std::uint64_t(0) << ok;
      // A high alarm in alarm decides on a demand above the known one; a low alarm (never at
      // the same step: its steps are below the low threshold) outside the cooldowns on one
      // below. Most chunks have no alarm in alarm: the known demands are compared only at
      // the steps that have, in order.
      std::uint64_t alarms = out_alarm | (may_scale_in ? in_alarm & in_time : 0);
      int pos = n;
      for (; alarms != 0; alarms &= alarms - 1) {
        const int b = std::countr_zero(alarms);
        const double d = demand[j + b];
        if ((out_alarm >> b & 1) != 0 ? d > at_most : d < at_least) {
          pos = b;
          break;
        }
      }
      high_run = run_after(m.high, pos, high_run);
      low_run = run_after(m.low, pos, low_run);
      j += pos;
      if (pos < n) break;
    }
    return {j, high_run * points, low_run * points};
  }
  for (; j < last; ++j) {  // step by step
    const double d = demand[j];
    const bool above = running > 0 ? d > high_at : d > 0;
    const bool below = running > 0 ? d < low_at : d <= 0;
    const int h = (high + points) & -int(above);
    const int l = (low + points) & -int(below);
    const bool out = h >= p_.out_datapoints;
    const bool out_decides = out & (d > at_most);
    const bool in_decides = !out & may_scale_in & (l >= p_.in_datapoints) & (d < at_least) & ((j + 1) * step_s >= in_from);
    if (out_decides | in_decides) break;
    high = h;
    low = l;
  }
  return {j, high, low};
}

// A decision that changes nothing still tells something: `tasks_for` never decreases as demand
// grows, so a demand that wants at most desired_ tasks shows that every smaller one does, and
// one that wants at least desired_ that every larger one does. Rather than the demand seen,
// the tracker keeps the farthest such demand: the boundary of ⌈d / (c × target)⌉ at desired_,
// from its closed form, then moved double by double to where `tasks_for` itself changes (so it
// is exact). Every later demand on the right side of it is then known without a decision.
// Falls back to the demand seen if the boundary is not within a few doubles of the guess.
namespace {
constexpr int boundary_tries = 32;
// The next double above / below x: std::nextafter, by the bits for positive finite x (the
// common case, without the library call).
double up(double x) {
  if (x > 0 && x < INFINITY) return std::bit_cast<double>(std::bit_cast<std::uint64_t>(x) + 1);
  return std::nextafter(x, INFINITY);
}
double down(double x) {
  if (x > 0 && x <= std::numeric_limits<double>::max()) return std::bit_cast<double>(std::bit_cast<std::uint64_t>(x) - 1);
  return std::nextafter(x, -INFINITY);
}
}  // namespace

double target_tracker::most_wanting_at_most(double seen, double capacity_per_task) const noexcept {
  if (desired_ >= p_.max_tasks) return INFINITY;  // no demand wants more than the maximum
  const double per_task = capacity_per_task * p_.target_percent / 100.0;
  double x = (double(desired_) + 1e-9) * per_task;
  if (!std::isfinite(x)) return seen;
  const auto fits = [&](double d) { return tasks_for(d, capacity_per_task) <= desired_; };
  int tries = 0;
  while (!fits(x) && tries++ < boundary_tries) x = down(x);
  while (fits(up(x)) && tries++ < boundary_tries) x = up(x);
  if (tries >= boundary_tries || !fits(x) || fits(up(x))) return seen;
  return std::max(x, seen);
}

double target_tracker::least_wanting_at_least(double seen, double capacity_per_task) const noexcept {
  if (desired_ <= p_.min_tasks) return -INFINITY;  // no demand wants fewer than the minimum
  const double per_task = capacity_per_task * p_.target_percent / 100.0;
  double x = (double(desired_ - 1) + 1e-9) * per_task;
  if (!std::isfinite(x)) return seen;
  const auto fits = [&](double d) { return tasks_for(d, capacity_per_task) >= desired_; };
  int tries = 0;
  while (!fits(x) && tries++ < boundary_tries) x = up(x);
  while (fits(down(x)) && tries++ < boundary_tries) x = down(x);
  if (tries >= boundary_tries || !fits(x) || fits(down(x))) return seen;
  return std::min(x, seen);
}

void target_tracker::scale_out(std::int64_t now_s, double demand, double capacity_per_task) noexcept {
  const std::int64_t want = tasks_for(demand, capacity_per_task);
  if (want <= desired_) wants_at_most_ = most_wanting_at_most(demand, capacity_per_task);
  // Within the cooldown only a larger scale-out than the one that started it.
  if (want > desired_ && (want > out_to_ || !in_out_cooldown(now_s))) {
    desired_ = want;
    out_to_ = want;
    last_out_ = now_s;
    high_ = 0;
    forget_wants();
  }
}

void target_tracker::scale_in(std::int64_t now_s, double demand, double capacity_per_task) noexcept {
  const std::int64_t want = tasks_for(demand, capacity_per_task);
  if (want >= desired_) wants_at_least_ = least_wanting_at_least(demand, capacity_per_task);
  if (want < desired_) {
    desired_ = want;
    last_in_ = now_s;
    low_ = 0;
    forget_wants();
  }
}

}  // namespace fleetcast::scaling
