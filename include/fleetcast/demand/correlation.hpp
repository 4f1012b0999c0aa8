#pragma once
/// @file
/// Demand correlated across services: the noise innovations of n services are drawn as
/// ε = A z with z standard normal and A Aᵀ = C, the correlation matrix. A comes from C's
/// eigen-decomposition, so a positive semi-definite C — including perfectly correlated
/// services — works, and a matrix that is not PSD is a clear error. Eigen does that work in
/// the compiled library (lib/demand/correlation.cpp); this header does not include it.

#include <cstddef>
#include <span>
#include <string>

#include "fleetcast/core/error.hpp"  // the input_error it throws
#include "fleetcast/demand/demand_model.hpp"

namespace fleetcast::demand {

/// Checks `c` (row-major n × n): finite, symmetric, unit diagonal, entries in [−1, 1],
/// eigenvalues >= −1e-9. Throws `input_error` (input.5) naming `place` and the problem.
/// O(n³): one symmetric eigen-decomposition.
[[nodiscard]] correlation_root correlation_square_root(std::span<const double> c, std::size_t n,
                                                       const std::string& place);

}  // namespace fleetcast::demand
