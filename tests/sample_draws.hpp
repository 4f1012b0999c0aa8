#pragma once
// Samples drawn as the engine draws trials (value i from its own stream), and the exact order
// statistics the statistics tests compare with.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fleetcast/core/random.hpp"

namespace fleetcast::test {

/// n lognormal values of the given mean and coefficient of variation; value i from stream i.
inline std::vector<double> lognormal_sample(std::uint64_t seed, std::size_t n, double mean, double cv) {
  std::vector<double> v;
  v.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    auto g = make_stream(seed, i, stream_purpose::other);
    v.push_back(lognormal_mean_cv(g, mean, cv));
  }
  return v;
}

/// n normal values; value i from stream i.
inline std::vector<double> normal_sample(std::uint64_t seed, std::size_t n, double mean, double sd) {
  std::vector<double> v;
  v.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    auto g = make_stream(seed, i, stream_purpose::other);
    v.push_back(normal(g, mean, sd));
  }
  return v;
}

/// The order statistic of rank ceil(p n / 1000) (1-based), p in per mille, of sorted values.
inline double order_statistic_permille(const std::vector<double>& sorted, std::uint64_t p) {
  const std::uint64_t n = sorted.size();
  const std::uint64_t rank = std::max<std::uint64_t>(1, (p * n + 999) / 1000);
  return sorted[std::min(rank, n) - 1];
}

}  // namespace fleetcast::test
