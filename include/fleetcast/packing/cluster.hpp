#pragma once
/// @file
/// Online cluster state for the simulator: instances that persist across time steps, tasks
/// that keep their instance, placement of k identical tasks at once, removal by a stated
/// policy, empty instances, and consolidation that reports the task moves it costs.
/// Task shapes are registered once (one per service); counts per (instance, shape) live in one
/// flat array, so steady-state steps allocate nothing.

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "fleetcast/packing/heuristics.hpp"
#include "fleetcast/packing/placement.hpp"
#include "fleetcast/packing/problem.hpp"
#include "fleetcast/packing/type_choice.hpp"

namespace fleetcast::packing {

/// Which tasks go first on scale-in.
enum class removal_policy {
  least_utilised_first,  ///< from the instance with the lowest utilisation (frees instances)
  newest_first,          ///< from the most recently launched instance
  oldest_first,          ///< from the earliest launched instance
};

/// The result of a consolidation: what it saves and what it costs.
struct consolidation {
  bool applied = false;
  std::int64_t moves = 0;              ///< tasks that change instance
  std::int64_t instances_before = 0, instances_after = 0;
  double cost_before = 0, cost_after = 0;  ///< per hour
};

template <std::size_t D>
class cluster {
 public:
  /// `types` are the instance types new instances may use; `shapes` the task shapes.
  cluster(std::vector<bin_type<D>> types, std::vector<resources<D>> shapes)
      : types_(std::move(types)), shapes_(std::move(shapes)) {}

  [[nodiscard]] std::size_t instance_count() const noexcept { return id_.size(); }
  [[nodiscard]] std::uint64_t instance_id(std::size_t i) const noexcept { return id_[i]; }
  [[nodiscard]] std::uint32_t instance_type(std::size_t i) const noexcept { return type_[i]; }
  [[nodiscard]] const resources<D>& residual(std::size_t i) const noexcept { return residual_[i]; }
  [[nodiscard]] std::int64_t tasks(std::size_t i, std::uint32_t shape) const noexcept {
    return count_[i * shapes_.size() + shape];
  }
  [[nodiscard]] std::int64_t tasks_of(std::uint32_t shape) const noexcept {
    std::int64_t n = 0;
    for (std::size_t i = 0; i < id_.size(); ++i) n += tasks(i, shape);
    return n;
  }
  [[nodiscard]] const bin_type<D>& type_info(std::uint32_t t) const noexcept { return types_[t]; }
  [[nodiscard]] std::uint64_t next_instance_id() const noexcept { return next_id_; }
  [[nodiscard]] bool empty_instance(std::size_t i) const noexcept { return is_empty(i); }
  /// Whether instance i has tasks of a shape it had none of at the last `clear_gained()` (or
  /// is new since): only such instances can need something a shape brings (an image pull).
  [[nodiscard]] bool gained(std::size_t i) const noexcept { return gained_[i] != 0; }
  void clear_gained() noexcept { std::fill(gained_.begin(), gained_.end(), char(0)); }
  /// Launches an empty instance of `type` (spare capacity); returns its id.
  std::uint64_t add_instance(std::uint32_t type) { return id_[launch_instance(type)]; }
  /// Removes instance i with its tasks (a Spot interruption); `evicted[s]` receives the
  /// number of tasks of each shape that must be placed again.
  void evict(std::size_t i, std::vector<std::int64_t>& evicted) {
    const std::size_t S = shapes_.size();
    evicted.assign(S, 0);
    for (std::size_t s = 0; s < S; ++s) evicted[s] = count_[i * S + s];
    erase(i);
  }
  /// Terminates the instance with this id if it is empty; returns whether it did.
  bool terminate_if_empty(std::uint64_t id) {
    for (std::size_t i = 0; i < id_.size(); ++i)
      if (id_[i] == id) {
        if (!is_empty(i)) return false;
        erase(i);
        return true;
      }
    return false;
  }
  /// Terminates the instances i with `gone[i]` set, which must be empty, keeping the others'
  /// order: one pass, where terminating them one by one costs a pass each.
  void terminate_marked(const std::vector<char>& gone) {
    compact([&](std::size_t i) { return gone[i] != 0; });
  }
  /// Caps how many instances of `type` may run at once (a node group's maximum size);
  /// `place` launches no instance of a type at its cap. Default: no cap.
  void set_type_limit(std::uint32_t type, std::int64_t max_instances) {
    limit_.resize(types_.size(), INT64_MAX);
    limit_[type] = max_instances;
  }
  /// Running instances of `type`. O(instances).
  [[nodiscard]] std::int64_t instances_of(std::uint32_t type) const noexcept {
    return std::int64_t(std::count(type_.begin(), type_.end(), type));
  }
  /// Index of the instance with this id, or instance_count() if it is not running. O(instances).
  [[nodiscard]] std::size_t index_of(std::uint64_t id) const noexcept {
    return std::size_t(std::find(id_.begin(), id_.end(), id) - id_.begin());
  }
  /// CPU-and-memory utilisation of instance i: the larger of the two requested shares (the
  /// cluster autoscaler's scale-down measure), 0–1.
  [[nodiscard]] double utilisation_of(std::size_t i) const noexcept {
    const auto& cap = types_[type_[i]].capacity;
    double u = 0;
    for (std::size_t k = 0; k < std::min<std::size_t>(D, 2); ++k)
      if (cap[k] > 0) u = std::max(u, double(cap[k] - residual_[i][k]) / double(cap[k]));
    return u;
  }
  /// Whether first fit, without launching, would move every task of instance i onto others.
  [[nodiscard]] bool drainable(std::size_t i) const { return can_drain(i); }
  /// Moves the tasks of instance i onto the others (first fit, no launch) and terminates it,
  /// as the cluster autoscaler does with an unneeded node. Returns the tasks moved, or −1
  /// (and changes nothing) when they do not all fit elsewhere.
  std::int64_t drain(std::size_t victim) {
    if (!can_drain(victim)) return -1;
    std::int64_t moves = 0;
    for (std::uint32_t s = 0; s < shapes_.size(); ++s) {
      std::int64_t n = tasks(victim, s);
      if (n == 0) continue;
      add(victim, s, -n);
      for (std::size_t i = 0; i < id_.size() && n > 0; ++i) {
        if (i == victim) continue;
        const std::int64_t m = std::min(n, copies_that_fit<D>(shapes_[s], residual_[i]));
        if (m > 0) {
          add(i, s, m);
          n -= m;
          moves += m;
        }
      }
    }
    erase(victim);
    return moves;
  }
  [[nodiscard]] double cost_per_hour() const noexcept {
    double c = 0;
    for (auto t : type_) c += types_[t].cost_per_hour();
    return c;
  }

