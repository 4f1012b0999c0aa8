#pragma once
/// @file
/// An improvement step any packing can go through: a local search that empties bins.
///
/// `improve(p, r, choice, options)` takes a result `r` of any heuristic for problem `p` and
/// returns one that is never worse by `better()` (packing/pack.hpp): the same unplaced items,
/// no higher cost, no more bins. The search follows the consistent neighbourhood search of
/// Buljubašić & Vasquez (Computers & OR 76, 2016) for bin and 2-D vector packing, reduced to
/// its core:
///
/// 1. Right-size: each bin moves to the cheapest type (allowed by `choice`) that holds its load.
/// 2. To go from m bins to m − 1, take the two least-filled bins out; their items form a pool.
///    The other m − 2 bins stay feasible throughout. A move swaps up to two items of one bin
///    for up to two items of the pool (or adds pool items to a bin) such that the bin still
///    fits in every dimension. Each step takes the admissible move that leaves the pool
///    smallest (sum of its sizes normalised by the largest capacity, plus twice its excess over
///    one bin), a tabu list forbidding an item shape to go back into a bin it just left.
/// 3. The attempt succeeds when the pool fits into one bin: it becomes that bin, the packing
///    has one bin fewer (at a lower cost), and the next attempt starts. An attempt that runs
///    out of its iterations is undone and another pair of bins is tried.
///
/// The search stops at the time budget (checked before every move, so it overruns by at most
/// one move), at `max_iterations` moves, or when the bins reach a lower bound (the volume
/// bound with each dimension's largest capacity, or `r.lower.bins` if higher). Same input, seed and `max_iterations` with a budget the search does
/// not reach: the same result. A time budget that stops the search makes the result depend on
/// the machine's speed; the simulator therefore uses `max_iterations` with no time budget.
/// Cost: O(bins × 11 × (pool items)²) per move. Memory: O(items).

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "fleetcast/core/error.hpp"
#include "fleetcast/core/random.hpp"
#include "fleetcast/packing/problem.hpp"
#include "fleetcast/packing/type_choice.hpp"

namespace fleetcast::packing {

struct improve_options {
  /// Wall-clock budget in seconds, ≥ 0 (+infinity: none). 0 returns the input unchanged.
  double seconds = 1.0;
  std::uint64_t seed = 1;  ///< tie-breaks and the choice of bins to empty
  /// Moves over all attempts; negative: no limit. With a time budget the search never reaches,
  /// this makes the result independent of the machine.
  std::int64_t max_iterations = -1;
  /// Stop once the packing has this many bins or fewer (e.g. a known optimum, for benchmarks);
  /// 0: only at the lower bound.
  std::int64_t stop_at_bins = 0;
};

/// What the improvement did.
struct improve_stats {
  std::int64_t bins_before = 0, bins_after = 0;
  double cost_before = 0, cost_after = 0;  ///< per hour
  double seconds = 0;                      ///< wall-clock spent
  std::int64_t iterations = 0;             ///< moves made
  std::int64_t attempts = 0, successes = 0;  ///< tries to empty a bin; those that did
  std::int64_t resized = 0;                ///< bins moved to a cheaper type
  bool reached_bound = false;  ///< bins = a lower bound on bins (identical bins: optimal)
  bool out_of_budget = false;              ///< stopped by the time budget or max_iterations
};

/// Throws `input_error` (input.5) for a negative or NaN budget.
inline void validate(const improve_options& o) {
  if (!(o.seconds >= 0))
    throw input_error(errid::out_of_range, "improve seconds",
                      std::to_string(o.seconds) + " is not a budget: give 0 or more seconds (0 = no improvement)");
}

namespace detail {

template <std::size_t D>
class improver {
 public:
  improver(const problem<D>& p, const pack_result<D>& r, const type_choice& c, const improve_options& o)
      : p_(p), c_(c), o_(o), rng_(o.seed) {
    for (const auto& t : p.bin_types)
      for (std::size_t k = 0; k < D; ++k) ref_[k] = std::max(ref_[k], t.capacity[k]);
    for (std::size_t k = 0; k < D; ++k) inv_ref_[k] = ref_[k] > 0 ? 1.0 / double(ref_[k]) : 0.0;
    shape_w_.resize(p.shapes.size());
    for (std::size_t s = 0; s < p.shapes.size(); ++s) shape_w_[s] = weight(p.shapes[s]);
    for (const auto& b : r.bins) {
      bin nb;
      nb.type = b.type;
      for (const auto& [s, k] : b.items) {
        for (std::int64_t j = 0; j < k; ++j) nb.items.push_back(s);
        add_to<D>(nb.load, p.shapes[s], k);
      }
      if (!nb.items.empty()) bins_.push_back(std::move(nb));
    }
    identical_ = p.bin_types.size() == 1;
  }

