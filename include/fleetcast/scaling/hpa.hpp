#pragma once
/// @file
/// The Kubernetes HorizontalPodAutoscaler (autoscaling/v2) on CPU utilisation, as the HPA
/// controller computes it (kubernetes/kubernetes `pkg/controller/podautoscaler`: horizontal.go,
/// replica_calculator.go; defaults in docs/sources/fidelity-facts.md §10):
///
/// - every `sync_period_s` (15 s, `--horizontal-pod-autoscaler-sync-period`) it computes a
///   recommendation from the ready pods' average utilisation U (an integer percent, truncated,
///   as metricsclient does): ratio = U / target; within the tolerance (|1 − ratio| ≤ 0.1) the
///   recommendation is the current count, else ⌈ratio × ready⌉. On a scale-up with unready pods
///   (starting, or pending a node) those count at 0 %: the ratio is recomputed over all pods,
///   and a recomputed ratio within the tolerance or below 1 keeps the current count;
/// - stabilisation: the recommendation is held between the lowest recommendation of the
///   scale-up window (default 0 s) and the highest of the scale-down window (default 300 s);
/// - rate limits: each policy (`Pods`: + or − value, `Percent`: × (1 ± value/100), rounded up
///   for scale-up and down for scale-down) applies to the count at the start of its period
///   (current − added + removed in the last `period_s`); `select` Max takes the policy that
///   allows the largest change, Min the smallest, Disabled none; then min and max replicas.
///
/// Deterministic. Memory is fixed at construction: the recommendations of the longest window
/// and the scale events of the longest policy period live in rings sized from the policy.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

namespace fleetcast::scaling {

/// `HPAScalingPolicy.type`: a change by a number of pods or by a percentage of the pods.
enum class hpa_policy_type { pods, percent };
inline constexpr std::array<hpa_policy_type, 2> all_hpa_policy_types = {hpa_policy_type::pods,
                                                                        hpa_policy_type::percent};
[[nodiscard]] constexpr std::string_view to_string(hpa_policy_type t) noexcept {
  return t == hpa_policy_type::pods ? "Pods" : "Percent";
}

/// `HPAScalingRules.selectPolicy`: which policy limits the change.
enum class hpa_select_policy { max, min, disabled };
inline constexpr std::array<hpa_select_policy, 3> all_hpa_select_policies = {
    hpa_select_policy::max, hpa_select_policy::min, hpa_select_policy::disabled};
[[nodiscard]] constexpr std::string_view to_string(hpa_select_policy s) noexcept {
  switch (s) {
    case hpa_select_policy::max: return "Max";
    case hpa_select_policy::min: return "Min";
    case hpa_select_policy::disabled: return "Disabled";
  }
  return "?";
}

/// One `HPAScalingPolicy`: at most `value` pods (or percent) of change per `period_s` seconds.
struct hpa_scaling_policy {
  hpa_policy_type type = hpa_policy_type::pods;
  std::int64_t value = 1;      ///< pods or percent, > 0
  std::int64_t period_s = 15;  ///< (0, 1800]
};

/// `HPAScalingRules` of one direction.
struct hpa_scaling_rules {
  std::int64_t stabilization_window_s = 0;  ///< [0, 3600]
  hpa_select_policy select = hpa_select_policy::max;
  std::vector<hpa_scaling_policy> policies;  ///< at least one
};

/// Kubernetes' default scale-up: no stabilisation; at most 4 pods or 100 % per 15 s, whichever
/// allows more.
[[nodiscard]] inline hpa_scaling_rules default_hpa_scale_up() {
  return {0, hpa_select_policy::max, {{hpa_policy_type::pods, 4, 15}, {hpa_policy_type::percent, 100, 15}}};
}
/// Kubernetes' default scale-down: the highest recommendation of the last 300 s (the
/// controller's `--horizontal-pod-autoscaler-downscale-stabilization`); 100 % per 15 s.
[[nodiscard]] inline hpa_scaling_rules default_hpa_scale_down() {
  return {300, hpa_select_policy::max, {{hpa_policy_type::percent, 100, 15}}};
}

struct hpa_policy {
  std::int64_t target_percent = 80;  ///< averageUtilization of the CPU request, percent (≥ 1)
  std::int64_t min_replicas = 1;     ///< ≥ 1
  std::int64_t max_replicas = 10;
  hpa_scaling_rules scale_up = default_hpa_scale_up();
  hpa_scaling_rules scale_down = default_hpa_scale_down();
  double tolerance = 0.1;         ///< `--horizontal-pod-autoscaler-tolerance`, [0, 1)
  std::int64_t sync_period_s = 15;  ///< `--horizontal-pod-autoscaler-sync-period`
};

/// The HPA's state for one workload. `desired()` is the Deployment's `spec.replicas`.
class hpa {
 public:
  hpa(const hpa_policy& p, std::int64_t initial)
      : p_(p),
        recs_(ring_size(std::max(p.scale_up.stabilization_window_s, p.scale_down.stabilization_window_s))),
        ups_(ring_size(longest_period())),
        downs_(ups_.size()) {
    desired_ = std::clamp(initial, p_.min_replicas, p_.max_replicas);
    next_sync_ = p_.sync_period_s;
  }

