#pragma once
/// @file
/// A small dense simplex for covering LPs, min p·y s.t. A·y >= b, y >= 0: the fractional cost
/// bounds of `packing/lower_bounds.hpp`. It solves the dual, max b·u s.t. Aᵀ·u <= p, u >= 0,
/// which starts feasible at u = 0 because p >= 0, so no phase 1 is needed; y is read off the
/// final reduced costs of the dual's slacks. Bland's rule rules out cycling.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

#include "fleetcast/core/money.hpp"

namespace fleetcast::detail {

struct covering_lp_result {
  bool feasible = false;  ///< false: some row has b > 0 that no y can cover
  double value = 0.0;     ///< min p·y (Neumaier sum over the returned y); 0 if infeasible.
                          ///< If the pivot cap is ever hit: b·u, a weaker but valid bound
  std::vector<double> y;  ///< an optimal vertex, one entry per column; empty if infeasible
};

/// Solves min p·y s.t. A·y >= b, y >= 0 exactly up to rounding (relative error ~1e-12 on
/// well-scaled data). `a` is row-major, `b.size()` rows by `p.size()` columns.
/// Pre: p >= 0 and every entry finite. Rows are scaled to max |a| = 1 and p to max p = 1
/// first (neither changes y), so resources in MiB and prices in dollars per hour mix safely.
/// Complexity: O(pivots · n · (m + n)) time, O(n · (m + n)) memory for m rows and n columns;
/// the pivot count is a small multiple of m in practice (exponential only in contrived cases).
inline covering_lp_result solve_covering_lp(std::span<const double> a, std::span<const double> b,
                                            std::span<const double> p) {
  const std::size_t m = b.size(), n = p.size(), w = m + n + 1;
  covering_lp_result out;

  double p_scale = 0.0;
  for (double x : p) p_scale = std::max(p_scale, x);
  if (p_scale == 0.0) p_scale = 1.0;

  // Tableau of the dual: row t is  sum_r a[r][t]·u_r + s_t = p_t;  columns u_0..u_{m-1},
  // s_0..s_{n-1}, right-hand side. `d` holds the reduced costs, d[w-1] = -objective.
  std::vector<double> tab(n * w, 0.0), d(w, 0.0);
  std::vector<std::size_t> basis(n);
  double b_max = 1.0;
  for (std::size_t r = 0; r < m; ++r) {
    double s = 0.0;
    for (std::size_t t = 0; t < n; ++t) s = std::max(s, std::abs(a[r * n + t]));
    if (s == 0.0) {
      if (b[r] > 0.0) return out;  // demand that nothing supplies
      continue;                    // 0 >= b[r] holds for every y: leave the column at zero
    }
    for (std::size_t t = 0; t < n; ++t) tab[t * w + r] = a[r * n + t] / s;
    d[r] = b[r] / s;
    b_max = std::max(b_max, std::abs(d[r]));
  }
  for (std::size_t t = 0; t < n; ++t) {
    tab[t * w + m + t] = 1.0;
    tab[t * w + w - 1] = p[t] / p_scale;
    basis[t] = m + t;
  }

  const double eps_d = 1e-11 * b_max, eps_pivot = 1e-11;
  // Bland's rule terminates in exact arithmetic; the cap only guards against rounding
  // pathologies. The u reached there is still dual feasible, so b·u is still a lower bound.
  const std::size_t max_pivots = 100 * (m + n) + 1000;
  bool optimal = false;
  for (std::size_t iter = 0; iter < max_pivots; ++iter) {
    std::size_t enter = w;
    for (std::size_t j = 0; j + 1 < w; ++j)
      if (d[j] > eps_d) {
        enter = j;
        break;
      }
    if (enter == w) {
      optimal = true;
      break;
    }

    std::size_t leave = n;
    double best = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      const double piv = tab[i * w + enter];
      if (piv <= eps_pivot) continue;
      const double ratio = tab[i * w + w - 1] / piv;
      const double tie = 1e-12 * std::max(1.0, std::abs(best));
      if (leave == n || ratio < best - tie || (ratio <= best + tie && basis[i] < basis[leave])) {
        leave = i;
        best = ratio;
      }
    }
    if (leave == n) return out;  // dual unbounded: the covering LP is infeasible

    double* row = &tab[leave * w];
    const double inv = 1.0 / row[enter];
    for (std::size_t j = 0; j < w; ++j) row[j] *= inv;
    row[enter] = 1.0;
    for (std::size_t i = 0; i < n; ++i) {
      if (i == leave) continue;
      double* other = &tab[i * w];
      const double f = other[enter];
      if (f == 0.0) continue;
      for (std::size_t j = 0; j < w; ++j) other[j] -= f * row[j];
      other[enter] = 0.0;
    }
    const double f = d[enter];
    for (std::size_t j = 0; j < w; ++j) d[j] -= f * row[j];
    d[enter] = 0.0;
    basis[leave] = enter;
  }

  // The reduced cost of slack s_t is -y_t, where y is the simplex multiplier vector; at
  // optimality it is feasible and optimal for the covering LP (p scaling does not change y).
  out.feasible = true;
  out.y.resize(n);
  fleetcast::compensated_sum cost;
  for (std::size_t t = 0; t < n; ++t) {
    out.y[t] = std::max(0.0, -d[m + t]);
    cost += p[t] * out.y[t];
  }
  out.value = optimal ? cost.value() : -d[w - 1] * p_scale;
  return out;
}

}  // namespace fleetcast::detail
