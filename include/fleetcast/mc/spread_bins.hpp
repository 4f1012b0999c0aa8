#pragma once
/// @file
/// A histogram for plotting one statistic, with bins chosen from the observed spread (its
/// smallest to its largest value), so that a low-variance output still shows its shape.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fleetcast/mc/statistic.hpp"

namespace fleetcast::mc {

/// One bar: values in [lo, hi) (the last bar also holds hi), and how many.
struct spread_bin {
  double lo = 0;
  double hi = 0;
  std::uint64_t count = 0;
};

/// With the values kept (`statistic::exact()`): `bins` equal bins from min to max, counted
/// exactly (one bin [min, min] when every value is the same). Without them: the log
/// histogram's non-empty buckets (0.1 % wide) clipped to [min, max]. Empty when no values.
/// Pre: bins >= 1. O(n log n) for kept values (the first sort), else O(buckets).
[[nodiscard]] inline std::vector<spread_bin> spread_bins(const statistic& s, std::size_t bins) {
  std::vector<spread_bin> out;
  if (s.count() == 0) return out;
  const double lo = s.moments().min(), hi = s.moments().max();
  if (const exact_quantiles* e = s.exact()) {
    if (!(hi > lo)) return {{lo, hi, s.count()}};
    bins = std::max<std::size_t>(bins, 1);
    const double width = (hi - lo) / static_cast<double>(bins);
    out.resize(bins);
    for (std::size_t k = 0; k < bins; ++k) {
      out[k].lo = lo + width * static_cast<double>(k);
      out[k].hi = k + 1 == bins ? hi : lo + width * static_cast<double>(k + 1);
    }
    for (const double v : e->sorted_values()) {
      const auto k = static_cast<std::size_t>((v - lo) / width);
      ++out[std::min(k, bins - 1)].count;
    }
    return out;
  }
  s.histogram().for_each_bucket([&](double a, double b, std::uint64_t c) {
    out.push_back({std::clamp(a, lo, hi), std::clamp(b, lo, hi), c});
  });
  return out;
}

}  // namespace fleetcast::mc
