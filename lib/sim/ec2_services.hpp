#pragma once
/// @file
/// Services on an EC2 cluster: per service, the tasks serving, those starting (by ready time,
/// in launch order) and those desired but not placed (no room yet, or evicted); and how a
/// service follows its autoscaler's decision by placing tasks on the cluster or removing them.

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "ec2_cluster.hpp"
#include "fleetcast/core/random.hpp"
#include "fleetcast/sim/scenario.hpp"
#include "task_startup.hpp"

namespace fleetcast::sim::detail {

/// Starting batches (ready time, tasks) in launch order: taken from the front as they become
/// ready, from the back when the newest stop. A vector with a moving front, compacted when the
/// front passes half of it, so a run allocates only while it grows (a std::deque allocates a
/// block every 32 batches and frees it as they go: allocations in proportion to the horizon).
class pending_batches {
 public:
  using batch = std::pair<double, std::int64_t>;
  [[nodiscard]] bool empty() const noexcept { return head_ == v_.size(); }
  [[nodiscard]] batch& front() noexcept { return v_[head_]; }
  [[nodiscard]] const batch& front() const noexcept { return v_[head_]; }
  [[nodiscard]] batch& back() noexcept { return v_.back(); }
  void pop_front() noexcept {
    if (++head_ == v_.size()) {
      v_.clear();
      head_ = 0;
    }
  }
  void pop_back() noexcept {
    v_.pop_back();
    if (head_ == v_.size()) {
      v_.clear();
      head_ = 0;
    }
  }
  void emplace_back(double ready_at, std::int64_t tasks) {
    if (head_ > 0 && head_ >= v_.size() / 2) {  // the front's dead half goes first: no growth
      v_.erase(v_.begin(), v_.begin() + std::ptrdiff_t(head_));
      head_ = 0;
    }
    v_.emplace_back(ready_at, tasks);
  }

 private:
  std::vector<batch> v_;
  std::size_t head_ = 0;
};

struct ec2_service_tasks {
  std::int64_t ready = 0;
  pending_batches pending;  ///< (ready time, tasks), launch order
  std::int64_t pending_total = 0;
  std::int64_t waiting = 0;     ///< desired tasks not yet placed (no room, or evicted)
  std::int64_t task_steps = 0;  ///< × step: task-seconds

  /// Starting tasks whose start-up has ended by t0 now serve.
  void count_ready(double t0) {
    while (!pending.empty() && pending.front().first <= t0) {
      ready += pending.front().second;
      pending_total -= pending.front().second;
      pending.pop_front();
    }
  }
  [[nodiscard]] std::int64_t placed() const { return ready + pending_total; }
  [[nodiscard]] std::int64_t current() const { return ready + pending_total + waiting; }

  /// `k` tasks left the cluster by scale-in: the newest go first.
  void forget_newest(std::int64_t k) {
    for (std::int64_t left = k; left > 0;) {
      if (pending.empty()) {
        ready -= left;
        break;
      }
      take_from_newest_pending(left);
    }
  }
  /// `k` tasks were evicted (their instance was taken back): serving ones first, then the
  /// newest starting ones; all wait to be placed again.
  void evict(std::int64_t k) {
    const std::int64_t evicted = k;
    const std::int64_t from_ready = std::min(k, ready);
    ready -= from_ready;
    k -= from_ready;
    while (k > 0 && !pending.empty()) take_from_newest_pending(k);
    waiting += evicted;
  }

 private:
  void take_from_newest_pending(std::int64_t& k) {
    const std::int64_t n = std::min(k, pending.back().second);
    pending.back().second -= n;
    pending_total -= n;
    k -= n;
    if (pending.back().second == 0) pending.pop_back();
  }
};

/// The missing tasks of service si (and those waiting) are placed at t1; those on new
/// instances start after the instance's launch. `unplaceable` keeps the most tasks left
/// waiting. True if any were placed.
bool scale_out(ec2_cluster& c, std::uint32_t si, const service& sv, ec2_service_tasks& ss, std::int64_t desired,
               double t1, xoshiro256pp& g, std::int64_t& unplaceable);
/// Surplus tasks of service si leave waiting first, then the cluster. True if any left it.
bool scale_in(ec2_cluster& c, std::uint32_t si, ec2_service_tasks& ss, std::int64_t desired);

/// Service si follows `desired` at t1. True if the cluster changed. Inline: on most steps
/// nothing changes, and that must cost no call.
inline bool follow_desired(ec2_cluster& c, std::uint32_t si, const service& sv, ec2_service_tasks& ss,
                           std::int64_t desired, double t1, xoshiro256pp& g, std::int64_t& unplaceable) {
  const std::int64_t current = ss.current();
  if (desired > current || ss.waiting > 0) return scale_out(c, si, sv, ss, desired, t1, g, unplaceable);
  if (desired < current) return scale_in(c, si, ss, desired);
  return false;
}

}  // namespace fleetcast::sim::detail
