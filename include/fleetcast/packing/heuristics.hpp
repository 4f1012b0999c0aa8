#pragma once
/// @file
/// Packing heuristics: interchangeable policy types behind one concept (`packing_heuristic`)
/// returning one result type (`pack_result`). Item-centric rules (next/first/best/worst fit,
/// with or without sorting by a size measure, ECS binpack/spread/random) place identical items
/// in bulk where that gives the same assignment as placing them one by one; bin-centric rules
/// (dot product, L2 norm gap; Panigrahy et al. 2011) fill one bin at a time.
/// `pack_by_name` selects a policy at run time, outside the loops.

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <limits>
#include <numeric>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fleetcast/core/error.hpp"
#include "fleetcast/core/random.hpp"
#include "fleetcast/packing/detail/bin_store.hpp"
#include "fleetcast/packing/detail/fit_index.hpp"
#include "fleetcast/packing/problem.hpp"
#include "fleetcast/packing/type_choice.hpp"

namespace fleetcast::packing {

/// A packing heuristic: a name and a `pack` for problems of dimension D.
template <class H, std::size_t D>
concept packing_heuristic = requires(const H& h, const problem<D>& p, const type_choice& c) {
  { h.name() } -> std::convertible_to<std::string>;
  { h.template pack<D>(p, c) } -> std::same_as<pack_result<D>>;
};

/// How the "decreasing" variants order item shapes (largest first). Dimensions are normalised
/// by the largest capacity any bin type has in them.
enum class size_measure { cpu, memory, sum, max, product, l2 };
[[nodiscard]] constexpr std::string_view to_string(size_measure m) noexcept {
  constexpr std::string_view names[] = {"cpu", "memory", "sum", "max", "product", "l2"};
  return names[static_cast<int>(m)];
}

enum class fit_rule { next, first, best, worst };

namespace detail {

template <std::size_t D>
resources<D> largest_capacity(const problem<D>& p) {
  resources<D> m{};
  for (const auto& t : p.bin_types)
    for (std::size_t k = 0; k < D; ++k) m[k] = std::max(m[k], t.capacity[k]);
  return m;
}

template <std::size_t D>
double measure(size_measure m, const resources<D>& s, const resources<D>& ref) {
  auto norm = [&](std::size_t k) { return ref[k] > 0 ? double(s[k]) / double(ref[k]) : 0.0; };
  switch (m) {
    case size_measure::cpu: return norm(0);
    case size_measure::memory: return norm(D > 1 ? 1 : 0);
    case size_measure::sum: {
      double v = 0;
      for (std::size_t k = 0; k < D; ++k) v += norm(k);
      return v;
    }
    case size_measure::max: {
      double v = 0;
      for (std::size_t k = 0; k < D; ++k) v = std::max(v, norm(k));
      return v;
    }
    case size_measure::product: {
      double v = 1;
      for (std::size_t k = 0; k < D; ++k)
        if (ref[k] > 0) v *= norm(k);
      return v;
    }
    case size_measure::l2: {
      double v = 0;
      for (std::size_t k = 0; k < D; ++k) v += norm(k) * norm(k);
      return v;
    }
  }
  return 0;
}

/// Shape order: as given, or by a measure, largest first (stable: ties keep input order).
template <std::size_t D>
std::vector<std::uint32_t> shape_order(const problem<D>& p, std::optional<size_measure> m) {
  std::vector<std::uint32_t> order(p.shapes.size());
  std::iota(order.begin(), order.end(), 0u);
  if (m) {
    const resources<D> ref = largest_capacity(p);
    std::vector<double> key(p.shapes.size());
    for (std::size_t s = 0; s < key.size(); ++s) key[s] = measure<D>(*m, p.shapes[s], ref);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return key[a] > key[b]; });
  }
  return order;
}

/// Normalised residual "room" of a bin, the key of best/worst fit.
template <std::size_t D>
double room_score(const resources<D>& r, const resources<D>& ref) {
  double v = 0;
  for (std::size_t k = 0; k < D; ++k)
    if (ref[k] > 0) v += double(r[k]) / double(ref[k]);
  return v;
}

