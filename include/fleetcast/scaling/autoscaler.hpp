#pragma once
/// @file
/// A service's autoscaler, whichever policy it has: target tracking, step scaling or the
/// Kubernetes HPA. The policy is chosen once; each step is one switch, no virtual call.

#include <cstdint>
#include <variant>

#include "fleetcast/scaling/hpa.hpp"
#include "fleetcast/scaling/step_scaling.hpp"
#include "fleetcast/scaling/target_tracking.hpp"

namespace fleetcast::scaling {

using policy = std::variant<target_tracking_policy, step_scaling_policy, hpa_policy>;

class autoscaler {
 public:
  autoscaler(const policy& p, std::int64_t initial) : s_(state_of(p, initial)) {}

  [[nodiscard]] std::int64_t desired() const noexcept {
    return std::visit([](const auto& x) { return x.desired(); }, s_);
  }
  void set_bounds(std::int64_t lo, std::int64_t hi) noexcept {
    std::visit([&](auto& x) { x.set_bounds(lo, hi); }, s_);
  }
  std::int64_t observe(std::int64_t now_s, std::int64_t step_s, double demand, std::int64_t running,
                       double capacity_per_task) noexcept {
    return std::visit([&](auto& x) { return x.observe(now_s, step_s, demand, running, capacity_per_task); }, s_);
  }

 private:
  using state = std::variant<target_tracker, step_scaler, hpa>;
  static state state_of(const policy& p, std::int64_t initial) {
    if (const auto* t = std::get_if<target_tracking_policy>(&p)) return target_tracker(*t, initial);
    if (const auto* s = std::get_if<step_scaling_policy>(&p)) return step_scaler(*s, initial);
    return hpa(std::get<hpa_policy>(p), initial);
  }
  state s_;
};

}  // namespace fleetcast::scaling
