#include "fleetcast/mc/break_even.hpp"

#include <algorithm>
#include <cmath>

#include "fleetcast/mc/engine.hpp"

namespace fleetcast::mc {

break_even_result break_even(const sim::scenario& s, const price_catalog& catalog, std::vector<double> scales,
                             std::uint64_t scenarios, std::uint64_t seed, unsigned threads) {
  std::sort(scales.begin(), scales.end());
  break_even_result out;
  out.scale = scales;
  for (const auto& o : s.options) out.options.push_back(o.name);
  out.mean_cost.assign(s.options.size(), std::vector<double>(scales.size(), 0.0));
  for (std::size_t k = 0; k < scales.size(); ++k) {
    sim::scenario v = s;
    const double f = scales[k];
    for (auto& sv : v.services) {
      sv.demand.base *= f;
      sv.demand.bursts.size_mean *= f;
      auto up = [f](std::int64_t n) { return std::int64_t(std::ceil(double(n) * f - 1e-9)); };
      sv.scaling.max_tasks = std::max<std::int64_t>(1, up(sv.scaling.max_tasks));
      sv.scaling.min_tasks = std::min(up(sv.scaling.min_tasks), sv.scaling.max_tasks);
      sv.initial_tasks = std::clamp(up(sv.initial_tasks), sv.scaling.min_tasks, sv.scaling.max_tasks);
      if (sv.step_scaling) {
        sv.step_scaling->max_tasks = sv.scaling.max_tasks;
        sv.step_scaling->min_tasks = sv.scaling.min_tasks;
      }
      for (auto& a : sv.schedule) {
        a.max_tasks = std::max<std::int64_t>(1, up(a.max_tasks));
        a.min_tasks = std::min(up(a.min_tasks), a.max_tasks);
      }
    }
    const run_result r = simulation(v, catalog).with_scenarios(scenarios).with_seed(seed).with_threads(threads).run();
    for (std::size_t o = 0; o < v.options.size(); ++o) out.mean_cost[o][k] = r.stats.options()[o].cost.moments().mean();
  }
  for (std::size_t a = 0; a < s.options.size(); ++a) {
    if (s.options[a].compute != sim::compute_kind::fargate) continue;
    for (std::size_t b = 0; b < s.options.size(); ++b) {
      if (s.options[b].compute == sim::compute_kind::fargate) continue;
      for (std::size_t k = 0; k + 1 < scales.size(); ++k) {
        const double d0 = out.mean_cost[a][k] - out.mean_cost[b][k], d1 = out.mean_cost[a][k + 1] - out.mean_cost[b][k + 1];
        if (d0 == 0 || (d0 < 0) == (d1 < 0)) continue;
        const double x0 = std::log(scales[k]), x1 = std::log(scales[k + 1]);
        out.crossings.push_back({s.options[a].name, s.options[b].name, std::exp(x0 + (x1 - x0) * d0 / (d0 - d1))});
      }
    }
  }
  return out;
}

}  // namespace fleetcast::mc
