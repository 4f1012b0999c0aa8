// Demand generation: one path's demand for every service, drawn once and shared by every
// option of the path (common random numbers). What does not vary between paths (the
// deterministic curve, a replayed trace) is computed once per run by `demand_plan`.
#include <span>
#include <vector>

#include "fleetcast/core/random.hpp"
#include "fleetcast/demand/correlation.hpp"
#include "fleetcast/demand/demand_model.hpp"
#include "fleetcast/demand/trace.hpp"
#include "fleetcast/sim/simulate.hpp"

namespace fleetcast::sim {

detail::demand_plan::demand_plan(const scenario& s)
    : s_(&s), levels_(s.services.size()), correlated_(s.correlation_root.n == s.services.size() && !s.services.empty()) {
  const std::size_t steps = std::size_t(s.horizon.steps());
  for (std::size_t si = 0; si < s.services.size(); ++si) {
    const auto& tr = s.services[si].trace;
    if (tr && !correlated_) {
      if (tr->block_s > 0) continue;  // resampled per path
      levels_[si].resize(steps);
      demand::replay(*tr, s.horizon, levels_[si]);
    } else {
      levels_[si].resize(steps);
      demand::deterministic_levels(s.services[si].demand, s.horizon, levels_[si]);
    }
  }
}

void detail::demand_plan::generate(std::uint64_t index, std::vector<std::vector<double>>& demand) const {
  const scenario& s = *s_;
  const std::size_t steps = std::size_t(s.horizon.steps());
  demand.resize(s.services.size());
  for (auto& d : demand) d.resize(steps);
  if (correlated_) {
    // Correlated services draw their noise together from one stream (sub 0), then bursts.
    const std::size_t n = s.services.size();
    std::vector<demand::demand_model> models;
    std::vector<std::span<double>> outs;
    std::vector<std::span<const double>> levels;
    for (std::size_t si = 0; si < n; ++si) {
      models.push_back(s.services[si].demand);
      outs.emplace_back(demand[si]);
      levels.emplace_back(levels_[si]);
    }
    std::vector<double> z(n), x(n), noise(3 * n);
    xoshiro256pp g = make_stream(s.seed, index, stream_purpose::demand, 0);
    demand::generate_correlated_on_levels<xoshiro256pp>(models, s.horizon, levels, s.correlation_root, g, outs, z, x,
                                                        noise);
    return;
  }
  for (std::size_t si = 0; si < s.services.size(); ++si) {
    if (const auto& tr = s.services[si].trace) {
      if (tr->block_s > 0) {
        xoshiro256pp g = make_stream(s.seed, index, stream_purpose::bootstrap, si);
        demand::block_bootstrap(*tr, s.horizon, g, demand[si]);
      } else {
        demand[si] = levels_[si];  // the replayed trace: the same on every path
      }
      continue;
    }
    xoshiro256pp g = make_stream(s.seed, index, stream_purpose::demand, si);
    demand::generate_on_levels(s.services[si].demand, s.horizon, std::span<const double>(levels_[si]), g, demand[si]);
  }
}

void detail::generate_demand_unchecked(const scenario& s, std::uint64_t index,
                                       std::vector<std::vector<double>>& demand) {
  demand_plan(s).generate(index, demand);
}

}  // namespace fleetcast::sim
