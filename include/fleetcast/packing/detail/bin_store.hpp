#pragma once
// The bins of a packing in progress (structure of arrays), the record of what was placed
// where, and the max-residual segment tree that makes First Fit O(log bins) per placement.

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "fleetcast/packing/problem.hpp"

namespace fleetcast::packing::detail {

inline constexpr std::uint32_t no_bin = UINT32_MAX;

/// A complete binary tree over bin slots whose nodes hold each dimension's largest residual
/// in their subtree (Johnson's tournament tree, one maximum per dimension) and the largest
/// "room" (the sum of a bin's normalised residuals). Finding the leftmost bin at or after
/// `from` that holds an item descends left first and backtracks when a subtree passes both
/// tests but no single bin holds the item; the answer is exactly First Fit's. The room test
/// prunes subtrees whose per-dimension maxima come from different bins (one with spare CPU,
/// another with spare memory); it never rejects a bin that fits, because rounding is monotonic
/// and both sides are summed in the same order. Unopened slots hold -1 so nothing fits them.
template <std::size_t D>
class max_residual_tree {
 public:
  /// `inv_ref[k]` = 1 / (the dimension's reference capacity), or 0 to leave it out of room.
  void reset(const std::array<double, D>& inv_ref) {
    inv_ref_ = inv_ref;
    leaves_ = 0;
    max_.clear();
    room_.clear();
  }
  [[nodiscard]] double room(const resources<D>& r) const noexcept {
    double v = 0;
    for (std::size_t k = 0; k < D; ++k) v += double(r[k]) * inv_ref_[k];
    return v;
  }
  /// Sets slot i's residual, growing the tree (doubling) when i is past the end.
  void set(std::uint32_t i, const resources<D>& r) {
    if (i >= leaves_) grow(i + 1);
    std::size_t node = leaves_ + i;
    max_[node] = r;
    room_[node] = room(r);
    for (node /= 2; node >= 1; node /= 2) {
      const auto& a = max_[2 * node];
      const auto& b = max_[2 * node + 1];
      resources<D> m;
      for (std::size_t k = 0; k < D; ++k) m[k] = std::max(a[k], b[k]);
      const double rm = std::max(room_[2 * node], room_[2 * node + 1]);
      if (m == max_[node] && rm == room_[node]) break;  // ancestors are unchanged too
      max_[node] = m;
      room_[node] = rm;
    }
  }
  /// Leftmost slot in [from, limit) whose residual holds `need`, or no_bin.
  [[nodiscard]] std::uint32_t find_first(std::uint32_t from, const resources<D>& need,
                                         std::uint32_t limit = no_bin) const {
    if (leaves_ == 0 || from >= leaves_ || from >= limit) return no_bin;
    return descend(1, 0, leaves_, from, limit, need, room(need));
  }

 private:
  void grow(std::size_t at_least) {
    std::size_t n = std::max<std::size_t>(leaves_ ? leaves_ : 64, 64);
    while (n < at_least) n *= 2;
    std::vector<resources<D>> old_leaves(max_.begin() + std::ptrdiff_t(leaves_),
                                         max_.begin() + std::ptrdiff_t(2 * leaves_));
    std::vector<double> old_room(room_.begin() + std::ptrdiff_t(leaves_),
                                 room_.begin() + std::ptrdiff_t(2 * leaves_));
    resources<D> closed;
    closed.fill(-1);
    max_.assign(2 * n, closed);
    room_.assign(2 * n, -1.0);
    std::copy(old_leaves.begin(), old_leaves.end(), max_.begin() + std::ptrdiff_t(n));
    std::copy(old_room.begin(), old_room.end(), room_.begin() + std::ptrdiff_t(n));
    for (std::size_t node = n - 1; node >= 1; --node) {
      for (std::size_t k = 0; k < D; ++k)
        max_[node][k] = std::max(max_[2 * node][k], max_[2 * node + 1][k]);
      room_[node] = std::max(room_[2 * node], room_[2 * node + 1]);
    }
    leaves_ = n;
  }
  std::uint32_t descend(std::size_t node, std::size_t lo, std::size_t hi, std::uint32_t from,
                        std::uint32_t limit, const resources<D>& need, double need_room) const {
    if (hi <= from || lo >= limit || room_[node] < need_room || !fits<D>(need, max_[node]))
      return no_bin;
    if (hi - lo == 1) return std::uint32_t(lo);
    const std::size_t mid = (lo + hi) / 2;
    const std::uint32_t left = descend(2 * node, lo, mid, from, limit, need, need_room);
    return left != no_bin ? left : descend(2 * node + 1, mid, hi, from, limit, need, need_room);
  }

