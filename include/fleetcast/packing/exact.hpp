#pragma once
/// @file
/// A near-exact packing reference: column generation for vector bin packing and its
/// cost-minimising multi-type variant, on COIN-OR CLP (the LP) and CBC (the integer step).
///
/// The master LP chooses fillings ("patterns") of bins, one column per pattern and bin type:
///   min Σ_p cost(type p)·λ_p  s.t.  Σ_p copies of shape s in p · λ_p >= count_s,  λ >= 0.
/// Pricing finds, per bin type, the filling worth most at the LP's dual prices (a bounded
/// multi-dimensional knapsack over the shapes: dynamic programming in one dimension when the
/// table is small, else depth-first branch and bound). The LP optimum is a lower bound at least
/// as strong as Martello–Toth L2 on every dimension's projection; before it converges,
/// Farley's bound (LP value / best pricing ratio) is one. Integer solutions come from the best
/// of a few heuristics, a diving heuristic over the LP (fix the columns it uses, solve again on
/// what is left), and CBC over the columns generated (price-and-branch). When every maximal
/// filling can be listed (small instances: at most 5 000), CBC solves the exact model and its
/// bound is a bound on the optimum. "Optimal" means the solution's cost equals the bound
/// rounded up to the next cost a packing can have; otherwise the gap is reported. Time: the
/// LP gets up to half of the limit, the dive up to 80%, CBC the rest.
///
/// COIN-OR stays in lib/packing/exact.cpp: this header names fleetcast types only.
///
/// @code
/// packing::exact_options o;
/// o.time_limit_seconds = 5;
/// auto r = packing::solve_exact(problem, packing::type_choice{}, o);
/// // r.packing: bins as every heuristic returns them; r.status, r.cost_bound, r.gap
/// @endcode

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fleetcast/core/error.hpp"
#include "fleetcast/packing/pack.hpp"

namespace fleetcast::packing {

struct exact_options {
  double time_limit_seconds = 10.0;  ///< wall clock for the whole call, heuristics included; > 0
  /// Stop as soon as a packing meets a bound (the default). false: solve the LP to the end
  /// anyway, for its bound (`lp_bound`, `lp_converged`).
  bool stop_when_proven = true;
};

enum class exact_status {
  optimal,     ///< cost = the lower bound (rounded up to a reachable cost): proven optimal
  gap_open,    ///< finished in time, but price-and-branch could not close the gap (the LP
               ///< bound may be below the optimum, or the optimum needs columns not generated)
  time_limit,  ///< stopped at the time limit: the best solution found, with its gap
};
[[nodiscard]] constexpr std::string_view to_string(exact_status s) noexcept {
  switch (s) {
    case exact_status::optimal: return "optimal";
    case exact_status::gap_open: return "gap_open";
    case exact_status::time_limit: return "time_limit";
  }
  return "?";
}

template <std::size_t D>
struct exact_result {
  pack_result<D> packing;  ///< heuristic "exact"; `packing.lower` holds the bounds below
  exact_status status = exact_status::gap_open;
  double cost_bound = 0.0;        ///< lower bound on cost_per_hour: the rounded column generation
                                  ///< bound, or compute_bounds' LP cost bound when that is higher
  std::int64_t bins_bound = 0;    ///< lower bound on bins (one bin type: the rounded LP bound,
                                  ///< or L2 if higher; several: compute_bounds' bins)
  double lp_bound = 0.0;          ///< column generation's own bound, unrounded (Farley's bound if
                                  ///< it did not converge; 0 if a packing met compute_bounds'
                                  ///< bounds before any LP was needed); in the bin types' cost
                                  ///< unit, or bins when every type is free
  bool lp_converged = false;      ///< the master LP was solved to optimality
  double gap = 0.0;               ///< (cost − cost_bound) / cost_bound; 0 when optimal
  bool time_limit_reached = false;
  std::int64_t columns = 0;       ///< patterns generated
  std::int64_t pricing_rounds = 0;
  std::string start;              ///< the heuristic whose solution seeded the search
  double seconds = 0.0;           ///< wall clock of the call
};

namespace detail {

/// A bin of the non-template core: a bin type (index into `exact_input::costs`) and its items
/// as (kind index, count).
struct exact_bin {
  std::uint32_t type = 0;
  std::vector<std::pair<std::uint32_t, std::int64_t>> items;
};

/// The core's problem, dimension as a run-time value. Every kind has count > 0 and fits at
/// least one type; `costs` > 0 or all 0 (then bins are counted).
struct exact_input {
  std::size_t dims = 0;
  std::vector<std::int64_t> sizes;       ///< kinds × dims, row-major
  std::vector<std::int64_t> counts;      ///< per kind
  std::vector<std::int64_t> capacities;  ///< types × dims, row-major
  std::vector<double> costs;             ///< per type
  std::vector<exact_bin> start;          ///< a complete packing to start from (an incumbent)
  double known_bound = 0.0;              ///< a valid lower bound on the cost known already
  bool stop_when_proven = true;          ///< exact_options::stop_when_proven
  std::chrono::steady_clock::time_point deadline;
};

struct exact_output {
  std::vector<exact_bin> bins;  ///< the best packing, every item exactly once
  double lp_bound = 0.0;        ///< unrounded
  double cost_bound = 0.0;      ///< rounded up to a reachable cost, >= known_bound
  bool lp_converged = false;
  bool optimal = false;
  bool time_limit_reached = false;
  bool integer_step_finished = false;  ///< CBC proved optimality over the columns generated
  std::int64_t columns = 0, pricing_rounds = 0;
};

/// Column generation and price-and-branch (lib/packing/exact.cpp).
[[nodiscard]] exact_output solve_exact_core(const exact_input& in);

}  // namespace detail

/// Solves `p` (validated first: input.5 on bad sizes or prices) as a cost-minimising packing
/// over its bin types — only `c.fixed_type` when `c.policy` is `fixed`; the other policies
/// and `reserved_dim` are heuristics' rules and do not restrict the solver — within
/// `o.time_limit_seconds` (input.5 unless > 0 and finite). Items that fit no allowed type are
/// `unplaced` (status `unplaced_items`, as with the heuristics); the rest are all placed.
/// `start`, if given, is an extra starting solution (e.g. a local search's result) for the
/// same problem and type choice. When every bin type costs 0, bins are counted instead.
/// Complexity: exponential in the worst case (each pricing is a knapsack, the integer step a
/// MIP); the time limit bounds it, checked in the pricing loops too.
template <std::size_t D>
[[nodiscard]] exact_result<D> solve_exact(const problem<D>& p, const type_choice& c, const exact_options& o,
                                          const pack_result<D>* start = nullptr) {
  using clock = std::chrono::steady_clock;
  const auto t0 = clock::now();
  validate(p);
  if (!(o.time_limit_seconds > 0) || !std::isfinite(o.time_limit_seconds)) {
    char v[32];
    std::snprintf(v, sizeof v, "%g", o.time_limit_seconds);
    throw input_error(errid::out_of_range, "time_limit_seconds", std::string(v) + " is not a positive number of seconds");
  }
  const auto deadline =
      t0 + std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(o.time_limit_seconds));

