#pragma once
/// @file
/// What fills an EC2 option's instances: for each running instance, the resource with the
/// largest requested share of its allocatable capacity (`binding_resource`), tallied as
/// instance-seconds. The tally changes only when the cluster does, so it is recounted in the
/// option's upkeep (O(instances), on steps where something changed) and costs nothing on a
/// quiet step; the time between two recounts is credited to the earlier state.

#include <array>
#include <cstddef>
#include <cstdint>

#include "ec2_cluster.hpp"
#include "fleetcast/sim/simulate.hpp"

namespace fleetcast::sim::detail {

/// The binding resource of instance j of `cl`. Dimension 2 is ECS task slots or EKS pods
/// (`third`); GPUs are not requested by the simulator's tasks. Ties go to the lower dimension.
template <class Cluster>
[[nodiscard]] binding_resource binding_of(const Cluster& cl, std::size_t j, binding_resource third) noexcept {
  const auto& cap = cl.type_info(cl.instance_type(j)).capacity;
  const auto& left = cl.residual(j);
  constexpr binding_resource by_dim[] = {binding_resource::cpu, binding_resource::memory, binding_resource::eni_slots};
  binding_resource best = binding_resource::empty;
  double best_share = 0;
  for (std::size_t d = 0; d < 3; ++d) {
    if (cap[d] <= 0) continue;
    const double share = double(cap[d] - left[d]) / double(cap[d]);
    if (share > best_share) {
      best_share = share;
      best = d == 2 ? third : by_dim[d];
    }
  }
  return best;
}

class ec2_binding {
 public:
  explicit ec2_binding(const option& o)
      : third_(o.on == platform::eks ? binding_resource::pods : binding_resource::eni_slots) {}

  /// The cluster changed at `t`: the time since the last recount goes to the old state, and
  /// the running instances are classified anew. O(instances).
  void recount(double t, const ec2_cluster& c) {
    settle(t);
    count_.fill(0);
    const auto& cl = c.packing();
    for (std::size_t j = 0; j < cl.instance_count(); ++j) ++count_[std::size_t(binding_of(cl, j, third_))];
  }
  /// The run ends at `end`: instance-hours by binding resource into `r`.
  void finish(double end, option_result& r) {
    settle(end);
    for (std::size_t k = 0; k < seconds_.size(); ++k) r.binding_hours[k] = seconds_[k] / 3600.0;
  }

 private:
  void settle(double t) {
    const double dt = t - since_;
    for (std::size_t k = 0; k < seconds_.size(); ++k) seconds_[k] += double(count_[k]) * dt;
    since_ = t;
  }

  binding_resource third_;
  std::array<std::int64_t, all_binding_resources.size()> count_{};  // instances per resource now
  std::array<double, all_binding_resources.size()> seconds_{};      // instance-seconds so far
  double since_ = 0;                                                // last recount
};

}  // namespace fleetcast::sim::detail
