#include "fleetcast/mc/break_even.hpp"

#include <algorithm>
#include <cmath>

#include "fleetcast/mc/engine.hpp"
#include "fleetcast/sim/simulate.hpp"

namespace fleetcast::mc {

std::vector<std::pair<std::size_t, std::size_t>> break_even_pairs(const sim::scenario& s) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  const auto& o = s.options;
  for (const platform p : {platform::ecs, platform::eks})
    for (std::size_t a = 0; a < o.size(); ++a)
      if (o[a].on == p && o[a].compute == sim::compute_kind::fargate)
        for (std::size_t b = 0; b < o.size(); ++b)
          if (o[b].on == p && o[b].compute != sim::compute_kind::fargate) out.emplace_back(a, b);
  for (std::size_t a = 0; a < o.size(); ++a)
    if (o[a].on == platform::ecs)
      for (std::size_t b = 0; b < o.size(); ++b)
        if (o[b].on == platform::eks && o[b].compute == o[a].compute) out.emplace_back(a, b);
  return out;
}

sim::scenario scale_demand(const sim::scenario& s, double f) {
  sim::scenario v = s;
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
  return v;
}

namespace {

/// Mean running tasks per service of option `o` at the scenario's own demand, over paths
/// 0 … paths − 1 (the trace's rows, one per step and service, weighted equally).
std::vector<std::pair<std::string, double>> mean_tasks(const sim::scenario& s,
                                                       const price_catalog& catalog, std::size_t o,
                                                       std::uint64_t paths) {
  sim::scenario one = s;
  one.options = {s.options[o]};
  std::vector<double> sum(s.services.size(), 0.0);
  std::vector<double> rows(s.services.size(), 0.0);
  for (std::uint64_t p = 0; p < paths; ++p) {
    (void)sim::simulate_path(one, catalog, p, [&](const sim::trace_row& r) {
      for (std::size_t i = 0; i < s.services.size(); ++i)
        if (s.services[i].name == *r.service) {
          sum[i] += double(r.running);
          rows[i] += 1.0;
          break;
        }
    });
  }
  std::vector<std::pair<std::string, double>> out;
  for (std::size_t i = 0; i < s.services.size(); ++i)
    out.emplace_back(s.services[i].name, rows[i] > 0 ? sum[i] / rows[i] : 0.0);
  return out;
}

}  // namespace

break_even_result break_even(const sim::scenario& s, const price_catalog& catalog,
                             std::vector<double> scales, std::uint64_t scenarios,
                             std::uint64_t seed, unsigned threads) {
  std::sort(scales.begin(), scales.end());
  break_even_result out;
  out.scale = scales;
  for (const auto& o : s.options) out.options.push_back(o.name);
  out.mean_cost.assign(s.options.size(), std::vector<double>(scales.size(), 0.0));
  for (std::size_t k = 0; k < scales.size(); ++k) {
    const sim::scenario v = scale_demand(s, scales[k]);
    const run_result r = simulation(v, catalog)
                             .with_scenarios(scenarios)
                             .with_seed(seed)
                             .with_threads(threads)
                             .run();
    for (std::size_t o = 0; o < v.options.size(); ++o)
      out.mean_cost[o][k] = r.stats.options()[o].cost.moments().mean();
  }
  // The task counts come from the scenario's own seed and the first paths (at most 20).
  const std::uint64_t task_paths =
      std::min<std::uint64_t>(std::max<std::uint64_t>(scenarios, 1), 20);
  std::vector<std::vector<std::pair<std::string, double>>> tasks(s.options.size());
  for (const auto& [a, b] : break_even_pairs(s)) {
    break_even_pair p;
    p.a = s.options[a].name;
    p.b = s.options[b].name;
    p.kind = s.options[a].on == s.options[b].on ? "fargate_vs_ec2" : "ecs_vs_eks";
    p.task_word = s.options[a].on == platform::eks ? "pods" : "tasks";
    // Structured bindings are not captured by lambdas before clang 16: copy them.
    const auto diff = [&out, ia = a, ib = b](std::size_t k) { return out.mean_cost[ia][k] - out.mean_cost[ib][k]; };
    bool tie = false;
    for (std::size_t k = 0; k < scales.size(); ++k) {
      const double d0 = diff(k);
      if (d0 == 0) {
        tie = true;
        p.crossings.push_back(scales[k]);
        continue;
      }
      if (k + 1 == scales.size()) break;
      const double d1 = diff(k + 1);
      if (d1 == 0 || (d0 < 0) == (d1 < 0)) continue;
      const double x0 = std::log(scales[k]), x1 = std::log(scales[k + 1]);
      p.crossings.push_back(std::exp(x0 + (x1 - x0) * d0 / (d0 - d1)));
    }
    if (p.crossings.empty() && !tie && !scales.empty())
      p.cheaper_throughout = diff(0) < 0 ? p.a : p.b;
    if (!p.crossings.empty()) {
      if (tasks[a].empty()) tasks[a] = mean_tasks(s, catalog, a, task_paths);
      p.tasks_at_baseline = tasks[a];
    }
    for (const double c : p.crossings) out.crossings.push_back({p.a, p.b, c});
    out.pairs.push_back(std::move(p));
  }
  return out;
}

}  // namespace fleetcast::mc