  pack_result<D> run(const pack_result<D>& in, improve_stats& st) {
    const auto start = std::chrono::steady_clock::now();
    const bool timed = std::isfinite(o_.seconds);
    const auto deadline = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                      std::chrono::duration<double>(timed ? o_.seconds : 0.0));
    auto out_of_budget = [&] {
      if (o_.max_iterations >= 0 && iterations_ >= o_.max_iterations) return true;
      return timed && std::chrono::steady_clock::now() >= deadline;
    };
    st.resized = right_size();
    const std::int64_t bound = std::max(bins_bound(in.lower.bins), o_.stop_at_bins);
    std::int64_t failures = 0;
    // Without a time limit, the consecutive failed attempts (each tries another pair of bins)
    // before giving up; with one, the search goes on until the budget.
    const std::int64_t max_failures = timed ? INT64_MAX : 200 + 4 * std::int64_t(bins_.size());
    while (std::int64_t(bins_.size()) > bound && bins_.size() >= 2 && failures < max_failures) {
      if (out_of_budget()) {
        st.out_of_budget = true;
        break;
      }
      ++st.attempts;
      // The least-filled bin with one of the next least filled (the next one first; after
      // failures, a random one among more).
      std::vector<std::uint32_t> order(bins_.size());
      for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
      std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return fill(a) < fill(b); });
      const std::uint32_t a = order[0];
      const std::size_t span = std::min<std::size_t>(order.size() - 1, 1 + std::size_t(failures));
      const std::uint32_t b = order[1 + (failures == 0 ? 0 : uniform_below(rng_, span))];
      const std::int64_t limit = 100 + 20 * std::int64_t(std::min<std::int64_t>(failures, 50)) +
                                 4 * std::int64_t(bins_.size());
      const int result = attempt(a, b, limit, out_of_budget);
      if (result > 0) {
        ++st.successes;
        failures = 0;
      } else {
        ++failures;
        if (result < 0) {
          st.out_of_budget = true;
          break;
        }
      }
    }
    st.resized += right_size();
    st.iterations = iterations_;
    st.reached_bound = std::int64_t(bins_.size()) <= bins_bound(in.lower.bins);
    st.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return finish(in);
  }

 private:
  struct bin {
    std::uint32_t type = 0;
    resources<D> load{};
    std::vector<std::uint32_t> items;  // shape per item
  };
  // A set of up to two items (shapes) of the pool or of a bin, by position.
  struct group {
    std::int32_t i = -1, j = -1;  // positions; -1: none
    std::uint32_t s0 = 0, s1 = 0;  // shapes, s0 <= s1 when both set (for comparing multisets)
    int n = 0;
    resources<D> size{};
  };

  [[nodiscard]] double weight(const resources<D>& v) const noexcept {
    double w = 0;
    for (std::size_t k = 0; k < D; ++k) w += double(v[k]) * inv_ref_[k];
    return w;
  }
  [[nodiscard]] const resources<D>& cap(const bin& b) const noexcept { return p_.bin_types[b.type].capacity; }
  [[nodiscard]] double fill(std::uint32_t b) const noexcept {
    const auto& c = cap(bins_[b]);
    double f = 0;
    for (std::size_t k = 0; k < D; ++k)
      if (c[k] > 0) f += double(bins_[b].load[k]) / double(c[k]);
    return f;
  }
  // The pool's objective: its normalised size plus twice its excess over the largest bin.
  [[nodiscard]] double objective(const resources<D>& pool) const noexcept {
    double f = 0;
    for (std::size_t k = 0; k < D; ++k)
      f += (double(pool[k]) + 2.0 * double(std::max<std::int64_t>(0, pool[k] - ref_[k]))) * inv_ref_[k];
    return f;
  }
  // A type may hold a bin of this load: allowed by the type choice.
  [[nodiscard]] bool allowed(std::uint32_t t, const resources<D>& load) const noexcept {
    if (c_.policy == type_policy::fixed) return t == c_.fixed_type;
    const std::size_t rd = c_.reserved_dim;
    return !(rd < D && load[rd] == 0 && p_.bin_types[t].capacity[rd] > 0);
  }
  // The cheapest allowed type that holds `load` (`current` when it is allowed and no other is
  // cheaper), or -1.
  [[nodiscard]] std::int64_t cheapest_type(const resources<D>& load, std::int64_t current) const {
    std::int64_t best = -1;
    double best_cost = 0;
    if (current >= 0 && fits<D>(load, p_.bin_types[std::size_t(current)].capacity)) {
      best = current;
      best_cost = p_.bin_types[std::size_t(current)].cost_per_hour();
    }
    for (std::uint32_t t = 0; t < p_.bin_types.size(); ++t) {
      if (!allowed(t, load) || !fits<D>(load, p_.bin_types[t].capacity)) continue;
      const double cost = p_.bin_types[t].cost_per_hour();
      if (best < 0 || cost < best_cost) {
        best = t;
        best_cost = cost;
      }
    }
    return best;
  }
  std::int64_t right_size() {
    if (identical_ || c_.policy == type_policy::fixed) return 0;
    std::int64_t n = 0;
    for (auto& b : bins_) {
      const std::int64_t t = cheapest_type(b.load, b.type);
      if (t >= 0 && std::uint32_t(t) != b.type) {
        b.type = std::uint32_t(t);
        ++n;
      }
    }
    return n;
  }
  // A lower bound on the bins: the per-dimension volume bound ⌈Σ load_k / C_k⌉ with each
  // dimension's largest capacity, or the bound the result carries if higher.
  [[nodiscard]] std::int64_t bins_bound(std::int64_t carried) const {
    resources<D> total{};
    for (const auto& b : bins_) add_to<D>(total, b.load);
    std::int64_t lb = std::max<std::int64_t>(carried, bins_.empty() ? 0 : 1);
    for (std::size_t k = 0; k < D; ++k)
      if (ref_[k] > 0) lb = std::max(lb, (total[k] + ref_[k] - 1) / ref_[k]);
    return lb;
  }

  [[nodiscard]] std::int64_t tabu_key(std::uint32_t shape, std::size_t b) const noexcept {
    return std::int64_t(shape) * std::int64_t(bins_.size() + 1) + std::int64_t(b);
  }

  // Groups of up to two of `items` (shapes), one per multiset of shapes; `with_empty` adds
  // the empty group first.
  void groups_of(const std::vector<std::uint32_t>& items, bool with_empty, std::vector<group>& out) const {
    out.clear();
    if (with_empty) out.push_back(group{});
    const auto n = std::int32_t(items.size());
    for (std::int32_t i = 0; i < n; ++i) {
      bool seen = false;
      for (std::int32_t x = 0; x < i && !seen; ++x) seen = items[std::size_t(x)] == items[std::size_t(i)];
      if (seen) continue;
      group g;
      g.i = i;
      g.s0 = items[std::size_t(i)];
      g.n = 1;
      g.size = p_.shapes[g.s0];
      out.push_back(g);
    }
    const std::size_t singles = out.size();
    for (std::int32_t i = 0; i < n; ++i)
      for (std::int32_t j = i + 1; j < n; ++j) {
        std::uint32_t a = items[std::size_t(i)], b = items[std::size_t(j)];
        if (a > b) std::swap(a, b);
        bool seen = false;
        for (std::size_t x = singles; x < out.size() && !seen; ++x) seen = out[x].s0 == a && out[x].s1 == b;
        if (seen) continue;
        group g;
        g.i = i;
        g.j = j;
        g.s0 = a;
        g.s1 = b;
        g.n = 2;
        g.size = p_.shapes[a];
        add_to<D>(g.size, p_.shapes[b]);
        out.push_back(g);
      }
  }
  static bool same_shapes(const group& x, const group& y) noexcept {
    return x.n == y.n && x.s0 == y.s0 && (x.n < 2 || x.s1 == y.s1);
  }
  // Removes the items at the group's positions from `v` and appends their shapes to `to`.
  static void take(std::vector<std::uint32_t>& v, const group& g, std::vector<std::uint32_t>& to) {
    if (g.n == 0) return;
    std::int32_t hi = g.n == 2 ? std::max(g.i, g.j) : g.i, lo = g.n == 2 ? std::min(g.i, g.j) : -1;
    to.push_back(v[std::size_t(hi)]);
    v.erase(v.begin() + hi);
    if (lo >= 0) {
      to.push_back(v[std::size_t(lo)]);
      v.erase(v.begin() + lo);
    }
  }

  /// Tries to empty bins a and b into the others. 1: done (one bin fewer), 0: not within
  /// `limit` moves (the packing is as before), −1: out of budget (as before).
  template <class Budget>
  int attempt(std::uint32_t a, std::uint32_t b, std::int64_t limit, Budget& out_of_budget) {
    const std::vector<bin> saved = bins_;
    const double cost_before = cost();
    std::vector<std::uint32_t> pool = bins_[a].items;
    pool.insert(pool.end(), bins_[b].items.begin(), bins_[b].items.end());
    bins_.erase(bins_.begin() + std::max(a, b));
    bins_.erase(bins_.begin() + std::min(a, b));
    resources<D> pool_size{};
    for (auto s : pool) add_to<D>(pool_size, p_.shapes[s]);
    double best_f = objective(pool_size);
    // (shape, bin) -> the first iteration at which the shape may enter (tabu) or leave (locked)
    // the bin again
    std::unordered_map<std::int64_t, std::int64_t> tabu, locked;
    std::vector<group> qs, ps;
    for (std::int64_t it = 0;; ++it) {
      // Done when the pool fits one bin of a type that makes the packing better.
      const std::int64_t t = cheapest_type(pool_size, -1);
      if (t >= 0 && it == 0) ++iterations_;  // an attempt costs at least one move of the budget
      if (t >= 0) {
        bin nb;
        nb.type = std::uint32_t(t);
        nb.load = pool_size;
        nb.items = pool;
        bins_.push_back(std::move(nb));
        if (cost() <= cost_before) return 1;  // one bin fewer and no dearer
        bins_ = saved;
        return 0;
      }
      if (it >= limit || out_of_budget()) {
        bins_ = saved;
        return it >= limit ? 0 : -1;
      }
      ++iterations_;
      groups_of(pool, false, qs);
      // The best admissible move: the smallest pool objective after it.
      double move_f = std::numeric_limits<double>::infinity();
      std::size_t move_bin = 0, ties = 0;
      group move_p, move_q;
      for (std::size_t bi = 0; bi < bins_.size(); ++bi) {
        const bin& bn = bins_[bi];
        groups_of(bn.items, true, ps);
        for (const group& pg : ps) {
          resources<D> room = cap(bn);
          subtract_from<D>(room, bn.load);
          add_to<D>(room, pg.size);
          for (const group& qg : qs) {
            if (!fits<D>(qg.size, room) || same_shapes(pg, qg)) continue;
            resources<D> np = pool_size;
            subtract_from<D>(np, qg.size);
            add_to<D>(np, pg.size);
            const double f = objective(np);
            if (f > move_f + 1e-12) continue;
            const bool is_tabu = [&] {
              for (int x = 0; x < qg.n; ++x) {
                const auto found = tabu.find(tabu_key(x == 0 ? qg.s0 : qg.s1, bi));
                if (found != tabu.end() && found->second > it) return true;
              }
              for (int x = 0; x < pg.n; ++x) {
                const auto found = locked.find(tabu_key(x == 0 ? pg.s0 : pg.s1, bi));
                if (found != locked.end() && found->second > it) return true;
              }
              return false;
            }();
            if (is_tabu && !(f < best_f - 1e-12)) continue;  // aspiration: a new best pool
            if (f < move_f - 1e-12) {
              move_f = f;
              ties = 1;
            } else if (uniform_below(rng_, ++ties) != 0) {
              continue;  // equal: keep one of the tied moves uniformly at random
            }
            move_bin = bi;
            move_p = pg;
            move_q = qg;
          }
        }
      }
      if (!std::isfinite(move_f)) {  // no admissible move
        bins_ = saved;
        return 0;
      }
      if (move_f >= objective(pool_size) - 1e-12) {
        // No swap shrinks the pool: refill each bin with the best subset of its items and the
        // pool's (a descent with moves of any size), then go on with the tabu move if none did.
        bool refilled = false;
        for (std::size_t bi = 0; bi < bins_.size(); ++bi) refilled |= refill(bi, pool, pool_size);
        if (refilled) {
          best_f = std::min(best_f, objective(pool_size));
          continue;
        }
      }
      bin& bn = bins_[move_bin];
      std::vector<std::uint32_t> moved_out, moved_in;
      take(bn.items, move_p, moved_out);
      take(pool, move_q, moved_in);
      for (auto s : moved_out) {
        subtract_from<D>(bn.load, p_.shapes[s]);
        add_to<D>(pool_size, p_.shapes[s]);
        pool.push_back(s);
        tabu[tabu_key(s, move_bin)] = it + 1 + 3 + std::int64_t(uniform_below(rng_, 8));
      }
      for (auto s : moved_in) {
        add_to<D>(bn.load, p_.shapes[s]);
        subtract_from<D>(pool_size, p_.shapes[s]);
        bn.items.push_back(s);
        locked[tabu_key(s, move_bin)] = it + 1 + 3 + std::int64_t(uniform_below(rng_, 8));
      }
      best_f = std::min(best_f, move_f);
    }
  }

  // Replaces the items of bin bi by the heaviest subset of them and the pool's that fits it
  // (depth-first search, largest first, cut when the rest cannot beat the best; at most
  // `refill_nodes` nodes). True if the bin got heavier (the pool lighter).
  bool refill(std::size_t bi, std::vector<std::uint32_t>& pool, resources<D>& pool_size) {
    bin& bn = bins_[bi];
    // Sizes weighted as the pool objective weighs them now: a dimension in which the pool
    // exceeds a bin counts three times.
    std::array<double, D> a{};
    for (std::size_t k = 0; k < D; ++k) a[k] = inv_ref_[k] * (pool_size[k] > ref_[k] ? 3.0 : 1.0);
    auto wt = [&](std::uint32_t s) {
      double v = 0;
      for (std::size_t k = 0; k < D; ++k) v += double(p_.shapes[s][k]) * a[k];
      return v;
    };
    cand_.assign(bn.items.begin(), bn.items.end());
    cand_.insert(cand_.end(), pool.begin(), pool.end());
    std::sort(cand_.begin(), cand_.end(), [&](auto x, auto y) {
      const double wx = wt(x), wy = wt(y);
      return wx != wy ? wx > wy : x < y;
    });
    cw_.resize(cand_.size());
    for (std::size_t i = 0; i < cand_.size(); ++i) cw_[i] = wt(cand_[i]);
    suffix_.assign(cand_.size() + 1, 0.0);
    for (std::size_t i = cand_.size(); i-- > 0;) suffix_[i] = suffix_[i + 1] + cw_[i];
    double current = 0;
    for (auto s : bn.items) current += wt(s);
    best_w_ = current + 1e-9;
    best_pick_.clear();
    pick_.clear();
    nodes_ = 0;
    search(0, resources<D>{}, 0.0, cap(bn));
    if (best_pick_.empty()) return false;
    // The bin holds the chosen items, the pool the others, if that shrinks the pool.
    std::vector<bool> chosen(cand_.size(), false);
    for (auto i : best_pick_) chosen[i] = true;
    resources<D> np{};
    for (std::size_t i = 0; i < cand_.size(); ++i)
      if (!chosen[i]) add_to<D>(np, p_.shapes[cand_[i]]);
    if (!(objective(np) < objective(pool_size) - 1e-12)) return false;
    bn.items.clear();
    bn.load = {};
    pool.clear();
    pool_size = np;
    for (std::size_t i = 0; i < cand_.size(); ++i) {
      if (chosen[i]) {
        bn.items.push_back(cand_[i]);
        add_to<D>(bn.load, p_.shapes[cand_[i]]);
      } else {
        pool.push_back(cand_[i]);
      }
    }
    return true;
  }
  static constexpr std::int64_t refill_nodes = 4000;
  void search(std::size_t i, const resources<D>& load, double w, const resources<D>& c) {
    if (w > best_w_) {
      best_w_ = w;
      best_pick_ = pick_;
    }
    if (i >= cand_.size() || ++nodes_ > refill_nodes || w + suffix_[i] <= best_w_) return;
    resources<D> with = load;
    add_to<D>(with, p_.shapes[cand_[i]]);
    if (fits<D>(with, c)) {
      pick_.push_back(std::uint32_t(i));
      search(i + 1, with, w + cw_[i], c);
      pick_.pop_back();
    }
    // Skipping item i: skip its identical copies too (the same subsets otherwise).
    std::size_t j = i + 1;
    while (j < cand_.size() && cand_[j] == cand_[i]) ++j;
    search(j, load, w, c);
  }

  [[nodiscard]] double cost() const noexcept {
    double c = 0;
    for (const auto& b : bins_) c += p_.bin_types[b.type].cost_per_hour();
    return c;
  }

  pack_result<D> finish(const pack_result<D>& in) const {
    pack_result<D> r;
    r.heuristic = in.heuristic + "+improve";
    r.status = in.status;
    r.unplaced = in.unplaced;
    r.lower = in.lower;
    r.bins.reserve(bins_.size());
    for (const auto& b : bins_) {
      packed_bin<D> pb;
      pb.type = b.type;
      pb.load = b.load;
      for (auto s : b.items) {
        auto it = std::find_if(pb.items.begin(), pb.items.end(), [&](const auto& e) { return e.first == s; });
        if (it != pb.items.end()) {
          ++it->second;
        } else {
          pb.items.emplace_back(s, 1);
        }
      }
      r.bins.push_back(std::move(pb));
    }
    r.cost_per_hour = cost();
    return r;
  }

  const problem<D>& p_;
  const type_choice& c_;
  const improve_options& o_;
  xoshiro256pp rng_;
  resources<D> ref_{};
  std::array<double, D> inv_ref_{};
  std::vector<double> shape_w_;
  std::vector<bin> bins_;
  bool identical_ = true;
  std::int64_t iterations_ = 0;
  // refill's scratch
  std::vector<std::uint32_t> cand_, pick_, best_pick_;
  std::vector<double> suffix_, cw_;
  double best_w_ = 0;
  std::int64_t nodes_ = 0;
};

}  // namespace detail

