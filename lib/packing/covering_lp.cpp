// The covering LPs of the fractional cost bounds on COIN-OR CLP (packing/detail/covering_lp.hpp).
#include "fleetcast/packing/detail/covering_lp.hpp"

#include <ClpSimplex.hpp>
#include <CoinHelperFunctions.hpp>

#include <algorithm>
#include <cstddef>
#include <vector>

#include "fleetcast/core/money.hpp"

namespace fleetcast::detail {

covering_lp_result solve_covering_lp(std::span<const double> a, std::span<const double> b,
                                     std::span<const double> p) {
  const std::size_t m = b.size(), n = p.size();
  covering_lp_result out;
  if (m == 0) {  // nothing to cover: y = 0
    out.feasible = true;
    out.y.assign(n, 0.0);
    return out;
  }
  if (n == 0) {  // no columns: feasible only if every b <= 0
    out.feasible = std::ranges::all_of(b, [](double x) { return x <= 0.0; });
    return out;
  }
  // Column-major copy of A for CLP, zeros left out.
  std::vector<CoinBigIndex> start(n + 1, 0);
  std::vector<int> index;
  std::vector<double> value;
  for (std::size_t t = 0; t < n; ++t) {
    for (std::size_t r = 0; r < m; ++r)
      if (a[r * n + t] != 0.0) {
        index.push_back(int(r));
        value.push_back(a[r * n + t]);
      }
    start[t + 1] = CoinBigIndex(index.size());
  }
  std::vector<double> col_lo(n, 0.0), col_hi(n, COIN_DBL_MAX), row_hi(m, COIN_DBL_MAX);
  ClpSimplex lp;
  lp.setLogLevel(0);
  lp.loadProblem(int(n), int(m), start.data(), index.data(), value.data(), col_lo.data(), col_hi.data(),
                 p.data(), b.data(), row_hi.data());
  lp.dual();
  if (lp.isProvenPrimalInfeasible() || lp.status() == 1) return out;
  if (lp.status() != 0) lp.primal(1);  // a rare numerical stop: finish from where it is
  if (lp.isProvenPrimalInfeasible() || lp.status() == 1) return out;
  out.feasible = true;
  out.y.resize(n);
  const double* y = lp.primalColumnSolution();
  fleetcast::compensated_sum cost;
  for (std::size_t t = 0; t < n; ++t) {
    out.y[t] = std::max(0.0, y[t]);
    cost += p[t] * out.y[t];
  }
  // Not proven optimal after both simplex methods (never seen on these LPs): 0 is still a valid
  // bound because p >= 0.
  out.value = lp.status() == 0 ? cost.value() : 0.0;
  return out;
}

}  // namespace fleetcast::detail