/// Opens a bin for shape s (type from the chooser) and fills it with up to `left` items of s.
/// Returns the number placed (0 when no type can hold s).
template <std::size_t D>
std::int64_t open_and_fill(bin_store<D>& bins, const problem<D>& p, const type_choice& c,
                           std::uint32_t s, std::int64_t left, std::span<const std::int64_t> remaining,
                           std::span<const std::uint32_t> order, std::int64_t max_per_bin) {
  const auto t = choose_type<D>(p, c, s, remaining, order);
  if (!t) return 0;
  const std::uint32_t b = bins.open(*t);
  const std::int64_t k = std::min({left, copies_that_fit<D>(p.shapes[s], bins.residual(b)), max_per_bin});
  bins.place(b, s, k);
  return k;
}

}  // namespace detail

/// Next/first/best/worst fit, optionally "decreasing" by a size measure. ECS `binpack:cpu` and
/// `binpack:memory` are best fit on one dimension (least remaining of it).
struct item_centric {
  fit_rule rule = fit_rule::first;
  std::optional<size_measure> decreasing;
  std::optional<std::size_t> binpack_dim;  ///< set: ECS binpack on this dimension
  std::string label;

  [[nodiscard]] std::string name() const { return label; }

  template <std::size_t D>
  [[nodiscard]] pack_result<D> pack(const problem<D>& p, const type_choice& c) const {
    const auto order = detail::shape_order<D>(p, decreasing);
    std::vector<std::int64_t> remaining = p.counts;
    std::vector<std::int64_t> unplaced(p.shapes.size(), 0);
    detail::bin_store<D> bins(p, rule == fit_rule::first);
    const resources<D> ref = detail::largest_capacity(p);
    const bool keyed = rule == fit_rule::best || rule == fit_rule::worst;
    // Best/worst fit order the candidate bins by a key, smaller first, ties to the lower index.
    auto key = [&](std::uint32_t b) -> double {
      if (binpack_dim) return double(bins.residual(b)[*binpack_dim]);
      const double room = detail::room_score<D>(bins.residual(b), ref);
      return rule == fit_rule::worst ? -room : room;
    };
    // Few shapes: per-shape sets of the bins that hold the shape. Many shapes: one set of all
    // bins by key, scanned from the first bin whose key could hold the item.
    const bool indexed = keyed && p.shapes.size() <= detail::fit_index<D>::max_shapes;
    detail::fit_index<D> index(indexed ? std::span<const resources<D>>(p.shapes)
                                       : std::span<const resources<D>>());
    std::set<std::pair<double, std::uint32_t>> by_key;
    auto changed = [&](std::uint32_t b, bool is_new, double old_key) {
      if (!keyed) return;
      if (indexed) {
        index.update(b, bins.residual(b), key(b));
      } else {
        if (!is_new) by_key.erase({old_key, b});
        by_key.insert({key(b), b});
      }
    };
    std::uint32_t current = detail::no_bin;  // next fit
    for (const std::uint32_t s : order) {
      const resources<D>& w = p.shapes[s];
      std::int64_t& left = remaining[s];
      std::uint32_t from = 0;  // first fit: bins before `from` were already tried for s
      while (left > 0) {
        std::uint32_t b = detail::no_bin;
        switch (rule) {
          case fit_rule::next:
            if (current != detail::no_bin && fits<D>(w, bins.residual(current))) b = current;
            break;
          case fit_rule::first:
            b = bins.find_first_fit(from, w);
            break;
          case fit_rule::best:
          case fit_rule::worst:
            if (indexed) {
              b = index.first(s);
            } else if (rule == fit_rule::best) {
              // No bin whose key is below the item's own can hold it.
              auto it = by_key.lower_bound({binpack_dim ? double(w[*binpack_dim])
                                                        : detail::room_score<D>(w, ref), 0});
              for (; it != by_key.end(); ++it)
                if (fits<D>(w, bins.residual(it->second))) break;
              if (it != by_key.end()) b = it->second;
            } else {
              const double limit = -detail::room_score<D>(w, ref);
              for (auto it = by_key.begin(); it != by_key.end() && it->first <= limit; ++it)
                if (fits<D>(w, bins.residual(it->second))) {
                  b = it->second;
                  break;
                }
            }
            break;
        }
        if (b == detail::no_bin) {
          const std::uint32_t before = bins.size();
          const std::int64_t per_bin = rule == fit_rule::worst ? 1 : left;
          const std::int64_t k = detail::open_and_fill<D>(bins, p, c, s, per_bin, remaining, order, per_bin);
          if (k == 0) {
            unplaced[s] += left;
            left = 0;
            break;
          }
          left -= k;
          current = before;
          changed(before, true, 0.0);
          from = before;  // First Fit: earlier bins did not fit s
          continue;
        }
        // Identical items: first, best and next fit put the following ones in the same bin
        // until it is full (its key only improves), so fill it at once. Worst fit moves on.
        const std::int64_t k = rule == fit_rule::worst ? 1 : std::min(left, copies_that_fit<D>(w, bins.residual(b)));
        const double old_key = keyed ? key(b) : 0.0;
        bins.place(b, s, k);
        left -= k;
        changed(b, false, old_key);
        from = b + 1;
      }
      if (indexed) index.retire(s);
    }
    return bins.finish(name(), std::move(unplaced));
  }
};

