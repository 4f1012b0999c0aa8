#pragma once
// 2-D perfect-packing instances (issue 18, goal 4): B full bins, each cut into 2 to 6 items
// whose CPU parts and memory parts are drawn independently as random splits of the bin with a
// minimum share, so each bin's items sum exactly to its capacity in both dimensions; the items
// are then shuffled. The total load is B bins in each dimension, so the volume bound is B and
// the optimum is B by construction. Deterministic for a seed (xoshiro256++, our own draws).
//
// A split of capacity C into k parts with minimum share m: each part gets ⌈m·C⌉ and the rest,
// R = C − k·⌈m·C⌉, is cut at k − 1 points drawn uniformly in [0, R] and sorted; part j gets the
// gap between cut points j − 1 and j. Requires k·⌈m·C⌉ ≤ C.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "fleetcast/core/random.hpp"
#include "fleetcast/packing/instances.hpp"

namespace fleetcast::bench {

struct perfect_packing_spec {
  std::int64_t bins = 100;                  ///< B, the optimum
  int min_items = 2, max_items = 6;         ///< items per bin, uniform in [min, max]
  double min_share = 0.05;                  ///< each part ≥ ⌈min_share · C⌉
  std::int64_t cpu = 1000, memory = 1000;   ///< bin capacity
  std::uint64_t seed = 1;
};

/// Splits `total` into `k` parts, each at least `minimum`, summing to `total`.
inline std::vector<std::int64_t> random_split(xoshiro256pp& g, std::int64_t total, int k, std::int64_t minimum) {
  const std::int64_t rest = total - std::int64_t(k) * minimum;
  std::vector<std::int64_t> cuts;
  for (int j = 0; j + 1 < k; ++j) cuts.push_back(std::int64_t(uniform_below(g, std::uint64_t(rest) + 1)));
  std::sort(cuts.begin(), cuts.end());
  std::vector<std::int64_t> parts;
  std::int64_t prev = 0;
  for (auto c : cuts) {
    parts.push_back(minimum + c - prev);
    prev = c;
  }
  parts.push_back(minimum + rest - prev);
  return parts;
}

/// One instance named `perfect_B<bins>_<seed>`: one shape per item (count 1), in shuffled order.
inline packing::instance perfect_packing(const perfect_packing_spec& s) {
  xoshiro256pp g(s.seed * 0x9e3779b97f4a7c15ull + std::uint64_t(s.bins));
  const auto min_cpu = std::int64_t(std::ceil(s.min_share * double(s.cpu)));
  const auto min_mem = std::int64_t(std::ceil(s.min_share * double(s.memory)));
  std::vector<std::vector<std::int64_t>> items;
  for (std::int64_t b = 0; b < s.bins; ++b) {
    const int k = s.min_items + int(uniform_below(g, std::uint64_t(s.max_items - s.min_items + 1)));
    const auto cpu = random_split(g, s.cpu, k, min_cpu);
    const auto mem = random_split(g, s.memory, k, min_mem);
    for (int j = 0; j < k; ++j) items.push_back({cpu[std::size_t(j)], mem[std::size_t(j)]});
  }
  for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[uniform_below(g, i)]);  // Fisher–Yates
  packing::instance inst;
  inst.name = "perfect_B" + std::to_string(s.bins) + "_" + std::to_string(s.seed);
  inst.dims = 2;
  inst.capacity = {s.cpu, s.memory};
  inst.sizes = std::move(items);
  inst.counts.assign(inst.sizes.size(), 1);
  return inst;
}

/// The instance in VPSolver's VBP format (as `packing::parse_vbp` reads it).
inline std::string to_vbp(const packing::instance& inst) {
  std::string t = std::to_string(inst.dims) + "\n";
  for (std::size_t k = 0; k < inst.dims; ++k) t += (k ? " " : "") + std::to_string(inst.capacity[k]);
  t += "\n" + std::to_string(inst.sizes.size()) + "\n";
  for (std::size_t i = 0; i < inst.sizes.size(); ++i) {
    for (auto v : inst.sizes[i]) t += std::to_string(v) + " ";
    t += std::to_string(inst.counts[i]) + "\n";
  }
  return t;
}

}  // namespace fleetcast::bench