  /// Places `k` tasks of `shape`; launches instances (type by `choice`) when none fits.
  /// Returns the number placed: fewer than k only when no allowed type can hold the shape.
  /// Complexity: first fit and binpack fill one instance at a time, as one-by-one placement
  /// would: O(instances + filled × log instances) in all, plus O(types) per instance launched;
  /// O(instances) per task for spread.
  /// With `launch` false, only running instances are used (fewer than k may be placed).
  /// `prices`, if given, are the per-hour costs `choice` compares when it picks the type of a
  /// new instance (e.g. Spot prices, or a ranking for a Spot allocation strategy); the
  /// capacities are always the cluster's.
  std::int64_t place(std::uint32_t shape, std::int64_t k, placement_policy policy,
                     const type_choice& choice = {}, bool launch = true,
                     std::span<const double> prices = {}) {
    if (policy == placement_policy::spread) return place_spread(shape, k, choice, launch, prices);
    // First fit and binpack fill the best running instance that fits, then the next: filling
    // one changes no other, and leaves it without room for the shape (or places the last
    // task). So the instances are filled in the order of one scan — by index (first fit) or
    // by the binpacked resource left, then index — and the rest go on new instances, each
    // filled in turn: one O(instances) pass instead of one per instance filled.
    const resources<D>& w = shapes_[shape];
    std::int64_t placed = 0;
    if (k <= 0) return placed;
    const std::size_t dim = policy == placement_policy::binpack_cpu ? 0 : D > 1 ? 1 : 0;
    room_.clear();
    for (std::size_t i = 0; i < id_.size(); ++i) {
      if (!fits<D>(w, residual_[i])) continue;
      room_.emplace_back(policy == placement_policy::first_fit ? 0 : residual_[i][dim], i);
      if (policy == placement_policy::first_fit && copies_that_fit<D>(w, residual_[i]) >= k) break;
    }
    const auto later = [](const auto& a, const auto& b) { return a > b; };  // a min-heap of (left, index)
    if (policy != placement_policy::first_fit) std::make_heap(room_.begin(), room_.end(), later);
    for (std::size_t c = 0; placed < k && c < room_.size(); ++c) {
      std::size_t best = room_[c].second;
      if (policy != placement_policy::first_fit) {
        std::pop_heap(room_.begin(), room_.end() - std::ptrdiff_t(c), later);
        best = room_[room_.size() - 1 - c].second;
      }
      const std::int64_t n = std::min(k - placed, copies_that_fit<D>(w, residual_[best]));
      add(best, shape, n);
      placed += n;
    }
    while (placed < k && launch) {
      const auto t = pick_type(shape, k - placed, choice, prices);
      if (!t) break;
      const std::size_t best = launch_instance(*t);
      const std::int64_t n = std::min(k - placed, copies_that_fit<D>(w, residual_[best]));
      add(best, shape, n);
      placed += n;
    }
    return placed;
  }