/// ECS `spread` over instances: the instance with the fewest tasks that can hold the task
/// (ties: the earliest opened); a new instance only when none can.
struct ecs_spread {
  [[nodiscard]] std::string name() const { return "spread"; }

  template <std::size_t D>
  [[nodiscard]] pack_result<D> pack(const problem<D>& p, const type_choice& c) const {
    const auto order = detail::shape_order<D>(p, std::nullopt);
    std::vector<std::int64_t> remaining = p.counts;
    std::vector<std::int64_t> unplaced(p.shapes.size(), 0);
    detail::bin_store<D> bins(p);
    // Few shapes: per-shape sets of bins by task count; many: one set scanned in order.
    const bool indexed = p.shapes.size() <= detail::fit_index<D>::max_shapes;
    detail::fit_index<D> index(indexed ? std::span<const resources<D>>(p.shapes)
                                       : std::span<const resources<D>>());
    std::set<std::pair<std::int64_t, std::uint32_t>> by_tasks;
    for (const std::uint32_t s : order) {
      const resources<D>& w = p.shapes[s];
      while (remaining[s] > 0) {
        std::uint32_t b = detail::no_bin;
        if (indexed) {
          b = index.first(s);
        } else {
          for (const auto& [n, i] : by_tasks)
            if (fits<D>(w, bins.residual(i))) {
              b = i;
              break;
            }
        }
        if (b == detail::no_bin) {
          const std::uint32_t before = bins.size();
          if (detail::open_and_fill<D>(bins, p, c, s, 1, remaining, order, 1) == 0) {
            unplaced[s] += remaining[s];
            remaining[s] = 0;
            break;
          }
          b = before;
        } else {
          if (!indexed) by_tasks.erase({bins.items_in(b), b});
          bins.place(b, s, 1);
        }
        if (indexed) {
          index.update(b, bins.residual(b), double(bins.items_in(b)));
        } else {
          by_tasks.insert({bins.items_in(b), b});
        }
        --remaining[s];
      }
      if (indexed) index.retire(s);
    }
    return bins.finish(name(), std::move(unplaced));
  }
};

/// ECS `random`: a uniformly random instance among those that can hold the task, from a
/// seeded generator (same seed, same packing). With few shapes it draws from the exact set of
/// bins that hold the shape; with many it draws among open bins and rejects those that do not
/// fit, and after 32 rejections lists the fitting bins and draws among them, which is uniform
/// too. Bins that cannot hold the smallest item in every dimension are retired.
struct ecs_random {
  std::uint64_t seed = 1;
  [[nodiscard]] std::string name() const { return "random"; }

