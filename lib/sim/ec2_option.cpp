// An EC2 option (ECS or EKS, and EKS Auto Mode) over one path: each step every service's
// autoscaler decides and the service follows on the shared cluster; then consolidation, Spot
// interruptions, and — only when something changed or a timer fell due — the cluster's upkeep
// (with the recount of what binds each instance); then cost allocation accrues.
#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "consolidation.hpp"
#include "ec2_binding.hpp"
#include "cost_ledger.hpp"
#include "ec2_allocation.hpp"
#include "ec2_cluster.hpp"
#include "ec2_services.hpp"
#include "option_runs.hpp"
#include "service_autoscaler.hpp"

namespace fleetcast::sim::detail {
namespace {

class ec2_run {
 public:
  ec2_run(const scenario& s, const option& o, const price_catalog& cat, std::uint64_t index,
          const std::vector<std::vector<double>>& demand, const std::vector<std::vector<double>>& in_tasks,
          const trace_sink& trace, hourly_usage usage)
      : s_(s), o_(o), cat_(cat), demand_(demand), in_tasks_(in_tasks), trace_(trace), clock_(s, demand),
        cluster_(s, o, cat, index, l_, r_.usage), consolidator_(o, s.horizon.step_seconds, s.services.size()),
        allocation_(o, cat, cluster_, s.services.size()), binding_(o), tasks_(s.services.size()),
        lanes_(s.services.size() > 1 ? s.services.size() : 0) {
    r_.option = o.name;
    r_.usage.hours = usage == hourly_usage::keep ? clock_.hours() : 0;  // 0 hours: nothing recorded
    for (std::size_t si = 0; si < s.services.size(); ++si) {
      scalers_.emplace_back(s.services[si], s.horizon, o.on);
      gens_.push_back(make_stream(s.seed, index, stream_purpose::startup, si));
      // A warm start: the initial tasks and the instances they need run from t = 0.
      const std::int64_t k = scalers_.back().desired();
      const std::int64_t placed = cluster_.warm_start(std::uint32_t(si), k);
      tasks_[si].ready = placed;
      tasks_[si].waiting = k - placed;
    }
    cluster_.fill_node_groups();
    cluster_.record_new(0.0);
    upkeep(0.0);
  }

  option_result run() {
    if (trace_) {  // every step in full, for its rows
      for (std::int64_t i = 0; i < clock_.steps; ++i) step(i);
    } else {
      for (std::int64_t i = 0; i < clock_.steps;) {
        const std::int64_t next = quiet_stretch(i);
        if (next > i)
          i = next;
        else
          step(i++);
      }
    }
    return finish();
  }

 private:
  void step(std::int64_t i) {
    const double t0 = clock_.t0(i), t1 = clock_.t1(i);
    double served_cpu = 0;
    bool changed = false;
    for (std::size_t si = 0; si < tasks_.size(); ++si) changed |= step_service(si, i, t0, t1, served_cpu);
    end_step(t1, served_cpu, changed);
  }

  // The rest of a step ending at t1, once its services have followed their autoscalers. Out of
  // line: a stretch calls it once, at its end.
  [[gnu::noinline]] void end_step(double t1, double served_cpu, bool changed) {
    const bool consolidated = consolidator_.step(t1, changed, cluster_);
    changed |= consolidated;
    if (cluster_.spot_due(t1))
      changed |= cluster_.interrupt_due(t1, r_.spot_interruptions, [&](const std::vector<std::int64_t>& evicted) {
        for (std::size_t si = 0; si < tasks_.size(); ++si) tasks_[si].evict(evicted[si]);
      });
    if (changed || cluster_.timer_due(t1)) upkeep(t1);
    if (allocation_.paid_cpu() > 0) u_.add(served_cpu / allocation_.paid_cpu());
    allocation_.accrue(clock_.step, cluster_, tasks_);
  }

  // What a quiet step of one service reads and adds, held in locals over a stretch.
  struct lane {
    const double* demand;    // per step
    const double* in_tasks;  // per step: demand in tasks
    std::int64_t ready, placed;
    double ready_d, cpu;      // ready as a double; CPU of one task (shape units)
    double share, share_step;  // its allocation share, and what a step adds to it
  };

