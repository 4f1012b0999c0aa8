// Column generation and price-and-branch for vector bin packing on COIN-OR CLP and CBC
// (packing/exact.hpp). The master LP is a set-covering LP over bin fillings; pricing is a
// bounded multi-dimensional knapsack per bin type, solved by depth-first branch and bound; the
// integer step is CBC over the generated columns, seeded with the heuristics' best packing.
#include "fleetcast/packing/exact.hpp"

#include <CbcEventHandler.hpp>
#include <CbcModel.hpp>
#include <ClpSimplex.hpp>
#include <CoinHelperFunctions.hpp>
#include <OsiClpSolverInterface.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <utility>
#include <vector>

namespace fleetcast::packing::detail {
namespace {

using clock_type = std::chrono::steady_clock;
using items_t = std::vector<std::pair<std::uint32_t, std::int64_t>>;  // (kind, copies), kinds ascending

struct column {
  std::uint32_t type = 0;
  items_t items;
  friend bool operator<(const column& a, const column& b) {
    return a.type != b.type ? a.type < b.type : a.items < b.items;
  }
};

double seconds_left(clock_type::time_point deadline) {
  return std::chrono::duration<double>(deadline - clock_type::now()).count();
}

/// Costs as multiples of a common unit (e.g. 1 for bins, $0.0001 for prices with four
/// decimals): every packing's cost is then a multiple of it, and a bound rounds up to one.
/// 0 when the costs share no unit of at least 1e-9.
double cost_unit(const std::vector<double>& costs) {
  std::int64_t g = 0;
  for (double c : costs) {
    const double scaled = c * 1e9;
    if (!(scaled < 9e15)) return 0.0;
    const double r = std::round(scaled);
    if (std::abs(scaled - r) > 1e-3) return 0.0;  // not a whole number of nano-units
    g = std::gcd(g, std::int64_t(r));
  }
  return g > 0 ? double(g) * 1e-9 : 0.0;
}

/// The smallest reachable cost >= `lb` (the unit's multiple), with a relative tolerance so a
/// bound of 17.0000000001 stays 17.
double round_up(double lb, double unit) {
  if (unit <= 0 || lb <= 0) return std::max(lb, 0.0);
  return unit * std::ceil(lb / unit - 1e-6);
}

/// Branch and bound for max Σ value_i·x_i s.t. Σ size_i·x_i <= capacity, 0 <= x_i <= upper_i
/// integer. Candidates are sorted by value per unit of surrogate size (Σ_k size_k/capacity_k);
/// a node's bound is the smaller of the surrogate relaxation's greedy (Dantzig) bound and, per
/// dimension, room_k × the best value per unit of k among the items left.
class knapsack {
 public:
  struct item {
    std::uint32_t kind;
    double value;
    const std::int64_t* size;
    std::int64_t upper;
    double weight;  // surrogate size
  };

  knapsack(std::size_t dims, const std::int64_t* capacity, std::vector<item> items, double threshold,
           clock_type::time_point deadline, std::int64_t node_limit)
      : d_(dims), cap_(capacity), items_(std::move(items)), threshold_(threshold), deadline_(deadline),
        node_limit_(node_limit) {
    std::stable_sort(items_.begin(), items_.end(), [](const item& a, const item& b) {
      // a.value / a.weight > b.value / b.weight, weight 0 first
      return a.value * b.weight > b.value * a.weight;
    });
    const std::size_t n = items_.size();
    sufmax_.assign((n + 1) * d_, 0.0);
    for (std::size_t i = n; i-- > 0;)
      for (std::size_t k = 0; k < d_; ++k) {
        const double r = items_[i].size[k] > 0 ? items_[i].value / double(items_[i].size[k])
                                               : std::numeric_limits<double>::infinity();
        sufmax_[i * d_ + k] = std::max(r, sufmax_[(i + 1) * d_ + k]);
      }
    x_.assign(n, 0);
    room_.assign(cap_, cap_ + d_);
  }

