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
#include <set>
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
      : types_(std::move(types)), shapes_(std::move(shapes)), type_count_(types_.size(), 0) {
    // Identical shapes share a room index (services often have the same task size).
    for (std::uint32_t s = 0; s < shapes_.size(); ++s) {
      std::uint32_t c = 0;
      while (c < s && !(shapes_[c] == shapes_[s])) ++c;
      class_of_.push_back(c);
    }
    room_ix_.resize(2 * shapes_.size());
    room_on_.assign(2 * shapes_.size(), 0);
    use_ix_.resize(shapes_.size());
    use_on_.assign(shapes_.size(), 0);
  }
  /// Large clusters keep indexes for `place` (binpack) and `remove` (least utilised first)
  /// once they have this many instances, and 4 per shape (keeping them costs O(shapes) per
  /// change of an instance's tasks): below it a scan costs less than keeping them.
  static constexpr std::size_t index_from = 32;

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
  [[nodiscard]] bool gained(std::size_t i) const noexcept { return (mark_[id_[i]] & gained_bit) != 0; }
  /// The ids of the instances that gained a shape since the last `clear_gained()` (any order;
  /// some may have gone since): the instances `gained` is true of, without a scan.
  [[nodiscard]] const std::vector<std::uint64_t>& gained_ids() const noexcept { return gained_ids_; }
  void clear_gained() noexcept {
    for (const auto id : gained_ids_) mark_[id] &= char(~gained_bit);
    gained_ids_.clear();
  }
  /// The ids of the instances whose tasks changed, launched or gone since the last
  /// `clear_touched()` (any order, each once): what an incremental tally of the instances'
  /// state must look at again.
  [[nodiscard]] const std::vector<std::uint64_t>& touched_ids() const noexcept { return touched_ids_; }
  void clear_touched() noexcept {
    for (const auto id : touched_ids_) mark_[id] &= char(~touched_bit);
    touched_ids_.clear();
  }
  /// The ids of the instances gone (terminated, drained, evicted, replaced) since the last
  /// `clear_gone()`, in the order they went.
  [[nodiscard]] const std::vector<std::uint64_t>& gone_ids() const noexcept { return gone_ids_; }
  void clear_gone() noexcept { gone_ids_.clear(); }
  /// The running instances without tasks, by id, in the order of their indices.
  [[nodiscard]] const std::vector<std::uint64_t>& empty_ids() const noexcept { return empty_ids_; }
  /// Changes whenever an instance is launched or goes (not when only tasks move): what depends
  /// only on the running instances' types need not be recomputed while it stays the same.
  [[nodiscard]] std::uint64_t members_version() const noexcept { return members_version_; }
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
  /// Terminates the instances at `positions` (ascending; each must be empty), keeping the
  /// others' order: one pass from the first of them.
  void terminate_at(const std::vector<std::size_t>& positions) {
    if (positions.empty()) return;
    std::size_t next = 0;
    compact([&](std::size_t i) {
      if (next < positions.size() && positions[next] == i) {
        ++next;
        return true;
      }
      return false;
    }, positions.front());
  }
  /// Caps how many instances of `type` may run at once (a node group's maximum size);
  /// `place` launches no instance of a type at its cap. Default: no cap.
  void set_type_limit(std::uint32_t type, std::int64_t max_instances) {
    limit_.resize(types_.size(), INT64_MAX);
    limit_[type] = max_instances;
  }
  /// Running instances of `type`. O(1): counted as they launch and go.
  [[nodiscard]] std::int64_t instances_of(std::uint32_t type) const noexcept { return type_count_[type]; }
  /// Index of the instance with this id, or instance_count() if it is not running. O(1).
  [[nodiscard]] std::size_t index_of(std::uint64_t id) const noexcept {
    return id < pos_.size() && pos_[id] != npos ? pos_[id] : id_.size();
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
  std::int64_t drain(std::size_t victim) { return drain(victim, nullptr); }
  /// The same, adding to `filled` the ids of the instances that took tasks.
  std::int64_t drain(std::size_t victim, std::vector<std::uint64_t>* filled) {
    if (!can_drain(victim)) return -1;
    const std::int64_t moves = move_off(victim, filled);
    erase(victim);
    return moves;
  }
  /// Instance i's type's price per hour.
  [[nodiscard]] double instance_cost_per_hour(std::size_t i) const noexcept { return types_[type_[i]].cost_per_hour(); }
  [[nodiscard]] double cost_per_hour() const noexcept {
    double c = 0;
    for (auto t : type_) c += types_[t].cost_per_hour();
    return c;
  }
  /// The price per hour of the instances at `batch` (indices), summed in that order: with
  /// every index in order, the same double as cost_per_hour().
  [[nodiscard]] double cost_per_hour(std::span<const std::size_t> batch) const noexcept {
    double c = 0;
    for (const std::size_t i : batch) c += instance_cost_per_hour(i);
    return c;
  }
  /// The tasks of each shape on the instances at `batch`, into `counts` (one per shape).
  void tasks_of(std::span<const std::size_t> batch, std::span<std::int64_t> counts) const noexcept {
    std::fill(counts.begin(), counts.end(), 0);
    for (const std::size_t i : batch)
      for (std::size_t s = 0; s < counts.size(); ++s) counts[s] += count_[i * shapes_.size() + s];
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
    if (policy != placement_policy::first_fit && indexable() && (room_on_[room_slot(shape, dim)] != 0 || big_enough())) {
      // The same order from the index of instances the shape fits, by (resource left, id):
      // ids rise with the index (no repack), and filling one instance moves only its entry
      // (to a lower key: behind the next one, which is kept).
      const auto& ix = room_index(shape, dim);
      for (auto it = ix.lower_bound({w[dim], 0}); placed < k && it != ix.end();) {
        const auto next = std::next(it);
        const std::size_t best = pos_[it->second];
        const std::int64_t n = std::min(k - placed, copies_that_fit<D>(w, residual_[best]));
        add(best, shape, n);
        placed += n;
        it = next;
      }
      return place_on_new(shape, k, placed, choice, launch, prices);
    }
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
    return place_on_new(shape, k, placed, choice, launch, prices);
  }

  /// Removes up to `k` tasks of `shape` by `policy`; returns the number removed.
  /// Least utilised first: removing an instance's tasks changes no other instance, so the
  /// instances are emptied of the shape in the order of one scan (utilisation, then index):
  /// O(instances + emptied × log instances).
  std::int64_t remove(std::uint32_t shape, std::int64_t k, removal_policy policy) {
    std::int64_t removed = 0;
    if (policy == removal_policy::least_utilised_first) {
      if (k <= 0) return removed;
      if (indexable() && (use_on_[shape] != 0 || big_enough())) {
        // The same order from the index of the instances with tasks of the shape, by
        // (utilisation, id): emptying one moves only its entry (to a lower utilisation,
        // behind the next one, which is kept).
        const auto& ix = use_index(shape);
        for (auto it = ix.begin(); removed < k && it != ix.end();) {
          const auto next = std::next(it);
          const std::size_t pick = pos_[it->second];
          const std::int64_t n = std::min(k - removed, tasks(pick, shape));
          add(pick, shape, -n);
          removed += n;
          it = next;
        }
        return removed;
      }
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
    if (empty_ids_.empty()) return gone;
    compact(
        [&](std::size_t i) {
          if (!is_empty(i)) return false;
          gone.push_back(id_[i]);
          return true;
        },
        pos_[empty_ids_.front()]);  // the empty ones are in index order: none before the first
    return gone;
  }

  /// Drain consolidation (Karpenter "delete"): repeatedly take the least-utilised instance
  /// whose tasks all fit on the other instances (first fit, without launching), move them,
  /// and terminate it (and every empty instance); each time among the `batch` least-utilised
  /// instances that run tasks only (ties by index: Karpenter considers 100 at a time, see
  /// `repack_candidates`). Returns what it did.
  consolidation consolidate_drain(std::size_t batch = SIZE_MAX) {
    consolidation r;
    r.instances_before = std::int64_t(id_.size());
    r.cost_before = cost_per_hour();
    // Utilisations by id, computed once: a drain changes only the instances it fills. And each
    // instance's index now: removals keep the others' order, so it breaks ties as the index does.
    use_of_id_.resize(pos_.size());
    seq_of_id_.resize(pos_.size());
    for (std::size_t i = 0; i < id_.size(); ++i) {
      use_of_id_[id_[i]] = utilisation(i);
      seq_of_id_[id_[i]] = i;
    }
    window_.valid = false;
    bool progress = true;
    while (progress) {
      progress = false;
      drain_order(batch);
      room_of_.assign(shapes_.size(), -1);
      for (std::size_t victim : order_) {
        if (is_empty(victim)) continue;
        if (!room_elsewhere(victim)) continue;  // first fit could not move them all: drain would fail
        if (!can_drain(victim)) continue;
        filled_.clear();
        const std::size_t empty_before = empty_ids_.size();
        r.moves += move_off(victim, &filled_);
        for (const std::uint64_t id : filled_) use_of_id_[id] = utilisation(pos_[id]);
        // The victim is empty now; fewer others are when the drain filled an empty instance,
        // a new candidate the window does not hold.
        if (empty_ids_.size() < empty_before + 1) window_.valid = false;
        // The victim goes, then every empty instance, in one sweep from the first of them
        // (as drain's own termination and then terminate_empty: the victim first).
        const std::size_t from = pos_[empty_ids_.front()];  // the victim is empty now
        note_gone(victim);
        compact([&](std::size_t i) { return is_empty(i); }, from);
        progress = true;
        break;
      }
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
    std::vector<std::size_t> every(id_.size());
    std::iota(every.begin(), every.end(), std::size_t{0});
    return consolidate_repack(heuristic, choice, min_saving, every);
  }

  /// The same for a batch of instances (`batch`: ascending indices, as `repack_candidates`
  /// gives): their tasks packed from scratch replace them when that costs at least
  /// `min_saving` less per hour than they do; the others stay as they are (in order, before
  /// the new instances). With every index, the repack of the whole fleet above.
  consolidation consolidate_repack(std::string_view heuristic, const type_choice& choice, double min_saving,
                                   std::span<const std::size_t> batch) {
    consolidation r;
    r.instances_before = std::int64_t(id_.size());
    r.cost_before = cost_per_hour();
    const std::size_t S = shapes_.size();
    const double batch_cost = cost_per_hour(batch);
    batch_counts_.resize(S);  // kept: no allocation per repack
    tasks_of(batch, batch_counts_);
    problem<D> p;
    p.bin_types = types_;
    for (std::uint32_t s = 0; s < S; ++s) p.add(shapes_[s], batch_counts_[s]);
    const pack_result<D> packed = pack_by_name<D>(heuristic, p, choice);
    double new_cost = packed.cost_per_hour;
    if (packed.unplaced_count() > 0 || !(new_cost < batch_cost * (1.0 - min_saving))) {
      r.instances_after = r.instances_before;
      r.cost_after = r.cost_before;
      return r;
    }
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
      for (const std::size_t i : batch) {
        if (type_[i] != packed.bins[b].type) continue;
        std::int64_t o = 0;
        for (std::size_t s = 0; s < S; ++s) o += std::min(new_counts[b * S + s], count_[i * S + s]);
        if (o > 0) pairs.push_back({o, b, i});
      }
    std::stable_sort(pairs.begin(), pairs.end(), [](auto& a, auto& b) { return a.overlap > b.overlap; });
    std::vector<std::optional<std::uint64_t>> keep_id(packed.bins.size());
    std::vector<char> used(id_.size(), 0), in_batch(id_.size(), 0);
    std::int64_t kept = 0, total = 0;
    for (const std::size_t i : batch) {
      total += total_[i];
      in_batch[i] = 1;
    }
    for (const auto& pr : pairs) {
      if (keep_id[pr.bin] || used[pr.inst]) continue;
      keep_id[pr.bin] = id_[pr.inst];
      used[pr.inst] = 1;
      kept += pr.overlap;
    }
    // Adopt the new packing. The batch's ids not kept are gone. Ids no longer rise with the
    // index: the indexes go for good (`place` and `remove` scan).
    drop_indexes();
    repacked_ = true;
    for (const std::size_t i : batch)
      if (!used[i]) note_gone(i);
    // The instances outside the batch move to the front, in order.
    std::size_t out = 0;
    for (std::size_t i = 0; i < id_.size(); ++i) {
      if (in_batch[i]) continue;
      id_[out] = id_[i];
      type_[out] = type_[i];
      residual_[out] = residual_[i];
      total_[out] = total_[i];
      std::copy_n(count_.begin() + std::ptrdiff_t(i * S), S, count_.begin() + std::ptrdiff_t(out * S));
      ++out;
    }
    const std::size_t n = out + packed.bins.size();
    id_.resize(n);
    type_.resize(n);
    residual_.resize(n);
    total_.resize(n);
    count_.resize(out * S);
    count_.insert(count_.end(), new_counts.begin(), new_counts.end());
    std::fill(type_count_.begin(), type_count_.end(), 0);
    empty_ids_.clear();
    for (std::size_t i = 0; i < out; ++i) {
      pos_[id_[i]] = i;
      ++type_count_[type_[i]];
      if (total_[i] == 0) empty_ids_.push_back(id_[i]);
    }
    for (std::size_t b = 0; b < packed.bins.size(); ++b) {
      const std::size_t at = out + b;
      total_[at] = 0;
      for (std::size_t s = 0; s < S; ++s) total_[at] += count_[at * S + s];
      id_[at] = keep_id[b] ? *keep_id[b] : next_id_++;
      type_[at] = packed.bins[b].type;
      residual_[at] = types_[type_[at]].capacity;
      subtract_from<D>(residual_[at], packed.bins[b].load);
      grow_by_id(id_[at]);
      pos_[id_[at]] = at;
      ++type_count_[type_[at]];
      if (total_[at] == 0) empty_ids_.push_back(id_[at]);
      mark(id_[at], gained_bit, gained_ids_);  // every new instance may hold shapes it did not
      mark(id_[at], touched_bit, touched_ids_);
    }
    ++members_version_;
    r.applied = true;
    r.moves = total - kept;
    r.instances_after = std::int64_t(id_.size());
    r.cost_after = cost_per_hour();
    return r;
  }

  /// Karpenter's batch for a replacement (multi-node consolidation considers "a maximum batch
  /// of 100 NodeClaims"): every instance when there are at most `batch`; otherwise the `batch`
  /// non-empty instances Karpenter sorts first, the highest price per unit of disruption —
  /// hourly price ÷ (1 + tasks), each task an eviction cost of 1 — ties by index. Into `out`,
  /// ascending. O(instances): a selection, not a sort. (kubernetes-sigs/karpenter@2266468,
  /// pkg/controllers/disruption/multinodeconsolidation.go `maxParallel`, consolidation.go
  /// `sortCandidates`, types.go `RescheduleDisruptionCost`.)
  void repack_candidates(std::size_t batch, std::vector<std::size_t>& out) const {
    out.clear();
    const std::size_t n = id_.size();
    if (n <= batch) {
      for (std::size_t i = 0; i < n; ++i) out.push_back(i);
      return;
    }
    for (std::size_t i = 0; i < n; ++i)
      if (!is_empty(i)) out.push_back(i);
    if (out.size() <= batch) return;
    const auto ratio = [&](std::size_t i) { return instance_cost_per_hour(i) / double(1 + total_[i]); };
    const auto first = [&](std::size_t a, std::size_t b) {
      const double ra = ratio(a), rb = ratio(b);
      return ra > rb || (ra == rb && a < b);
    };
    std::nth_element(out.begin(), out.begin() + std::ptrdiff_t(batch), out.end(), first);
    out.resize(batch);
    std::sort(out.begin(), out.end());
  }

 private:
  static constexpr std::size_t npos = SIZE_MAX;

  // drain's moves: the victim's tasks onto the others by first fit (they fit: can_drain),
  // leaving it empty; `filled`, if given, takes the ids of the instances that took tasks.
  std::int64_t move_off(std::size_t victim, std::vector<std::uint64_t>* filled) {
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
          if (filled != nullptr) filled->push_back(id_[i]);
        }
      }
    }
    return moves;
  }

  // consolidate_drain's candidates for a pass, into order_: every instance by utilisation
  // (ties by index) when there are at most `batch` (the empty ones are skipped), else the
  // first `batch` of that order among the instances that run tasks. For the latter a window of
  // the 2 × batch first is kept from pass to pass: a drain only fills instances that run tasks
  // (their utilisation rises) and removes some, so while the window's batch-th stays before
  // the first instance outside it at the window's making, the window's first `batch` are the
  // fleet's. Else — or when a drain filled an empty instance — it is made again, O(instances).
  struct ranked {
    double use;
    std::size_t seq;  // index at the drain's start
    std::uint64_t id;
  };
  static bool before(const ranked& a, const ranked& b) noexcept {
    return a.use < b.use || (a.use == b.use && a.seq < b.seq);
  }
  void drain_order(std::size_t batch) {
    const std::size_t n = id_.size();
    if (n <= batch) {
      use_.resize(n);  // the utilisations by index (the sort compares each many times)
      for (std::size_t i = 0; i < n; ++i) use_[i] = use_of_id_[id_[i]];
      order_.resize(n);
      std::iota(order_.begin(), order_.end(), std::size_t{0});
      // By utilisation, ties by index: a stable sort's order, without its buffer.
      std::sort(order_.begin(), order_.end(),
                [&](std::size_t a, std::size_t b) { return use_[a] < use_[b] || (use_[a] == use_[b] && a < b); });
      return;
    }
    auto& w = window_;
    const auto in_order = [](const ranked& a, const ranked& b) { return before(a, b); };  // inlined
    if (w.valid) {
      std::erase_if(w.items, [&](const ranked& x) { return pos_[x.id] == npos; });
      for (ranked& x : w.items) x.use = use_of_id_[x.id];
      std::sort(w.items.begin(), w.items.end(), in_order);
      w.valid = !w.bounded || (w.items.size() >= batch && before(w.items[batch - 1], w.first_outside));
    }
    if (!w.valid) {  // the instances that run tasks (the empty ones are never tried)
      w.items.clear();
      for (std::size_t i = 0; i < n; ++i)
        if (!is_empty(i)) w.items.push_back({use_of_id_[id_[i]], seq_of_id_[id_[i]], id_[i]});
      const std::size_t size = std::min(w.items.size(), 2 * batch);
      w.bounded = size < w.items.size();
      if (w.bounded) {
        std::nth_element(w.items.begin(), w.items.begin() + std::ptrdiff_t(size), w.items.end(), in_order);
        w.first_outside = w.items[size];
        w.items.resize(size);
      }
      std::sort(w.items.begin(), w.items.end(), in_order);
      w.valid = true;
    }
    order_.clear();
    for (std::size_t k = 0; k < batch && k < w.items.size(); ++k) order_.push_back(pos_[w.items[k].id]);
  }
  using room_set = std::set<std::pair<std::int64_t, std::uint64_t>>;  // (resource left, id)
  using use_set = std::set<std::pair<double, std::uint64_t>>;         // (utilisation, id)

  // The rest of `place`: new instances, each filled in turn.
  std::int64_t place_on_new(std::uint32_t shape, std::int64_t k, std::int64_t placed, const type_choice& choice,
                            bool launch, std::span<const double> prices) {
    const resources<D>& w = shapes_[shape];
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

  // --- indexes: kept while ids rise with the index (until a repack renumbers the instances) ---
  [[nodiscard]] bool indexable() const noexcept { return !repacked_; }
  [[nodiscard]] bool big_enough() const noexcept {
    return id_.size() >= index_from && id_.size() >= 4 * shapes_.size();
  }
  [[nodiscard]] std::size_t room_slot(std::uint32_t shape, std::size_t dim) const noexcept {
    return 2 * class_of_[shape] + (dim == 0 ? 0 : 1);
  }
  // The instances shape `shape` fits, by (resource `dim` left, id); built on first use.
  const room_set& room_index(std::uint32_t shape, std::size_t dim) {
    const std::size_t slot = room_slot(shape, dim);
    if (room_on_[slot] == 0) {
      room_on_[slot] = 1;
      room_active_.push_back(slot);
      for (std::size_t i = 0; i < id_.size(); ++i)
        if (fits<D>(shapes_[class_of_[shape]], residual_[i])) room_put(slot, residual_[i], id_[i]);
    }
    return room_ix_[slot];
  }
  // The instances with tasks of `shape`, by (utilisation, id); built on first use.
  const use_set& use_index(std::uint32_t shape) {
    if (use_on_[shape] == 0) {
      use_on_[shape] = 1;
      use_active_.push_back(shape);
      for (std::size_t i = 0; i < id_.size(); ++i)
        if (tasks(i, shape) != 0) use_put(shape, utilisation(i), id_[i]);
    }
    return use_ix_[shape];
  }
  // Entries are moved with node handles and spare nodes reused: no allocation once grown.
  void room_put(std::size_t slot, const resources<D>& left, std::uint64_t id) {
    const std::size_t dim = slot % 2 == 0 ? 0 : D > 1 ? 1 : 0;
    if (room_spare_.empty()) {
      room_ix_[slot].emplace(left[dim], id);
      return;
    }
    auto node = std::move(room_spare_.back());
    room_spare_.pop_back();
    node.value() = {left[dim], id};
    room_ix_[slot].insert(std::move(node));
  }
  void room_take(std::size_t slot, const resources<D>& left, std::uint64_t id) {
    const std::size_t dim = slot % 2 == 0 ? 0 : D > 1 ? 1 : 0;
    room_spare_.push_back(room_ix_[slot].extract({left[dim], id}));
  }
  void use_put(std::uint32_t shape, double u, std::uint64_t id) {
    if (use_spare_.empty()) {
      use_ix_[shape].emplace(u, id);
      return;
    }
    auto node = std::move(use_spare_.back());
    use_spare_.pop_back();
    node.value() = {u, id};
    use_ix_[shape].insert(std::move(node));
  }
  void use_take(std::uint32_t shape, double u, std::uint64_t id) { use_spare_.push_back(use_ix_[shape].extract({u, id})); }
  // Instance i enters or leaves every index it belongs in (launch, erase).
  void index_enter(std::size_t i) {
    for (const std::size_t slot : room_active_)
      if (fits<D>(shapes_[slot / 2], residual_[i])) room_put(slot, residual_[i], id_[i]);
    if (use_active_.empty()) return;
    const double u = utilisation(i);
    for (const std::uint32_t s : use_active_)
      if (tasks(i, s) != 0) use_put(s, u, id_[i]);
  }
  void index_leave(std::size_t i) {
    for (const std::size_t slot : room_active_)
      if (fits<D>(shapes_[slot / 2], residual_[i])) room_take(slot, residual_[i], id_[i]);
    if (use_active_.empty()) return;
    const double u = utilisation(i);
    for (const std::uint32_t s : use_active_)
      if (tasks(i, s) != 0) use_take(s, u, id_[i]);
  }
  void drop_indexes() {
    for (const std::size_t slot : room_active_) {
      room_ix_[slot].clear();
      room_on_[slot] = 0;
    }
    for (const std::uint32_t s : use_active_) {
      use_ix_[s].clear();
      use_on_[s] = 0;
    }
    room_active_.clear();
    use_active_.clear();
  }

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
    const std::uint64_t id = next_id_++;
    id_.push_back(id);
    type_.push_back(type);
    residual_.push_back(types_[type].capacity);
    count_.resize(count_.size() + shapes_.size(), 0);
    total_.push_back(0);
    grow_by_id(id);
    pos_[id] = id_.size() - 1;
    mark(id, touched_bit, touched_ids_);
    ++type_count_[type];
    empty_ids_.push_back(id);  // the largest index
    ++members_version_;
    index_enter(id_.size() - 1);
    return id_.size() - 1;
  }
  void erase(std::size_t i) {
    const std::size_t S = shapes_.size();
    const bool was_empty = is_empty(i);
    note_gone(i);
    id_.erase(id_.begin() + std::ptrdiff_t(i));
    type_.erase(type_.begin() + std::ptrdiff_t(i));
    residual_.erase(residual_.begin() + std::ptrdiff_t(i));
    count_.erase(count_.begin() + std::ptrdiff_t(i * S), count_.begin() + std::ptrdiff_t((i + 1) * S));
    total_.erase(total_.begin() + std::ptrdiff_t(i));
    for (std::size_t j = i; j < id_.size(); ++j) pos_[id_[j]] = j;
    if (was_empty) std::erase_if(empty_ids_, [&](std::uint64_t id) { return pos_[id] == npos; });
  }
  // Removes the instances i ≥ from with gone(i) (called once per instance, in order), keeping
  // the others' order, in one pass.
  template <class Gone>
  void compact(Gone gone, std::size_t from = 0) {
    const std::size_t S = shapes_.size();
    std::size_t out = from;
    bool empty_gone = false;
    for (std::size_t i = from; i < id_.size(); ++i) {
      if (gone(i)) {
        empty_gone |= is_empty(i);
        if (pos_[id_[i]] != npos) note_gone(i);  // else noted by the caller
        continue;
      }
      if (out != i) {
        id_[out] = id_[i];
        type_[out] = type_[i];
        residual_[out] = residual_[i];
        total_[out] = total_[i];
        pos_[id_[out]] = out;
        std::copy_n(count_.begin() + std::ptrdiff_t(i * S), S, count_.begin() + std::ptrdiff_t(out * S));
      }
      ++out;
    }
    id_.resize(out);
    type_.resize(out);
    residual_.resize(out);
    total_.resize(out);
    count_.resize(out * S);
    if (empty_gone) std::erase_if(empty_ids_, [&](std::uint64_t id) { return pos_[id] == npos; });
  }
  // Instance i goes: its id's bookkeeping (the caller removes it from the arrays).
  void note_gone(std::size_t i) {
    index_leave(i);
    const std::uint64_t id = id_[i];
    gone_ids_.push_back(id);
    mark(id, touched_bit, touched_ids_);
    pos_[id] = npos;
    --type_count_[type_[i]];
    ++members_version_;
  }
  void grow_by_id(std::uint64_t id) {
    if (pos_.size() <= id) {
      pos_.resize(std::max<std::size_t>(id + 1, 2 * pos_.size()), npos);
      mark_.resize(pos_.size(), 0);
    }
  }
  void mark(std::uint64_t id, char bit, std::vector<std::uint64_t>& list) {
    if ((mark_[id] & bit) != 0) return;
    mark_[id] |= bit;
    list.push_back(id);
  }
  // The empty instances' ids stay in index order: an instance's index only changes when one
  // before it goes, which keeps the order.
  void empty_insert(std::uint64_t id) {
    const auto at = std::lower_bound(empty_ids_.begin(), empty_ids_.end(), pos_[id],
                                     [&](std::uint64_t e, std::size_t p) { return pos_[e] < p; });
    empty_ids_.insert(at, id);
  }
  void empty_erase(std::uint64_t id) {
    const auto at = std::lower_bound(empty_ids_.begin(), empty_ids_.end(), pos_[id],
                                     [&](std::uint64_t e, std::size_t p) { return pos_[e] < p; });
    empty_ids_.erase(at);
  }
  void add(std::size_t i, std::uint32_t shape, std::int64_t n) {
    std::int64_t& c = count_[i * shapes_.size() + shape];
    const std::uint64_t id = id_[i];
    if (c == 0 && n > 0) mark(id, gained_bit, gained_ids_);
    mark(id, touched_bit, touched_ids_);
    const bool was_empty = total_[i] == 0;
    const bool indexed = !room_active_.empty() || !use_active_.empty();
    if (indexed) index_leave(i);
    c += n;
    total_[i] += n;
    subtract_from<D>(residual_[i], shapes_[shape], n);
    if (indexed) index_enter(i);
    if (was_empty != (total_[i] == 0)) {
      if (was_empty)
        empty_erase(id);
      else
        empty_insert(id);
    }
  }

  std::vector<bin_type<D>> types_;
  std::vector<resources<D>> shapes_;
  std::vector<std::uint64_t> id_;
  std::vector<std::uint32_t> type_;
  std::vector<resources<D>> residual_;
  std::vector<std::int64_t> count_;  // instance-major: count_[i * shapes + s]
  std::vector<std::int64_t> total_;  // per instance: its tasks, all shapes
  static constexpr char gained_bit = 1, touched_bit = 2;
  std::vector<std::size_t> pos_{npos};  // by id: the instance's index, npos when not running
  std::vector<char> mark_{0};           // by id: gained_bit, touched_bit (in gained_ids_, touched_ids_)
  std::vector<std::uint64_t> gained_ids_, touched_ids_, gone_ids_;
  std::vector<std::uint64_t> empty_ids_;  // running instances without tasks, in index order
  std::vector<std::int64_t> type_count_;  // per type: running instances
  std::uint64_t members_version_ = 0;
  std::vector<std::uint32_t> class_of_;  // per shape: the first shape identical to it
  std::vector<room_set> room_ix_;        // per (shape class, binpacked dim 0 or 1)
  std::vector<char> room_on_;            // room_ix_[slot] is kept
  std::vector<std::size_t> room_active_;  // the slots kept
  std::vector<use_set> use_ix_;           // per shape
  std::vector<char> use_on_;
  std::vector<std::uint32_t> use_active_;
  std::vector<typename room_set::node_type> room_spare_;
  std::vector<typename use_set::node_type> use_spare_;
  bool repacked_ = false;  // a repack renumbered the instances: no indexes
  std::uint64_t next_id_ = 1;
  std::vector<std::int64_t> limit_;  // per type; empty: no caps
  mutable std::vector<resources<D>> scratch_;  // can_drain: residuals as first fit leaves them
  mutable std::vector<std::uint64_t> stamp_;    // can_drain: scratch_[i] is this call's
  mutable std::uint64_t stamp_now_ = 0;
  std::vector<double> use_;            // consolidate_drain: utilisation per instance
  std::vector<double> use_of_id_;      // consolidate_drain: utilisation by id
  std::vector<std::size_t> seq_of_id_;  // consolidate_drain: index at its start, by id
  struct {
    std::vector<ranked> items;  // the first instances in drain order, sorted
    ranked first_outside{};     // when bounded: the first instance outside them at their making
    bool bounded = false, valid = false;
  } window_;                    // consolidate_drain's candidates kept across passes (drain_order)
  std::vector<std::uint64_t> filled_;  // consolidate_drain: the ids a drain filled
  std::vector<std::int64_t> batch_counts_;  // consolidate_repack: the batch's tasks per shape
  std::vector<std::size_t> order_;     // consolidate_drain: instances by utilisation
  std::vector<std::int64_t> room_of_;  // consolidate_drain: per shape, copies the instances can take
  mutable std::vector<std::int64_t> pending_;
  mutable std::vector<bin_type<D>> priced_;
  std::vector<std::pair<std::int64_t, std::size_t>> room_;  // place: (resource left, index), reused
  std::vector<std::pair<double, std::size_t>> by_use_;      // remove: (utilisation, index), reused
};

}  // namespace fleetcast::packing