  /// Removes up to `k` tasks of `shape` by `policy`; returns the number removed.
  /// Least utilised first: removing an instance's tasks changes no other instance, so the
  /// instances are emptied of the shape in the order of one scan (utilisation, then index):
  /// O(instances + emptied × log instances).
  std::int64_t remove(std::uint32_t shape, std::int64_t k, removal_policy policy) {
    std::int64_t removed = 0;
    if (policy == removal_policy::least_utilised_first) {
      if (k <= 0) return removed;
      by_use_.clear();
      for (std::size_t i = 0; i < id_.size(); ++i)
        if (tasks(i, shape) != 0) by_use_.emplace_back(utilisation(i), i);
      const auto later = [](const auto& a, const auto& b) { return a > b; };  // a min-heap
      std::make_heap(by_use_.begin(), by_use_.end(), later);
      for (auto end = by_use_.end(); removed < k && end != by_use_.begin(); --end) {
        std::pop_heap(by_use_.begin(), end, later);
        const std::size_t pick = (end - 1)->second;
        const std::int64_t n = std::min(k - removed, tasks(pick, shape));
        add(pick, shape, -n);
        removed += n;
      }
      return removed;
    }
    while (removed < k) {
      std::size_t pick = npos;
      for (std::size_t i = 0; i < id_.size(); ++i) {
        if (tasks(i, shape) == 0) continue;
        if (pick == npos) {
          pick = i;
          if (policy == removal_policy::oldest_first) break;
          continue;
        }
        pick = i;  // newest first: the last one with tasks of the shape
      }
      if (pick == npos) break;
      const std::int64_t n = std::min(k - removed, tasks(pick, shape));
      add(pick, shape, -n);
      removed += n;
    }
    return removed;
  }

  /// Indices of instances that run no task.
  [[nodiscard]] std::vector<std::size_t> empty_instances() const {
    std::vector<std::size_t> v;
    for (std::size_t i = 0; i < id_.size(); ++i)
      if (is_empty(i)) v.push_back(i);
    return v;
  }
  /// Terminates every empty instance; returns their ids (for billing).
  std::vector<std::uint64_t> terminate_empty() {
    std::vector<std::uint64_t> gone;
    compact([&](std::size_t i) {
      if (!is_empty(i)) return false;
      gone.push_back(id_[i]);
      return true;
    });
    return gone;
  }

  /// Drain consolidation (Karpenter "delete"): repeatedly take the least-utilised instance
  /// whose tasks all fit on the other instances (first fit, without launching), move them,
  /// and terminate it. Returns what it did.
  consolidation consolidate_drain() {
    consolidation r;
    r.instances_before = std::int64_t(id_.size());
    r.cost_before = cost_per_hour();
    bool progress = true;
    while (progress) {
      progress = false;
      // Utilisations once per pass (the sort compares each many times), same order.
      use_.resize(id_.size());
      for (std::size_t i = 0; i < id_.size(); ++i) use_[i] = utilisation(i);
      order_.resize(id_.size());
      std::iota(order_.begin(), order_.end(), std::size_t{0});
      std::stable_sort(order_.begin(), order_.end(), [&](auto a, auto b) { return use_[a] < use_[b]; });
      room_of_.assign(shapes_.size(), -1);
      for (std::size_t victim : order_) {
        if (is_empty(victim)) continue;
        if (!room_elsewhere(victim)) continue;  // first fit could not move them all: drain would fail
        const std::int64_t moved = drain(victim);
        if (moved < 0) continue;
        r.moves += moved;
        progress = true;
        break;
      }
      if (progress) terminate_empty();
    }
    r.instances_after = std::int64_t(id_.size());
    r.cost_after = cost_per_hour();
    r.applied = r.moves > 0 || r.instances_after < r.instances_before;
    return r;
  }