  [[nodiscard]] std::int64_t desired() const noexcept { return desired_; }
  [[nodiscard]] const hpa_policy& policy() const noexcept { return p_; }

  /// New min and max replicas (a scheduled action); the desired count moves into them at once.
  void set_bounds(std::int64_t lo, std::int64_t hi) noexcept {
    p_.min_replicas = lo;
    p_.max_replicas = std::max(lo, hi);
    desired_ = std::clamp(desired_, p_.min_replicas, p_.max_replicas);
  }

  /// The step ending at `now_s`: every sync in (now − step, now] sees `demand` (in task
  /// capacity, `capacity_per_task` per pod at 100 %) served by `ready` pods. Returns the
  /// desired count.
  std::int64_t observe(std::int64_t now_s, std::int64_t /*step_s*/, double demand, std::int64_t ready,
                       double capacity_per_task) noexcept {
    for (; next_sync_ <= now_s; next_sync_ += p_.sync_period_s) {
      const sync_result r = sync(next_sync_, demand, ready, capacity_per_task);
      if (r == sync_result::changed) continue;
      // The step's later syncs see the same demand, ready and current count, so the same
      // recommendation (or none): record it without computing it again.
      for (next_sync_ += p_.sync_period_s; next_sync_ <= now_s; next_sync_ += p_.sync_period_s)
        if (r == sync_result::kept) put(recs_, recs_head_, next_sync_, desired_);
      break;
    }
    return desired_;
  }

  /// The recommendation of one sync before stabilisation and rate limits (replica_calculator's
  /// GetResourceReplicas), with `current` pods of which `ready` serve; −1 without metrics
  /// (no ready pod).
  [[nodiscard]] std::int64_t recommend(double demand, std::int64_t ready, std::int64_t current,
                                       double capacity_per_task) const noexcept {
    ready = std::min(ready, current);  // pods being deleted have no say
    if (ready <= 0) return -1;
    const double target = double(p_.target_percent);
    const double ratio = utilisation(demand, ready, capacity_per_task) / target;
    if (!(current > ready && ratio > 1.0)) {
      if (std::fabs(1.0 - ratio) <= p_.tolerance) return current;
      return pods(std::ceil(ratio * double(ready)));
    }
    // A scale-up with unready pods: they count at 0 % of their request.
    const double all = utilisation(demand, current, capacity_per_task) / target;
    if (std::fabs(1.0 - all) <= p_.tolerance || all < 1.0) return current;
    return std::max(current, pods(std::ceil(all * double(current))));
  }

 private:
  struct sample {
    std::int64_t t = std::numeric_limits<std::int64_t>::min();  ///< sync time (s); min: empty
    std::int64_t v = 0;                                          ///< replicas, or a change
  };

  // Enough samples for one per sync over `seconds` (and the sync at its start).
  [[nodiscard]] std::size_t ring_size(std::int64_t seconds) const {
    return std::size_t(std::max<std::int64_t>(0, seconds) / std::max<std::int64_t>(1, p_.sync_period_s) + 2);
  }
  [[nodiscard]] std::int64_t longest_period() const {
    std::int64_t longest = 0;
    for (const auto& q : p_.scale_up.policies) longest = std::max(longest, q.period_s);
    for (const auto& q : p_.scale_down.policies) longest = std::max(longest, q.period_s);
    return longest;
  }
  // Average utilisation of `pods` pods, as metricsclient reports it: a whole percent.
  static double utilisation(double demand, std::int64_t pods, double capacity_per_task) noexcept {
    const double u = 100.0 * demand / (double(pods) * capacity_per_task);
    return std::floor(std::min(u, 1e12));
  }
  static std::int64_t pods(double x) noexcept { return std::int64_t(std::min(x, 1e15)); }

  static void put(std::vector<sample>& ring, std::size_t& head, std::int64_t t, std::int64_t v) noexcept {
    ring[head] = {t, v};
    head = head + 1 == ring.size() ? 0 : head + 1;
  }
  // The sum of the changes in `ring` after `cutoff`.
  static std::int64_t changes_after(const std::vector<sample>& ring, std::int64_t cutoff) noexcept {
    std::int64_t sum = 0;
    for (const sample& s : ring)
      if (s.t > cutoff) sum += s.v;
    return sum;
  }

