#pragma once
/// @file
/// Demand correlated across services: the noise innovations of n services are drawn as
/// ε = A z with z standard normal and A Aᵀ = C, the correlation matrix. A comes from C's
/// eigen-decomposition (Eigen), so a positive semi-definite C — including perfectly
/// correlated services — works, and a matrix that is not PSD is a clear error.

#include <cmath>
#include <span>
#include <string>
#include <vector>

#include <Eigen/Eigenvalues>

#include "fleetcast/core/error.hpp"
#include "fleetcast/demand/demand_model.hpp"

namespace fleetcast::demand {

/// A square root A of a correlation matrix (row-major, n × n).
struct correlation_root {
  std::size_t n = 0;
  std::vector<double> a;
  [[nodiscard]] double at(std::size_t i, std::size_t j) const noexcept { return a[i * n + j]; }
};

/// Checks `c` (row-major n × n): finite, symmetric, unit diagonal, entries in [−1, 1],
/// eigenvalues >= −1e-9. Throws `input_error` (input.5) naming `place` and the problem.
[[nodiscard]] inline correlation_root correlation_square_root(std::span<const double> c, std::size_t n,
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

/// Writes correlated paths for n services: out[s] receives service s. Draws, in order: per
/// step, n standard normals (the z of every service), then each service's bursts. `z` and
/// `x` are caller-owned scratch of size n.
template <class G>
void generate_correlated(std::span<const demand_model> models, const horizon& h,
                         const correlation_root& root, G& g, std::span<const std::span<double>> out,
                         std::span<double> z, std::span<double> x) noexcept {
  const std::size_t n = models.size();
  for (std::size_t s = 0; s < n; ++s)
    for (std::size_t i = 0; i < out[s].size(); ++i)
      out[s][i] = deterministic_level(models[s], h, double(i) * double(h.step_seconds));
  const std::size_t steps = n ? out[0].size() : 0;
  for (std::size_t i = 0; i < steps; ++i) {
    for (std::size_t s = 0; s < n; ++s) z[s] = standard_normal(g);
    for (std::size_t s = 0; s < n; ++s) {
      double e = 0;
      for (std::size_t j = 0; j < n; ++j) e += root.at(s, j) * z[j];
      const noise_spec& ns = models[s].noise;
      if (ns.cv <= 0.0) continue;
      const double s2 = std::log1p(ns.cv * ns.cv);
      const double sd = std::sqrt(s2);
      x[s] = i == 0 ? sd * e : ns.ar1 * x[s] + std::sqrt(1.0 - ns.ar1 * ns.ar1) * sd * e;
      out[s][i] *= std::exp(x[s] - 0.5 * s2);
    }
  }
  for (std::size_t s = 0; s < n; ++s) add_bursts(models[s].bursts, h, g, out[s]);
}

}  // namespace fleetcast::demand