  template <std::size_t D>
  [[nodiscard]] pack_result<D> pack(const problem<D>& p, const type_choice& c) const {
    const auto order = detail::shape_order<D>(p, std::nullopt);
    std::vector<std::int64_t> remaining = p.counts;
    std::vector<std::int64_t> unplaced(p.shapes.size(), 0);
    detail::bin_store<D> bins(p);
    xoshiro256pp rng(seed);
    const bool pooled = p.shapes.size() <= detail::fit_pool<D>::max_shapes;
    detail::fit_pool<D> pool(pooled ? std::span<const resources<D>>(p.shapes)
                                    : std::span<const resources<D>>());
    resources<D> smallest;
    smallest.fill(std::numeric_limits<std::int64_t>::max());
    for (const auto& w : p.shapes)
      for (std::size_t k = 0; k < D; ++k) smallest[k] = std::min(smallest[k], w[k]);
    std::vector<std::uint32_t> open, fitting;
    for (const std::uint32_t s : order) {
      const resources<D>& w = p.shapes[s];
      while (remaining[s] > 0) {
        std::uint32_t b = detail::no_bin;
        if (pooled) {
          const auto cand = pool.bins(s);
          if (!cand.empty()) b = cand[uniform_below(rng, cand.size())];
        } else {
          for (int tries = 0; tries < 32 && !open.empty(); ++tries) {
            const std::size_t j = uniform_below(rng, open.size());
            if (fits<D>(w, bins.residual(open[j]))) {
              b = open[j];
              break;
            }
          }
          if (b == detail::no_bin && !open.empty()) {
            fitting.clear();
            for (auto i : open)
              if (fits<D>(w, bins.residual(i))) fitting.push_back(i);
            if (!fitting.empty()) b = fitting[uniform_below(rng, fitting.size())];
          }
        }
        if (b == detail::no_bin) {
          const std::uint32_t before = bins.size();
          if (detail::open_and_fill<D>(bins, p, c, s, 1, remaining, order, 1) == 0) {
            unplaced[s] += remaining[s];
            remaining[s] = 0;
            break;
          }
          b = before;
          if (!pooled) open.push_back(b);
        } else {
          bins.place(b, s, 1);
          if (!pooled && !fits<D>(smallest, bins.residual(b)))
            open.erase(std::find(open.begin(), open.end(), b));
        }
        if (pooled) pool.update(b, bins.residual(b));
        --remaining[s];
      }
      if (pooled) pool.retire(s);
    }
    return bins.finish(name(), std::move(unplaced));
  }
};

/// Bin-centric greedy (Panigrahy et al. 2011): open a bin, then repeatedly add the item that
/// best matches its residual capacity until none fits. Dimensions are weighted by the average
/// remaining demand, recomputed whenever a bin opens ("Avg-Dyn", the best variant in
/// Mommessin et al.'s re-evaluation). Cost: O(shapes × D) per item.
struct bin_centric {
  enum class score { dot_product, l2_norm_gap };
  score rule = score::dot_product;

  [[nodiscard]] std::string name() const {
    return rule == score::dot_product ? "dot_product" : "l2_norm_gap";
  }

  template <std::size_t D>
  [[nodiscard]] pack_result<D> pack(const problem<D>& p, const type_choice& c) const {
    const auto order = detail::shape_order<D>(p, size_measure::sum);
    std::vector<std::int64_t> remaining = p.counts;
    std::vector<std::int64_t> unplaced(p.shapes.size(), 0);
    detail::bin_store<D> bins(p);
    const resources<D> ref = detail::largest_capacity(p);
    std::vector<std::uint32_t> live(order);  // shapes with items left, largest first
    while (true) {
      live.erase(std::remove_if(live.begin(), live.end(), [&](auto s) { return remaining[s] == 0; }),
                 live.end());
      if (live.empty()) break;
      const std::uint32_t first = live.front();
      const auto t = choose_type<D>(p, c, first, remaining, live);
      if (!t) {
        unplaced[first] += remaining[first];
        remaining[first] = 0;
        continue;
      }
      std::array<double, D> a{};
      double total = 0;
      for (auto s : live) {
        total += double(remaining[s]);
        for (std::size_t k = 0; k < D; ++k)
          if (ref[k] > 0) a[k] += double(remaining[s]) * double(p.shapes[s][k]) / double(ref[k]);
      }
      for (auto& x : a) x /= total;
      const std::uint32_t b = bins.open(*t);
      const resources<D>& cap = p.bin_types[*t].capacity;
      while (true) {
        const resources<D>& r = bins.residual(b);
        std::uint32_t best = detail::no_bin;
        double best_score = 0;
        for (auto s : live) {
          if (remaining[s] == 0 || !fits<D>(p.shapes[s], r)) continue;
          double v = 0;
          for (std::size_t k = 0; k < D; ++k) {
            if (cap[k] <= 0) continue;
            const double wk = double(p.shapes[s][k]) / double(cap[k]);
            const double rk = double(r[k]) / double(cap[k]);
            v += rule == score::dot_product ? a[k] * wk * rk : -a[k] * (rk - wk) * (rk - wk);
          }
          if (best == detail::no_bin || v > best_score) {
            best = s;
            best_score = v;
          }
        }
        if (best == detail::no_bin) break;
        bins.place(b, best, 1);
        --remaining[best];
      }
    }
    return bins.finish(name(), std::move(unplaced));
  }
};

