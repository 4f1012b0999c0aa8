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
#include <vector>

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
  /// the instances touched since (tasks moved, launched, gone; the cluster lists them) are
  /// classified anew: O(instances touched). The counts are integers: the same as a recount.
  void recount(double t, ec2_cluster& c) {
    settle(t);
    auto& cl = c.packing();
    for (const std::uint64_t id : cl.touched_ids()) {
      if (id >= class_.size()) class_.resize(std::max<std::size_t>(id + 1, 2 * class_.size()), none);
      if (class_[id] != none) --count_[class_[id]];
      const std::size_t j = cl.index_of(id);
      class_[id] = j < cl.instance_count() ? std::uint8_t(binding_of(cl, j, third_)) : none;
      if (class_[id] != none) ++count_[class_[id]];
    }
    cl.clear_touched();
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
  static constexpr std::uint8_t none = 0xff;
  std::vector<std::uint8_t> class_;  // by instance id: its binding resource when last counted (none: not running)
};

}  // namespace fleetcast::sim::detail
