#pragma once
/// @file
/// The naive reference packer: per-item First Fit scanning every open bin, items expanded one
/// by one in shape order. It is the oracle the tests hold every fast path to, and the baseline
/// `bench_packing` measures speed-ups against. O(items × bins).

#include <cstdint>
#include <optional>
#include <vector>

#include "fleetcast/packing/heuristics.hpp"

namespace fleetcast::packing {

/// First Fit (or First Fit Decreasing when `decreasing` is set), one item at a time.
template <std::size_t D>
[[nodiscard]] pack_result<D> naive_first_fit(const problem<D>& p, const type_choice& c,
                                             std::optional<size_measure> decreasing = {}) {
  const auto order = detail::shape_order<D>(p, decreasing);
  std::vector<std::int64_t> remaining = p.counts;
  std::vector<std::int64_t> unplaced(p.shapes.size(), 0);
  detail::bin_store<D> bins(p);
  for (const std::uint32_t s : order) {
    for (; remaining[s] > 0; --remaining[s]) {
      std::uint32_t b = 0;
      while (b < bins.size() && !fits<D>(p.shapes[s], bins.residual(b))) ++b;
      if (b == bins.size()) {
        const auto t = choose_type<D>(p, c, s, remaining, order);
        if (!t) {
          unplaced[s] += remaining[s];
          remaining[s] = 0;
          break;
        }
        bins.open(*t);
      }
      bins.place(b, s, 1);
    }
  }
  return bins.finish(decreasing ? "naive_ffd_" + std::string(to_string(*decreasing)) : "naive_first_fit",
                     std::move(unplaced));
}

/// One item at a time, the open bin with the smallest `key(bins, b)` among those that hold
/// the item (ties: the earliest bin); a new bin when none does.
template <std::size_t D, class Key>
[[nodiscard]] pack_result<D> naive_min_key_fit(const problem<D>& p, const type_choice& c,
                                               std::optional<size_measure> decreasing, Key key,
                                               std::string name) {
  const auto order = detail::shape_order<D>(p, decreasing);
  std::vector<std::int64_t> remaining = p.counts;
  std::vector<std::int64_t> unplaced(p.shapes.size(), 0);
  detail::bin_store<D> bins(p);
  for (const std::uint32_t s : order) {
    for (; remaining[s] > 0; --remaining[s]) {
      std::uint32_t best = detail::no_bin;
      for (std::uint32_t b = 0; b < bins.size(); ++b)
        if (fits<D>(p.shapes[s], bins.residual(b)) &&
            (best == detail::no_bin || key(bins, b) < key(bins, best)))
          best = b;
      if (best == detail::no_bin) {
        const auto t = choose_type<D>(p, c, s, remaining, order);
        if (!t) {
          unplaced[s] += remaining[s];
          remaining[s] = 0;
          break;
        }
        best = bins.open(*t);
      }
      bins.place(best, s, 1);
    }
  }
  return bins.finish(std::move(name), std::move(unplaced));
}

/// Best fit, worst fit or ECS binpack (best fit on one dimension), one item at a time: the
/// smallest key among the bins that hold the item (best: room, worst: minus room, binpack:
/// the dimension's residual), ties to the earliest bin.
template <std::size_t D>
[[nodiscard]] pack_result<D> naive_keyed_fit(const problem<D>& p, const type_choice& c, fit_rule rule,
                                             std::optional<size_measure> decreasing = {},
                                             std::optional<std::size_t> binpack_dim = {}) {
  const resources<D> ref = detail::largest_capacity(p);
  auto key = [&](const detail::bin_store<D>& bins, std::uint32_t b) {
    if (binpack_dim) return double(bins.residual(b)[*binpack_dim]);
    const double room = detail::room_score<D>(bins.residual(b), ref);
    return rule == fit_rule::worst ? -room : room;
  };
  return naive_min_key_fit<D>(p, c, decreasing, key, "naive_keyed_fit");
}

/// ECS spread, one task at a time: the instance with the fewest tasks that holds the task.
template <std::size_t D>
[[nodiscard]] pack_result<D> naive_spread(const problem<D>& p, const type_choice& c) {
  auto key = [](const detail::bin_store<D>& bins, std::uint32_t b) { return double(bins.items_in(b)); };
  return naive_min_key_fit<D>(p, c, std::nullopt, key, "naive_spread");
}

}  // namespace fleetcast::packing
