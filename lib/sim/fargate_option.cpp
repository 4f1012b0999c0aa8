// A Fargate option over one path: for each service, its autoscaler drives its Fargate fleet
// step by step; the fleet bills its tasks as they stop. Options that scale every service alike
// (`fargate_alike`) share one fleet per service, which bills each of them.
#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "cost_ledger.hpp"
#include "fargate_fleet.hpp"
#include "option_runs.hpp"
#include "service_autoscaler.hpp"

namespace fleetcast::sim::detail {
namespace {

/// Service `si`'s steps on the option; returns its task-steps short of demand. `traced`:
/// whether `trace` receives each step (a separate instantiation, so the untraced loop tests
/// nothing for it). A step where nothing happens is a few loads, two sums and a division:
/// the fleet counts tasks that start serving by a per-step table (count_ready), the sums stay
/// in registers, and scaling and Spot are one compare each unless they act.
template <bool traced>
double run_service(const scenario& s, const option& o, std::size_t si, const path_clock& clock,
                   const std::vector<double>& demand, const std::vector<double>& in_tasks, fargate_fleet& fleet,
                   utilisation& u, option_result& r, const trace_sink& trace) {
  const service& sv = s.services[si];
  service_autoscaler scaler(sv, s.horizon, o.on);
  fleet.start(scaler.desired(), clock.steps, clock.step);
  const double* const d_of = demand.data();
  const double* const dt_of = in_tasks.data();  // d / c, divided once for all options
  // The utilisation sum and count continue u's (in the same order of additions).
  double unserved = 0, u_sum = u.sum;
  std::int64_t u_steps = u.steps;
  for (std::int64_t i = 0; i < clock.steps; ++i) {
    const double t0 = clock.t0(i), t1 = clock.t1(i);
    fleet.count_ready(i);
    const double d = d_of[i];
    const double dt = dt_of[i];
    const double ready = double(fleet.ready());
    unserved += std::max(0.0, dt - ready);
    if (fleet.total() > 0) {
      u_sum += std::min(dt, ready) / double(fleet.total());
      ++u_steps;
    }
    const std::int64_t desired = scaler.step(t0, t1, clock.step, d, fleet.ready());
    if (desired != fleet.total()) fleet.scale_to(desired, t1);
    if (fleet.spot_due(t1)) fleet.interrupt_due(t1, r.spot_interruptions);
    if constexpr (traced)
      trace({std::int64_t(t0), &o.name, &sv.name, d, desired, fleet.total(), 0, fleet.cost_so_far(t1)});
  }
  u.sum = u_sum;
  u.steps = u_steps;
  return unserved;
}

bool same_strategy(const std::vector<provider_share>& a, const std::vector<provider_share>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const provider_share& x, const provider_share& y) {
    return x.provider == y.provider && x.base == y.base && x.weight == y.weight;
  });
}

}  // namespace

bool fargate_alike(const scenario& s, const option& a, const option& b) {
  if (a.compute != compute_kind::fargate || b.compute != compute_kind::fargate) return false;
  if (!same_strategy(a.strategy, b.strategy)) return false;
  // The Spot hazard is a function of the monthly probability (fargate_providers::rate).
  const bool spot = std::any_of(a.strategy.begin(), a.strategy.end(), [](const provider_share& p) { return is_fargate_spot(p); });
  if (spot && a.spot_interruption_probability_per_month.value_or(0.05) !=
                  b.spot_interruption_probability_per_month.value_or(0.05))
    return false;
  for (const service& sv : s.services)
    if (hpa_applies(sv, a.on) != hpa_applies(sv, b.on)) return false;
  return true;
}

void run_fargate(const scenario& s, std::span<const option* const> group, const price_catalog& cat,
                 std::uint64_t index, const std::vector<std::vector<double>>& demand,
                 const std::vector<std::vector<double>>& in_tasks, const trace_sink& trace,
                 std::span<option_result> out) {
  const std::size_t n = group.size();
  std::vector<cost_ledger> ledgers(n);
  std::vector<usage_ledger*> usage(n);
  const path_clock clock(s, demand);
  for (std::size_t k = 0; k < n; ++k) {
    out[k].option = group[k]->name;
    out[k].usage.hours = clock.hours();
    usage[k] = &out[k].usage;
  }
  const option& o = *group.front();  // it scales; they all bill
  const fargate_providers providers(o);
  utilisation u;
  for (std::size_t si = 0; si < s.services.size(); ++si) {
    fargate_fleet fleet(s, group, cat, index, si, providers, usage);
    const double unserved = trace ? run_service<true>(s, o, si, clock, demand[si], in_tasks[si], fleet, u, out[0], trace)
                                  : run_service<false>(s, o, si, clock, demand[si], in_tasks[si], fleet, u, out[0], trace);
    fleet.finish(double(clock.end));
    for (std::size_t k = 0; k < n; ++k) {
      out[k].unserved_task_seconds += unserved * double(clock.step);
      out[k].allocation.push_back({s.services[si].name, fleet.charge(k, ledgers[k], out[k].task_hours)});
    }
  }
  for (std::size_t k = 0; k < n; ++k) {
    option_result& r = out[k];
    cost_ledger& l = ledgers[k];
    r.spot_interruptions = out[0].spot_interruptions;
    add_control_plane(*group[k], cat, double(clock.end), l);
    const double network = add_network(s, cat, double(clock.end), l, r);
    r.allocation.push_back({"(idle)", 0.0});  // Fargate bills what tasks request: nothing idles
    r.allocation.push_back({"(network)", network});
    close_result(*group[k], u, l, r);
  }
}

option_result run_fargate(const scenario& s, const option& o, const price_catalog& cat, std::uint64_t index,
                          const std::vector<std::vector<double>>& demand,
                          const std::vector<std::vector<double>>& in_tasks, const trace_sink& trace) {
  option_result r;
  const option* group[] = {&o};
  run_fargate(s, group, cat, index, demand, in_tasks, trace, std::span<option_result>(&r, 1));
  return r;
}

}  // namespace fleetcast::sim::detail