  std::array<double, D> inv_ref_{};
  std::size_t leaves_ = 0;
  std::vector<resources<D>> max_;  // 1-based heap layout; leaves at [leaves_, 2 leaves_)
  std::vector<double> room_;
};

/// Open bins and the placements made so far.
template <std::size_t D>
class bin_store {
 public:
  struct placement {
    std::uint32_t bin, shape;
    std::int64_t count;
  };

  /// `with_tree`: keep max-residual trees for `find_first_fit` once there are enough bins for
  /// them to beat a linear scan (below `tree_threshold` bins a scan is faster). With many
  /// distinct shapes and D >= 2 the bins are split into `classes` by their residual in
  /// dimension 1, one tree per class: in a class wholly above the item's need there, a
  /// subtree whose other maxima hold the item contains a bin that does (exactly so for
  /// D = 2), so the search no longer backtracks through bins with complementary residuals.
  explicit bin_store(const problem<D>& p, bool with_tree = false)
      : p_(&p), tree_wanted_(with_tree) {
    if (with_tree && D >= 2 && p.shapes.size() > 64) classes_wanted_ = 64;
  }

  static constexpr std::uint32_t tree_threshold = 48;
  /// Below this many bins one tree is faster than 64 class trees.
  static constexpr std::uint32_t class_threshold = 4096;

  /// First Fit's choice: the earliest bin at or after `from` that holds `need`, or no_bin.
  [[nodiscard]] std::uint32_t find_first_fit(std::uint32_t from, const resources<D>& need) const {
    if (!tree_on_) {
      for (std::uint32_t b = from; b < size(); ++b)
        if (fits<D>(need, residual_[b])) return b;
      return no_bin;
    }
    std::uint32_t best = no_bin;
    for (std::uint32_t j = 0; j < classes_; ++j) {
      if (classes_ > 1 && class_low(j + 1) <= need[1]) continue;  // every bin here is too small
      const std::uint32_t b = trees_[j].find_first(from, need, best);
      if (b < best) best = b;
    }
    return best;
  }

  [[nodiscard]] std::uint32_t size() const noexcept { return std::uint32_t(type_.size()); }
  [[nodiscard]] const resources<D>& residual(std::uint32_t b) const noexcept { return residual_[b]; }
  [[nodiscard]] std::uint32_t type(std::uint32_t b) const noexcept { return type_[b]; }
  [[nodiscard]] std::int64_t items_in(std::uint32_t b) const noexcept { return items_[b]; }