  /// Runs the search. Returns false when stopped by the deadline or the node limit.
  bool run() {
    root_bound_ = bound(0, 0.0);
    best_ = threshold_;
    complete_ = true;
    dfs(0, 0.0);
    return complete_;
  }
  /// Improving solutions found (value > threshold), best last.
  [[nodiscard]] const std::vector<std::pair<double, items_t>>& found() const { return found_; }
  /// An upper bound on the optimum: exact when run() returned true, else the root's bound.
  [[nodiscard]] double upper_bound(bool complete) const {
    return complete ? std::max(best_, found_.empty() ? threshold_ : found_.back().first) : root_bound_;
  }

 private:
  double bound(std::size_t i, double value) const {
    double sroom = 0;
    for (std::size_t k = 0; k < d_; ++k)
      if (cap_[k] > 0) sroom += double(room_[k]) / double(cap_[k]);
    double dims_bound = std::numeric_limits<double>::infinity();
    for (std::size_t k = 0; k < d_; ++k) {
      const double m = sufmax_[i * d_ + k];
      if (std::isfinite(m)) dims_bound = std::min(dims_bound, double(room_[k]) * m);
    }
    double greedy = 0;
    for (std::size_t j = i; j < items_.size(); ++j) {
      const item& it = items_[j];
      if (it.weight <= 0) {
        greedy += it.value * double(it.upper);
        continue;
      }
      if (sroom <= 0) break;
      const double take = std::min(double(it.upper), sroom / it.weight);
      greedy += it.value * take;
      sroom -= take * it.weight;
    }
    return value + std::min(greedy, dims_bound);
  }

  void dfs(std::size_t i, double value) {
    if (!complete_) return;
    if ((++nodes_ & 1023) == 0 && (clock_type::now() >= deadline_ || nodes_ > node_limit_)) {
      complete_ = false;
      return;
    }
    if (i == items_.size()) {
      if (value > best_ * (1 + 1e-12) + 1e-12) {
        best_ = value;
        items_t sol;
        for (std::size_t j = 0; j < items_.size(); ++j)
          if (x_[j] > 0) sol.emplace_back(items_[j].kind, x_[j]);
        std::sort(sol.begin(), sol.end());
        found_.emplace_back(value, std::move(sol));
      }
      return;
    }
    if (bound(i, value) <= best_ * (1 + 1e-12) + 1e-12) return;
    const item& it = items_[i];
    std::int64_t most = it.upper;
    for (std::size_t k = 0; k < d_; ++k)
      if (it.size[k] > 0) most = std::min(most, room_[k] / it.size[k]);
    for (std::int64_t c = most; c >= 0 && complete_; --c) {
      x_[i] = c;
      for (std::size_t k = 0; k < d_; ++k) room_[k] -= it.size[k] * c;
      dfs(i + 1, value + it.value * double(c));
      for (std::size_t k = 0; k < d_; ++k) room_[k] += it.size[k] * c;
    }
    x_[i] = 0;
  }

