#include "fleetcast/io/run_summary.hpp"

#include <algorithm>
#include <cmath>

#include "binding_report.hpp"
#include "fleetcast/mc/spread_bins.hpp"

namespace fleetcast {
namespace {

/// What a figure reads back as from JSON: non-finite values are written as null, read as NaN.
double finite_or_nan(double v) {
  return std::isfinite(v) ? v : mc::summary::no_data;
}

mc::summary reported(const mc::statistic& st) {
  mc::summary s = st.summarise();
  for (double* v : {&s.mean, &s.stddev, &s.ci95_lo, &s.ci95_hi, &s.p50, &s.p90, &s.p95, &s.p99, &s.cvar95, &s.min,
                    &s.max})
    *v = finite_or_nan(*v);
  return s;
}

mc_paired_summary reported(const mc::paired& p, const std::string& baseline) {
  mc_paired_summary out;
  static_cast<mc::paired::summary&>(out) = p.summarise();
  for (double* v : {&out.mean_diff, &out.stddev_diff, &out.ci95_lo, &out.ci95_hi, &out.prob_cheaper,
                    &out.prob_cheaper_lo, &out.prob_cheaper_hi})
    *v = finite_or_nan(*v);
  out.baseline = baseline;
  return out;
}

/// By name, as a JSON object orders its keys.
template <class T>
void sort_by_name(std::vector<T>& v) {
  std::stable_sort(v.begin(), v.end(), [](const T& a, const T& b) { return a.name < b.name; });
}

}  // namespace

mc_run_summary summarise_run(const sim::scenario& s, const mc::run_result& r, bool timing,
                             const mc::break_even_result* break_even, const run_digest* digest) {
  mc_run_summary d;
  if (digest) d.digest = *digest;
  const auto& opts = r.stats.options();
  d.scenario = s.name;
  d.scenarios = double(r.scenarios);
  d.seed = std::to_string(r.config.seed);
  d.block_size = double(r.config.block_size);
  d.horizon_days = double(s.horizon.days);
  d.quantiles = r.stats.exact_cost_quantiles() ? "exact" : "log_histogram_0.05pct";
  d.baseline = opts[r.stats.baseline()].name;
  d.profile = r.config.mode == mc::run_config::profile::demand_only ? "demand-only" : "full";
  d.target_rel_ci = r.config.target_rel_ci > 0 ? r.config.target_rel_ci : mc::summary::no_data;
  d.worst_rel_ci = finite_or_nan(r.stats.worst_relative_ci());
  d.target_met = r.target_met;
  d.demand = reported(r.stats.demand());
  if (timing) {
    d.wall_seconds = r.wall_seconds;
    d.threads = double(r.config.threads);
  }
  for (std::size_t i = 0; i < opts.size(); ++i) {
    const auto& o = opts[i];
    mc_option_summary x;
    x.name = o.name;
    x.cost = reported(o.cost);
    for (const auto& b : mc::spread_bins(o.cost, 36)) {  // as mc_results_to_json writes them
      const double lo = b.lo, hi = b.hi, c = double(b.count);
      if (std::isfinite(lo) && std::isfinite(hi) && c > 0 && hi >= lo) x.histogram.push_back({lo, hi, c});
    }
    for (std::size_t j = 0; j < o.lines.size(); ++j) x.lines.push_back({o.line_names[j], reported(o.lines[j])});
    sort_by_name(x.lines);
    x.unserved = reported(o.unserved_task_seconds);
    x.interruptions = reported(o.interruptions);
    x.vs = reported(o.vs_baseline, d.baseline);
    for (std::size_t j = 0; j < o.commitment_names.size(); ++j)
      x.commitments.push_back({o.commitment_names[j], reported(o.commitment_utilisation[j]), reported(o.commitment_unused[j])});
    if (!x.commitments.empty()) x.coverage = reported(o.coverage);
    if (i < s.options.size()) {
      const sim::option& so = s.options[i];
      if (o.binding.size() == sim::all_binding_resources.size())
        for (const auto b : detail::reported_binding(so))
          x.binding.push_back({std::string(to_string(b)), reported(o.binding[std::size_t(b)])});
      sort_by_name(x.binding);
      for (const auto& r : o.density) {
        if (r.service >= s.services.size() || r.instance_type >= so.instance_types.size()) continue;
        x.density.push_back({s.services[r.service].name, so.instance_types[r.instance_type],
                             std::string(to_string(r.binds)), double(r.tasks_per_instance), double(r.without_eni_limit),
                             r.with_trunking ? double(*r.with_trunking) : mc::summary::no_data});
      }
    }
    d.options.push_back(std::move(x));
  }
  if (break_even) {
    mc_break_even_summary be;
    be.scale = break_even->scale;
    for (std::size_t o = 0; o < break_even->options.size(); ++o) {
      std::vector<double> ys;
      for (double c : break_even->mean_cost[o]) ys.push_back(finite_or_nan(c));
      be.mean_cost.emplace_back(break_even->options[o], std::move(ys));
    }
    std::stable_sort(be.mean_cost.begin(), be.mean_cost.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& c : break_even->crossings) be.crossings.push_back({c.a, c.b, finite_or_nan(c.scale)});
    be.pairs = break_even->pairs;
    d.break_even = std::move(be);
  }
  return d;
}

}  // namespace fleetcast
