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

/// Per step of a service's path, the tasks serving and running as the step begins (reused from
/// trial to trial: each thread keeps its own, so a trial allocates none of it).
struct step_counts {
  std::vector<double> ready, total;
};
thread_local step_counts counts_of_thread;

/// The shortfall and utilisation sums over a service's steps, in step order (the same
/// additions in the same order as one loop doing everything): `dt` demand in tasks, `ready`
/// and `total` the tasks serving and running as each step begins. Returns the task-steps
/// short of demand; the utilisation continues `u`. Its own function, without calls, so that
/// the sums stay in registers and the CPU overlaps one step's division with the next steps'.
[[gnu::noinline]] double sum_steps(const double* dt, const double* ready, const double* total, std::int64_t steps,
                                   utilisation& u) {
  double unserved = 0, u_sum = u.sum;
  std::int64_t u_steps = u.steps;
  for (std::int64_t i = 0; i < steps; ++i) {
    unserved += max0(dt[i] - ready[i]);
    if (total[i] > 0) {
      u_sum += min_of(dt[i], ready[i]) / total[i];
      ++u_steps;
    }
  }
  u.sum = u_sum;
  u.steps = u_steps;
  return unserved;
}

/// Service `si`'s steps on the option; returns its task-steps short of demand. `traced`:
/// whether `trace` receives each step (a separate instantiation, so the untraced loop tests
/// nothing for it).
///
/// Two loops, so that a step where nothing happens costs a few instructions:
/// - the control loop: tasks that start serving (one table lookup, count_ready), the
///   autoscaler's tick, one compare each for a scaling change and a Spot event; it notes the
///   tasks serving and running at each step's start;
/// - the sums loop: the shortfall and the utilisation, in step order as before (the same
///   additions in the same order), with no call in the loop, so that the sums stay in
///   registers and the CPU overlaps one step's division with the next steps'.
/// Flattened: everything the control loop calls is inlined except what is marked noinline
/// (the fleet's events, the autoscalers' decisions), the target tracker's tick included.
template <bool traced>
[[gnu::flatten]] double run_service(const scenario& s, const option& o, std::size_t si, const path_clock& clock,
                                    const std::vector<double>& demand, const std::vector<double>& in_tasks,
                                    fargate_fleet& fleet, utilisation& u, option_result& r, const trace_sink& trace) {
  const service& sv = s.services[si];
  service_autoscaler scaler(sv, s.horizon, o.on);
  fleet.start(scaler.desired(), clock.steps, clock.step);
  step_counts& counts = counts_of_thread;
  counts.ready.resize(std::size_t(clock.steps));
  counts.total.resize(std::size_t(clock.steps));
  double* const ready_at = counts.ready.data();
  double* const total_at = counts.total.data();
  const double* const d_of = demand.data();
  scaling::target_tracker* const scannable = scaler.scannable();
  for (std::int64_t i = 0; i < clock.steps; ++i) {
    fleet.count_ready(i);
    if (!traced && scannable != nullptr) {  // traced: every step, for its row
      // The steps before the next one where a task starts serving, a Spot event falls due or
      // the autoscaler decides change nothing but the alarms' counts: skipped at once.
      const std::int64_t last =
          std::min(fleet.next_serving_step(i), clock.first_ending_at(fleet.next_spot_event(), i));
      const auto quiet = scannable->scan(d_of, i, last, clock.step, fleet.ready(), scaler.capacity_per_task());
      if (quiet.end > i) {
        scannable->skip(quiet);
        std::fill(ready_at + i, ready_at + quiet.end, double(fleet.ready()));
        std::fill(total_at + i, total_at + quiet.end, double(fleet.total()));
        i = quiet.end;
        if (i == clock.steps) break;
        fleet.count_ready(i);
      }
    }
    const double t0 = clock.t0(i), t1 = clock.t1(i);
    ready_at[i] = double(fleet.ready());
    total_at[i] = double(fleet.total());
    const double d = d_of[i];
    const std::int64_t desired = scaler.step(t0, t1, clock.step, d, fleet.ready());
    if (desired != fleet.total()) fleet.scale_to(desired, t1);
    if (fleet.spot_due(t1)) fleet.interrupt_due(t1, r.spot_interruptions);
    if constexpr (traced)
      trace({std::int64_t(t0), &o.name, &sv.name, d, desired, fleet.total(), 0, fleet.cost_so_far(t1)});
  }
  return sum_steps(in_tasks.data(), ready_at, total_at, clock.steps, u);
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
                 std::span<option_result> out, hourly_usage usage_kept) {
  const std::size_t n = group.size();
  std::vector<cost_ledger> ledgers(n);
  std::vector<usage_ledger*> usage(n);
  const path_clock clock(s, demand);
  for (std::size_t k = 0; k < n; ++k) {
    out[k].option = group[k]->name;
    out[k].usage.hours = usage_kept == hourly_usage::keep ? clock.hours() : 0;  // 0 hours: nothing recorded
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
                          const std::vector<std::vector<double>>& in_tasks, const trace_sink& trace,
                          hourly_usage usage) {
  option_result r;
  const option* group[] = {&o};
  run_fargate(s, group, cat, index, demand, in_tasks, trace, std::span<option_result>(&r, 1), usage);
  return r;
}

}  // namespace fleetcast::sim::detail