  std::size_t d_;
  const std::int64_t* cap_;
  std::vector<item> items_;
  double threshold_;
  clock_type::time_point deadline_;
  std::int64_t node_limit_;
  std::vector<double> sufmax_;
  std::vector<std::int64_t> x_, room_;
  double best_ = 0, root_bound_ = 0;
  bool complete_ = true;
  std::int64_t nodes_ = 0;
  std::vector<std::pair<double, items_t>> found_;
};

/// One dimension: max Σ value·x s.t. Σ size·x <= capacity, x <= upper, by dynamic programming
/// over the capacity with binary splitting of the bounds. O(capacity × Σ log upper) time and
/// bits. Returns the best filling, or nothing if it is worth no more than `threshold`.
std::optional<std::pair<double, items_t>> knapsack_dp(const std::vector<knapsack::item>& items, std::int64_t capacity,
                                                      double threshold) {
  struct part {
    std::uint32_t kind;
    std::int64_t copies, size;
    double value;
  };
  std::vector<part> parts;
  for (const auto& it : items) {
    const std::int64_t w = it.size[0];
    std::int64_t left = it.upper;
    if (w > 0) left = std::min(left, capacity / w);
    for (std::int64_t m = 1; left > 0; m *= 2) {
      const std::int64_t take = std::min(m, left);
      parts.push_back({it.kind, take, w * take, it.value * double(take)});
      left -= take;
    }
  }
  const std::size_t width = std::size_t(capacity) + 1;
  std::vector<double> best(width, 0.0);
  std::vector<bool> took(parts.size() * width, false);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto w = std::size_t(parts[i].size);
    for (std::size_t c = width; c-- > w;) {
      const double v = best[c - w] + parts[i].value;
      if (v > best[c]) {
        best[c] = v;
        took[i * width + c] = true;
      }
    }
  }
  if (!(best[width - 1] > threshold)) return std::nullopt;
  std::map<std::uint32_t, std::int64_t> x;
  std::size_t c = width - 1;
  for (std::size_t i = parts.size(); i-- > 0;)
    if (took[i * width + c]) {
      x[parts[i].kind] += parts[i].copies;
      c -= std::size_t(parts[i].size);
    }
  return std::pair{best[width - 1], items_t(x.begin(), x.end())};
}

/// Stops CBC at the deadline, at whatever event comes first (nodes, solutions, heuristics),
/// and records that it did (CBC keeps a clone, so through a pointer): a search stopped this way
/// proves nothing.
class deadline_handler : public CbcEventHandler {
 public:
  deadline_handler(clock_type::time_point deadline, bool* fired) : deadline_(deadline), fired_(fired) {}
  CbcAction event(CbcEvent) override {
    if (clock_type::now() < deadline_) return noAction;
    *fired_ = true;
    return stop;
  }
  [[nodiscard]] CbcEventHandler* clone() const override { return new deadline_handler(*this); }

 private:
  clock_type::time_point deadline_;
  bool* fired_;
};

constexpr std::int64_t pricing_node_limit = 2'000'000;
constexpr double dp_cell_limit = 5e7;  // capacity × parts for knapsack_dp
constexpr std::size_t columns_per_type_per_round = 8;
constexpr std::size_t column_limit = 200'000;
constexpr std::int64_t enumeration_node_limit = 2'000'000;
constexpr std::size_t enumeration_column_limit = 5'000;

}  // namespace