  exact_result<D> out;
  out.packing.heuristic = "exact";
  out.packing.unplaced.assign(p.shapes.size(), 0);

  // Allowed types (all, or the fixed one) and the problem restricted to them.
  std::vector<std::uint32_t> types;
  for (std::uint32_t t = 0; t < p.bin_types.size(); ++t)
    if (c.policy != type_policy::fixed || t == c.fixed_type) types.push_back(t);
  problem<D> q;
  q.shapes = p.shapes;
  q.counts = p.counts;
  for (auto t : types) q.bin_types.push_back(p.bin_types[t]);
  bool all_free = true;
  for (const auto& bt : q.bin_types) all_free = all_free && bt.cost_per_hour() == 0.0;
  auto unit_cost = [&](std::size_t t) { return all_free ? 1.0 : q.bin_types[t].cost_per_hour(); };

  // Unplaceable items, and kinds: identical shapes merged (rows of the master LP).
  std::vector<std::int64_t> placeable(p.shapes.size(), 0);
  std::map<resources<D>, std::uint32_t> kind_of_shape;
  std::vector<std::uint32_t> kind(p.shapes.size(), UINT32_MAX);
  detail::exact_input in;
  in.dims = D;
  in.deadline = deadline;
  for (std::size_t s = 0; s < p.shapes.size(); ++s) {
    if (p.counts[s] <= 0) continue;
    bool some = false;
    for (const auto& bt : q.bin_types) some = some || fits<D>(p.shapes[s], bt.capacity);
    if (!some) {
      out.packing.unplaced[s] = p.counts[s];
      continue;
    }
    placeable[s] = p.counts[s];
    auto [it, fresh] = kind_of_shape.try_emplace(p.shapes[s], std::uint32_t(in.counts.size()));
    if (fresh) {
      in.sizes.insert(in.sizes.end(), p.shapes[s].begin(), p.shapes[s].end());
      in.counts.push_back(0);
    }
    kind[s] = it->second;
    in.counts[it->second] += p.counts[s];
  }
  out.packing.status = q.bin_types.empty()              ? pack_status::no_bin_types
                       : out.packing.unplaced_count() > 0 ? pack_status::unplaced_items
                                                          : pack_status::ok;
  q.counts = placeable;

  // Bounds every heuristic reports, over the allowed types.
  const bounds known = compute_bounds<D>(q);
  out.cost_bound = known.cost_per_hour;
  out.bins_bound = known.bins;
  out.packing.lower = known;
  auto finish = [&] {
    out.packing.lower.cost_per_hour = out.cost_bound;
    out.packing.lower.bins = out.bins_bound;
    out.gap = out.status == exact_status::optimal ? 0.0 : gap(out.packing.cost_per_hour, out.cost_bound);
    out.seconds = std::chrono::duration<double>(clock::now() - t0).count();
    return out;
  };
  if (in.counts.empty()) {  // nothing to place: the empty packing is optimal
    out.status = exact_status::optimal;
    out.cost_bound = 0.0;
    out.bins_bound = 0;
    return finish();
  }

