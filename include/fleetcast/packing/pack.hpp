#pragma once
/// @file
/// Packing with lower bounds: run a heuristic — a policy object, the built-in ones or a
/// user's, or one of the built-in ones by name — and report how far from optimal its result
/// may be, plus the order `--heuristic all` ranks results in.
///
/// @code
/// struct one_per_bin {  // a user's policy: satisfies packing_heuristic<one_per_bin, D>
///   std::string name() const { return "one_per_bin"; }
///   template <std::size_t D> packing::pack_result<D> pack(const packing::problem<D>&, const packing::type_choice&) const;
/// };
/// auto r = packing::pack(one_per_bin{}, problem);  // r.lower holds the bounds
/// @endcode

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "fleetcast/packing/heuristics.hpp"
#include "fleetcast/packing/lower_bounds.hpp"

namespace fleetcast::packing {

/// Lower bounds for the items some bin type can hold (the others are unplaced whatever the
/// heuristic): bins, by the per-dimension volume and Martello–Toth L2 bounds with each
/// dimension's largest capacity; cost, by the fractional LP over the bin types in which each
/// item sits only on types that can hold it.
template <std::size_t D>
[[nodiscard]] bounds compute_bounds(const problem<D>& p) {
  bounds b;
  if (p.bin_types.empty()) return b;
  std::vector<resources<D>> caps;
  std::vector<double> costs;
  resources<D> largest{};
  for (const auto& t : p.bin_types) {
    caps.push_back(t.capacity);
    costs.push_back(t.cost_per_hour());
    for (std::size_t k = 0; k < D; ++k) largest[k] = std::max(largest[k], t.capacity[k]);
  }
  std::vector<std::int64_t> counts(p.counts);
  for (std::size_t s = 0; s < p.shapes.size(); ++s) {
    bool some = false;
    for (const auto& c : caps) some = some || fits<D>(p.shapes[s], c);
    if (!some) counts[s] = 0;
  }
  b.bins = projection_bound<D>(std::span<const resources<D>>(p.shapes), counts, largest);
  const cost_bound cb = strengthened_cost_bound<D>(std::span<const resources<D>>(p.shapes), counts,
                                                   std::span<const resources<D>>(caps), costs);
  b.cost_per_hour = cb.feasible ? cb.cost : 0.0;
  return b;
}

/// Runs the policy `h` on `p` and fills in `lower` (`compute_bounds`). `H` is any type that
/// satisfies `packing_heuristic` — the built-in `item_centric`, `ecs_spread`, `ecs_random`,
/// `bin_centric`, or a user's own; the result is as `h` returned it apart from `lower`.
template <std::size_t D, packing_heuristic<D> H>
[[nodiscard]] pack_result<D> pack(const H& h, const problem<D>& p, const type_choice& c = {}) {
  validate(p);
  pack_result<D> r = h.template pack<D>(p, c);
  r.lower = compute_bounds<D>(p);
  return r;
}

/// `pack_by_name` with `lower` filled in (`pack_by_name` alone leaves `lower` zero: it is
/// the bare heuristic, for callers that pack many times and need no bounds).
template <std::size_t D>
[[nodiscard]] pack_result<D> pack_with_bounds(std::string_view name, const problem<D>& p,
                                              const type_choice& c, std::uint64_t seed = 1) {
  pack_result<D> r = pack_by_name<D>(name, p, c, seed);
  r.lower = compute_bounds<D>(p);
  return r;
}

/// Ranking of results: fewer unplaced items, then lower cost, then fewer bins.
template <std::size_t D>
[[nodiscard]] bool better(const pack_result<D>& a, const pack_result<D>& b) noexcept {
  if (a.unplaced_count() != b.unplaced_count()) return a.unplaced_count() < b.unplaced_count();
  if (a.cost_per_hour != b.cost_per_hour) return a.cost_per_hour < b.cost_per_hour;
  return a.bins_used() < b.bins_used();
}

}  // namespace fleetcast::packing
