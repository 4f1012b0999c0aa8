// One path of a scenario: its demand, drawn once, then every option over the same demand
// (common random numbers), each by its compute kind, then its commitments. The parts are
// described in docs/simulator.md. The public entry points check the scenario first
// (sim::validate); the Monte Carlo engine checks once per run and calls the detail:: forms.
#include "fleetcast/sim/simulate.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

#include "fleetcast/sim/validate.hpp"
#include "option_runs.hpp"

namespace fleetcast::sim {

namespace {
/// t[i] = d[i] / c for every i, two divisions per instruction where the compiler has vector
/// types (each lane is the same IEEE division, so the same bits); d.size() == t.size().
void divide_all(const std::vector<double>& d, double c, std::vector<double>& t) {
  std::size_t i = 0;
#if defined(__GNUC__) || defined(__clang__)
  using pair = double __attribute__((vector_size(16)));
  const pair cc = {c, c};
  for (; i + 2 <= d.size(); i += 2) {
    pair v;
    std::memcpy(&v, d.data() + i, sizeof v);
    v /= cc;
    std::memcpy(t.data() + i, &v, sizeof v);
  }
#endif
  for (; i < d.size(); ++i) t[i] = d[i] / c;
}
}  // namespace

void detail::simulate_path_unchecked(const scenario& s, const price_catalog& catalog, std::uint64_t index,
                                     const std::vector<std::vector<double>>& demand, path_workspace& ws,
                                     std::vector<option_result>& out,
                                     const std::function<void(const trace_row&)>& trace) {
  // Demand in tasks at 100 %: d / c, into buffers kept from the last path.
  std::vector<std::vector<double>>& in_tasks = ws.in_tasks;
  in_tasks.resize(demand.size());
  for (std::size_t si = 0; si < demand.size(); ++si) {
    const std::vector<double>& d = demand[si];
    std::vector<double>& t = in_tasks[si];
    t.resize(d.size());
    divide_all(d, s.services[si].capacity_per_task, t);
  }
  // Fargate options that scale alike are simulated once and billed each (fargate_alike);
  // with a trace every option runs on its own, so that each has its rows.
  out.resize(s.options.size());
  ws.done.assign(s.options.size(), 0);
  // An option's bill needs its hourly usage when it has commitments; the caller's may too.
  const auto keeps_usage = [&](const option* x) { return ws.hourly_usage || !x->commitments.empty(); };
  const auto usage_of = [](bool keep) { return keep ? detail::hourly_usage::keep : detail::hourly_usage::skip; };
  for (std::size_t oi = 0; oi < s.options.size(); ++oi) {
    if (ws.done[oi]) continue;
    const option& o = s.options[oi];
    if (o.compute != compute_kind::fargate) {
      out[oi] = detail::run_ec2(s, o, catalog, index, demand, in_tasks, trace, usage_of(keeps_usage(&o)));
      continue;
    }
    ws.group.assign(1, &o);
    ws.members.assign(1, oi);
    for (std::size_t oj = oi + 1; oj < s.options.size() && !trace; ++oj)
      if (!ws.done[oj] && detail::fargate_alike(s, o, s.options[oj])) {
        ws.group.push_back(&s.options[oj]);
        ws.members.push_back(oj);
        ws.done[oj] = 1;
      }
    ws.results.assign(ws.group.size(), option_result{});
    // One fleet bills the group: its ledgers are kept if any member's are.
    const bool keep = std::any_of(ws.group.begin(), ws.group.end(), keeps_usage);
    detail::run_fargate(s, ws.group, catalog, index, demand, in_tasks, trace, ws.results, usage_of(keep));
    for (std::size_t k = 0; k < ws.members.size(); ++k) out[ws.members[k]] = std::move(ws.results[k]);
  }
  for (std::size_t oi = 0; oi < s.options.size(); ++oi)
    if (!s.options[oi].commitments.empty()) apply_option_commitments(s, s.options[oi], catalog, out[oi]);
}

std::vector<option_result> detail::simulate_path_unchecked(const scenario& s, const price_catalog& catalog,
                                                           std::uint64_t index,
                                                           const std::vector<std::vector<double>>& demand,
                                                           const std::function<void(const trace_row&)>& trace) {
  path_workspace ws;
  std::vector<option_result> out;
  simulate_path_unchecked(s, catalog, index, demand, ws, out, trace);
  return out;
}

void generate_demand(const scenario& s, std::uint64_t index, std::vector<std::vector<double>>& demand) {
  validate_demand(s);
  detail::generate_demand_unchecked(s, index, demand);
}

std::vector<option_result> simulate_path(const scenario& s, const price_catalog& catalog, std::uint64_t index,
                                         const std::function<void(const trace_row&)>& trace) {
  validate(s, catalog);
  std::vector<std::vector<double>> demand;
  detail::generate_demand_unchecked(s, index, demand);
  return detail::simulate_path_unchecked(s, catalog, index, demand, trace);
}

std::vector<option_result> simulate_path_on(const scenario& s, const price_catalog& catalog, std::uint64_t index,
                                            const std::vector<std::vector<double>>& demand,
                                            const std::function<void(const trace_row&)>& trace) {
  validate(s, catalog);
  validate_demand_paths(s, demand);
  return detail::simulate_path_unchecked(s, catalog, index, demand, trace);
}

}  // namespace fleetcast::sim
