#pragma once
/// @file
/// Demand from a recorded trace: evenly spaced samples replayed onto the simulation's steps,
/// or resampled by a circular block bootstrap so Monte Carlo paths differ while keeping the
/// trace's daily shape and short-range correlation inside each block.

#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "fleetcast/core/random.hpp"
#include "fleetcast/demand/demand_model.hpp"

namespace fleetcast::demand {

/// Samples of demand (in task capacity, after scaling), sample i covering
/// [i·interval_s, (i+1)·interval_s).
struct trace {
  std::vector<double> values;
  double interval_s = 300.0;
  double block_s = 0.0;  ///< bootstrap block length in seconds; 0 = replay as recorded

  [[nodiscard]] double span_s() const noexcept { return double(values.size()) * interval_s; }
  /// The sample covering time t (seconds into the trace), wrapping around at the end.
  [[nodiscard]] double at(double t) const noexcept {
    const double span = span_s();
    double u = std::fmod(t, span);
    if (u < 0) u += span;
    auto i = static_cast<std::size_t>(u / interval_s);
    return values[i < values.size() ? i : values.size() - 1];
  }
};

/// Replays the trace onto the steps of `h` (value at each step's start, wrapping around).
/// Precondition: the trace is not empty.
inline void replay(const trace& tr, const horizon& h, std::span<double> out) noexcept {
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = tr.at(double(i) * double(h.step_seconds));
}

/// Circular block bootstrap: the path is cut into blocks of `block_s` seconds, and each block
/// copies the trace from a uniformly drawn start (a whole number of samples), wrapping around
/// the trace's end. One draw per block from `g`.
template <class G>
void block_bootstrap(const trace& tr, const horizon& h, G& g, std::span<double> out) noexcept {
  const double block = tr.block_s > 0 ? tr.block_s : tr.span_s();
  double offset = 0;
  double block_start = -1;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const double t = double(i) * double(h.step_seconds);
    if (block_start < 0 || t - block_start >= block) {
      block_start = block_start < 0 ? 0 : block_start + block * std::floor((t - block_start) / block);
      offset = double(uniform_below(g, tr.values.size())) * tr.interval_s - block_start;
    }
    out[i] = tr.at(t + offset);
  }
}

}  // namespace fleetcast::demand
