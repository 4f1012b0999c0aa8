// Demand generation: one path's demand for every service, drawn once and shared by every
// option of the path (common random numbers).
#include <span>
#include <vector>

#include "fleetcast/core/random.hpp"
#include "fleetcast/demand/correlation.hpp"
#include "fleetcast/demand/demand_model.hpp"
#include "fleetcast/demand/trace.hpp"
#include "fleetcast/sim/simulate.hpp"

namespace fleetcast::sim {

void detail::generate_demand_unchecked(const scenario& s, std::uint64_t index,
                                       std::vector<std::vector<double>>& demand) {
  const std::size_t steps = std::size_t(s.horizon.steps());
  demand.resize(s.services.size());
  for (auto& d : demand) d.resize(steps);
  if (s.correlation_root.n == s.services.size() && !s.services.empty()) {
    // Correlated services draw their noise together from one stream (sub 0), then bursts.
    std::vector<demand::demand_model> models;
    std::vector<std::span<double>> outs;
    for (std::size_t si = 0; si < s.services.size(); ++si) {
      models.push_back(s.services[si].demand);
      outs.emplace_back(demand[si]);
    }
    std::vector<double> z(s.services.size()), x(s.services.size());
    xoshiro256pp g = make_stream(s.seed, index, stream_purpose::demand, 0);
    demand::generate_correlated<xoshiro256pp>(models, s.horizon, s.correlation_root, g, outs, z, x);
    return;
  }
  for (std::size_t si = 0; si < s.services.size(); ++si) {
    if (const auto& tr = s.services[si].trace) {
      if (tr->block_s > 0) {
        xoshiro256pp g = make_stream(s.seed, index, stream_purpose::bootstrap, si);
        demand::block_bootstrap(*tr, s.horizon, g, demand[si]);
      } else {
        demand::replay(*tr, s.horizon, demand[si]);
      }
      continue;
    }
    xoshiro256pp g = make_stream(s.seed, index, stream_purpose::demand, si);
    demand::generate(s.services[si].demand, s.horizon, g, demand[si]);
  }
}

}  // namespace fleetcast::sim
