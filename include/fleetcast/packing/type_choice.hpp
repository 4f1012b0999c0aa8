#pragma once
/// @file
/// Which instance type a new bin gets, over heterogeneous bin types. Called only when a bin
/// opens, never per item, so a switch over the policy is cheap.

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string_view>

#include "fleetcast/packing/problem.hpp"

namespace fleetcast::packing {

enum class type_policy {
  fixed,        ///< always `fixed_type` (items it cannot hold stay unplaced)
  cheapest,     ///< the cheapest type that holds the item
  karpenter,    ///< the type that packs the most pending items per dollar (Karpenter-style)
  least_waste,  ///< cluster-autoscaler `least-waste`: least idle CPU, then memory, after filling
  price,        ///< cluster-autoscaler `price` (approximated): lowest cost per unit of pod
                ///< resources it would hold
};

[[nodiscard]] constexpr std::string_view to_string(type_policy p) noexcept {
  switch (p) {
    case type_policy::fixed: return "fixed";
    case type_policy::cheapest: return "cheapest";
    case type_policy::karpenter: return "karpenter";
    case type_policy::least_waste: return "least-waste";
    case type_policy::price: return "price";
  }
  return "?";
}
[[nodiscard]] constexpr std::optional<type_policy> parse_type_policy(std::string_view s) noexcept {
  for (auto p : {type_policy::fixed, type_policy::cheapest, type_policy::karpenter,
                 type_policy::least_waste, type_policy::price})
    if (to_string(p) == s) return p;
  return std::nullopt;
}

/// `type_choice::reserved_dim` when no dimension is reserved.
inline constexpr std::size_t no_reserved_dim = static_cast<std::size_t>(-1);

struct type_choice {
  type_policy policy = type_policy::cheapest;
  std::uint32_t fixed_type = 0;  ///< for `fixed`
  /// A dimension (e.g. GPUs) whose types are kept for the items that need it: an item with 0
  /// in it gets a type with capacity there only when no other type holds it, as Karpenter
  /// leaves GPU types to GPU pods. `no_reserved_dim` (the default): every type competes.
  /// Ignored by `fixed`.
  std::size_t reserved_dim = no_reserved_dim;
};

namespace detail {

/// Fills an empty bin of capacity `cap` greedily with the pending items, in `order`, starting
/// with shape `first`. Returns the number of items and the load.
template <std::size_t D>
std::int64_t greedy_fill(std::span<const resources<D>> shapes, const resources<D>& cap, std::uint32_t first,
                         std::span<const std::int64_t> remaining,
                         std::span<const std::uint32_t> order, resources<D>& load) {
  resources<D> room = cap;
  load = {};
  std::int64_t n = 0;
  auto take = [&](std::uint32_t s) {
    if (remaining[s] <= 0) return;
    const std::int64_t k = std::min(remaining[s], copies_that_fit<D>(shapes[s], room));
    if (k <= 0) return;
    subtract_from<D>(room, shapes[s], k);
    add_to<D>(load, shapes[s], k);
    n += k;
  };
  take(first);
  for (auto s : order)
    if (s != first) take(s);
  return n;
}

}  // namespace detail

/// The type for a new bin that must hold one item of shape `first`; nullopt when no allowed
/// type can hold it. `remaining` are the pending counts per shape and `order` the order the
/// heuristic will place them in (used by karpenter, least-waste and price).
/// Complexity: O(types) for fixed/cheapest, O(types × shapes) for the others.
/// Allocates nothing.
template <std::size_t D>
[[nodiscard]] std::optional<std::uint32_t> choose_type(std::span<const bin_type<D>> types,
                                                       std::span<const resources<D>> shapes,
                                                       const type_choice& c, std::uint32_t first,
                                                       std::span<const std::int64_t> remaining,
                                                       std::span<const std::uint32_t> order) {
  const resources<D>& need = shapes[first];
  if (c.policy == type_policy::fixed) {
    if (c.fixed_type < types.size() && fits<D>(need, types[c.fixed_type].capacity))
      return c.fixed_type;
    return std::nullopt;
  }
  resources<D> largest{};  // each dimension's largest capacity: a common unit across types
  for (const auto& bt : types)
    for (std::size_t k = 0; k < D; ++k) largest[k] = std::max(largest[k], bt.capacity[k]);
  std::optional<std::uint32_t> best;
  double best_a = 0, best_b = 0, best_cost = 0;
  const std::size_t rd = c.reserved_dim;
  const bool keep_reserved = rd < D && need[rd] == 0;  // first look past the reserved types
  // Two passes when the item does not need the reserved dimension: first the types without it.
  for (int pass = keep_reserved ? 0 : 1; pass < 2 && !best; ++pass) {
    for (std::uint32_t t = 0; t < types.size(); ++t) {
      const bin_type<D>& bt = types[t];
      if (!fits<D>(need, bt.capacity)) continue;
      if (pass == 0 && rd < D && bt.capacity[rd] > 0) continue;
      const double cost = bt.cost_per_hour();
      double a = cost, b = 0;  // lexicographic score, smaller is better
      if (c.policy != type_policy::cheapest) {
        resources<D> load;
        const auto n = detail::greedy_fill<D>(shapes, bt.capacity, first, remaining, order, load);
        if (c.policy == type_policy::karpenter) {
          a = -double(n) / std::max(cost, 1e-12);
        } else if (c.policy == type_policy::least_waste) {
          a = bt.capacity[0] > 0 ? double(bt.capacity[0] - load[0]) / double(bt.capacity[0]) : 0;
          if constexpr (D > 1)
            b = bt.capacity[1] > 0 ? double(bt.capacity[1] - load[1]) / double(bt.capacity[1]) : 0;
        } else {  // price: cost per unit of pod resources held, in the same units for every type
          double held = 0;
          for (std::size_t k = 0; k < D; ++k)
            if (largest[k] > 0) held += double(load[k]) / double(largest[k]);
          a = held > 0 ? cost / held : std::numeric_limits<double>::infinity();
        }
      }
      const bool better = !best || a < best_a || (a == best_a && (b < best_b || (b == best_b && cost < best_cost)));
      if (better) {
        best = t;
        best_a = a;
        best_b = b;
        best_cost = cost;
      }
    }
  }
  return best;
}

/// `choose_type` over a problem's bin types and shapes.
template <std::size_t D>
[[nodiscard]] std::optional<std::uint32_t> choose_type(const problem<D>& p, const type_choice& c,
                                                       std::uint32_t first,
                                                       std::span<const std::int64_t> remaining,
                                                       std::span<const std::uint32_t> order) {
  return choose_type<D>(std::span<const bin_type<D>>(p.bin_types),
                        std::span<const resources<D>>(p.shapes), c, first, remaining, order);
}

}  // namespace fleetcast::packing