  /// Repack consolidation (Karpenter "replace"): pack every task from scratch with
  /// `heuristic` and `choice`; if that costs at least `min_saving` (a fraction) less per hour,
  /// adopt it. New instances keep the id of the old instance of the same type they overlap
  /// most (greedy matching), and `moves` counts the tasks that change instance.
  consolidation consolidate_repack(std::string_view heuristic, const type_choice& choice,
                                   double min_saving = 0.0) {
    consolidation r;
    r.instances_before = std::int64_t(id_.size());
    r.cost_before = cost_per_hour();
    problem<D> p;
    p.bin_types = types_;
    for (std::uint32_t s = 0; s < shapes_.size(); ++s) p.add(shapes_[s], tasks_of(s));
    const pack_result<D> packed = pack_by_name<D>(heuristic, p, choice);
    double new_cost = packed.cost_per_hour;
    if (packed.unplaced_count() > 0 || !(new_cost < r.cost_before * (1.0 - min_saving))) {
      r.instances_after = r.instances_before;
      r.cost_after = r.cost_before;
      return r;
    }
    const std::size_t S = shapes_.size();
    std::vector<std::int64_t> new_counts(packed.bins.size() * S, 0);
    for (std::size_t b = 0; b < packed.bins.size(); ++b)
      for (auto [s, n] : packed.bins[b].items) new_counts[b * S + s] += n;
    // Greedy matching: pairs (new bin, old instance) of the same type by overlap, largest first.
    struct pair_overlap {
      std::int64_t overlap;
      std::size_t bin, inst;
    };
    std::vector<pair_overlap> pairs;
    for (std::size_t b = 0; b < packed.bins.size(); ++b)
      for (std::size_t i = 0; i < id_.size(); ++i) {
        if (type_[i] != packed.bins[b].type) continue;
        std::int64_t o = 0;
        for (std::size_t s = 0; s < S; ++s) o += std::min(new_counts[b * S + s], count_[i * S + s]);
        if (o > 0) pairs.push_back({o, b, i});
      }
    std::stable_sort(pairs.begin(), pairs.end(), [](auto& a, auto& b) { return a.overlap > b.overlap; });
    std::vector<std::optional<std::uint64_t>> keep_id(packed.bins.size());
    std::vector<bool> used(id_.size(), false);
    std::int64_t kept = 0, total = 0;
    for (auto c : count_) total += c;
    for (const auto& pr : pairs) {
      if (keep_id[pr.bin] || used[pr.inst]) continue;
      keep_id[pr.bin] = id_[pr.inst];
      used[pr.inst] = true;
      kept += pr.overlap;
    }
    // Adopt the new packing.
    id_.assign(packed.bins.size(), 0);
    type_.resize(packed.bins.size());
    residual_.resize(packed.bins.size());
    count_ = std::move(new_counts);
    total_.assign(packed.bins.size(), 0);
    gained_.assign(packed.bins.size(), 1);  // every instance may hold shapes it did not
    for (std::size_t b = 0; b < packed.bins.size(); ++b)
      for (std::size_t s = 0; s < S; ++s) total_[b] += count_[b * S + s];
    for (std::size_t b = 0; b < packed.bins.size(); ++b) {
      id_[b] = keep_id[b] ? *keep_id[b] : next_id_++;
      type_[b] = packed.bins[b].type;
      residual_[b] = types_[type_[b]].capacity;
      subtract_from<D>(residual_[b], packed.bins[b].load);
    }
    r.applied = true;
    r.moves = total - kept;
    r.instances_after = std::int64_t(id_.size());
    r.cost_after = cost_per_hour();
    return r;
  }

