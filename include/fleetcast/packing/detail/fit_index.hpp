#pragma once
// For problems with few shapes: per shape, the open bins that can hold one item of it, ordered
// by a key (room for best/worst fit, one dimension for ECS binpack, task count for spread).
// Picking a bin is then the first element of one set instead of a scan over every bin, and a
// placement updates only the sets of the shapes still to be placed. O(S log B) per placement.

#include <cstdint>
#include <set>
#include <span>
#include <utility>
#include <vector>

#include "fleetcast/packing/resources.hpp"

namespace fleetcast::packing::detail {

template <std::size_t D>
class fit_index {
 public:
  static constexpr std::size_t max_shapes = 64;  // membership is a 64-bit mask per bin

  explicit fit_index(std::span<const resources<D>> shapes) : shapes_(shapes), sets_(shapes.size()) {}

  /// Stops tracking shape s (all its items are placed).
  void retire(std::uint32_t s) {
    retired_ |= bit(s);
    sets_[s].clear();
  }
  /// A bin opened or changed: `key` orders it (smaller first; ties to the lower index).
  void update(std::uint32_t b, const resources<D>& residual, double key) {
    if (b >= member_.size()) {
      member_.resize(b + 1, 0);
      key_.resize(b + 1, 0.0);
    }
    for (std::uint32_t s = 0; s < shapes_.size(); ++s) {
      if (retired_ & bit(s)) continue;
      const bool was = (member_[b] & bit(s)) != 0;
      const bool now = fits<D>(shapes_[s], residual);
      if (was && (!now || key != key_[b])) sets_[s].erase({key_[b], b});
      if (now && (!was || key != key_[b])) sets_[s].insert({key, b});
      member_[b] = now ? (member_[b] | bit(s)) : (member_[b] & ~bit(s));
    }
    key_[b] = key;
  }
  /// The bin with the smallest key that holds shape s, or UINT32_MAX.
  [[nodiscard]] std::uint32_t first(std::uint32_t s) const {
    return sets_[s].empty() ? UINT32_MAX : sets_[s].begin()->second;
  }

 private:
  static constexpr std::uint64_t bit(std::uint32_t s) { return std::uint64_t{1} << s; }
  std::span<const resources<D>> shapes_;
  std::vector<std::set<std::pair<double, std::uint32_t>>> sets_;
  std::vector<std::uint64_t> member_;
  std::vector<double> key_;
  std::uint64_t retired_ = 0;
};

/// The same membership without an order: per shape, the bins that hold it in a vector with
/// O(1) insert, erase and uniform pick (for ECS `random`).
template <std::size_t D>
class fit_pool {
 public:
  static constexpr std::size_t max_shapes = 64;

  explicit fit_pool(std::span<const resources<D>> shapes)
      : shapes_(shapes), bins_(shapes.size()), pos_(shapes.size()) {}

  void retire(std::uint32_t s) {
    retired_ |= bit(s);
    bins_[s].clear();
  }
  void update(std::uint32_t b, const resources<D>& residual) {
    for (std::uint32_t s = 0; s < shapes_.size(); ++s) {
      if (retired_ & bit(s)) continue;
      auto& pos = pos_[s];
      if (b >= pos.size()) pos.resize(std::size_t(b) + 1, absent);
      const bool was = pos[b] != absent;
      const bool now = fits<D>(shapes_[s], residual);
      if (now && !was) {
        pos[b] = std::uint32_t(bins_[s].size());
        bins_[s].push_back(b);
      } else if (was && !now) {
        const std::uint32_t last = bins_[s].back();
        bins_[s][pos[b]] = last;
        pos[last] = pos[b];
        bins_[s].pop_back();
        pos[b] = absent;
      }
    }
  }
  [[nodiscard]] std::span<const std::uint32_t> bins(std::uint32_t s) const { return bins_[s]; }

 private:
  static constexpr std::uint32_t absent = UINT32_MAX;
  static constexpr std::uint64_t bit(std::uint32_t s) { return std::uint64_t{1} << s; }
  std::span<const resources<D>> shapes_;
  std::vector<std::vector<std::uint32_t>> bins_;
  std::vector<std::vector<std::uint32_t>> pos_;
  std::uint64_t retired_ = 0;
};

}  // namespace fleetcast::packing::detail
