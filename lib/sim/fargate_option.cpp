// A Fargate option over one path: for each service, its autoscaler drives its Fargate fleet
// step by step; the fleet bills its tasks as they stop.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "cost_ledger.hpp"
#include "fargate_fleet.hpp"
#include "option_runs.hpp"
#include "service_autoscaler.hpp"

namespace fleetcast::sim::detail {
namespace {

/// Service `si`'s steps on the option; returns its task-steps short of demand.
double run_service(const scenario& s, const option& o, std::size_t si, const path_clock& clock,
                   const std::vector<double>& demand, const std::vector<double>& in_tasks, fargate_fleet& fleet,
                   utilisation& u, option_result& r, const trace_sink& trace) {
  const service& sv = s.services[si];
  service_autoscaler scaler(sv, s.horizon, o.on);
  fleet.start(scaler.desired());
  double unserved = 0;
  for (std::int64_t i = 0; i < clock.steps; ++i) {
    const double t0 = clock.t0(i), t1 = clock.t1(i);
    fleet.count_ready(t0);
    const double d = demand[std::size_t(i)];
    const double dt = in_tasks[std::size_t(i)];  // d / c, divided once for all options
    unserved += std::max(0.0, dt - double(fleet.ready()));
    if (fleet.total() > 0) u.add(std::min(dt, double(fleet.ready())) / double(fleet.total()));
    const std::int64_t desired = scaler.step(t0, t1, clock.step, d, fleet.ready());
    if (desired != fleet.total()) fleet.scale_to(desired, t1);
    if (fleet.spot_due(t1)) fleet.interrupt_due(t1, r.spot_interruptions);
    if (trace) trace({std::int64_t(t0), &o.name, &sv.name, d, desired, fleet.total(), 0, fleet.cost_so_far(t1)});
  }
  return unserved;
}

}  // namespace

option_result run_fargate(const scenario& s, const option& o, const price_catalog& cat, std::uint64_t index,
                          const std::vector<std::vector<double>>& demand,
                          const std::vector<std::vector<double>>& in_tasks, const trace_sink& trace) {
  option_result r;
  r.option = o.name;
  cost_ledger l;
  const path_clock clock(s, demand);
  r.usage.hours = clock.hours();
  const fargate_providers providers(o);
  utilisation u;
  for (std::size_t si = 0; si < s.services.size(); ++si) {
    fargate_fleet fleet(s, o, cat, index, si, providers, r.usage);
    const double unserved = run_service(s, o, si, clock, demand[si], in_tasks[si], fleet, u, r, trace);
    r.unserved_task_seconds += unserved * double(clock.step);
    r.allocation.push_back({s.services[si].name, fleet.finish(double(clock.end), l, r.task_hours)});
  }
  add_control_plane(o, cat, double(clock.end), l);
  const double network = add_network(s, cat, double(clock.end), l, r);
  r.allocation.push_back({"(idle)", 0.0});  // Fargate bills what tasks request: nothing idles
  r.allocation.push_back({"(network)", network});
  close_result(o, u, l, r);
  return r;
}

}  // namespace fleetcast::sim::detail