/// Improves `r`, a packing of problem `p` by any heuristic with type choice `c`: a result
/// that is never worse (`better(r, returned)` is false), named `<heuristic>+improve`, with the
/// same unplaced items and lower bounds. `stats`, if given, receives what it did.
/// Throws `input_error` (input.5) for a negative budget (`validate(improve_options)`) or a
/// problem `validate(problem)` refuses. Budget 0: `r` itself.
template <std::size_t D>
[[nodiscard]] pack_result<D> improve(const problem<D>& p, const pack_result<D>& r, const type_choice& c,
                                     const improve_options& o, improve_stats* stats = nullptr) {
  validate(o);
  validate(p);
  improve_stats st;
  st.bins_before = r.bins_used();
  st.cost_before = r.cost_per_hour;
  pack_result<D> out = r;
  if (o.seconds > 0 && o.max_iterations != 0 && !r.bins.empty()) {
    detail::improver<D> im(p, r, c, o);
    pack_result<D> cand = im.run(r, st);
    // Never worse: the search only removes bins and lowers types, but keep the input on a tie.
    if (cand.unplaced_count() == r.unplaced_count() &&
        (cand.cost_per_hour < r.cost_per_hour ||
         (cand.cost_per_hour == r.cost_per_hour && cand.bins_used() < r.bins_used())))
      out = std::move(cand);
  }
  st.bins_after = out.bins_used();
  st.cost_after = out.cost_per_hour;
  if (stats) *stats = st;
  return out;
}

}  // namespace fleetcast::packing