exact_output solve_exact_core(const exact_input& in) {
  const std::size_t d = in.dims, kinds = in.counts.size(), types = in.costs.size();
  const auto size = [&](std::size_t k) { return &in.sizes[k * d]; };
  const auto cap = [&](std::size_t t) { return &in.capacities[t * d]; };
  const auto fits_in = [&](std::size_t k, std::size_t t) {
    for (std::size_t j = 0; j < d; ++j)
      if (size(k)[j] > cap(t)[j]) return false;
    return true;
  };
  const auto copies = [&](std::size_t k, std::size_t t) {
    std::int64_t n = in.counts[k];
    for (std::size_t j = 0; j < d; ++j)
      if (size(k)[j] > 0) n = std::min(n, cap(t)[j] / size(k)[j]);
    return n;
  };
  const double unit = cost_unit(in.costs);
  const bool all_positive = std::all_of(in.costs.begin(), in.costs.end(), [](double c) { return c > 0; });

  exact_output out;
  // The incumbent: the start packing.
  std::vector<exact_bin> best_bins = in.start;
  double best_cost = 0;
  for (const auto& b : best_bins) best_cost += in.costs[b.type];
  double lb = std::max(0.0, in.known_bound);
  auto proven = [&] { return best_cost <= round_up(lb, unit) + 1e-9 * std::max(1.0, best_cost); };

  // Columns: the start packing's distinct bins, and per kind one column of as many copies as
  // the type with the lowest cost per copy holds (so the master LP is always feasible).
  std::vector<column> cols;
  std::map<column, std::size_t> col_index;
  auto add_column = [&](column c) -> std::pair<std::size_t, bool> {
    auto [it, fresh] = col_index.try_emplace(c, cols.size());
    if (fresh) cols.push_back(std::move(c));
    return {it->second, fresh};
  };
  for (const auto& b : in.start) {
    column c{b.type, {}};
    std::map<std::uint32_t, std::int64_t> m;
    for (auto [k, n] : b.items) m[k] += n;
    c.items.assign(m.begin(), m.end());
    add_column(std::move(c));
  }
  for (std::size_t k = 0; k < kinds; ++k) {
    std::size_t best_t = types;
    double best_per = 0;
    for (std::size_t t = 0; t < types; ++t) {
      if (!fits_in(k, t)) continue;
      const double per = in.costs[t] / double(copies(k, t));
      if (best_t == types || per < best_per) best_t = t, best_per = per;
    }
    if (best_t < types) add_column({std::uint32_t(best_t), {{std::uint32_t(k), copies(k, best_t)}}});
  }

  // The restricted master LP.
  ClpSimplex rmp;
  rmp.setLogLevel(0);
  {
    std::vector<double> row_lo(in.counts.begin(), in.counts.end()), row_hi(kinds, COIN_DBL_MAX);
    std::vector<CoinBigIndex> start(1, 0);
    rmp.loadProblem(0, int(kinds), start.data(), nullptr, nullptr, nullptr, nullptr, nullptr, row_lo.data(),
                    row_hi.data());
  }
  std::size_t in_lp = 0;
  auto push_columns = [&] {
    std::vector<int> rows;
    std::vector<double> vals;
    for (; in_lp < cols.size(); ++in_lp) {
      rows.clear();
      vals.clear();
      for (auto [k, n] : cols[in_lp].items) {
        rows.push_back(int(k));
        vals.push_back(double(n));
      }
      rmp.addColumn(int(rows.size()), rows.data(), vals.data(), 0.0, COIN_DBL_MAX, in.costs[cols[in_lp].type]);
    }
  };

  // Column generation on the master with row demands `need` until no column prices out, the
  // time is up, or (at the root) a packing meets the bound. At the root (need = the counts) it
  // raises `lb` by Farley's bound each round and by the LP optimum at the end.
  std::vector<double> duals(kinds);
  bool stopped = false;  // some phase ran out of time
  auto copies_for = [&](std::size_t k, std::size_t t, const std::vector<std::int64_t>& need) {
    std::int64_t n = need[k];
    for (std::size_t j = 0; j < d; ++j)
      if (size(k)[j] > 0) n = std::min(n, cap(t)[j] / size(k)[j]);
    return n;
  };
  auto generate = [&](const std::vector<std::int64_t>& need, clock_type::time_point until, bool root) {
    for (std::size_t k = 0; k < kinds; ++k) rmp.setRowLower(int(k), double(need[k]));
    bool converged = false;
    while (!root || !in.stop_when_proven || !proven()) {
      if (clock_type::now() >= until || cols.size() > column_limit) {
        stopped = stopped || clock_type::now() >= until;
        break;
      }
      push_columns();
      rmp.setMaximumWallSeconds(std::max(1e-3, seconds_left(until)));
      rmp.primal();
      if (rmp.status() != 0) {  // stopped on time (or numerical trouble): no valid duals
        stopped = stopped || clock_type::now() >= until;
        break;
      }
      if (root) ++out.pricing_rounds;
      const double* y = rmp.dualRowSolution();
      double dual_value = 0;
      for (std::size_t k = 0; k < kinds; ++k) {
        duals[k] = need[k] > 0 ? std::max(0.0, y[k]) : 0.0;
        dual_value += duals[k] * double(need[k]);
      }
      // Price every type: the best filling at these duals, and a few improving ones.
      double theta = 0;  // max over types of (best filling's value) / cost
      bool complete = true, added = false;
      for (std::size_t t = 0; t < types; ++t) {
        std::vector<knapsack::item> items;
        for (std::size_t k = 0; k < kinds; ++k) {
          if (duals[k] <= 1e-12 || !fits_in(k, t)) continue;
          double w = 0;
          for (std::size_t j = 0; j < d; ++j)
            if (cap(t)[j] > 0) w += double(size(k)[j]) / double(cap(t)[j]);
          items.push_back({std::uint32_t(k), duals[k], size(k), copies_for(k, t, need), w});
        }
        const double threshold = in.costs[t] * (1 + 1e-9) + 1e-12;
        if (d == 1) {  // one dimension: dynamic programming when the table is small enough
          double cells = 0;
          for (const auto& it : items) cells += std::log2(double(std::max<std::int64_t>(it.upper, 1))) + 1;
          cells *= double(cap(t)[0]) + 1;
          if (cells <= dp_cell_limit) {
            const auto best = knapsack_dp(items, cap(t)[0], threshold);
            const double z = best ? best->first : threshold;
            if (in.costs[t] > 0)
              theta = std::max(theta, z / in.costs[t]);
            else if (z > 1e-9)
              theta = std::numeric_limits<double>::infinity();
            if (best) added = add_column({std::uint32_t(t), best->second}).second || added;
            continue;
          }
        }
        knapsack ks(d, cap(t), std::move(items), threshold, until, pricing_node_limit);
        const bool done = ks.run();
        complete = complete && done;
        const double z = ks.upper_bound(done);
        if (in.costs[t] > 0)
          theta = std::max(theta, z / in.costs[t]);
        else if (z > 1e-9)
          theta = std::numeric_limits<double>::infinity();
        const auto& f = ks.found();
        for (std::size_t i = 0; i < f.size() && i < columns_per_type_per_round; ++i)
          added = add_column({std::uint32_t(t), f[f.size() - 1 - i].second}).second || added;
      }
      if (root) {
        // Farley: the duals divided by max(1, θ) are feasible for the full dual LP.
        if (std::isfinite(theta)) {
          lb = std::max(lb, dual_value / std::max(1.0, theta));
          out.lp_bound = std::max(out.lp_bound, dual_value / std::max(1.0, theta));
        }
        if (complete && !added) {  // no column prices out: the master LP is optimal
          out.lp_converged = true;
          lb = std::max(lb, dual_value);
          out.lp_bound = dual_value;
        }
      }
      if (complete && !added) {
        converged = true;
        break;
      }
      if (!complete && (!added || clock_type::now() >= until)) {
        // The pricing was cut short (deadline or node limit) and brought nothing new.
        stopped = stopped || clock_type::now() >= until;
        break;
      }
    }
    return converged;
  };

  // Covering (x copies of each column) → a packing: drop surplus copies, then empty bins.
  auto to_packing = [&](const std::vector<std::pair<std::size_t, std::int64_t>>& chosen,
                        std::vector<exact_bin>& bins) {
    std::vector<std::int64_t> surplus(kinds, 0);
    for (std::size_t k = 0; k < kinds; ++k) surplus[k] = -in.counts[k];
    bins.clear();
    for (auto [j, times] : chosen)
      for (std::int64_t r = 0; r < times; ++r) {
        bins.push_back({cols[j].type, cols[j].items});
        for (auto [k, n] : cols[j].items) surplus[k] += n;
      }
    for (std::size_t k = 0; k < kinds; ++k)
      if (surplus[k] < 0) return std::numeric_limits<double>::infinity();
    for (auto it = bins.rbegin(); it != bins.rend(); ++it)
      for (auto& [k, n] : it->items) {
        const std::int64_t drop = std::min(n, surplus[k]);
        n -= drop;
        surplus[k] -= drop;
      }
    double cost = 0;
    std::erase_if(bins, [&](exact_bin& b) {
      std::erase_if(b.items, [](const auto& e) { return e.second == 0; });
      if (b.items.empty()) return true;
      cost += in.costs[b.type];
      return false;
    });
    return cost;
  };
  auto offer = [&](const std::vector<std::pair<std::size_t, std::int64_t>>& chosen) {
    std::vector<exact_bin> bins;
    const double cost = to_packing(chosen, bins);
    if (cost < best_cost - 1e-9 * std::max(1.0, best_cost)) {
      best_cost = cost;
      best_bins = std::move(bins);
    }
  };

  // Phases: the root LP gets up to half of the time, a diving heuristic up to 80%, CBC the rest.
  const auto begin = clock_type::now();
  const auto share = [&](int tenths) { return begin + (in.deadline - begin) * tenths / 10; };
  generate(in.counts, share(5), true);

  // Diving: fix the columns the LP already uses a whole number of times, or else round up the
  // one it uses most, solve the LP again on what is left, repeat; give up once the fixed cost plus the LP left reaches the
  // incumbent. Each step fixes at least one bin, so it ends.
  if (!proven() && clock_type::now() < share(8)) {
    std::vector<std::int64_t> need(in.counts);
    std::vector<std::pair<std::size_t, std::int64_t>> fixed;
    double fixed_cost = 0;
    bool complete = true;
    while (std::any_of(need.begin(), need.end(), [](std::int64_t n) { return n > 0; })) {
      if (clock_type::now() >= share(8)) {
        stopped = true;
        complete = false;
        break;
      }
      if (!generate(need, share(8), false) && (rmp.status() != 0 || clock_type::now() >= share(8))) {
        complete = false;
        break;
      }
      if (fixed_cost + round_up(rmp.objectiveValue(), unit) >= best_cost - 1e-9 * std::max(1.0, best_cost)) {
        complete = false;
        break;
      }
      const double* lam = rmp.primalColumnSolution();
      std::size_t top = 0;
      bool any = false;
      auto fix = [&](std::size_t j, std::int64_t times) {
        fixed.emplace_back(j, times);
        fixed_cost += in.costs[cols[j].type] * double(times);
        for (auto [k, n] : cols[j].items) need[k] = std::max<std::int64_t>(0, need[k] - n * times);
      };
      for (std::size_t j = 0; j < cols.size(); ++j) {
        const double r = std::round(lam[j]);
        if (r >= 1 && std::abs(lam[j] - r) < 1e-6) {  // integral already: keep them all
          fix(j, std::int64_t(r));
          any = true;
        }
        if (lam[j] > lam[top]) top = j;
      }
      if (!any) {  // else round up the column the LP uses most
        if (!(lam[top] > 1e-9)) {  // nothing left to cover but rounding noise
          complete = false;
          break;
        }
        fix(top, std::max<std::int64_t>(1, std::int64_t(std::floor(lam[top] + 1e-9))));
      }
    }
    if (complete) offer(fixed);
    for (std::size_t k = 0; k < kinds; ++k) rmp.setRowLower(int(k), double(in.counts[k]));
  }

  // Small instances: every maximal filling of every type, if there are few enough. With all of
  // them the integer step is an exact model, and CBC's bound is a bound on the optimum.
  bool all_columns = false;
  if (!proven() && clock_type::now() < in.deadline) {
    std::vector<column> every;
    std::int64_t nodes = 0;
    bool complete = true;
    for (std::size_t t = 0; t < types && complete; ++t) {
      std::vector<std::uint32_t> fit;
      for (std::size_t k = 0; k < kinds; ++k)
        if (fits_in(k, t)) fit.push_back(std::uint32_t(k));
      std::vector<std::int64_t> room(cap(t), cap(t) + d), x(fit.size(), 0);
      auto dfs = [&](auto&& self, std::size_t i) -> void {
        if (!complete) return;
        if (++nodes > enumeration_node_limit || ((nodes & 1023) == 0 && clock_type::now() >= in.deadline)) {
          complete = false;
          return;
        }
        if (i == fit.size()) {
          column c{std::uint32_t(t), {}};
          for (std::size_t j = 0; j < fit.size(); ++j) {
            if (x[j] > 0) c.items.emplace_back(fit[j], x[j]);
            bool more = x[j] < in.counts[fit[j]];  // maximal: no further item fits
            for (std::size_t q = 0; q < d && more; ++q) more = size(fit[j])[q] <= room[q];
            if (more) return;
          }
          if (c.items.empty()) return;
          every.push_back(std::move(c));
          if (every.size() > enumeration_column_limit) complete = false;
          return;
        }
        std::int64_t most = in.counts[fit[i]];
        for (std::size_t q = 0; q < d; ++q)
          if (size(fit[i])[q] > 0) most = std::min(most, room[q] / size(fit[i])[q]);
        for (std::int64_t c = most; c >= 0 && complete; --c) {
          x[i] = c;
          for (std::size_t q = 0; q < d; ++q) room[q] -= size(fit[i])[q] * c;
          self(self, i + 1);
          for (std::size_t q = 0; q < d; ++q) room[q] += size(fit[i])[q] * c;
        }
        x[i] = 0;
      };
      dfs(dfs, 0);
    }
    if (complete) {
      all_columns = true;
      for (auto& c : every) add_column(std::move(c));
    }
  }

  // The integer step: CBC over all columns generated, seeded with the incumbent.
  if (!proven() && clock_type::now() < in.deadline) {
    push_columns();
    OsiClpSolverInterface solver;
    solver.loadProblem(*rmp.matrix(), rmp.columnLower(), rmp.columnUpper(), rmp.objective(), rmp.rowLower(),
                       rmp.rowUpper());
    for (int j = 0; j < solver.getNumCols(); ++j) solver.setInteger(j);
    solver.messageHandler()->setLogLevel(0);
    CbcModel model(solver);
    model.setLogLevel(0);
    model.messageHandler()->setLogLevel(0);
    model.setMaximumSeconds(std::max(1e-3, 0.95 * seconds_left(in.deadline) - 0.01));  // CBC checks between nodes
    model.setNumberThreads(0);
    model.setUseElapsedTime(true);  // wall clock, as the time limit is
    // CBC checks its limit between nodes only: also bound the LPs inside, and stop at any event.
    if (auto* inner = dynamic_cast<OsiClpSolverInterface*>(model.solver()))
      inner->getModelPtr()->setMaximumWallSeconds(std::max(1e-3, seconds_left(in.deadline)));
    bool stopped_by_handler = false;
    deadline_handler stop_at(in.deadline, &stopped_by_handler);
    model.passInEventHandler(&stop_at);
    if (unit > 0 && all_positive) model.setCutoffIncrement(unit * (1 - 1e-6));
    // The incumbent as column counts (every bin of it is a column or a sub-filling of one).
    std::vector<double> x0(cols.size(), 0.0);
    bool seeded = true;
    for (const auto& b : best_bins) {
      column c{b.type, {}};
      std::map<std::uint32_t, std::int64_t> m;
      for (auto [k, n] : b.items) m[k] += n;
      c.items.assign(m.begin(), m.end());
      auto it = col_index.find(c);
      if (it == col_index.end()) seeded = false;
      else x0[it->second] += 1.0;
    }
    if (seeded) model.setBestSolution(x0.data(), int(x0.size()), best_cost, true);
    model.branchAndBound();
    if (const double* x = model.bestSolution(); x != nullptr) {
      std::vector<std::pair<std::size_t, std::int64_t>> chosen;
      for (std::size_t j = 0; j < cols.size(); ++j)
        if (const auto times = std::int64_t(std::llround(x[j])); times > 0) chosen.emplace_back(j, times);
      offer(chosen);
    }
    // A search that ran to its end, neither stopped at the deadline nor by the time limit.
    const bool finished = model.isProvenOptimal() && !stopped_by_handler && !model.maximumSecondsReached() &&
                          model.status() == 0 && model.secondaryStatus() == 0;
    out.integer_step_finished = finished;
    if (all_columns && finished) {  // an exact model solved: its optimum bounds the cost
      const double bound = model.getObjValue();
      if (std::isfinite(bound)) lb = std::max(lb, bound - 1e-9 * std::max(1.0, std::abs(bound)));
    }
    if (!finished) out.time_limit_reached = true;
  }
  if (stopped) out.time_limit_reached = true;
  out.lp_bound = std::max(out.lp_bound, 0.0);
  out.bins = std::move(best_bins);
  out.columns = std::int64_t(cols.size());
  out.cost_bound = round_up(lb, unit);
  out.optimal = proven();
  if (out.optimal) out.time_limit_reached = false;
  return out;
}

}  // namespace fleetcast::packing::detail
