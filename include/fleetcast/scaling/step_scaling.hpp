#pragma once
/// @file
/// Step scaling, as Application Auto Scaling does it: an alarm on the service's utilisation
/// (the same metric as target tracking) fires after `datapoints` consecutive one-minute
/// datapoints beyond its threshold; the step whose interval contains the breach (metric minus
/// threshold, bounds relative to the threshold, lower inclusive) gives the adjustment —
/// a change in capacity, a percent change (rounded away from zero, at least one task), or an
/// exact capacity. One cooldown separates scaling activities.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "fleetcast/scaling/target_tracking.hpp"

namespace fleetcast::scaling {

enum class adjustment_type { change_in_capacity, percent_change_in_capacity, exact_capacity };

struct step_adjustment {
  double lower = -std::numeric_limits<double>::infinity();  ///< breach ≥ lower
  double upper = std::numeric_limits<double>::infinity();   ///< breach < upper
  double adjustment = 0;  ///< tasks, percent or exact count by the adjustment type
};

struct step_alarm {
  double threshold_percent = 70;
  int datapoints = 3;
  bool above = true;  ///< fire when utilisation > threshold (scale-out) or < (scale-in)
  std::vector<step_adjustment> steps;
};

struct step_scaling_policy {
  std::int64_t min_tasks = 1, max_tasks = 10;
  std::int64_t cooldown_s = 300;
  adjustment_type type = adjustment_type::change_in_capacity;
  std::int64_t datapoint_seconds = 60;
  std::vector<step_alarm> alarms;  ///< usually one above (scale-out), one below (scale-in)
};

class step_scaler {
 public:
  step_scaler(step_scaling_policy p, std::int64_t initial) : p_(std::move(p)), count_(p_.alarms.size(), 0) {
    desired_ = std::clamp(initial, p_.min_tasks, p_.max_tasks);
  }
  [[nodiscard]] std::int64_t desired() const noexcept { return desired_; }
  void set_bounds(std::int64_t lo, std::int64_t hi) noexcept {
    p_.min_tasks = lo;
    p_.max_tasks = std::max(lo, hi);
    desired_ = std::clamp(desired_, p_.min_tasks, p_.max_tasks);
  }

  /// The adjusted capacity for a breach of `breach` percentage points on `alarm`.
  [[nodiscard]] std::int64_t adjusted(const step_alarm& a, double breach) const noexcept {
    for (const auto& s : a.steps) {
      if (breach < s.lower || breach >= s.upper) continue;
      std::int64_t next = desired_;
      switch (p_.type) {
        case adjustment_type::change_in_capacity: next = desired_ + std::int64_t(std::llround(s.adjustment)); break;
        case adjustment_type::percent_change_in_capacity: {
          const double delta = double(desired_) * s.adjustment / 100.0;
          std::int64_t d = std::int64_t(delta > 0 ? std::ceil(delta) : std::floor(delta));
          if (d == 0 && s.adjustment != 0) d = s.adjustment > 0 ? 1 : -1;
          next = desired_ + d;
          break;
        }
        case adjustment_type::exact_capacity: next = std::int64_t(std::llround(s.adjustment)); break;
      }
      return std::clamp(next, p_.min_tasks, p_.max_tasks);
    }
    return desired_;
  }

  std::int64_t observe(std::int64_t now_s, std::int64_t step_s, double demand, std::int64_t running,
                       double capacity_per_task) noexcept {
    const double util = utilisation_percent(demand, running, capacity_per_task);
    const int points = datapoints_in(step_s, p_.datapoint_seconds);
    for (std::size_t i = 0; i < p_.alarms.size(); ++i) {
      const step_alarm& a = p_.alarms[i];
      const bool breached = a.above ? util > a.threshold_percent : util < a.threshold_percent;
      count_[i] = breached ? count_[i] + points : 0;
    }
    if (last_ >= 0 && now_s - last_ < p_.cooldown_s) return desired_;
    for (std::size_t i = 0; i < p_.alarms.size(); ++i) {
      const step_alarm& a = p_.alarms[i];
      if (count_[i] < a.datapoints) continue;
      const double breach = std::isinf(util) ? 1e9 : util - a.threshold_percent;
      const std::int64_t next = adjusted(a, breach);
      if (next != desired_) {
        desired_ = next;
        last_ = now_s;
        std::fill(count_.begin(), count_.end(), 0);
        break;
      }
    }
    return desired_;
  }

 private:
  step_scaling_policy p_;
  std::vector<int> count_;
  std::int64_t desired_ = 0;
  std::int64_t last_ = -1;
};

}  // namespace fleetcast::scaling