  std::uint32_t open(std::uint32_t type) {
    const auto b = std::uint32_t(type_.size());
    type_.push_back(type);
    residual_.push_back(p_->bin_types[type].capacity);
    items_.push_back(0);
    class_.push_back(0);
    if (tree_on_ && (classes_ == classes_wanted_ || size() < class_threshold)) {
      track(b);
    } else if (tree_wanted_ && size() >= tree_threshold) {
      // (Re)build: the first tree at tree_threshold bins, the class trees at class_threshold.
      tree_on_ = true;
      if (size() >= class_threshold) classes_ = classes_wanted_;
      std::array<double, D> inv{};
      resources<D> largest{};
      for (const auto& t : p_->bin_types)
        for (std::size_t k = 0; k < D; ++k) largest[k] = std::max(largest[k], t.capacity[k]);
      for (std::size_t k = 0; k < D; ++k) inv[k] = largest[k] > 0 ? 1.0 / double(largest[k]) : 0.0;
      if constexpr (D >= 2) largest1_ = largest[1];
      trees_.assign(classes_, max_residual_tree<D>{});
      for (auto& t : trees_) t.reset(inv);
      for (std::uint32_t i = 0; i < size(); ++i) {
        class_[i] = class_of(residual_[i]);
        trees_[class_[i]].set(i, residual_[i]);
      }
    }
    return b;
  }
  void place(std::uint32_t b, std::uint32_t shape, std::int64_t count) {
    subtract_from<D>(residual_[b], p_->shapes[shape], count);
    items_[b] += count;
    if (!placements_.empty() && placements_.back().bin == b && placements_.back().shape == shape) {
      placements_.back().count += count;
    } else {
      placements_.push_back({b, shape, count});
    }
    if (tree_on_) track(b);
  }

  /// Assembles the result: bins with their items (one entry per shape, in the order shapes
  /// first arrived), cost, unplaced counts.
  pack_result<D> finish(std::string heuristic, std::vector<std::int64_t> unplaced) const {
    pack_result<D> r;
    r.heuristic = std::move(heuristic);
    r.bins.resize(type_.size());
    for (std::uint32_t b = 0; b < type_.size(); ++b) r.bins[b].type = type_[b];
    for (const auto& pl : placements_) {
      auto& bin = r.bins[pl.bin];
      add_to<D>(bin.load, p_->shapes[pl.shape], pl.count);
      // One entry per shape, in first-placed order (bins hold few distinct shapes).
      auto it = std::find_if(bin.items.rbegin(), bin.items.rend(),
                             [&](const auto& e) { return e.first == pl.shape; });
      if (it != bin.items.rend()) {
        it->second += pl.count;
      } else {
        bin.items.emplace_back(pl.shape, pl.count);
      }
    }
    for (auto t : type_) r.cost_per_hour += p_->bin_types[t].cost_per_hour();
    r.unplaced = std::move(unplaced);
    if (p_->bin_types.empty() && r.unplaced_count() > 0) {
      r.status = pack_status::no_bin_types;
    } else {
      r.status = r.unplaced_count() > 0 ? pack_status::unplaced_items : pack_status::ok;
    }
    return r;
  }

 private:
  // Class j holds bins whose residual in dimension 1 is in [class_low(j), class_low(j + 1)).
  [[nodiscard]] std::int64_t class_low(std::uint32_t j) const noexcept {
    return (std::int64_t(j) * (largest1_ + 1) + classes_ - 1) / classes_;
  }
  [[nodiscard]] std::uint32_t class_of(const resources<D>& r) const noexcept {
    if (classes_ == 1) return 0;
    const std::int64_t v = std::max<std::int64_t>(0, r[D >= 2 ? 1 : 0]);
    return std::uint32_t(std::min<std::int64_t>(classes_ - 1, v * classes_ / (largest1_ + 1)));
  }
  // Keeps bin b in the tree of its current class (and out of its old one).
  void track(std::uint32_t b) {
    const std::uint32_t c = class_of(residual_[b]);
    if (c != class_[b] && b < std::uint32_t(class_.size())) {
      resources<D> gone;
      gone.fill(-1);
      trees_[class_[b]].set(b, gone);
      class_[b] = c;
    }
    trees_[c].set(b, residual_[b]);
  }

  const problem<D>* p_;
  bool tree_wanted_;
  bool tree_on_ = false;
  std::uint32_t classes_ = 1;
  std::uint32_t classes_wanted_ = 1;
  std::int64_t largest1_ = 0;
  std::vector<std::uint32_t> class_;
  std::vector<max_residual_tree<D>> trees_;
  std::vector<std::uint32_t> type_;
  std::vector<resources<D>> residual_;
  std::vector<std::int64_t> items_;
  std::vector<placement> placements_;
};

}  // namespace fleetcast::packing::detail