 private:
  static constexpr std::size_t npos = SIZE_MAX;

  // Spread: one task at a time on the instance with the fewest tasks (ties: the first).
  std::int64_t place_spread(std::uint32_t shape, std::int64_t k, const type_choice& choice, bool launch,
                            std::span<const double> prices) {
    const resources<D>& w = shapes_[shape];
    std::int64_t placed = 0;
    while (placed < k) {
      std::size_t best = npos;
      for (std::size_t i = 0; i < id_.size(); ++i) {
        if (!fits<D>(w, residual_[i])) continue;
        if (best == npos || task_total(i) < task_total(best)) best = i;
      }
      if (best == npos) {
        if (!launch) break;
        const auto t = pick_type(shape, k - placed, choice, prices);
        if (!t) break;
        best = launch_instance(*t);
      }
      add(best, shape, 1);
      ++placed;
    }
    return placed;
  }

  [[nodiscard]] bool is_empty(std::size_t i) const noexcept { return total_[i] == 0; }
  /// Share of the instance in use: the largest share over dimensions with capacity.
  [[nodiscard]] double utilisation(std::size_t i) const noexcept {
    const auto& cap = types_[type_[i]].capacity;
    double u = 0;
    for (std::size_t k = 0; k < D; ++k)
      if (cap[k] > 0) u = std::max(u, double(cap[k] - residual_[i][k]) / double(cap[k]));
    return u;
  }
  [[nodiscard]] std::int64_t task_total(std::size_t i) const noexcept { return total_[i]; }
  /// Would first fit (without launching) place every task of `victim` on the others?
  [[nodiscard]] bool can_drain(std::size_t victim) const {
    // First fit on copies of the others' residuals, copied only when a task lands there
    // (stamp_[i] == this call's stamp): a call costs the scan, not a copy of every instance.
    if (stamp_.size() < id_.size()) {
      stamp_.resize(id_.size(), 0);
      scratch_.resize(id_.size());
    }
    const std::uint64_t call = ++stamp_now_;
    for (std::uint32_t s = 0; s < shapes_.size(); ++s) {
      std::int64_t n = tasks(victim, s);
      for (std::size_t i = 0; i < id_.size() && n > 0; ++i) {
        if (i == victim) continue;
        const std::int64_t m = std::min(n, copies_that_fit<D>(shapes_[s], stamp_[i] == call ? scratch_[i] : residual_[i]));
        if (m == 0) continue;
        if (stamp_[i] != call) {
          scratch_[i] = residual_[i];
          stamp_[i] = call;
        }
        subtract_from<D>(scratch_[i], shapes_[s], m);
        n -= m;
      }
      if (n > 0) return false;
    }
    return true;
  }
  /// A necessary condition for `can_drain(victim)`, O(shapes of the victim) once each shape's
  /// room is known: first fit places at most as many tasks of a shape as fit, one instance at
  /// a time, into the others' residuals as they are now (they only shrink as it goes). The
  /// room per shape (`room_of_`, −1: not yet counted) holds while nothing is placed.
  [[nodiscard]] bool room_elsewhere(std::size_t victim) {
    constexpr std::int64_t cap = std::int64_t(1) << 40;  // sums of "unlimited" stay finite
    for (std::uint32_t s = 0; s < shapes_.size(); ++s) {
      const std::int64_t n = tasks(victim, s);
      if (n == 0) continue;
      if (room_of_[s] < 0) {
        room_of_[s] = 0;
        for (std::size_t i = 0; i < id_.size(); ++i)
          room_of_[s] += std::min(cap, copies_that_fit<D>(shapes_[s], residual_[i]));
      }
      if (room_of_[s] - std::min(cap, copies_that_fit<D>(shapes_[s], residual_[victim])) < n) return false;
    }
    return true;
  }
  std::optional<std::uint32_t> pick_type(std::uint32_t shape, std::int64_t pending,
                                         const type_choice& choice, std::span<const double> prices) const {
    pending_.assign(shapes_.size(), 0);  // no allocation once sized
    pending_[shape] = pending;
    const std::uint32_t order[] = {shape};
    std::span<const bin_type<D>> types(types_);
    if (!prices.empty() || !limit_.empty()) {  // other prices, or types at their cap
      priced_.assign(types_.begin(), types_.end());
      for (std::size_t t = 0; t < priced_.size() && t < prices.size(); ++t) {
        priced_[t].price_per_hour = prices[t];
        priced_[t].extra_per_node = 0;
      }
      for (std::uint32_t t = 0; t < limit_.size(); ++t)
        if (limit_[t] != INT64_MAX && instances_of(t) >= limit_[t]) priced_[t].capacity = {};  // holds nothing
      types = priced_;
    }
    return choose_type<D>(types, std::span<const resources<D>>(shapes_), choice, shape, pending_, order);
  }
  std::size_t launch_instance(std::uint32_t type) {
    id_.push_back(next_id_++);
    type_.push_back(type);
    residual_.push_back(types_[type].capacity);
    count_.resize(count_.size() + shapes_.size(), 0);
    total_.push_back(0);
    gained_.push_back(0);
    return id_.size() - 1;
  }
  void erase(std::size_t i) {
    const std::size_t S = shapes_.size();
    id_.erase(id_.begin() + std::ptrdiff_t(i));
    type_.erase(type_.begin() + std::ptrdiff_t(i));
    residual_.erase(residual_.begin() + std::ptrdiff_t(i));
    count_.erase(count_.begin() + std::ptrdiff_t(i * S), count_.begin() + std::ptrdiff_t((i + 1) * S));
    total_.erase(total_.begin() + std::ptrdiff_t(i));
    gained_.erase(gained_.begin() + std::ptrdiff_t(i));
  }
  // Removes the instances i with gone(i) (called once per instance, in order), keeping the
  // others' order, in one pass.
  template <class Gone>
  void compact(Gone gone) {
    const std::size_t S = shapes_.size();
    std::size_t out = 0;
    for (std::size_t i = 0; i < id_.size(); ++i) {
      if (gone(i)) continue;
      if (out != i) {
        id_[out] = id_[i];
        type_[out] = type_[i];
        residual_[out] = residual_[i];
        total_[out] = total_[i];
        gained_[out] = gained_[i];
        std::copy_n(count_.begin() + std::ptrdiff_t(i * S), S, count_.begin() + std::ptrdiff_t(out * S));
      }
      ++out;
    }
    id_.resize(out);
    type_.resize(out);
    residual_.resize(out);
    total_.resize(out);
    gained_.resize(out);
    count_.resize(out * S);
  }
  void add(std::size_t i, std::uint32_t shape, std::int64_t n) {
    std::int64_t& c = count_[i * shapes_.size() + shape];
    if (c == 0 && n > 0) gained_[i] = 1;
    c += n;
    total_[i] += n;
    subtract_from<D>(residual_[i], shapes_[shape], n);
  }

