// One path of a scenario: its demand, drawn once, then every option over the same demand
// (common random numbers), each by its compute kind, then its commitments. The parts are
// described in docs/simulator.md. The public entry points check the scenario first
// (sim::validate); the Monte Carlo engine checks once per run and calls the detail:: forms.
#include "fleetcast/sim/simulate.hpp"

#include <vector>

#include "fleetcast/sim/validate.hpp"
#include "option_runs.hpp"

namespace fleetcast::sim {

std::vector<option_result> detail::simulate_path_unchecked(const scenario& s, const price_catalog& catalog,
                                                           std::uint64_t index,
                                                           const std::vector<std::vector<double>>& demand,
                                                           const std::function<void(const trace_row&)>& trace) {
  std::vector<std::vector<double>> in_tasks(demand);  // demand in tasks at 100 %: d / c
  for (std::size_t si = 0; si < s.services.size(); ++si)
    for (double& x : in_tasks[si]) x /= s.services[si].capacity_per_task;
  std::vector<option_result> out;
  for (std::size_t oi = 0; oi < s.options.size(); ++oi) {
    const option& o = s.options[oi];
    out.push_back(o.compute == compute_kind::fargate
                      ? detail::run_fargate(s, o, catalog, index, demand, in_tasks, trace)
                      : detail::run_ec2(s, o, catalog, index, demand, in_tasks, trace));
    if (!o.commitments.empty()) apply_option_commitments(s, o, catalog, out.back());
  }
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