  // Steps from i on in which nothing happens but demand and the autoscalers' datapoints: no
  // start-up ends, no task waits, no Spot notice, timer or consolidation falls due, no
  // autoscaler changes its count. Such a step adds to the sums exactly what `step` would,
  // in the same order, from locals: the cluster, the counts and the rates stay as they are.
  // The stretch ends before a step where an event falls due (returns its index: it runs in
  // full) or after one where an autoscaler changed its count (its services then follow, and
  // the step ends in full; returns the next index).
  std::int64_t quiet_stretch(std::int64_t i) {
    if (!consolidator_.settled(cluster_)) return i;
    double next_ready = never;  // the first time count_ready has work
    for (const ec2_service_tasks& ss : tasks_) {
      if (ss.waiting > 0) return i;  // follow_desired places them at every step
      if (!ss.pending.empty()) next_ready = std::min(next_ready, ss.pending.front().first);
    }
    // The stretch ends before the first step that starts when a task is ready or ends when
    // a Spot event or timer falls due: none, when that is this step.
    const std::int64_t last =
        std::min(clock_.first_starting_at(next_ready, i), clock_.first_ending_at(cluster_.next_event(), i));
    if (last == i) return i;
    const double hours = double(clock_.step) / 3600.0;
    const auto fill = [&](std::size_t si, lane& l) {
      const ec2_service_tasks& ss = tasks_[si];
      l = {demand_[si].data(), in_tasks_[si].data(), ss.ready, ss.placed(), double(ss.ready),
           double(cluster_.shape(si)[0]), allocation_.share(si), allocation_.service_step(si, ss.placed(), hours)};
    };
    // Skipping by scan pays with one service (the common case). With several, the next
    // decision of any of them ends a skip, and scanning every service's tracker cost more than
    // the steps it skipped (bench_scaling: 10 services of one task, a fifth of the time in
    // scans): their steps go one at a time. The results are the same either way.
    if (tasks_.size() == 1) {  // the common case, with the lane in registers
      std::array<lane, 1> one;
      fill(0, one[0]);
      return stretch(i, last, std::span<lane, 1>(one), scalers_[0].scannable());
    }
    for (std::size_t si = 0; si < tasks_.size(); ++si) fill(si, lanes_[si]);
    return stretch(i, last, std::span<lane>(lanes_), nullptr);
  }

  // Steps begin … last − 1, stopping after one where a service follows its autoscaler.
  // `tracker`: the one service's target tracker, whose quiet steps are skipped by scan
  // (nullptr: every step ticks). Flattened: the autoscalers' per-step ticks inline into the
  // loop (GCC leaves target tracking's `observe` out of line here otherwise); their decisions,
  // follow_desired's work and end_step stay out of line.
  template <std::size_t N>
  [[gnu::flatten, gnu::noinline]] std::int64_t stretch(const std::int64_t begin, const std::int64_t last,
                                                       std::span<lane, N> lanes, scaling::target_tracker* tracker) {
    // One service: its lane as a local struct, whose fields stay in registers (an array's
    // stay in memory, and each sum's add would wait on a store and a load).
    lane one = N == 1 ? lanes[0] : lane{};
    const auto at = [&](std::size_t si) -> lane& {
      if constexpr (N == 1)
        return one;
      else
        return lanes[si];
    };
    const std::int64_t step_s = clock_.step;
    const double hours = double(step_s) / 3600.0;
    const double paid = allocation_.paid_cpu();
    const double daemonset_step = allocation_.daemonset_step(cluster_.instance_count(), hours);
    double unserved = unserved_, used = u_.sum, daemonset_share = allocation_.daemonset_share();
    double served_cpu = 0;
    bool followed = false, changed = false;
    std::int64_t i = begin;
    while (i < last) {
      if (tracker != nullptr) {
        // The steps before the next one where the autoscaler decides: their sums alone, in
        // step order (each sum's additions in the same order as below).
        const auto ahead = tracker->scan(at(0).demand, i, last, step_s, at(0).ready, scalers_[0].capacity_per_task());
        tracker->skip(ahead);
        for (const std::int64_t end = ahead.end; i < end; ++i) {
          served_cpu = 0;
          for (std::size_t si = 0; si < lanes.size(); ++si) {
            lane& l = at(si);
            const double dt = l.in_tasks[i];
            unserved += max0(dt - l.ready_d);  // std::max(0.0, …) and std::min, without a branch
            served_cpu += min_of(dt, l.ready_d) * l.cpu;
          }
          if (paid > 0) used += served_cpu / paid;
          for (std::size_t si = 0; si < lanes.size(); ++si) at(si).share += at(si).share_step;
          daemonset_share += daemonset_step;
        }
        if (i == last) break;
      }
      const double t0 = double(i * step_s), t1 = double((i + 1) * step_s);
      served_cpu = 0;
      for (std::size_t si = 0; si < lanes.size(); ++si) {
        lane& l = at(si);
        const double dt = l.in_tasks[i];
        unserved += std::max(0.0, dt - l.ready_d);
        served_cpu += std::min(dt, l.ready_d) * l.cpu;
        const std::int64_t desired = scalers_[si].step(t0, t1, step_s, l.demand[i], l.ready);
        if (desired != l.placed) {  // no task waits: placed is the current count
          followed = true;
          changed |= follow_desired(cluster_, std::uint32_t(si), s_.services[si], tasks_[si], desired, t1, gens_[si],
                                    r_.unplaceable_tasks);
        }
      }
      if (followed) break;
      if (paid > 0) used += served_cpu / paid;
      for (std::size_t si = 0; si < lanes.size(); ++si) at(si).share += at(si).share_step;
      daemonset_share += daemonset_step;
      ++i;
    }
    const std::int64_t quiet = i - begin;  // steps done here to the end
    unserved_ = unserved;
    u_.sum = used;
    if (paid > 0) u_.steps += quiet;
    allocation_.daemonset_share() = daemonset_share;
    const std::int64_t ran = quiet + (followed ? 1 : 0);  // steps whose services ran here
    for (std::size_t si = 0; si < lanes.size(); ++si) {
      allocation_.share(si) = at(si).share;
      tasks_[si].task_steps += ran * at(si).placed;
    }
    if (!followed) return i;
    end_step(clock_.t1(i), served_cpu, changed);
    return i + 1;
  }