/// Every heuristic's name, in the order `--heuristic all` runs them.
/// The heuristics `fleetcast pack` and `pack_by_name` know, as a closed vocabulary: a kind,
/// and for the decreasing variants the size measure that orders the items.
enum class heuristic_kind {
  next_fit, first_fit, best_fit, worst_fit,  ///< items in the given order
  ffd, bfd, wfd,                             ///< first/best/worst fit decreasing by `measure`
  dot_product, l2_norm_gap,                  ///< bin-centric scores (Panigrahy et al. 2011)
  binpack_cpu, binpack_memory, spread,       ///< ECS task placement strategies
  random,                                    ///< ECS random placement (seeded)
};
struct heuristic {
  heuristic_kind kind = heuristic_kind::first_fit;
  size_measure measure = size_measure::sum;  ///< ffd, bfd and wfd only
  friend bool operator==(const heuristic& a, const heuristic& b) noexcept {
    const bool decreasing = a.kind == heuristic_kind::ffd || a.kind == heuristic_kind::bfd || a.kind == heuristic_kind::wfd;
    return a.kind == b.kind && (!decreasing || a.measure == b.measure);
  }
};

/// The name `fleetcast pack --heuristic` takes: `first_fit`, `ffd_sum`, `binpack:memory`, ….
[[nodiscard]] inline std::string to_string(const heuristic& h) {
  switch (h.kind) {
    case heuristic_kind::next_fit: return "next_fit";
    case heuristic_kind::first_fit: return "first_fit";
    case heuristic_kind::best_fit: return "best_fit";
    case heuristic_kind::worst_fit: return "worst_fit";
    case heuristic_kind::ffd: return "ffd_" + std::string(to_string(h.measure));
    case heuristic_kind::bfd: return "bfd_" + std::string(to_string(h.measure));
    case heuristic_kind::wfd: return "wfd_" + std::string(to_string(h.measure));
    case heuristic_kind::dot_product: return "dot_product";
    case heuristic_kind::l2_norm_gap: return "l2_norm_gap";
    case heuristic_kind::binpack_cpu: return "binpack:cpu";
    case heuristic_kind::binpack_memory: return "binpack:memory";
    case heuristic_kind::spread: return "spread";
    case heuristic_kind::random: return "random";
  }
  return "?";
}

/// Every heuristic, in the order `--heuristic all` reports them.
[[nodiscard]] inline std::vector<heuristic> all_heuristics() {
  std::vector<heuristic> all = {{heuristic_kind::next_fit},
                                {heuristic_kind::first_fit},
                                {heuristic_kind::best_fit},
                                {heuristic_kind::worst_fit}};
  for (auto k : {heuristic_kind::ffd, heuristic_kind::bfd, heuristic_kind::wfd})
    for (auto m : {size_measure::cpu, size_measure::memory, size_measure::sum, size_measure::max,
                   size_measure::product, size_measure::l2})
      all.push_back({k, m});
  for (auto k : {heuristic_kind::dot_product, heuristic_kind::l2_norm_gap, heuristic_kind::binpack_cpu,
                 heuristic_kind::binpack_memory, heuristic_kind::spread, heuristic_kind::random})
    all.push_back({k});
  return all;
}