  // Starting solutions: a few heuristics and type policies, and the caller's.
  std::optional<pack_result<D>> best;
  auto consider = [&](pack_result<D> r, std::string name) {
    if (r.unplaced_count() != 0 || r.status == pack_status::no_bin_types) return;
    r.heuristic = std::move(name);
    if (!best || better<D>(r, *best)) best = std::move(r);
  };
  const bool one_type = q.bin_types.size() == 1;
  for (const char* h : {"ffd_sum", "bfd_sum", "ffd_max", "dot_product", "l2_norm_gap"}) {
    for (type_policy pol : {type_policy::cheapest, type_policy::karpenter, type_policy::price, type_policy::least_waste}) {
      if (clock::now() >= deadline) break;
      if (one_type && pol != type_policy::cheapest) continue;
      type_choice tc;
      tc.policy = one_type ? type_policy::fixed : pol;
      consider(pack_by_name<D>(h, q, tc), std::string(h) + (one_type ? "" : "/" + std::string(to_string(pol))));
    }
  }
  if (start != nullptr && start->bins.size() > 0 && start->unplaced_count() == out.packing.unplaced_count()) {
    // The caller's packing uses p's type indices: keep it only if every bin's type is allowed.
    pack_result<D> r = *start;
    bool ok = true;
    for (auto& b : r.bins) {
      auto it = std::find(types.begin(), types.end(), b.type);
      if (it == types.end()) ok = false;
      else b.type = std::uint32_t(it - types.begin());
    }
    if (ok) {
      r.cost_per_hour = 0;
      for (const auto& b : r.bins) r.cost_per_hour += q.bin_types[b.type].cost_per_hour();
      r.unplaced.assign(p.shapes.size(), 0);
      consider(std::move(r), start->heuristic.empty() ? "start" : start->heuristic);
    }
  }
  if (!best) throw std::logic_error("exact: no heuristic placed every item");  // FFD always does
  out.start = best->heuristic;
  for (const auto& b : best->bins) {
    detail::exact_bin eb{b.type, {}};
    for (auto [s, n] : b.items) eb.items.emplace_back(kind[s], n);
    in.start.push_back(std::move(eb));
  }
  for (std::size_t t = 0; t < q.bin_types.size(); ++t) {
    in.capacities.insert(in.capacities.end(), q.bin_types[t].capacity.begin(), q.bin_types[t].capacity.end());
    in.costs.push_back(unit_cost(t));
  }
  in.known_bound = all_free ? double(known.bins) : known.cost_per_hour;
  in.stop_when_proven = o.stop_when_proven;

  const detail::exact_output core = detail::solve_exact_core(in);

  // Back to the caller's shapes and types: each kind's items go to its shapes in order.
  std::vector<std::vector<std::uint32_t>> shapes_of(in.counts.size());
  for (std::size_t s = 0; s < p.shapes.size(); ++s)
    if (kind[s] != UINT32_MAX) shapes_of[kind[s]].push_back(std::uint32_t(s));
  std::vector<std::int64_t> left(placeable);
  std::vector<std::size_t> next(in.counts.size(), 0);
  out.packing.bins.clear();
  out.packing.cost_per_hour = 0;
  for (const auto& b : core.bins) {
    packed_bin<D> pb;
    pb.type = types[b.type];
    for (auto [k, n] : b.items) {
      while (n > 0) {
        const std::uint32_t s = shapes_of[k][next[k]];
        const std::int64_t take = std::min(n, left[s]);
        if (take > 0) {
          pb.items.emplace_back(s, take);
          add_to<D>(pb.load, p.shapes[s], take);
          left[s] -= take;
          n -= take;
        }
        if (left[s] == 0) ++next[k];
      }
    }
    out.packing.cost_per_hour += p.bin_types[pb.type].cost_per_hour();
    out.packing.bins.push_back(std::move(pb));
  }
  out.lp_bound = core.lp_bound;  // in bins when every type is free
  out.lp_converged = core.lp_converged;
  out.time_limit_reached = core.time_limit_reached;
  out.columns = core.columns;
  out.pricing_rounds = core.pricing_rounds;
  if (all_free) {  // the core counted bins; the cost of every packing is 0
    out.bins_bound = std::max(out.bins_bound, std::int64_t(std::ceil(core.cost_bound - 1e-9)));
    out.cost_bound = 0.0;
  } else {
    out.cost_bound = std::max(out.cost_bound, core.cost_bound);
    if (one_type && unit_cost(0) > 0)
      out.bins_bound = std::max(out.bins_bound, std::int64_t(std::ceil(core.cost_bound / unit_cost(0) - 1e-9)));
  }
  out.status = core.optimal ? exact_status::optimal
               : core.time_limit_reached ? exact_status::time_limit
                                         : exact_status::gap_open;
  return finish();
}

}  // namespace fleetcast::packing