  std::vector<bin_type<D>> types_;
  std::vector<resources<D>> shapes_;
  std::vector<std::uint64_t> id_;
  std::vector<std::uint32_t> type_;
  std::vector<resources<D>> residual_;
  std::vector<std::int64_t> count_;  // instance-major: count_[i * shapes + s]
  std::vector<std::int64_t> total_;  // per instance: its tasks, all shapes
  std::vector<char> gained_;         // per instance: a shape went from none to some since clear_gained
  std::uint64_t next_id_ = 1;
  std::vector<std::int64_t> limit_;  // per type; empty: no caps
  mutable std::vector<resources<D>> scratch_;  // can_drain: residuals as first fit leaves them
  mutable std::vector<std::uint64_t> stamp_;    // can_drain: scratch_[i] is this call's
  mutable std::uint64_t stamp_now_ = 0;
  std::vector<double> use_;            // consolidate_drain: utilisation per instance
  std::vector<std::size_t> order_;     // consolidate_drain: instances by utilisation
  std::vector<std::int64_t> room_of_;  // consolidate_drain: per shape, copies the instances can take
  mutable std::vector<std::int64_t> pending_;
  mutable std::vector<bin_type<D>> priced_;
  std::vector<std::pair<std::int64_t, std::size_t>> room_;  // place: (resource left, index), reused
  std::vector<std::pair<double, std::size_t>> by_use_;      // remove: (utilisation, index), reused
};

}  // namespace fleetcast::packing