/// The heuristic called `name`; nullopt for a name that is not one.
[[nodiscard]] inline std::optional<heuristic> parse_heuristic(std::string_view name) {
  static const std::vector<heuristic> all = all_heuristics();  // once: Karpenter's repacks parse a name each
  for (const heuristic& h : all)
    if (to_string(h) == name) return h;
  return std::nullopt;
}

[[nodiscard]] inline std::vector<std::string> heuristic_names() {
  std::vector<std::string> names;
  for (const heuristic& h : all_heuristics()) names.push_back(to_string(h));
  return names;
}

/// Runs heuristic `h` (`seed` feeds `random`) after `validate(p)`. The result's `lower` is
/// left zero: `pack_with_bounds` (packing/pack.hpp) fills in the lower bounds, and
/// `compute_bounds(p)` gives them alone.
template <std::size_t D>
[[nodiscard]] pack_result<D> pack_by_heuristic(const heuristic& h, const problem<D>& p, const type_choice& c,
                                               std::uint64_t seed = 1) {
  validate(p);
  const std::string n = to_string(h);
  switch (h.kind) {
    case heuristic_kind::next_fit: return item_centric{fit_rule::next, {}, {}, n}.pack<D>(p, c);
    case heuristic_kind::first_fit: return item_centric{fit_rule::first, {}, {}, n}.pack<D>(p, c);
    case heuristic_kind::best_fit: return item_centric{fit_rule::best, {}, {}, n}.pack<D>(p, c);
    case heuristic_kind::worst_fit: return item_centric{fit_rule::worst, {}, {}, n}.pack<D>(p, c);
    case heuristic_kind::ffd: return item_centric{fit_rule::first, h.measure, {}, n}.pack<D>(p, c);
    case heuristic_kind::bfd: return item_centric{fit_rule::best, h.measure, {}, n}.pack<D>(p, c);
    case heuristic_kind::wfd: return item_centric{fit_rule::worst, h.measure, {}, n}.pack<D>(p, c);
    case heuristic_kind::binpack_cpu: return item_centric{fit_rule::best, {}, std::size_t{0}, n}.pack<D>(p, c);
    case heuristic_kind::binpack_memory:
      return item_centric{fit_rule::best, {}, std::size_t{D > 1 ? 1 : 0}, n}.pack<D>(p, c);
    case heuristic_kind::spread: return ecs_spread{}.pack<D>(p, c);
    case heuristic_kind::random: return ecs_random{seed}.pack<D>(p, c);
    case heuristic_kind::dot_product: return bin_centric{bin_centric::score::dot_product}.pack<D>(p, c);
    case heuristic_kind::l2_norm_gap: return bin_centric{bin_centric::score::l2_norm_gap}.pack<D>(p, c);
  }
  return item_centric{fit_rule::first, {}, {}, n}.pack<D>(p, c);
}

/// Runs the heuristic called `name` (see `heuristic_names`): `pack_by_heuristic` on
/// `parse_heuristic(name)`. Throws `input_error` (input.11, listing the names) for an
/// unknown name and (input.5) for a problem `validate` refuses.
template <std::size_t D>
[[nodiscard]] pack_result<D> pack_by_name(std::string_view name, const problem<D>& p,
                                          const type_choice& c, std::uint64_t seed = 1) {
  const std::optional<heuristic> h = parse_heuristic(name);
  if (!h) {
    std::string all;
    for (const auto& n : heuristic_names()) all += (all.empty() ? "" : ", ") + n;
    throw input_error(errid::bad_enum, "heuristic", "\"" + std::string(name) + "\" is not one of " + all);
  }
  return pack_by_heuristic<D>(*h, p, c, seed);
}

static_assert(packing_heuristic<item_centric, 2>);
static_assert(packing_heuristic<ecs_spread, 2>);
static_assert(packing_heuristic<ecs_random, 2>);
static_assert(packing_heuristic<bin_centric, 2>);

}  // namespace fleetcast::packing
