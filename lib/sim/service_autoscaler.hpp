#pragma once
/// @file
/// The service autoscaler: each step, from the demand and the tasks serving it, how many tasks
/// a service should run. Every kind (ECS target tracking, step scaling, the Kubernetes HPA)
/// is a class of the scaling layer with the interface `autoscaler_kind` names; scheduled
/// actions change any kind's bounds at their time of day. The kind is chosen once per option
/// and path (a service's HPA may apply to its EKS options only), so a step is one switch, no
/// virtual call.
///
/// A new kind: its policy in `service` (the scenario format), a class satisfying
/// `autoscaler_kind`, an alternative in `autoscaler_state` and a branch in `kind_of`.

#include <concepts>
#include <cstdint>
#include <variant>

#include "fleetcast/demand/demand_model.hpp"
#include "fleetcast/scaling/hpa.hpp"
#include "fleetcast/scaling/step_scaling.hpp"
#include "fleetcast/scaling/target_tracking.hpp"
#include "fleetcast/sim/scenario.hpp"

namespace fleetcast::sim::detail {

/// What the simulator needs of an autoscaler: the desired count; new bounds (a scheduled
/// action, which moves the desired count into them); one decision at `now_s` for a step of
/// `step_s` seconds given the demand, the tasks serving it and the demand one task serves.
template <class A>
concept autoscaler_kind = requires(A a, const A& ca, std::int64_t n, double x) {
  { ca.desired() } -> std::convertible_to<std::int64_t>;
  a.set_bounds(n, n);
  { a.observe(n, n, x, n, x) } -> std::convertible_to<std::int64_t>;
};

using autoscaler_state = std::variant<scaling::target_tracker, scaling::step_scaler, scaling::hpa>;

template <class V>
inline constexpr bool all_autoscaler_kinds = false;
template <class... K>
inline constexpr bool all_autoscaler_kinds<std::variant<K...>> = (autoscaler_kind<K> && ...);
static_assert(all_autoscaler_kinds<autoscaler_state>, "every alternative is an autoscaler_kind");

/// Whether the service's HPA scales it on an option of platform `on` (`service::hpa_on`).
inline bool hpa_applies(const service& sv, platform on) {
  return sv.hpa && (sv.hpa_on == hpa_scope::all_options || on == platform::eks);
}

/// The service's kind on an option of platform `on`, starting from its initial count.
inline autoscaler_state kind_of(const service& sv, platform on) {
  if (hpa_applies(sv, on)) return scaling::hpa(*sv.hpa, sv.initial_tasks);
  if (sv.step_scaling) return scaling::step_scaler(*sv.step_scaling, sv.initial_tasks);
  return scaling::target_tracker(sv.scaling, sv.initial_tasks);
}

class service_autoscaler {
 public:
  service_autoscaler(const service& sv, const demand::horizon& h, platform on)
      : sv_(&sv), h_(&h), kind_(kind_of(sv, on)) {}

  [[nodiscard]] std::int64_t desired() const {
    return std::visit([](const auto& a) { return a.desired(); }, kind_);
  }
  /// The target tracker of a service without scheduled actions, whose steps can be scanned
  /// ahead for its next decision (`target_tracker::scan`); nullptr for the other kinds and
  /// with a schedule (their steps run one at a time).
  [[nodiscard]] scaling::target_tracker* scannable() {
    return sv_->schedule.empty() ? std::get_if<scaling::target_tracker>(&kind_) : nullptr;
  }
  [[nodiscard]] double capacity_per_task() const { return sv_->capacity_per_task; }

  /// The step [t0, t1): the scheduled actions falling in (t0, t1], then the decision at t1 on
  /// `demand` with `ready` tasks serving. Returns the desired count.
  /// Inlined by force: with three kinds the switch is past GCC's inlining limit, and a call
  /// per step costs the fleets' loops about 5 % of their instructions.
  [[gnu::always_inline]] std::int64_t step(double t0, double t1, std::int64_t step_s, double demand,
                                           std::int64_t ready) {
    if (!sv_->schedule.empty()) apply_schedule(t0, t1);
    const double c = sv_->capacity_per_task;
    return std::visit([&](auto& a) { return observe(a, std::int64_t(t1), step_s, demand, ready, c); }, kind_);
  }

 private:
  // Step scaling's and the HPA's decisions stay out of line, so that `step` (the schedule
  // check and the switch) is small enough to inline into the fleets' step loops. Target
  // tracking, the common kind, is inline: its tick is a few compares on most steps, and its
  // decisions are out of line within the class.
  template <class K>
  [[gnu::noinline]] static std::int64_t observe(K& kind, std::int64_t now_s, std::int64_t step_s, double demand,
                                                std::int64_t ready, double capacity_per_task) {
    return kind.observe(now_s, step_s, demand, ready, capacity_per_task);
  }
  [[gnu::always_inline]] static std::int64_t observe(scaling::target_tracker& kind, std::int64_t now_s,
                                                     std::int64_t step_s, double demand, std::int64_t ready,
                                                     double capacity_per_task) {
    return kind.observe(now_s, step_s, demand, ready, capacity_per_task);
  }
  void apply_schedule(double t0, double t1);

  const service* sv_;
  const demand::horizon* h_;
  autoscaler_state kind_;
};

}  // namespace fleetcast::sim::detail
