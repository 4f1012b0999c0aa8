#pragma once
/// @file
/// A service's autoscaler, whichever policy it has: target tracking or step scaling. The
/// policy is chosen once; each step is one switch, no virtual call.

#include <cstdint>
#include <variant>

#include "fleetcast/scaling/step_scaling.hpp"
#include "fleetcast/scaling/target_tracking.hpp"

namespace fleetcast::scaling {

using policy = std::variant<target_tracking_policy, step_scaling_policy>;

class autoscaler {
 public:
  autoscaler(const policy& p, std::int64_t initial)
      : s_(p.index() == 0 ? state{target_tracker(std::get<0>(p), initial)}
                          : state{step_scaler(std::get<1>(p), initial)}) {}

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
  using state = std::variant<target_tracker, step_scaler>;
  state s_;
};

}  // namespace fleetcast::scaling
