#pragma once
/// @file
/// Consolidation: taking instances away while they still run tasks. Karpenter (at every step
/// by default, as its disruption controller polls every 10 s, once the cluster has been quiet
/// for `consolidateAfter`; on ECS at the option's `consolidation_interval_s`) drains instances
/// whose tasks fit on the others and, Karpenter on EKS, replaces the fleet by a cheaper
/// packing from scratch — Karpenter at most 100 instances at a time, as its multi-node
/// consolidation does; with "WhenEmpty" only empty instances go (the cluster's idle
/// scale-in). The cluster
/// autoscaler instead removes one unneeded node at a time: under-used, drainable, unneeded for
/// the scale-in delay and past its warm-up.

#include <algorithm>
#include <cstdint>
#include <vector>

#include "ec2_cluster.hpp"
#include "option_vocabulary.hpp"

namespace fleetcast::sim::detail {

class consolidator {
 public:
  /// `step_s`: the path's step, Karpenter's default interval; `shapes`: the task shapes
  /// (services) on the cluster.
  consolidator(const option& o, std::int64_t step_s, std::size_t shapes)
      : interval_s_(o.consolidation_interval_s.value_or(uses_karpenter(o) ? step_s : 0)),
        after_s_(uses_karpenter(o) ? o.consolidate_after_s.value_or(0.0) : 0.0),
        drains_(consolidates_underutilised(o)),
        repacks_(o.on == platform::eks && !uses_cluster_autoscaler(o)),
        cluster_autoscaler_(uses_cluster_autoscaler(o)),
        utilisation_threshold_percent_(o.scale_down_utilisation_percent),
        counts_(shapes),
        no_gain_counts_(repacks_ ? no_gain_slots * shapes : 0),
        no_gain_cost_(repacks_ ? no_gain_slots : 0) {}

  /// Periodic consolidation at the end of step t1, if its interval has come, the cluster
  /// `changed` since the last one (in this step, or by launches) and has then been quiet for
  /// `consolidateAfter`. True if it moved tasks.
  bool step(double t1, bool changed, ec2_cluster& c) {
    if (interval_s_ <= 0) return false;  // no consolidation: nothing to track
    const bool now = changed || c.packing().next_instance_id() != seen_id_;
    if (now) {
      changed_since_ = true;
      last_change_ = t1;
      seen_id_ = c.packing().next_instance_id();
    }
    if (!(std::int64_t(t1) % interval_s_ == 0 && changed_since_ && t1 - last_change_ >= after_s_)) return false;
    bool moved = false;
    if (drains_) {
      // Karpenter considers a batch of instances at a time; an interval set on ECS or for the
      // cluster autoscaler drains from every instance.
      moved |= c.packing().consolidate_drain(repacks_ ? karpenter_batch : SIZE_MAX).applied;
      // Karpenter also replaces instances when a packing from scratch costs less.
      if (repacks_) moved |= repack(c);
      c.record_new(t1);  // a replacement's new instances
    }
    changed_since_ = false;
    seen_id_ = c.packing().next_instance_id();
    return moved;
  }

  /// Whether `step(t1, false, c)` does nothing at any t1 while the cluster stays as it is: no
  /// consolidation, or none pending (nothing changed since the last one, nothing launched).
  [[nodiscard]] bool settled(const ec2_cluster& c) const {
    return interval_s_ <= 0 || (!changed_since_ && c.packing().next_instance_id() == seen_id_);
  }

  /// The cluster autoscaler's scale-down at t1 (nothing for other provisioners): drains the
  /// first node unneeded long enough, and sets the cluster's timer for the others.
  void scale_down_unneeded(double t1, ec2_cluster& c) const {
    if (!cluster_autoscaler_) return;
    auto& cl = c.packing();
    bool drained = false;
    for (std::size_t j = 0; j < cl.instance_count(); ++j) {
      ec2_instance& rec = c.instance(j);
      const bool unneeded = !cl.empty_instance(j) && cl.utilisation_of(j) * 100.0 < utilisation_threshold_percent_ &&
                            cl.instances_of(rec.type) > c.group_min(rec.type) && cl.drainable(j);
      if (!unneeded) {
        rec.unneeded_since = -1;
        continue;
      }
      if (rec.unneeded_since < 0) rec.unneeded_since = t1;
      const double due = std::max(rec.unneeded_since + c.scale_in_after_s(), rec.launch + c.warmup_s());
      if (!drained && t1 >= due) {
        drained = cl.drain(j) >= 0;
        if (drained) break;
      } else {
        c.expect_timer(due);
      }
    }
    if (drained) c.set_timer(t1);  // look again next step: the rest may have changed
  }

 private:
  static constexpr std::size_t no_gain_slots = 16;
  // Karpenter's multi-node consolidation considers at most 100 instances at a time
  // (cluster::repack_candidates).
  static constexpr std::size_t karpenter_batch = 100;

  // Karpenter's replacement: the tasks of a batch of instances — the whole fleet up to
  // `karpenter_batch` instances, else the batch Karpenter's multi-node consolidation takes
  // (cluster::repack_candidates) — packed from scratch, adopted when that costs less per hour
  // than the batch. That packing depends only on the batch's task counts, so a repack that
  // found nothing cheaper would find nothing again with the same counts while the batch costs
  // no more; such repacks (most of them, as a service moves between a few counts) are
  // remembered and skipped. Exact: the result is the same as repacking every time.
  bool repack(ec2_cluster& c) {
    auto& cl = c.packing();
    cl.repack_candidates(karpenter_batch, batch_);
    cl.tasks_of(batch_, counts_);
    const double cost = cl.cost_per_hour(batch_);  // what consolidate_repack compares with
    const std::size_t n = counts_.size();
    for (std::size_t k = 0; k < no_gain_used_; ++k)
      if (no_gain_cost_[k] >= cost && std::equal(counts_.begin(), counts_.end(), no_gain_counts_.begin() + k * n))
        return false;
    if (cl.consolidate_repack("ffd_sum", c.choice(), 0.0, batch_).applied) return true;
    std::copy(counts_.begin(), counts_.end(), no_gain_counts_.begin() + no_gain_next_ * n);
    no_gain_cost_[no_gain_next_] = cost;
    no_gain_next_ = (no_gain_next_ + 1) % no_gain_slots;
    no_gain_used_ = std::max(no_gain_used_, no_gain_next_ == 0 ? no_gain_slots : no_gain_next_);
    return false;
  }

  std::int64_t interval_s_;
  double after_s_;  ///< Karpenter's consolidateAfter
  bool drains_, repacks_, cluster_autoscaler_;
  double utilisation_threshold_percent_;  ///< cluster autoscaler scale-down threshold, 0–100
  std::uint64_t seen_id_ = 0;  // next_instance_id when last seen: a launch since is a change
  double last_change_ = 0;     // when the cluster last changed
  bool changed_since_ = true;
  std::vector<std::size_t> batch_;            // the instances a repack considers, reused
  std::vector<std::int64_t> counts_;          // their tasks per shape, reused
  std::vector<std::int64_t> no_gain_counts_;  // no_gain_slots × shapes: counts a repack did not improve
  std::vector<double> no_gain_cost_;          // the batch's cost per hour then
  std::size_t no_gain_next_ = 0, no_gain_used_ = 0;
};

}  // namespace fleetcast::sim::detail
