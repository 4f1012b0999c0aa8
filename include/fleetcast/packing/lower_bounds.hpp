#pragma once
/// @file
/// Lower bounds for packing: bins needed (volume, Martello–Toth L2, per-dimension projection)
/// and the cost of a heterogeneous fleet (fractional LP). Items come as counts per shape.
/// Precondition everywhere: `sizes.size() == counts.size()`, sizes and counts >= 0, and every
/// per-dimension total Σ count·size fits in int64. Resource units are the caller's, as long
/// as sizes and capacities use the same ones.

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

#include "fleetcast/packing/detail/covering_lp.hpp"
#include "fleetcast/packing/resources.hpp"

namespace fleetcast::packing {

namespace detail {
template <class T>
using span_of = std::type_identity_t<std::span<const T>>;  // D is deduced from elsewhere

[[nodiscard]] constexpr std::int64_t ceil_div(std::int64_t a, std::int64_t b) noexcept {
  return a / b + (a % b > 0 ? 1 : 0);  // a >= 0, b > 0
}

/// L2 over (size, count) pairs; sorts and compacts `items`. O(m log m).
[[nodiscard]] inline std::int64_t l2(std::vector<std::pair<std::int64_t, std::int64_t>>& items,
                                     std::int64_t c) {
  if (c <= 0) return 0;
  std::erase_if(items, [](const auto& it) { return it.first <= 0 || it.second <= 0; });
  std::ranges::sort(items);
  std::size_t m = 0;  // merge equal sizes: J3 for K = items[i].first then starts at index i
  for (const auto& it : items)
    if (m > 0 && items[m - 1].first == it.first)
      items[m - 1].second += it.second;
    else
      items[m++] = it;
  items.resize(m);
  std::vector<std::int64_t> cnt(m + 1, 0), vol(m + 1, 0);  // prefix sums
  for (std::size_t i = 0; i < m; ++i) {
    cnt[i + 1] = cnt[i] + items[i].second;
    vol[i + 1] = vol[i] + items[i].first * items[i].second;
  }
  auto upto = [&](std::int64_t x) {  // number of distinct sizes <= x
    return std::size_t(std::ranges::upper_bound(items, std::pair{x, INT64_MAX}) - items.begin());
  };
  const std::size_t half = upto(c / 2);  // w <= C/2  <=>  w <= floor(C/2)
  // L(K), J3 starting at index `from`: J1 = w > C-K, J2 = C/2 < w <= C-K, J3 = K <= w <= C/2.
  // A J1 bin has less than K left, so J3 can only share bins with J2.
  auto bound_at = [&](std::int64_t k, std::size_t from) {
    const std::size_t j1 = upto(c - k);
    const std::int64_t n1 = cnt[m] - cnt[j1], n2 = cnt[j1] - cnt[half];
    return n1 + std::max(n2, ceil_div(vol[j1] - vol[from], c));
  };
  std::int64_t best = bound_at(0, 0);
  for (std::size_t i = 0; i < half; ++i) best = std::max(best, bound_at(items[i].first, i));
  return best;
}
}  // namespace detail

/// Identical bins: max over dimensions k of ⌈Σ count·size_k / capacity_k⌉ (the L1 bound).
/// Dimensions with capacity 0 are skipped (pre: no demand there; an item larger than the
/// capacity is the caller's problem). O(n·D) time for n shapes, no allocation.
template <std::size_t D>
[[nodiscard]] constexpr std::int64_t volume_bound(detail::span_of<resources<D>> sizes,
                                                  std::span<const std::int64_t> counts,
                                                  const resources<D>& capacity) noexcept {
  assert(sizes.size() == counts.size());
  resources<D> total{};
  for (std::size_t i = 0; i < sizes.size(); ++i) add_to(total, sizes[i], counts[i]);
  std::int64_t best = 0;
  for (std::size_t k = 0; k < D; ++k)
    if (capacity[k] > 0) best = std::max(best, detail::ceil_div(total[k], capacity[k]));
  return best;
}

/// One dimension: the Martello–Toth (1990) L2 bound on bins of capacity `capacity`, the
/// maximum over thresholds K of |J1| + max(|J2|, ⌈(Σ_J2 w + Σ_J3 w) / C⌉). Always >= L1.
/// Returns 0 if capacity <= 0. Pre: every size <= capacity. O(m log m) time, O(m) memory
/// for m shapes (independent of the counts).
[[nodiscard]] inline std::int64_t martello_toth_l2(std::span<const std::int64_t> sizes,
                                                   std::span<const std::int64_t> counts,
                                                   std::int64_t capacity) {
  assert(sizes.size() == counts.size());
  std::vector<std::pair<std::int64_t, std::int64_t>> items;
  items.reserve(sizes.size());
  for (std::size_t i = 0; i < sizes.size(); ++i) items.emplace_back(sizes[i], counts[i]);
  return detail::l2(items, capacity);
}

/// Identical bins: max over dimensions k of max(L1_k, L2_k), each 1-D bound applied to one
/// dimension's projection. Never exceeds the optimum. O(D·m log m) time, O(m) memory.
template <std::size_t D>
[[nodiscard]] std::int64_t projection_bound(detail::span_of<resources<D>> sizes,
                                            std::span<const std::int64_t> counts,
                                            const resources<D>& capacity) {
  std::int64_t best = volume_bound<D>(sizes, counts, capacity);
  std::vector<std::pair<std::int64_t, std::int64_t>> items;
  items.reserve(sizes.size());
  for (std::size_t k = 0; k < D; ++k) {
    items.clear();
    for (std::size_t i = 0; i < sizes.size(); ++i) items.emplace_back(sizes[i][k], counts[i]);
    best = std::max(best, detail::l2(items, capacity[k]));
  }
  return best;
}

/// A fractional fleet: the cheapest real-valued number of instances per type.
struct cost_bound {
  double cost = 0.0;        ///< Σ costs[t]·mix[t], in the unit of `costs` (e.g. USD/hour)
  std::vector<double> mix;  ///< instances of each type, fractional; empty if infeasible
  bool feasible = false;    ///< false: some demand has no type (allowed) to hold it
};

/// Cost lower bound on heterogeneous bins: min Σ_t costs[t]·y_t s.t. Σ_t capacities[t][k]·y_t
/// >= total_demand[k] for every k, y >= 0, solved exactly (up to rounding) by CLP (`detail/covering_lp.hpp`).
/// Pre: costs >= 0, finite, one per type. O(pivots·T·(D+T)) time, O(T·(D+T)) memory.
template <std::size_t D>
[[nodiscard]] cost_bound fractional_cost_bound(const resources<D>& total_demand,
                                               detail::span_of<resources<D>> capacities,
                                               std::span<const double> costs) {
  assert(capacities.size() == costs.size());
  std::vector<double> a, b;
  for (std::size_t k = 0; k < D; ++k) {
    if (total_demand[k] <= 0) continue;
    for (const auto& cap : capacities) a.push_back(double(cap[k]));
    b.push_back(double(total_demand[k]));
  }
  auto lp = fleetcast::detail::solve_covering_lp(a, b, costs);
  return {lp.value, std::move(lp.y), lp.feasible};
}

/// The same bound, strengthened: an item of shape s sits only on a type t with
/// `can_hold(s, t)`. For each distinct allowed set U (and all types), the items confined to U
/// must fit U's capacity, and U needs >= max(1, max_k ⌈W_{U,k} / max_{t∈U} C_{t,k}⌉)
/// instances. Valid for any packing that obeys `can_hold`; >= `fractional_cost_bound`.
/// G = distinct sets: O(S·G·T/64 + G·D·T) to build, then CLP on up to (D+1)·G rows
/// (O(T·(G·D + T)) memory). Cheap for tens of shapes; ~20 ms for 1000 shapes on 300 types.
template <std::size_t D, class CanHold>
[[nodiscard]] cost_bound strengthened_cost_bound(std::span<const resources<D>> sizes,
                                                 std::span<const std::int64_t> counts,
                                                 std::span<const resources<D>> capacities,
                                                 std::span<const double> costs,
                                                 CanHold&& can_hold) {
  const std::size_t n = capacities.size(), words = (n + 63) / 64;
  using type_set = std::vector<std::uint64_t>;  // bit t: type t
  auto has = [](const type_set& u, std::size_t t) { return (u[t / 64] >> (t % 64) & 1) != 0; };
  std::vector<type_set> allowed(sizes.size(), type_set(words, 0)), groups{type_set(words, 0)};
  for (std::size_t t = 0; t < n; ++t) groups[0][t / 64] |= std::uint64_t{1} << (t % 64);
  for (std::size_t s = 0; s < sizes.size(); ++s) {
    if (counts[s] <= 0) continue;
    for (std::size_t t = 0; t < n; ++t)
      if (can_hold(s, t)) allowed[s][t / 64] |= std::uint64_t{1} << (t % 64);
    if (std::ranges::find(groups, allowed[s]) == groups.end()) groups.push_back(allowed[s]);
  }
  std::vector<double> a, b;
  for (const auto& u : groups) {
    resources<D> w{}, widest{};
    bool any = false;
    for (std::size_t s = 0; s < sizes.size(); ++s) {
      bool inside = counts[s] > 0;  // allowed[s] ⊆ u
      for (std::size_t i = 0; i < words && inside; ++i) inside = (allowed[s][i] & ~u[i]) == 0;
      if (!inside) continue;
      add_to(w, sizes[s], counts[s]);
      any = true;
    }
    if (!any) continue;
    for (std::size_t t = 0; t < n; ++t)
      for (std::size_t k = 0; k < D && has(u, t); ++k)
        widest[k] = std::max(widest[k], capacities[t][k]);
    std::int64_t need = 1;
    for (std::size_t k = 0; k < D; ++k) {
      if (w[k] <= 0) continue;
      for (std::size_t t = 0; t < n; ++t) a.push_back(has(u, t) ? double(capacities[t][k]) : 0.0);
      b.push_back(double(w[k]));
      if (widest[k] > 0) need = std::max(need, detail::ceil_div(w[k], widest[k]));
    }
    for (std::size_t t = 0; t < n; ++t) a.push_back(has(u, t) ? 1.0 : 0.0);
    b.push_back(double(need));
  }
  auto lp = fleetcast::detail::solve_covering_lp(a, b, costs);
  return {lp.value, std::move(lp.y), lp.feasible};
}

/// `strengthened_cost_bound` where a type can hold a shape iff the shape `fits` its capacity.
template <std::size_t D>
[[nodiscard]] cost_bound strengthened_cost_bound(std::span<const resources<D>> sizes,
                                                 std::span<const std::int64_t> counts,
                                                 std::span<const resources<D>> capacities,
                                                 std::span<const double> costs) {
  return strengthened_cost_bound<D>(
      sizes, counts, capacities, costs,
      [&](std::size_t s, std::size_t t) { return fits(sizes[s], capacities[t]); });
}

/// Relative gap (value - bound) / bound, e.g. 0.05 = 5% above the bound; 0 when equal,
/// +inf if bound is 0 < value. O(1).
[[nodiscard]] constexpr double gap(double value, double bound) noexcept {
  return value == bound ? 0.0 : (value - bound) / bound;
}

}  // namespace fleetcast::packing
