#include "fleetcast/demand/correlation.hpp"

#include <cmath>

#include <Eigen/Eigenvalues>

#include "fleetcast/core/error.hpp"

namespace fleetcast::demand {

correlation_root correlation_square_root(std::span<const double> c, std::size_t n,
                                         const std::string& place) {
  if (c.size() != n * n)
    throw input_error(errid::out_of_range, place,
                      "a correlation matrix for " + std::to_string(n) + " services needs " +
                          std::to_string(n) + " × " + std::to_string(n) + " entries");
  Eigen::MatrixXd m(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      const double v = c[i * n + j];
      const std::string at = place + "/" + std::to_string(i) + "/" + std::to_string(j);
      if (!std::isfinite(v) || v < -1.0 || v > 1.0)
        throw input_error(errid::out_of_range, at, std::to_string(v) + " is not a correlation in [-1, 1]");
      if (i == j && v != 1.0)
        throw input_error(errid::out_of_range, at, "the diagonal of a correlation matrix is 1, not " + std::to_string(v));
      if (v != c[j * n + i])
        throw input_error(errid::out_of_range, at, "the matrix is not symmetric");
      m(Eigen::Index(i), Eigen::Index(j)) = v;
    }
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(m);
  const double smallest = es.eigenvalues().minCoeff();
  if (smallest < -1e-9)
    throw input_error(errid::out_of_range, place,
                      "the correlation matrix is not positive semi-definite (smallest eigenvalue " +
                          std::to_string(smallest) + ")");
  const Eigen::MatrixXd root =
      es.eigenvectors() * es.eigenvalues().cwiseMax(0.0).cwiseSqrt().asDiagonal();
  correlation_root r;
  r.n = n;
  r.a.resize(n * n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) r.a[i * n + j] = root(Eigen::Index(i), Eigen::Index(j));
  return r;
}

}  // namespace fleetcast::demand
