#pragma once
/// @file
/// Covering LPs, min p·y s.t. A·y >= b, y >= 0: the fractional cost bounds of
/// `packing/lower_bounds.hpp`. Solved by COIN-OR CLP in lib/packing/covering_lp.cpp; no COIN-OR
/// header is seen here.

#include <span>
#include <vector>

namespace fleetcast::detail {

struct covering_lp_result {
  bool feasible = false;  ///< false: some row has b > 0 that no y can cover
  double value = 0.0;     ///< min p·y (Neumaier sum over the returned y); 0 if infeasible.
                          ///< If CLP ever stops short of optimality: 0, a weak but
                          ///< valid bound (p >= 0)
  std::vector<double> y;  ///< an optimal vertex, one entry per column; empty if infeasible
};

/// Solves min p·y s.t. A·y >= b, y >= 0 exactly up to rounding with CLP's dual simplex (then its
/// primal simplex if the dual one stops on numerical trouble).
/// `a` is row-major, `b.size()` rows by `p.size()` columns. Pre: p >= 0 and every entry finite.
/// Entries of A and b may be negative (the general LP); an infeasible LP gives
/// `feasible = false`. CLP scales rows and columns itself, so resources in
/// MiB and prices in dollars per hour mix safely. Time: CLP's dual simplex, a few milliseconds
/// for hundreds of rows and columns; memory O(nonzeros).
[[nodiscard]] covering_lp_result solve_covering_lp(std::span<const double> a, std::span<const double> b,
                                                   std::span<const double> p);

}  // namespace fleetcast::detail