  // What a sync did: nothing (off, or no metrics), kept the count because the recommendation
  // was the current count, or went through stabilisation and the rate limits.
  enum class sync_result { skipped, kept, changed };

  sync_result sync(std::int64_t t, double demand, std::int64_t ready, double capacity_per_task) noexcept {
    const std::int64_t current = desired_;
    if (current == 0) return sync_result::skipped;  // spec.replicas 0: autoscaling is off
    const std::int64_t rec = recommend(demand, ready, current, capacity_per_task);
    if (rec < 0) return sync_result::skipped;  // no metrics: the controller skips the sync
    if (rec == current) {
      // The usual sync. Stabilisation holds the current count between a lowest recommendation
      // ≤ rec and a highest ≥ rec, so it stays: record the sample, skip the scan.
      put(recs_, recs_head_, t, rec);
      return sync_result::kept;
    }
    // A window or a rate limit may hold the count now and release it at a later sync of the
    // same step (samples leave the window, events the period): "changed" keeps syncing.
    const std::int64_t next = limit_rate(t, current, stabilise(t, current, rec));
    if (next == current) return sync_result::changed;
    if (next > current)
      put(ups_, ups_head_, t, next - current);
    else
      put(downs_, downs_head_, t, current - next);
    desired_ = next;
    return sync_result::changed;
  }

  // stabilizeRecommendationWithBehaviors: the current count held between the lowest
  // recommendation of the scale-up window and the highest of the scale-down window (both
  // including this one), then this recommendation is recorded.
  std::int64_t stabilise(std::int64_t t, std::int64_t current, std::int64_t rec) noexcept {
    std::int64_t up = rec, down = rec;
    const std::int64_t up_cutoff = t - p_.scale_up.stabilization_window_s;
    const std::int64_t down_cutoff = t - p_.scale_down.stabilization_window_s;
    for (const sample& s : recs_) {
      if (s.t > up_cutoff) up = std::min(up, s.v);
      if (s.t > down_cutoff) down = std::max(down, s.v);
    }
    put(recs_, recs_head_, t, rec);
    return std::min(std::max(current, up), down);
  }

  // convertDesiredReplicasWithBehaviorRate: the policies' limit, then min and max replicas.
  [[nodiscard]] std::int64_t limit_rate(std::int64_t t, std::int64_t current, std::int64_t want) const noexcept {
    if (want > current) {
      const std::int64_t limit = std::max(current, scale_limit(t, current, p_.scale_up, true));
      return std::min(want, std::min(p_.max_replicas, limit));
    }
    if (want < current) {
      const std::int64_t limit = std::min(current, scale_limit(t, current, p_.scale_down, false));
      return std::max(want, std::max(p_.min_replicas, limit));
    }
    return want;
  }

  // calculateScaleUpLimitWithScalingRules / calculateScaleDownLimitWithBehaviors.
  [[nodiscard]] std::int64_t scale_limit(std::int64_t t, std::int64_t current, const hpa_scaling_rules& r,
                                         bool up) const noexcept {
    if (r.select == hpa_select_policy::disabled) return current;
    // Max picks the largest change: the highest count up, the lowest count down.
    const bool highest = (r.select == hpa_select_policy::max) == up;
    std::int64_t result = highest ? std::numeric_limits<std::int64_t>::min() : std::numeric_limits<std::int64_t>::max();
    for (const hpa_scaling_policy& q : r.policies) {
      const std::int64_t cutoff = t - q.period_s;
      const std::int64_t start = current - changes_after(ups_, cutoff) + changes_after(downs_, cutoff);
      std::int64_t proposed = 0;
      if (q.type == hpa_policy_type::pods)
        proposed = up ? start + q.value : start - q.value;
      else if (up)  // rounded up, so that a small count still grows
        proposed = pods(std::ceil(double(start) * (1.0 + double(q.value) / 100.0)));
      else  // truncated, as Go's int32(float64) conversion does
        proposed = std::int64_t(double(start) * (1.0 - double(q.value) / 100.0));
      result = highest ? std::max(result, proposed) : std::min(result, proposed);
    }
    return result;
  }

  hpa_policy p_;
  std::int64_t desired_ = 0;
  std::int64_t next_sync_ = 15;
  std::vector<sample> recs_;  // recommendations of the longest stabilisation window
  std::vector<sample> ups_, downs_;  // scale events of the longest policy period
  std::size_t recs_head_ = 0, ups_head_ = 0, downs_head_ = 0;
};

}  // namespace fleetcast::scaling