  // Service si in step i: its starting tasks that are ready, what it leaves unserved, its
  // autoscaler's decision and the cluster's changes that follow. True if the cluster changed.
  bool step_service(std::size_t si, std::int64_t i, double t0, double t1, double& served_cpu) {
    const service& sv = s_.services[si];
    ec2_service_tasks& ss = tasks_[si];
    ss.count_ready(t0);
    const double d = demand_[si][std::size_t(i)];
    const double dt = in_tasks_[si][std::size_t(i)];  // d / c, divided once for all options
    unserved_ += std::max(0.0, dt - double(ss.ready));
    served_cpu += std::min(dt, double(ss.ready)) * double(cluster_.shape(si)[0]);
    ss.task_steps += ss.ready + ss.pending_total;
    const std::int64_t desired = scalers_[si].step(t0, t1, clock_.step, d, ss.ready);
    const bool changed =
        follow_desired(cluster_, std::uint32_t(si), sv, ss, desired, t1, gens_[si], r_.unplaceable_tasks);
    if (trace_)
      trace_({std::int64_t(t0), &o_.name, &sv.name, d, desired, ss.placed(), std::int64_t(cluster_.instance_count()),
              cluster_.cost_so_far(t1)});
    return changed;
  }

  // After the cluster changed or a timer fell due: idle and unneeded instances go once their
  // time has passed, the gone are billed, allocation takes the new rates.
  void upkeep(double t1) {
    cluster_.record_new(t1);
    cluster_.note_image_pulls(t1);
    cluster_.scale_in_idle(t1);
    consolidator_.scale_down_unneeded(t1, cluster_);
    cluster_.note_image_pulls(t1);  // tasks moved off unneeded nodes
    cluster_.reconcile(t1);
    allocation_.reprice(cluster_);
    binding_.recount(t1, cluster_);
  }

  option_result finish() {
    cluster_.finish(double(clock_.end), r_);
    binding_.finish(double(clock_.end), r_);
    r_.density = ecs_task_density(s_, o_, cat_);
    for (const auto& ss : tasks_) r_.task_hours += double(ss.task_steps) * double(clock_.step) / 3600.0;
    r_.unserved_task_seconds += unserved_ * double(clock_.step);
    add_control_plane(o_, cat_, double(clock_.end), l_);
    allocation_.add_shares(s_, l_.compute(), r_);
    // Nodes' addresses, root volumes and image pulls, and the network's fixed costs.
    const double nodes = l_.public_ipv4.value() + l_.ebs_root_volumes.value() + l_.network_data.value();
    r_.allocation.push_back({"(network)", nodes + add_network(s_, cat_, double(clock_.end), l_, r_)});
    close_result(o_, u_, l_, r_);
    return std::move(r_);
  }

  const scenario& s_;
  const option& o_;
  const price_catalog& cat_;
  const std::vector<std::vector<double>>& demand_;
  const std::vector<std::vector<double>>& in_tasks_;
  const trace_sink& trace_;
  const path_clock clock_;
  option_result r_;
  cost_ledger l_;
  ec2_cluster cluster_;
  consolidator consolidator_;
  ec2_allocation allocation_;
  ec2_binding binding_;
  std::vector<ec2_service_tasks> tasks_;
  std::vector<service_autoscaler> scalers_;
  std::vector<xoshiro256pp> gens_;
  std::vector<lane> lanes_;  // quiet stretches of two or more services
  utilisation u_;
  double unserved_ = 0;  // task-steps: × step at the end
};

}  // namespace

option_result run_ec2(const scenario& s, const option& o, const price_catalog& cat, std::uint64_t index,
                      const std::vector<std::vector<double>>& demand,
                      const std::vector<std::vector<double>>& in_tasks, const trace_sink& trace,
                      hourly_usage usage) {
  return ec2_run(s, o, cat, index, demand, in_tasks, trace, usage).run();
}

}  // namespace fleetcast::sim::detail
