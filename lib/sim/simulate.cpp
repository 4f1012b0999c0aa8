#include "fleetcast/sim/simulate.hpp"

#include "option_runs.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>

#include "fleetcast/billing/commitments.hpp"
#include "fleetcast/billing/ec2.hpp"
#include "fleetcast/billing/eks.hpp"
#include "fleetcast/billing/fargate.hpp"
#include "fleetcast/core/money.hpp"
#include "fleetcast/core/random.hpp"
#include "fleetcast/packing/capacity.hpp"
#include "fleetcast/packing/cluster.hpp"
#include "fleetcast/scaling/autoscaler.hpp"

namespace fleetcast::sim {
namespace {

using packing::platform_dims;
using res = packing::resources<platform_dims>;

// Spot Instance Advisor buckets are the share of instances interrupted in a month; fleetcast
// takes each bucket's midpoint (>20 %: 25 %; unknown: 10 %) as the probability over 30 days
// and turns it into a constant hazard (an estimate: AWS publishes buckets, not rates).
double monthly_probability(const std::string& bucket) {
  if (bucket == "<5%") return 0.025;
  if (bucket == "5-10%") return 0.075;
  if (bucket == "10-15%") return 0.125;
  if (bucket == "15-20%") return 0.175;
  if (bucket == ">20%") return 0.25;
  return 0.10;
}
constexpr double spot_notice_s = 120;  // EC2 and Fargate Spot: two minutes' warning

scaling::policy policy_of(const service& sv) {
  if (sv.step_scaling) return *sv.step_scaling;
  return sv.scaling;
}

// Applies the scheduled actions whose time of day falls in (t0, t1].
void apply_schedule(const service& sv, const demand::horizon& h, double t0, double t1,
                    scaling::autoscaler& tr) {
  for (const auto& a : sv.schedule) {
    const double first = a.hour * 3600.0 - h.start_hour * 3600.0;  // seconds into the run
    const double k = std::ceil((t0 - first) / 86400.0);  // first occurrence after t0 (or at it)
    double at = first + k * 86400.0;
    if (at <= t0) at += 86400.0;
    if (at <= t1) tr.set_bounds(a.min_tasks, a.max_tasks);
  }
}

double draw_startup(const startup_latency& l, xoshiro256pp& g) {
  return l.max_s > l.min_s ? uniform(g, l.min_s, l.max_s) : l.min_s;
}

struct ledger {
  compensated_sum compute_od, compute_spot, storage, control_plane, auto_mode;
  [[nodiscard]] double total() const {
    compensated_sum t;
    t.merge(compute_od);
    t.merge(compute_spot);
    t.merge(storage);
    t.merge(control_plane);
    t.merge(auto_mode);
    return t.value();
  }
  void fill(option_result& r) const {
    r.lines = {{"compute_on_demand", compute_od.value()}, {"compute_spot", compute_spot.value()},
               {"storage", storage.value()},          {"control_plane", control_plane.value()},
               {"auto_mode_fee", auto_mode.value()}};
    r.total_usd = total();
  }
};

void add_control_plane(const option& o, const price_catalog& cat, double seconds, ledger& l) {
  if (o.on != platform::eks) return;
  l.control_plane.add(eks_control_plane_cost(cat.eks, o.support, double(o.clusters) * seconds / 3600.0));
}

constexpr double never = std::numeric_limits<double>::infinity();

/// Per-second hazard of a monthly interruption probability p (0: none; 1: at once).
double hazard_per_second(double p_month) {
  if (p_month <= 0) return 0;
  if (p_month >= 1) return never;
  return -std::log1p(-p_month) / (30.0 * 86400.0);
}
/// When a Spot run launched at `from` gets its interruption notice.
double draw_notice(xoshiro256pp& g, double rate, double from) {
  if (rate <= 0) return never;
  if (rate == never) return from;
  return from + exponential(g, rate);
}

// ---------------------------------------------------------------------------------------------
// EC2 (ECS or EKS, and EKS Auto Mode): tasks packed onto instances that persist across steps.
// Instance-level upkeep (empty and unneeded instances, spare capacity, billing of terminated
// instances, utilisation) runs only on steps where the cluster changed or a timer falls due;
// Spot notices are drawn as times at launch. A step where nothing changes is O(services).

packing::placement_policy placement_of(const std::string& p) {
  if (p == "binpack:cpu") return packing::placement_policy::binpack_cpu;
  if (p == "binpack:memory") return packing::placement_policy::binpack_memory;
  if (p == "spread") return packing::placement_policy::spread;
  return packing::placement_policy::first_fit;
}

option_result run_ec2(const scenario& s, const option& o, const price_catalog& cat,
                      std::uint64_t index, const std::vector<std::vector<double>>& demand,
                          const std::vector<std::vector<double>>& in_tasks,
                      const std::function<void(const trace_row&)>& trace) {
  option_result r;
  r.option = o.name;
  ledger l;
  const std::int64_t step = s.horizon.step_seconds;
  const std::int64_t steps = std::int64_t(demand.empty() ? 0 : demand[0].size());
  const std::int64_t end = steps * step;
  r.usage.hours = (end + 3599) / 3600;
  const bool ecs = o.on == platform::ecs;
  const bool autoscaler = !ecs && o.provisioner == "cluster_autoscaler";
  const double warmup = o.instance_warmup_s >= 0 ? o.instance_warmup_s : ecs ? 300.0 : autoscaler ? 600.0 : 0.0;
  const double scale_in_after = o.scale_in_after_s >= 0 ? o.scale_in_after_s : ecs ? 900.0 : 600.0;

  std::vector<const instance_type*> itypes;
  std::vector<packing::bin_type<platform_dims>> types;
  const bool auto_mode = o.compute == compute_kind::auto_mode;
  for (const auto& name : o.instance_types) {
    const instance_type* t = cat.ec2.find(name);
    itypes.push_back(t);
    packing::bin_type<platform_dims> b;
    b.name = name;
    b.price_per_hour = t->on_demand.effective_per_hour();
    if (o.on == platform::eks) {
      packing::eks_node_options eo;
      eo.daemonsets = {o.daemonset_cpu_millicores, o.daemonset_memory_mib, o.daemonset_pods};
      b.capacity = packing::to_resources(packing::eks_node_allocatable(*t, eo));
    } else {
      b.capacity = packing::to_resources(packing::ecs_container_instance(*t));
    }
    types.push_back(b);
  }
  std::vector<res> shapes;
  for (const auto& sv : s.services) {
    std::int64_t cpu = sv.task.cpu_units;
    if (o.on == platform::eks) cpu = (cpu * 1000 + 1023) / 1024;
    shapes.push_back({cpu, sv.task.memory_mib, 1, 0});
  }
  packing::cluster<platform_dims> cl(types, shapes);
  std::vector<std::int64_t> group_min(types.size(), 0);
  for (const auto& ng : o.node_groups)
    for (std::uint32_t t = 0; t < types.size(); ++t)
      if (types[t].name == ng.instance_type) {
        group_min[t] = ng.min;
        if (ng.max != INT64_MAX) cl.set_type_limit(t, ng.max);
      }
  // Spot allocation: each type's "price" for picking a Spot instance type.
  std::vector<double> spot_rank(types.size());
  for (std::size_t t = 0; t < types.size(); ++t) {
    const double price = itypes[t]->spot_usd_per_hour();
    const double bucket = monthly_probability(itypes[t]->spot.interruption_bucket);
    if (o.spot_allocation == "lowest-price") {
      spot_rank[t] = price;
    } else if (o.spot_allocation == "capacity-optimized") {
      spot_rank[t] = bucket;
    } else {  // price-capacity-optimized: the bucket first, then the price
      spot_rank[t] = bucket * 1e6 + price;
    }
  }
  const packing::type_choice spot_choice{packing::type_policy::cheapest, 0};
  std::uint32_t cheapest_type = 0;  // spare instances for ECS managed scaling
  for (std::uint32_t t = 1; t < types.size(); ++t)
    if (types[t].cost_per_hour() < types[cheapest_type].cost_per_hour()) cheapest_type = t;
  const auto policy = placement_of(o.placement);
  packing::type_choice choice{o.on == platform::eks
                                  ? (autoscaler ? packing::type_policy::least_waste : packing::type_policy::karpenter)
                                  : packing::type_policy::cheapest,
                              0};
  std::vector<double> spot_rate(types.size());
  for (std::size_t t = 0; t < types.size(); ++t)
    spot_rate[t] = hazard_per_second(o.spot_interruptions_per_month >= 0
                                         ? o.spot_interruptions_per_month
                                         : monthly_probability(itypes[t]->spot.interruption_bucket));
  // Instances' Spot notices: one stream per scenario, shared by the EC2 options (common
  // random numbers), apart from the Fargate services' streams.
  xoshiro256pp spot_rng = make_stream(s.seed, index, stream_purpose::spot, std::uint64_t(1) << 32);

  struct instance_rec {
    std::uint32_t type;
    double launch;
    bool spot;
    double empty_since = -1;     // when it last became empty (−1: it runs tasks)
    double unneeded_since = -1;  // cluster autoscaler: when it became unneeded
    double notice = never;       // Spot: the interruption notice
    bool alive = true;
  };
  std::vector<instance_rec> recs;  // by id − 1
  std::vector<std::uint64_t> alive_ids;
  std::vector<double> inst_hours(types.size(), 0.0);
  std::int64_t alive_od = 0, alive_spot = 0;
  auto bill_instance = [&](instance_rec& rec, double at, run_end how = run_end::by_user) {
    const purchase_option buy = rec.spot ? purchase_option::spot : purchase_option::on_demand;
    const auto secs = ec2_billed_seconds(cat.ec2, buy, std::max(at - rec.launch, 1e-9), how);
    const instance_type& it = *itypes[rec.type];
    (rec.spot ? l.compute_spot : l.compute_od).add(ec2_cost(it, buy, double(secs)));
    if (auto_mode) l.auto_mode.add(double(secs) * eks_auto_mode_usd_per_hour(cat.eks, it) / 3600.0);
    inst_hours[rec.type] += double(secs) / 3600.0;
    r.usage.add_run(r.usage.key("ec2:" + it.name + (rec.spot ? ":spot" : ":on_demand")), rec.launch, at,
                    double(secs), 1.0);
    rec.alive = false;
    (rec.spot ? alive_spot : alive_od) -= 1;
  };
  // Whether the next instance launched is Spot: the on-demand base first, then `spot_percent`
  // of the instances above it.
  auto next_is_spot = [&] {
    if (alive_od < o.on_demand_base) return false;
    const std::int64_t above = alive_od + alive_spot - o.on_demand_base;
    return double(alive_spot + 1) <= std::floor(o.spot_percent / 100.0 * double(above + 1) + 1e-9);
  };
  double next_notice = never;  // the earliest Spot notice among running instances
  std::vector<std::pair<std::uint64_t, std::uint32_t>> fresh;  // (id, type) of new instances
  auto record_new = [&](double at) {  // new instances get a record, Spot or not, a notice time
    if (cl.next_instance_id() == recs.size() + 1) return;
    fresh.clear();
    for (std::size_t i = 0; i < cl.instance_count(); ++i)
      if (cl.instance_id(i) > recs.size()) fresh.emplace_back(cl.instance_id(i), cl.instance_type(i));
    std::sort(fresh.begin(), fresh.end());  // a repack may place new ids anywhere
    for (const auto& [id, type] : fresh) {
      while (recs.size() + 1 < id) recs.push_back({type, at, false, -1, -1, never, false});  // ids never run
      const bool spot = next_is_spot();
      recs.push_back({type, at, spot});
      instance_rec& rec = recs.back();
      if (spot) {
        rec.notice = draw_notice(spot_rng, spot_rate[rec.type], at);
        next_notice = std::min(next_notice, rec.notice);
      }
      alive_ids.push_back(id);
      (spot ? alive_spot : alive_od) += 1;
    }
  };
  std::vector<char> present;  // reused: no allocation once it has grown
  auto reconcile = [&](double at) {  // bill instances the cluster no longer has
    present.assign(recs.size() + 1, 0);
    for (std::size_t i = 0; i < cl.instance_count(); ++i) present[cl.instance_id(i)] = 1;
    std::size_t out = 0;
    for (const std::uint64_t id : alive_ids) {
      instance_rec& rec = recs[id - 1];
      if (rec.alive && !present[id]) bill_instance(rec, at);
      if (rec.alive) alive_ids[out++] = id;
    }
    alive_ids.resize(out);
  };

  struct svc_state {
    std::int64_t ready = 0;
    std::deque<std::pair<double, std::int64_t>> pending;  // (ready time, tasks), launch order
    std::int64_t pending_total = 0;
    std::int64_t waiting = 0;  // desired tasks not yet placed (no room, or evicted)
    std::int64_t task_steps = 0;  // × step: task-seconds
  };
  std::vector<svc_state> st(s.services.size());
  std::vector<std::int64_t> evicted;
  std::vector<scaling::autoscaler> trackers;
  std::vector<xoshiro256pp> gens;
  for (std::size_t si = 0; si < s.services.size(); ++si) {
    trackers.emplace_back(policy_of(s.services[si]), s.services[si].initial_tasks);
    gens.push_back(make_stream(s.seed, index, stream_purpose::startup, si));
    // A warm start: the initial tasks and the instances they need run from t = 0.
    const std::int64_t k = trackers.back().desired();
    const std::int64_t placed = cl.place(std::uint32_t(si), k, policy, choice, true);
    st[si].ready = placed;
    st[si].waiting = k - placed;
  }
  for (std::uint32_t t = 0; t < types.size(); ++t)  // node groups start at their minimum size
    for (std::int64_t n = cl.instances_of(t); n < group_min[t]; ++n) cl.add_instance(t);
  record_new(0.0);

  // Upkeep after the cluster changed or a timer fell due: empty and unneeded instances are
  // terminated once their time has passed (never below a node group's minimum, never within
  // the warm-up), ECS managed scaling keeps its spare instances, the gone are billed.
  // Cost allocation: each instance's hourly price (with the Auto Mode fee) split into a CPU
  // and a memory part in the ratio of Fargate's on-demand vCPU and GB prices.
  const double fargate_vcpu_h = cat.fargate.linux_x86_64.vcpu.effective_per_hour();
  const double fargate_gb_h = cat.fargate.linux_x86_64.memory_gb.effective_per_hour();
  std::vector<double> cpu_part(types.size()), mem_part(types.size());  // USD per hour
  for (std::size_t t = 0; t < types.size(); ++t) {
    const instance_type& it = *itypes[t];
    double price = it.on_demand.effective_per_hour();
    if (auto_mode) price += eks_auto_mode_usd_per_hour(cat.eks, it);
    const double c = double(it.vcpu) * fargate_vcpu_h, m = double(it.memory_mib) / 1024.0 * fargate_gb_h;
    cpu_part[t] = price * c / (c + m);
    mem_part[t] = price * m / (c + m);
  }
  const double cpu_per_vcpu = o.on == platform::eks ? 1000.0 : double(cpu_units_per_vcpu);  // shape units
  double cpu_rate = 0, mem_rate = 0;  // USD per hour per requested CPU unit / MiB, across running instances
  std::vector<double> service_share(s.services.size(), 0.0);
  double daemonset_share = 0;
  double paid_cpu = 0;       // CPU of running instances, for utilisation
  double next_timer = never;  // the earliest time an idle or unneeded instance may go
  auto upkeep = [&](double t1) {
    record_new(t1);
    std::int64_t busy = 0;
    for (std::size_t j = 0; j < cl.instance_count(); ++j) {
      instance_rec& rec = recs[cl.instance_id(j) - 1];
      if (!cl.empty_instance(j)) {
        rec.empty_since = -1;
        ++busy;
      } else if (rec.empty_since < 0) {
        rec.empty_since = t1;
      }
    }
    // ECS managed scaling keeps ⌈busy × 100 / target⌉ instances: the spare ones stay empty.
    const std::int64_t spare =
        o.target_capacity_percent < 100.0
            ? std::int64_t(std::ceil(double(busy) * 100.0 / o.target_capacity_percent - 1e-9)) - busy
            : 0;
    std::int64_t empty = std::int64_t(cl.instance_count()) - busy;
    for (; empty < spare; ++empty) cl.add_instance(cheapest_type);
    record_new(t1);
    next_timer = never;
    for (std::size_t j = 0; j < cl.instance_count();) {
      instance_rec& rec = recs[cl.instance_id(j) - 1];
      const double protected_until = rec.launch + warmup;
      bool gone = false;
      if (rec.empty_since >= 0 && empty > spare && cl.instances_of(rec.type) > group_min[rec.type]) {
        const double due = std::max(rec.empty_since + scale_in_after, protected_until);
        if (t1 >= due) {
          gone = cl.terminate_if_empty(cl.instance_id(j));
          empty -= gone;
        } else {
          next_timer = std::min(next_timer, due);
        }
      }
      if (!gone) ++j;
    }
    // The cluster autoscaler removes one unneeded (under-used, drainable) node at a time.
    if (autoscaler) {
      bool drained = false;
      for (std::size_t j = 0; j < cl.instance_count(); ++j) {
        instance_rec& rec = recs[cl.instance_id(j) - 1];
        const bool unneeded = !cl.empty_instance(j) && cl.utilisation_of(j) < o.scale_down_utilisation &&
                              cl.instances_of(rec.type) > group_min[rec.type] && cl.drainable(j);
        if (!unneeded) {
          rec.unneeded_since = -1;
          continue;
        }
        if (rec.unneeded_since < 0) rec.unneeded_since = t1;
        const double due = std::max(rec.unneeded_since + scale_in_after, rec.launch + warmup);
        if (!drained && t1 >= due) {
          drained = cl.drain(j) >= 0;
          if (drained) break;
        } else {
          next_timer = std::min(next_timer, due);
        }
      }
      if (drained) next_timer = t1;  // look again next step: the rest may have changed
    }
    reconcile(t1);
    paid_cpu = 0;
    double cpu_usd = 0, mem_usd = 0, cpu_units = 0, mem_mib = 0;
    for (std::size_t j = 0; j < cl.instance_count(); ++j) {
      const std::uint32_t t = cl.instance_type(j);
      paid_cpu += double(types[t].capacity[0]);
      cpu_usd += cpu_part[t];
      mem_usd += mem_part[t];
      cpu_units += double(itypes[t]->vcpu) * cpu_per_vcpu;
      mem_mib += double(itypes[t]->memory_mib);
    }
    cpu_rate = cpu_units > 0 ? cpu_usd / cpu_units : 0.0;
    mem_rate = mem_mib > 0 ? mem_usd / mem_mib : 0.0;
  };
  upkeep(0.0);

  double util_sum = 0, unserved = 0;  // unserved in task-steps
  std::int64_t util_steps = 0;
  std::uint64_t consolidated_at_id = 0;  // next_instance_id at the last consolidation
  bool changed_since_consolidation = true;
  for (std::int64_t i = 0; i < steps; ++i) {
    const double t0 = double(i * step), t1 = double((i + 1) * step);
    double served_cpu = 0;
    bool changed = false;
    for (std::size_t si = 0; si < s.services.size(); ++si) {
      const service& sv = s.services[si];
      svc_state& ss = st[si];
      while (!ss.pending.empty() && ss.pending.front().first <= t0) {
        ss.ready += ss.pending.front().second;
        ss.pending_total -= ss.pending.front().second;
        ss.pending.pop_front();
      }
      const double d = demand[si][std::size_t(i)], c = sv.capacity_per_task;
      const double dt = in_tasks[si][std::size_t(i)];  // d / c, divided once for all options
      unserved += std::max(0.0, dt - double(ss.ready));
      served_cpu += std::min(dt, double(ss.ready)) * double(shapes[si][0]);
      ss.task_steps += ss.ready + ss.pending_total;
      if (!sv.schedule.empty()) apply_schedule(sv, s.horizon, t0, t1, trackers[si]);
      const std::int64_t desired = trackers[si].observe(std::int64_t(t1), step, d, ss.ready, c);
      const std::int64_t current = ss.ready + ss.pending_total + ss.waiting;
      if (desired > current || ss.waiting > 0) {
        const std::int64_t k = std::max<std::int64_t>(0, desired - current) + ss.waiting;
        const std::int64_t k1 = cl.place(std::uint32_t(si), k, policy, choice, false);
        // The type of a new Spot instance follows the option's Spot allocation strategy.
        const std::int64_t k2 = next_is_spot() ? cl.place(std::uint32_t(si), k - k1, policy, spot_choice, true, spot_rank)
                                          : cl.place(std::uint32_t(si), k - k1, policy, choice, true);
        record_new(t1);
        if (k1 > 0) ss.pending.emplace_back(t1 + draw_startup(sv.startup, gens[si]), k1);
        if (k2 > 0) ss.pending.emplace_back(t1 + o.instance_launch_s + draw_startup(sv.startup, gens[si]), k2);
        ss.pending_total += k1 + k2;
        ss.waiting = k - k1 - k2;
        r.unplaceable_tasks = std::max(r.unplaceable_tasks, ss.waiting);
        changed |= k1 + k2 > 0;
      } else if (desired < current) {
        std::int64_t k = current - desired;
        const std::int64_t from_waiting = std::min(k, ss.waiting);
        ss.waiting -= from_waiting;
        k -= from_waiting;
        const std::int64_t removed = cl.remove(std::uint32_t(si), k, packing::removal_policy::least_utilised_first);
        changed |= removed > 0;
        for (std::int64_t left = removed; left > 0;) {  // the newest tasks go first
          if (ss.pending.empty()) {
            ss.ready -= left;
            break;
          }
          const std::int64_t n = std::min(left, ss.pending.back().second);
          ss.pending.back().second -= n;
          ss.pending_total -= n;
          left -= n;
          if (ss.pending.back().second == 0) ss.pending.pop_back();
        }
      }
      if (trace) {
        double so_far = l.compute_od.value() + l.compute_spot.value() + l.auto_mode.value();
        for (const auto id : alive_ids) {
          const instance_rec& rec = recs[id - 1];
          if (!rec.alive) continue;
          const instance_type& it = *itypes[rec.type];
          double h = it.on_demand.effective_per_hour() * (rec.spot ? 1.0 - it.spot.discount : 1.0);
          if (auto_mode) h += eks_auto_mode_usd_per_hour(cat.eks, it);
          so_far += (t1 - rec.launch) * h / 3600.0;
        }
        trace({std::int64_t(t0), &o.name, &sv.name, d, desired, ss.ready + ss.pending_total,
               std::int64_t(cl.instance_count()), so_far});
      }
    }
    changed_since_consolidation |= changed || cl.next_instance_id() != consolidated_at_id;
    if (o.consolidation_interval_s > 0 && std::int64_t(t1) % o.consolidation_interval_s == 0 &&
        changed_since_consolidation) {
      if (o.consolidation_policy != "WhenEmpty") {
        changed |= cl.consolidate_drain().applied;
        // Karpenter also replaces instances when a packing from scratch costs less.
        if (o.on == platform::eks && !autoscaler)
          changed |= cl.consolidate_repack("ffd_sum", choice).applied;
        record_new(t1);  // a replacement's new instances
      }
      changed_since_consolidation = false;
      consolidated_at_id = cl.next_instance_id();
    }
    // Spot interruptions: the instance goes two minutes after its notice (free if EC2 takes
    // it back within its first hour); its tasks are drained at the notice and placed again
    // next step.
    if (next_notice <= t1) {
      next_notice = never;
      for (std::size_t j = 0; j < cl.instance_count();) {
        instance_rec& rec = recs[cl.instance_id(j) - 1];
        if (rec.notice > t1) {
          next_notice = std::min(next_notice, rec.notice);
          ++j;
          continue;
        }
        ++r.spot_interruptions;
        cl.evict(j, evicted);
        bill_instance(rec, rec.notice + spot_notice_s, run_end::by_ec2_interruption);
        changed = true;
        for (std::size_t si = 0; si < st.size(); ++si) {
          svc_state& ss = st[si];
          std::int64_t k = evicted[si];
          const std::int64_t from_ready = std::min(k, ss.ready);
          ss.ready -= from_ready;
          k -= from_ready;
          while (k > 0 && !ss.pending.empty()) {
            const std::int64_t n = std::min(k, ss.pending.back().second);
            ss.pending.back().second -= n;
            ss.pending_total -= n;
            k -= n;
            if (ss.pending.back().second == 0) ss.pending.pop_back();
          }
          ss.waiting += evicted[si];
        }
      }
    }
    if (changed || t1 >= next_timer) upkeep(t1);
    if (paid_cpu > 0) {
      util_sum += served_cpu / paid_cpu;
      ++util_steps;
    }
    // Requests over the step at the instances' current rates (USD per hour → per step).
    const double hours = double(step) / 3600.0;
    for (std::size_t si = 0; si < st.size(); ++si) {
      const double placed = double(st[si].ready + st[si].pending_total);
      service_share[si] += placed * (double(shapes[si][0]) * cpu_rate + double(shapes[si][1]) * mem_rate) * hours;
    }
    if (o.daemonset_cpu_millicores > 0 || o.daemonset_memory_mib > 0)
      daemonset_share += double(cl.instance_count()) *
                         (double(o.daemonset_cpu_millicores) * cpu_rate + double(o.daemonset_memory_mib) * mem_rate) * hours;
  }
  for (const auto id : alive_ids)
    if (recs[id - 1].alive) bill_instance(recs[id - 1], double(end));
  for (const auto& ss : st) r.task_hours += double(ss.task_steps) * double(step) / 3600.0;
  r.unserved_task_seconds += unserved * double(step);
  for (std::size_t t = 0; t < types.size(); ++t)
    if (inst_hours[t] > 0) r.instance_hours.emplace_back(types[t].name, inst_hours[t]);
  add_control_plane(o, cat, double(end), l);
  // What services and DaemonSets requested; the rest of the instances' bill is idle.
  const double compute = l.compute_od.value() + l.compute_spot.value() + l.auto_mode.value();
  compensated_sum requested;
  for (std::size_t si = 0; si < st.size(); ++si) {
    r.allocation.push_back({s.services[si].name, service_share[si]});
    requested.add(service_share[si]);
  }
  if (daemonset_share > 0) {
    r.allocation.push_back({"(daemonsets)", daemonset_share});
    requested.add(daemonset_share);
  }
  r.allocation.push_back({"(idle)", compute - requested.value()});
  if (o.on == platform::eks) r.allocation.push_back({"(control plane)", l.control_plane.value()});
  r.mean_utilisation = util_steps ? util_sum / double(util_steps) : 0.0;
  r.usage.finish();
  l.fill(r);
  return r;
}

}  // namespace

std::vector<option_result> simulate_path(const scenario& s, const price_catalog& catalog, std::uint64_t index,
                                         const std::function<void(const trace_row&)>& trace) {
  std::vector<std::vector<double>> demand;
  generate_demand(s, index, demand);
  return simulate_path_on(s, catalog, index, demand, trace);
}

std::vector<option_result> simulate_path_on(const scenario& s, const price_catalog& catalog, std::uint64_t index,
                                            const std::vector<std::vector<double>>& demand,
                                            const std::function<void(const trace_row&)>& trace) {
  std::vector<std::vector<double>> in_tasks(demand);  // demand in tasks at 100 %: d / c
  for (std::size_t si = 0; si < s.services.size(); ++si)
    for (double& x : in_tasks[si]) x /= s.services[si].capacity_per_task;
  std::vector<option_result> out;
  for (std::size_t oi = 0; oi < s.options.size(); ++oi) {
    const option& o = s.options[oi];
    out.push_back(o.compute == compute_kind::fargate ? detail::run_fargate(s, o, catalog, index, demand, in_tasks, trace)
                                                     : run_ec2(s, o, catalog, index, demand, in_tasks, trace));
    if (!o.commitments.empty()) apply_option_commitments(s, o, catalog, out.back());
  }
  return out;
}

}  // namespace fleetcast::sim
