#pragma once
/// @file
/// Target tracking service autoscaling, as Application Auto Scaling does it for ECS services
/// (and, in spirit, the Kubernetes HPA), step by step:
///
/// - metric: average utilisation of the *running* tasks, U = 100 × demand / (running × c),
///   with demand in task capacity and c the capacity of one task;
/// - the high alarm fires after `out_datapoints` consecutive one-minute datapoints with
///   U > target; the low alarm after `in_datapoints` consecutive datapoints with
///   U < target × (1 − `in_margin`). AWS's guide: scale-in waits for utilisation "typically
///   more than 10 %" below the target and adds capacity "proportional to the metric"; the 3
///   and 15 datapoints are the alarms AWS creates for target tracking (formats.md §3.3);
/// - on the high alarm, desired = ⌈demand / (c × target)⌉, if that is more — and, within the
///   scale-out cooldown, only if it is also more than the count the cooldown's scale-out set
///   (AWS: "won't increase the desired capacity again unless either a larger scale out is
///   initiated or the cooldown period ends"; fidelity-facts §12); on the low alarm, outside
///   both cooldowns, desired = the same value, if that is less (never below min, never above
///   max). The proportional rule never scales in so far that U would exceed the target.
///
/// One datapoint per `datapoint_seconds` of simulated time; a step of any length counts as
/// ⌊step / datapoint_seconds⌋ datapoints (at least one). Deterministic: no randomness.

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace fleetcast::scaling {

/// A daily scheduled change of a service's min and max capacity.
struct scheduled_action {
  double hour = 0.0;  ///< hour of day, [0, 24)
  std::int64_t min_tasks = 0;
  std::int64_t max_tasks = 0;
};

/// The metric both policies track: average utilisation (%) of the running tasks; unbounded
/// when demand meets no running task.
[[nodiscard]] inline double utilisation_percent(double demand, std::int64_t running,
                                                double capacity_per_task) noexcept {
  return running > 0 ? 100.0 * demand / (double(running) * capacity_per_task)
                     : (demand > 0 ? INFINITY : 0.0);
}

/// How many one-minute datapoints a step of `step_s` seconds counts as (at least one).
[[nodiscard]] inline int datapoints_in(std::int64_t step_s, std::int64_t datapoint_s) noexcept {
  return int(std::max<std::int64_t>(1, step_s / datapoint_s));
}

struct target_tracking_policy {
  double target_percent = 70.0;  ///< in (0, 100]
  std::int64_t min_tasks = 1;
  std::int64_t max_tasks = 10;
  std::int64_t scale_out_cooldown_s = 300;
  std::int64_t scale_in_cooldown_s = 300;
  int out_datapoints = 3;
  int in_datapoints = 15;
  double in_margin = 0.10;
  std::int64_t datapoint_seconds = 60;
  bool disable_scale_in = false;
};

/// The autoscaler's state for one service. `desired()` is what the service should run; the
/// simulator starts and stops tasks to follow it.
class target_tracker {
 public:
  target_tracker(const target_tracking_policy& p, std::int64_t initial) : p_(p) {
    desired_ = std::clamp(initial, p_.min_tasks, p_.max_tasks);
  }

  [[nodiscard]] std::int64_t desired() const noexcept { return desired_; }

  /// A scheduled action: new min and max capacity; the desired count moves into them at once
  /// (as Application Auto Scaling does when a scheduled action changes the bounds).
  void set_bounds(std::int64_t min_tasks, std::int64_t max_tasks) noexcept {
    p_.min_tasks = min_tasks;
    p_.max_tasks = std::max(min_tasks, max_tasks);
    desired_ = std::clamp(desired_, p_.min_tasks, p_.max_tasks);
    forget_wants();
  }
  [[nodiscard]] const target_tracking_policy& policy() const noexcept { return p_; }

  /// Tasks that hold utilisation at the target for `demand`: ⌈demand / (c × target)⌉, clamped.
  [[nodiscard]] std::int64_t tasks_for(double demand, double capacity_per_task) const noexcept {
    const double per_task = capacity_per_task * p_.target_percent / 100.0;
    // A tiny tolerance keeps exact multiples (2.1 / 0.7 = 3) from rounding up to 4.
    const double need = std::ceil(demand / per_task - 1e-9);
    const auto n = need > 1e15 ? p_.max_tasks : std::int64_t(std::max(0.0, need));
    return std::clamp(n, p_.min_tasks, p_.max_tasks);
  }

  /// Observes one step ending at `now_s` (seconds from the start), lasting `step_s`, with the
  /// given demand and running tasks. Returns the new desired count.
  std::int64_t observe(std::int64_t now_s, std::int64_t step_s, double demand, std::int64_t running,
                       double capacity_per_task) noexcept {
    if (step_s != points_step_) {  // the step length rarely changes: divide once
      points_step_ = step_s;
      points_ = datapoints_in(step_s, p_.datapoint_seconds);
    }
    // Utilisation 100 d / (r c) against the alarms' thresholds, as demand thresholds that
    // change only with r and c: no division per step.
    if (running != thresholds_running_ || capacity_per_task != thresholds_capacity_) {
      thresholds_running_ = running;
      thresholds_capacity_ = capacity_per_task;
      const double full = double(running) * capacity_per_task / 100.0;  // demand at 1 %
      high_demand_ = p_.target_percent * full;
      low_demand_ = p_.target_percent * (1.0 - p_.in_margin) * full;
    }
    const bool high = running > 0 ? demand > high_demand_ : demand > 0;
    const bool low = running > 0 ? demand < low_demand_ : demand <= 0;
    // Without a branch: whether demand is above or below a threshold is as noisy as demand,
    // and a mispredicted branch here cost more than the rest of the step.
    high_ = (high_ + points_) & -int(high);
    low_ = (low_ + points_) & -int(low);
    // The wanted count (a division and a ceiling) only when an alarm is in alarm, and not when
    // the answer is known: `tasks_for` never decreases as demand grows, so once a demand
    // wanted <= desired_, every demand up to the boundary where it would want more does too
    // (and likewise downwards for >=): the same decisions, without the arithmetic.
    if (capacity_per_task != wants_capacity_) {
      wants_capacity_ = capacity_per_task;
      forget_wants();
    }
    // Most steps end here: no alarm has its datapoints, or the demand is one already seen to
    // want no change. The decisions themselves stay out of line, so that this much inlines
    // into the fleets' step loops.
    if (high_ >= p_.out_datapoints) {
      if (demand > wants_at_most_) scale_out(now_s, demand, capacity_per_task);
    } else if (!p_.disable_scale_in && low_ >= p_.in_datapoints && desired_ > p_.min_tasks &&
               demand < wants_at_least_ && (last_in_ < 0 || now_s - last_in_ >= p_.scale_in_cooldown_s) &&
               !in_out_cooldown(now_s)) {
      scale_in(now_s, demand, capacity_per_task);
    }
    return desired_;
  }

  /// Where `observe` decides next, over steps whose running count and capacity per task stay
  /// as given: `end` is the step `observe` would call a decision at (or `last` if none
  /// before it), `high` and `low` the alarms' datapoint counts after the steps before it.
  struct undecided {
    std::int64_t end;
    int high, low;
  };
  /// Scans steps first … last − 1 of `demand` (step j ends at (j + 1) × step_s seconds) with
  /// `running` tasks of capacity c: each counts its datapoints as `observe` does, until the
  /// first at which `observe` would scale out or in (or learn that the demand wants no
  /// change). Pure: `skip` then takes the counts, and `observe` on step `end` decides as it
  /// would have after observing every step before it. 16 to 48 steps at a time as bit masks
  /// (the alarms' runs of datapoints by shifts), no division (lib/scaling/target_tracking.cpp).
  [[nodiscard]] undecided scan(const double* demand, std::int64_t first, std::int64_t last, std::int64_t step_s,
                               std::int64_t running, double capacity_per_task) const noexcept;
  /// Takes the counts of a `scan` whose steps `observe` would not have decided at.
  void skip(const undecided& u) noexcept {
    high_ = u.high;
    low_ = u.low;
  }

 private:
  // The high alarm on a demand not yet known to want no more tasks (lib/scaling/
  // target_tracking.cpp, as the low alarm's).
  [[gnu::noinline]] void scale_out(std::int64_t now_s, double demand, double capacity_per_task) noexcept;
  // The low alarm, outside both cooldowns, on a demand not yet known to want no fewer tasks.
  [[gnu::noinline]] void scale_in(std::int64_t now_s, double demand, double capacity_per_task) noexcept;
  // The demands that want no more / no fewer than desired_ tasks, as far as they reach.
  [[nodiscard]] double most_wanting_at_most(double seen, double capacity_per_task) const noexcept;
  [[nodiscard]] double least_wanting_at_least(double seen, double capacity_per_task) const noexcept;
  [[nodiscard]] bool in_out_cooldown(std::int64_t now_s) const noexcept {
    return last_out_ >= 0 && now_s - last_out_ < p_.scale_out_cooldown_s;
  }
  // The known demands no longer tell anything once desired_, the bounds or c change.
  void forget_wants() noexcept {
    wants_at_most_ = -INFINITY;
    wants_at_least_ = INFINITY;
  }

  target_tracking_policy p_;
  std::int64_t desired_ = 0;
  int high_ = 0, low_ = 0;
  std::int64_t last_out_ = -1, last_in_ = -1;
  std::int64_t out_to_ = 0;  // the desired count the last scale-out set
  std::int64_t points_step_ = -1;  // the step length `points_` was computed for
  int points_ = 1;
  std::int64_t thresholds_running_ = -1;  // the running count the thresholds are for
  double thresholds_capacity_ = -1;
  double high_demand_ = 0, low_demand_ = 0;  // demand above / below which an alarm counts
  // The largest demand known to want at most desired_ tasks, and the smallest known to want
  // at least desired_ (for the present desired_, bounds and capacity per task); ∓inf: none.
  double wants_at_most_ = -INFINITY, wants_at_least_ = INFINITY;
  double wants_capacity_ = -1;
};

}  // namespace fleetcast::scaling
