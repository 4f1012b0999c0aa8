#include "fleetcast/sim/validate.hpp"

#include <cmath>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "fleetcast/billing/commitments.hpp"
#include "fleetcast/billing/fargate.hpp"
#include "fleetcast/packing/capacity.hpp"
#include "../core/field_checks.hpp"

namespace fleetcast::sim {
namespace {

using fleetcast::detail::check_count;
using fleetcast::detail::check_name;
using fleetcast::detail::check_number;
using fleetcast::detail::quoted;
std::string num(double d) { return fleetcast::detail::shown(d); }

/// `v` in [lo, hi).
void check_below(const place& p, double v, double lo, double hi) {
  check_number(p, v, lo, hi);
  if (!(v < hi)) p.fail(errid::out_of_range, num(v) + " must be below " + num(hi));
}
/// min ≤ max, reported at max.
void check_order(const place& max_at, std::int64_t min, std::int64_t max) {
  if (max < min)
    max_at.fail(errid::out_of_range, "max " + std::to_string(max) + " is below min " + std::to_string(min));
}

void check_horizon(const place& p, const demand::horizon& h) {
  check_number(p.field("days"), h.days, 0, bounds::max_days, true);
  check_count(p.field("step_seconds"), h.step_seconds, 1, bounds::max_step_seconds);
  check_count(p.field("start_weekday"), h.start_weekday, 0, 6);
  check_below(p.field("start_hour"), h.start_hour, 0, 24);
}

void check_task(const place& p, const fargate_request& t, const price_catalog& cat) {
  check_count(p.field("cpu_units", "cpu"), t.cpu_units, 1, bounds::max_task_cpu_units);
  check_count(p.field("memory_mib", "memory"), t.memory_mib, 1, bounds::max_task_memory_mib);
  check_count(p.field("ephemeral_storage_gib"), t.ephemeral_storage_gib, cat.fargate.free_storage_gib,
              std::max(cat.fargate.max_storage_gib_ecs, cat.fargate.max_storage_gib_eks));
  if (t.spot) p.field("spot").fail(errid::unsupported, "a service's task does not choose Spot; options do (capacity_provider_strategy, spot_percent)");
}

void check_alarm(const place& p, const scaling::step_alarm& a) {
  check_number(p.field("threshold_percent"), a.threshold_percent, 0, 1e6);
  check_count(p.field("datapoints"), a.datapoints, 1, 1440);
  if (a.steps.size() > bounds::max_step_adjustments)
    p.field("steps").fail(errid::out_of_range, std::to_string(a.steps.size()) + " steps exceed the limit of 20");
  for (std::size_t k = 0; k < a.steps.size(); ++k) {
    const place st = p.field("steps").index(k);
    const scaling::step_adjustment& adj = a.steps[k];
    if (!std::isinf(adj.lower)) check_number(st.field("lower"), adj.lower, -1e6, 1e6);
    if (!std::isinf(adj.upper)) check_number(st.field("upper"), adj.upper, -1e6, 1e6);
    if (!(adj.lower < adj.upper)) st.fail(errid::out_of_range, "lower must be below upper");
    check_number(st.field("adjustment"), adj.adjustment, -1e6, 1e6);
  }
}

void check_hpa_rules(const place& p, const scaling::hpa_scaling_rules& r) {
  check_count(p.field("stabilization_window_s", "stabilization_window_seconds"), r.stabilization_window_s, 0,
              bounds::max_hpa_window_seconds);
  const place ps = p.field("policies");
  if (r.policies.empty()) ps.fail(errid::out_of_range, "an HPA's scaling rules need at least one policy");
  if (r.policies.size() > bounds::max_hpa_policies)
    ps.fail(errid::out_of_range, std::to_string(r.policies.size()) + " policies exceed the limit of " +
                                     std::to_string(bounds::max_hpa_policies));
  for (std::size_t k = 0; k < r.policies.size(); ++k) {
    const place q = ps.index(k);
    check_count(q.field("value"), r.policies[k].value, 1, bounds::max_hpa_policy_value);
    check_count(q.field("period_s", "period_seconds"), r.policies[k].period_s, 1, bounds::max_hpa_period_seconds);
  }
}

/// A service's Kubernetes HPA (autoscaling/v2 validation: minReplicas ≥ 1, periods up to 30
/// minutes, windows up to an hour, at least one policy with a value above 0).
void check_hpa(const place& p, const service& sv) {
  const scaling::hpa_policy& h = *sv.hpa;
  const bool everywhere = sv.hpa_on == hpa_scope::all_options;
  const place hp = p.field("hpa", everywhere ? "scaling" : "hpa");
  check_count(hp.field("target_percent"), h.target_percent, 1, bounds::max_hpa_target_percent);
  check_count(hp.field("min_replicas", "min"), h.min_replicas, 1, bounds::max_tasks);
  check_count(hp.field("max_replicas", "max"), h.max_replicas, 1, bounds::max_tasks);
  check_order(hp.field("max_replicas", "max"), h.min_replicas, h.max_replicas);
  check_below(hp.field("tolerance"), h.tolerance, 0, 1);
  check_count(hp.field("sync_period_s", "sync_period_seconds"), h.sync_period_s, 1, bounds::max_step_seconds);
  check_hpa_rules(hp.field("scale_up", "behavior/scale_up"), h.scale_up);
  check_hpa_rules(hp.field("scale_down", "behavior/scale_down"), h.scale_down);
  if (!everywhere) return;  // on EKS options it starts from initial_tasks moved into its bounds
  if (sv.step_scaling)
    p.field("step_scaling", "scaling")
        .fail(errid::unsupported, "an HPA on every option replaces step scaling: set one of them");
  if (sv.initial_tasks < h.min_replicas || sv.initial_tasks > h.max_replicas)
    p.field("initial_tasks", "scaling/initial")
        .fail(errid::out_of_range, std::to_string(sv.initial_tasks) + " is outside min..max (" +
                                       std::to_string(h.min_replicas) + ".." + std::to_string(h.max_replicas) + ")");
}

void check_scaling(const place& p, const service& sv) {
  if (sv.hpa) check_hpa(p, sv);
  const place sc = p.field("scaling");
  const scaling::target_tracking_policy& tt = sv.scaling;
  check_number(sc.field("target_percent"), tt.target_percent, 0, 100, true);
  check_count(sc.field("min_tasks", "min"), tt.min_tasks, 0, bounds::max_tasks);
  check_count(sc.field("max_tasks", "max"), tt.max_tasks, 0, bounds::max_tasks);
  check_order(sc.field("max_tasks", "max"), tt.min_tasks, tt.max_tasks);
  check_count(sc.field("scale_out_cooldown_s"), tt.scale_out_cooldown_s, 0, bounds::max_seconds);
  check_count(sc.field("scale_in_cooldown_s"), tt.scale_in_cooldown_s, 0, bounds::max_seconds);
  check_count(sc.field("out_datapoints"), tt.out_datapoints, 1, 1440);
  check_count(sc.field("in_datapoints"), tt.in_datapoints, 1, 1440);
  check_below(sc.field("in_margin"), tt.in_margin, 0, 1);
  check_count(sc.field("datapoint_seconds"), tt.datapoint_seconds, 1, bounds::max_step_seconds);
  const place initial = p.field("initial_tasks", "scaling/initial");
  const bool hpa_everywhere = sv.hpa && sv.hpa_on == hpa_scope::all_options;  // its own range, above
  if (!hpa_everywhere && (sv.initial_tasks < tt.min_tasks || sv.initial_tasks > tt.max_tasks))
    initial.fail(errid::out_of_range, std::to_string(sv.initial_tasks) + " is outside min..max (" +
                                          std::to_string(tt.min_tasks) + ".." + std::to_string(tt.max_tasks) + ")");
  if (sv.step_scaling) {
    const scaling::step_scaling_policy& st = *sv.step_scaling;
    const place sp = p.field("step_scaling", "scaling");
    if (st.min_tasks != tt.min_tasks || st.max_tasks != tt.max_tasks)
      sp.field("min_tasks", "min").fail(errid::out_of_range, "step scaling's min and max must equal scaling's (" +
                                                                 std::to_string(tt.min_tasks) + ".." +
                                                                 std::to_string(tt.max_tasks) + ")");
    check_count(sp.field("cooldown_s"), st.cooldown_s, 0, bounds::max_seconds);
    check_count(sp.field("datapoint_seconds"), st.datapoint_seconds, 1, bounds::max_step_seconds);
    if (st.alarms.empty())
      sp.fail(errid::missing_field, "step scaling needs \"scale_out\" or \"scale_in\"");
    for (std::size_t k = 0; k < st.alarms.size(); ++k)
      check_alarm(sp.field("alarms[" + std::to_string(k) + "]", st.alarms[k].above ? "scale_out" : "scale_in"),
                  st.alarms[k]);
  }
  if (sv.schedule.size() > bounds::max_scheduled_actions)
    p.field("schedule", "scaling/scheduled")
        .fail(errid::out_of_range, std::to_string(sv.schedule.size()) + " scheduled actions exceed the limit of 48");
  for (std::size_t k = 0; k < sv.schedule.size(); ++k) {
    const place a = p.field("schedule", "scaling/scheduled").index(k);
    const scaling::scheduled_action& act = sv.schedule[k];
    check_below(a.field("hour"), act.hour, 0, 24);
    check_count(a.field("min_tasks", "min"), act.min_tasks, 0, bounds::max_tasks);
    check_count(a.field("max_tasks", "max"), act.max_tasks, 0, bounds::max_tasks);
    check_order(a.field("max_tasks", "max"), act.min_tasks, act.max_tasks);
  }
}

void check_demand(const place& p, const service& sv) {
  if (sv.trace) {
    const place t = p.field("trace", "demand/trace");
    if (sv.trace->values.empty()) t.field("values", "file").fail(errid::out_of_range, "a trace needs at least one value");
    for (std::size_t k = 0; k < sv.trace->values.size(); ++k)
      check_number(t.field("values").index(k), sv.trace->values[k], 0, bounds::max_demand);
    check_number(t.field("interval_s", "interval_seconds"), sv.trace->interval_s, 0, 86400.0 * 366, true);
    check_number(t.field("block_s", "block_hours"), sv.trace->block_s, 0, 86400.0 * 3660);
    return;
  }
  const place d = p.field("demand");
  const demand::demand_model& m = sv.demand;
  check_number(d.field("base"), m.base, 0, bounds::max_demand);
  check_number(d.field("diurnal").field("amplitude"), m.diurnal.amplitude, 0, 1);
  check_below(d.field("diurnal").field("peak_hour"), m.diurnal.peak_hour, 0, 24);
  check_number(d.field("weekly").field("weekend_factor"), m.weekly.weekend_factor, 0, bounds::max_factor);
  check_number(d.field("trend_per_month"), m.trend_per_month, -1, bounds::max_trend_per_month, true);
  check_number(d.field("noise").field("cv"), m.noise.cv, 0, bounds::max_cv);
  check_below(d.field("noise").field("ar1"), m.noise.ar1, 0, 1);
  check_number(d.field("bursts").field("per_day"), m.bursts.per_day, 0, bounds::max_bursts_per_day);
  check_number(d.field("bursts").field("size_mean"), m.bursts.size_mean, 0, bounds::max_demand);
  check_number(d.field("bursts").field("duration_minutes"), m.bursts.duration_minutes, 0, bounds::max_burst_minutes);
  // The Pareto mean exists only above 1, and size_mean is that mean.
  check_number(d.field("bursts").field("tail_alpha"), m.bursts.tail_alpha, 1, bounds::max_tail_alpha, true);
}

void check_service(const place& p, const service& sv, const price_catalog& cat,
                   std::set<std::string, std::less<>>& names) {
  check_name(p.field("name"), sv.name, &names, "service");
  check_task(p.field("task"), sv.task, cat);
  check_count(p.field("gpus", "task/gpus"), sv.gpus, 0, bounds::max_task_gpus);
  if (sv.cpu_millicores != 0) {
    check_count(p.field("cpu_millicores", "task/cpu_millicores"), sv.cpu_millicores, 1, bounds::max_task_cpu_millicores);
    // One request in two units: ECS and Fargate read the units, EKS-on-EC2 packing the
    // millicores; they must say the same thing.
    if (sv.task.cpu_units != millicores_to_cpu_units(sv.cpu_millicores))
      p.field("task").field("cpu_units", "cpu").fail(
          errid::out_of_range, std::to_string(sv.task.cpu_units) + " disagrees with cpu_millicores " +
                                   std::to_string(sv.cpu_millicores) + " (= " +
                                   std::to_string(millicores_to_cpu_units(sv.cpu_millicores)) +
                                   " CPU units, 1024 per vCPU, rounded up)");
  }
  check_scaling(p, sv);
  const place st = p.field("startup", "startup_seconds");
  check_number(st.field("min_s", "min"), sv.startup.min_s, 0, bounds::max_startup_seconds);
  check_number(st.field("max_s", "max"), sv.startup.max_s, 0, bounds::max_startup_seconds);
  if (sv.startup.min_s > sv.startup.max_s)
    st.field("max_s", "max").fail(errid::out_of_range,
                                  "max " + num(sv.startup.max_s) + " is below min " + num(sv.startup.min_s));
}

/// The catalog has the rates a charge needs (a catalog file may leave the sections out).
void need_rates(const place& p, bool known, const char* what) {
  if (!known)
    p.fail(errid::unsupported, std::string("the catalog has no ") + what +
                                   " rates (its \"vpc\", \"ebs\" or \"elb\" section); use one that has");
}

void check_service_network(const place& p, const service& sv, const scenario& s, const price_catalog& cat) {
  check_number(p.field("image_size_mib"), sv.image_size_mib, 0, bounds::max_image_size_mib);
  if (!sv.load_balancer) return;
  const place lb = p.field("load_balancer");
  const load_balancer_load& l = *sv.load_balancer;
  check_number(lb.field("new_connections_per_s", "new_connections_per_second"), l.new_connections_per_s, 0, bounds::max_load);
  check_number(lb.field("active_connections_per_min", "active_connections_per_minute"), l.active_connections_per_min, 0,
               bounds::max_load);
  check_number(lb.field("processed_gb_per_hour"), l.processed_gb_per_hour, 0, bounds::max_load);
  check_number(lb.field("rule_evaluations_per_s", "rule_evaluations_per_second"), l.rule_evaluations_per_s, 0,
               bounds::max_load);
  need_rates(lb, cat.elb.known() && cat.vpc.public_ipv4.known(), "load balancer");
  if (s.network.availability_zones < 2)
    lb.fail(errid::unsupported, "an Application Load Balancer needs subnets in at least two availability zones "
                                "(network.availability_zones is " + std::to_string(s.network.availability_zones) + ")");
}

void check_network(const place& p, const scenario& s, const price_catalog& cat) {
  const network_setup& n = s.network;
  check_count(p.field("availability_zones"), n.availability_zones, 1, bounds::max_availability_zones);
  check_count(p.field("interface_endpoints"), n.interface_endpoints, 1, bounds::max_interface_endpoints);
  check_count(p.field("public_ipv4_addresses"), n.public_ipv4_addresses, 0, bounds::max_public_ipv4);
  if (n.egress != egress_kind::none || n.public_ipv4_addresses > 0) need_rates(p.field("egress"), cat.vpc.known(), "VPC");
}

void check_strategy(const place& p, const option& o) {
  if (o.strategy.size() > std::size_t(bounds::max_strategy_entries))
    p.fail(errid::out_of_range, std::to_string(o.strategy.size()) + " entries exceed ECS's limit of 20");
  if (!o.strategy.empty() && (o.compute != compute_kind::fargate || o.on != platform::ecs))
    p.fail(errid::unsupported, "a capacity provider strategy applies to ECS Fargate options only");
  bool seen[2] = {false, false};
  std::int64_t weights = 0;
  std::size_t with_base = o.strategy.size();
  for (std::size_t k = 0; k < o.strategy.size(); ++k) {
    const provider_share& e = o.strategy[k];
    const place at = p.index(k);
    const auto which = static_cast<std::size_t>(e.provider);
    if (which > 1) at.field("provider").fail(errid::bad_enum, "not one of FARGATE, FARGATE_SPOT");
    if (seen[which]) at.field("provider").fail(errid::duplicate, quoted(to_string(e.provider)) + " is listed twice");
    seen[which] = true;
    check_count(at.field("base"), e.base, 0, bounds::max_strategy_base);
    check_count(at.field("weight"), e.weight, 0, bounds::max_strategy_weight);
    if (e.base > 0) {
      if (with_base < o.strategy.size())
        at.field("base").fail(errid::unsupported, "only one capacity provider in a strategy can have a base (" +
                                                      p.index(with_base).field("base").str() + " has one)");
      with_base = k;
    }
    weights += e.weight;
  }
  // ECS refuses a strategy of several providers that all weigh 0.
  if (o.strategy.size() > 1 && weights == 0)
    p.fail(errid::unsupported, "with several capacity providers at least one needs a weight above 0");
}

void check_instance_types(const place& p, const option& o, const price_catalog& cat) {
  const place types = p.field("instance_types");
  if (!o.node_groups.empty()) {
    const place groups = p.field("node_groups");
    if (o.on != platform::eks || o.compute != compute_kind::ec2)
      groups.fail(errid::unsupported, "node_groups are EKS managed node groups: EKS on EC2 only");
    std::set<std::string, std::less<>> seen;
    for (std::size_t k = 0; k < o.node_groups.size(); ++k) {
      const node_group& g = o.node_groups[k];
      const place at = groups.index(k);
      if (cat.ec2.find(g.instance_type) == nullptr)
        at.field("instance_type").fail(errid::unknown_instance,
                                       quoted(g.instance_type) + " is not in the catalog for " + cat.region);
      if (!seen.insert(g.instance_type).second)
        at.field("instance_type").fail(errid::duplicate, quoted(g.instance_type) + " has two node groups");
      check_count(at.field("min"), g.min, 0, bounds::max_tasks);
      if (g.max != INT64_MAX) check_count(at.field("max"), g.max, 1, bounds::max_tasks);
      check_order(at.field("max"), g.min, g.max);
    }
    // The JSON form lists the types once, in the groups; a structure carries them in both.
    bool same = o.instance_types.size() == o.node_groups.size();
    for (std::size_t k = 0; same && k < o.node_groups.size(); ++k)
      same = o.instance_types[k] == o.node_groups[k].instance_type;
    if (!same)
      types.fail(errid::unsupported,
                 "instance_types must be exactly the node groups' types (a file gives either instance_types "
                 "or node_groups, not both)");
    if (o.provisioner != provisioner_kind::cluster_autoscaler)
      p.field("provisioner").fail(errid::unsupported,
                                  "node_groups are scaled by the cluster autoscaler: \"provisioner\": \"cluster_autoscaler\"");
    return;
  }
  if (o.instance_types.empty())
    types.fail(errid::unsupported, "an EC2 or auto_mode option needs at least one instance type");
  std::set<std::string, std::less<>> seen;
  for (std::size_t k = 0; k < o.instance_types.size(); ++k) {
    const std::string& t = o.instance_types[k];
    if (cat.ec2.find(t) == nullptr)
      types.index(k).fail(errid::unknown_instance, quoted(t) + " is not in the catalog for " + cat.region);
    if (!seen.insert(t).second) types.index(k).fail(errid::duplicate, quoted(t) + " is listed twice");
  }
}

/// `ecs`: only ECS on EC2 sets up container instances; trunking is for awsvpc tasks; the
/// reserved memory leaves every listed type some memory to register.
void check_ecs_instances(const place& p, const option& o, const price_catalog& cat) {
  const packing::ecs_instance_options& e = o.ecs;
  const place at = p.field("ecs");
  if (e == packing::ecs_instance_options{}) return;
  if (o.on != platform::ecs || o.compute != compute_kind::ec2)
    at.fail(errid::unsupported, "\"ecs\" sets up ECS container instances: ECS on EC2 only");
  if (static_cast<std::size_t>(e.network_mode) >= packing::all_ecs_network_modes.size())
    at.field("network_mode").fail(errid::bad_enum, "not one of " + names_of(packing::all_ecs_network_modes));
  if (e.eni_trunking && e.network_mode != packing::ecs_network_mode::awsvpc)
    at.field("eni_trunking")
        .fail(errid::unsupported, "ENI trunking gives awsvpc tasks more ENIs; " +
                                      quoted(to_string(e.network_mode)) + " tasks use no task ENI");
  check_count(at.field("reserved_memory_mib"), e.reserved_memory_mib, 0, bounds::max_ecs_reserved_memory_mib);
  check_number(at.field("os_overhead_fraction"), e.os_overhead_fraction, 0, 1);
  if (e.os_overhead_fraction >= 1)
    at.field("os_overhead_fraction").fail(errid::out_of_range, num(e.os_overhead_fraction) + " is not below 1");
  if (e.os_overhead_mib) check_count(at.field("os_overhead_mib"), *e.os_overhead_mib, 0, bounds::max_ecs_reserved_memory_mib);
  for (const auto& name : o.instance_types) {
    const instance_type* t = cat.ec2.find(name);
    if (t != nullptr && packing::ecs_container_instance(*t, e).memory_mib <= 0)
      at.field("reserved_memory_mib")
          .fail(errid::out_of_range, std::to_string(e.reserved_memory_mib) + " MiB leaves " + name +
                                         " no memory to register");
  }
}

void check_ec2_settings(const place& p, const option& o, const price_catalog& cat) {
  check_instance_types(p, o, cat);
  const bool eks = o.on == platform::eks;
  if (!eks && o.provisioner != provisioner_kind::karpenter)
    p.field("provisioner").fail(errid::unsupported, "\"provisioner\" applies to EKS options only");
  if (o.compute == compute_kind::auto_mode && o.provisioner != provisioner_kind::karpenter)
    p.field("provisioner").fail(errid::unsupported, "EKS Auto Mode provisions nodes with its own Karpenter");
  check_count(p.field("on_demand_base"), o.on_demand_base, 0, bounds::max_tasks);
  check_number(p.field("spot_percent"), o.spot_percent, 0, 100);
  check_number(p.field("instance_launch_s", "instance_launch_seconds"), o.instance_launch_s, 0,
               bounds::max_launch_seconds);
  if (o.consolidation_interval_s)
    check_count(p.field("consolidation_interval_s", "consolidation_interval_seconds"), *o.consolidation_interval_s, 0,
                bounds::max_seconds);
  if (o.consolidate_after_s) {
    const place after = p.field("consolidate_after_s", "consolidate_after_seconds");
    check_number(after, *o.consolidate_after_s, 0, double(bounds::max_seconds));
    if (!eks || o.provisioner != provisioner_kind::karpenter)
      after.fail(errid::unsupported,
                 "consolidate_after_seconds is Karpenter's consolidateAfter: EKS on EC2 with \"provisioner\": "
                 "\"karpenter\", or auto_mode");
  }
  if (o.instance_warmup_s)
    check_number(p.field("instance_warmup_s", "instance_warmup_seconds"), *o.instance_warmup_s, 0,
                 bounds::max_launch_seconds);
  if (o.scale_in_after_s)
    check_number(p.field("scale_in_after_s", "scale_in_after_seconds"), *o.scale_in_after_s, 0,
                 bounds::max_launch_seconds);
  const place threshold = p.field("scale_down_utilisation_percent", "scale_down_utilization_threshold");
  check_number(threshold, o.scale_down_utilisation_percent, 0, 100);
  if (o.scale_down_utilisation_percent != 50.0 && o.provisioner != provisioner_kind::cluster_autoscaler)
    threshold.fail(errid::unsupported,
                   "scale_down_utilization_threshold is a cluster autoscaler setting: \"provisioner\": "
                   "\"cluster_autoscaler\"");
  check_number(p.field("target_capacity_percent"), o.target_capacity_percent, 1, 100);
  if (o.target_capacity_percent != 100.0 && eks)
    p.field("target_capacity_percent")
        .fail(errid::unsupported, "target_capacity_percent is ECS capacity-provider managed scaling: ECS on EC2 only");
  check_ecs_instances(p, o, cat);
  const bool daemonsets = o.daemonset_cpu_millicores != 0 || o.daemonset_memory_mib != 0 || o.daemonset_pods != 0;
  if (!daemonsets) return;
  const place ds = p;
  if (!eks) ds.field("daemonset_cpu_millicores", "daemonsets").fail(errid::unsupported, "daemonsets run on EKS nodes: EKS on EC2 or auto_mode only");
  check_count(ds.field("daemonset_cpu_millicores", "daemonsets/cpu_millicores"), o.daemonset_cpu_millicores, 0,
              bounds::max_daemonset_cpu_millicores);
  check_count(ds.field("daemonset_memory_mib", "daemonsets/memory_mib"), o.daemonset_memory_mib, 0,
              bounds::max_daemonset_memory_mib);
  check_count(ds.field("daemonset_pods", "daemonsets/pods"), o.daemonset_pods, 0, bounds::max_daemonset_pods);
  for (const auto& name : o.instance_types) {
    packing::eks_node_options eo;
    eo.daemonsets = {o.daemonset_cpu_millicores, o.daemonset_memory_mib, o.daemonset_pods};
    if (!packing::eks_node_allocatable(*cat.ec2.find(name), eo).daemonsets_fit)
      ds.field("daemonset_cpu_millicores", "daemonsets").fail(errid::out_of_range, "the DaemonSets do not fit on " + name);
  }
}

/// Settings of EC2 options that a Fargate option must leave at their defaults.
void check_fargate_settings(const place& p, const option& o) {
  const option defaults;
  const auto refuse = [&](bool set, std::string_view code_name, std::string_view json_name) {
    if (set)
      p.field(code_name, json_name)
          .fail(errid::unsupported, quoted(json_name) + " applies to EC2 and auto_mode options only");
  };
  refuse(!o.instance_types.empty(), "instance_types", "instance_types");
  refuse(!o.node_groups.empty(), "node_groups", "node_groups");
  refuse(o.on_demand_base != 0, "on_demand_base", "on_demand_base");
  refuse(o.spot_percent != 0, "spot_percent", "spot_percent");
  refuse(o.spot_allocation != defaults.spot_allocation, "spot_allocation", "spot_allocation");
  refuse(o.consolidation_interval_s.value_or(0) != 0, "consolidation_interval_s", "consolidation_interval_seconds");
  refuse(o.consolidate_after_s.has_value(), "consolidate_after_s", "consolidate_after_seconds");
  refuse(o.daemonset_cpu_millicores != 0 || o.daemonset_memory_mib != 0 || o.daemonset_pods != 0,
         "daemonset_cpu_millicores", "daemonsets");
  refuse(o.target_capacity_percent != 100.0, "target_capacity_percent", "target_capacity_percent");
  refuse(o.ecs != defaults.ecs, "ecs", "ecs");
}

void check_commitments(const place& p, const option& o, const price_catalog& cat) {
  if (o.commitments.size() > bounds::max_commitments)
    p.fail(errid::out_of_range, std::to_string(o.commitments.size()) + " commitments exceed the limit of 100");
  std::set<std::string, std::less<>> names;
  for (std::size_t k = 0; k < o.commitments.size(); ++k) {
    const commitment& m = o.commitments[k];
    const place c = p.index(k);
    check_name(c.field("name"), m.name, &names, "commitment");
    check_number(c.field("hourly_commitment"), m.hourly_commitment, 0, 1e9);
    check_number(c.field("hourly_rate"), m.hourly_rate, 0, 1e6);
    check_count(c.field("count"), m.count, 0, 1'000'000);
    if (m.term_years != 1 && m.term_years != 3)
      c.field("term_years", "term").fail(errid::bad_enum, std::to_string(m.term_years) + " is not a term of 1 or 3 years");
    if (m.type == commitment_type::reserved_instance) {
      if (o.compute == compute_kind::fargate)
        c.fail(errid::unsupported, "Reserved Instances cover EC2 instances; this option runs on Fargate");
      continue;
    }
    const std::string offer = catalog_offer(m);
    if (o.compute == compute_kind::fargate) {
      if (m.type == commitment_type::ec2_instance_sp)
        c.fail(errid::unsupported, "EC2 Instance Savings Plans do not cover Fargate; use compute_sp");
      if (!cat.fargate.commitment_discount(offer))
        c.fail(errid::unsupported, "the catalog has no Fargate rate for " + offer + "; pick another term or payment");
      continue;
    }
    for (const auto& t : o.instance_types) {
      const instance_type* it = cat.ec2.find(t);
      if (it == nullptr) continue;  // reported by check_instance_types
      if (m.type == commitment_type::ec2_instance_sp && it->family != m.family) continue;
      bool found = false;
      for (const auto& r : it->commitments) found = found || r.offer == offer;
      if (!found) c.fail(errid::unsupported, "the catalog has no " + offer + " rate for " + t + "; pick another term or payment");
    }
  }
}

void check_option(const place& p, const option& o, const price_catalog& cat,
                  std::set<std::string, std::less<>>& names) {
  check_name(p.field("name"), o.name, &names, "option");
  if (o.compute == compute_kind::auto_mode && o.on != platform::eks)
    p.field("compute").fail(errid::unsupported, "auto_mode is EKS Auto Mode: it needs \"platform\": \"eks\"");
  check_strategy(p.field("strategy", "capacity_provider_strategy"), o);
  if (o.compute == compute_kind::fargate)
    check_fargate_settings(p, o);
  else
    check_ec2_settings(p, o, cat);
  if (o.spot_interruption_probability_per_month)
    check_number(p.field("spot_interruption_probability_per_month", "spot_interruptions_per_month"),
                 *o.spot_interruption_probability_per_month, 0, 1);
  check_commitments(p.field("commitments"), o, cat);
  check_count(p.field("root_volume_gib"), o.root_volume_gib, 0, bounds::max_root_volume_gib);
  if (o.compute != compute_kind::fargate && o.root_volume_gib > 0)
    need_rates(p.field("root_volume_gib"), cat.ebs.known(), "EBS gp3");
  if (o.public_ipv4.value_or(false)) need_rates(p.field("public_ipv4"), cat.vpc.public_ipv4.known(), "public IPv4");
  if (o.on == platform::eks) {
    check_count(p.field("clusters"), o.clusters, 0, bounds::max_clusters);
  } else {
    if (o.clusters != 1) p.field("clusters").fail(errid::unsupported, "\"clusters\" applies to EKS options only");
    if (o.support != support_tier::standard)
      p.field("support").fail(errid::unsupported, "\"support\" applies to EKS options only");
  }
}

/// Rules between a service and an option. Places point at the service's task (what the user
/// would change) and the message names the option. The Fargate size depends only on the
/// platform, so `size_checked` (ECS, EKS) keeps it to the first Fargate option of each.
void check_service_on_option(const place& task, const service& s, const place& option_at, const option& o,
                             const price_catalog& cat, bool (&size_checked)[2]) {
  if (o.compute == compute_kind::fargate) {
    // Neither ECS nor EKS on Fargate offers GPUs (AWS: "Fargate does not support GPUs"), so a
    // GPU workload has no Fargate price; refusing it beats billing a GPU pod as a CPU one.
    if (s.gpus > 0)
      task.field("gpus").fail(errid::unsupported, "service " + quoted(s.name) + " needs " + std::to_string(s.gpus) +
                                                      " GPU(s); Fargate has no GPUs: remove option " + quoted(o.name) +
                                                      " or run the service on EC2 GPU instance types");
    for (std::size_t k = 0; k < o.strategy.size(); ++k)
      if (o.strategy[k].provider == fargate_provider::fargate_spot && s.task.os == os_family::windows_os)
        option_at.field("strategy", "capacity_provider_strategy")
            .index(k)
            .field("provider")
            .fail(errid::unsupported, "Fargate Spot runs Linux tasks only; service " + quoted(s.name) + " is Windows");
    bool& checked = size_checked[o.on == platform::eks ? 1 : 0];
    if (checked) return;
    checked = true;
    fargate_request r = s.task;
    r.on = o.on;
    try {
      (void)fargate_billed_size(cat.fargate, r);
    } catch (const input_error& e) {
      throw input_error(e.code(), task.str(),
                        e.message() + (o.on == platform::eks ? " (EKS" : " (ECS") + " Fargate, option " +
                            quoted(o.name) + ")");
    }
    return;
  }
  const std::string on = " (option " + quoted(o.name) + ")";
  if (s.task.os == os_family::windows_os)
    task.fail(errid::unsupported, "Windows tasks on EC2 are not supported: the catalog prices Linux instances" + on);
  bool arch_ok = false, gpus_ok = s.gpus == 0;
  for (const auto& t : o.instance_types) {
    const instance_type* it = cat.ec2.find(t);
    arch_ok = arch_ok || (it != nullptr && it->arch == s.task.arch);
    gpus_ok = gpus_ok || (it != nullptr && it->arch == s.task.arch && it->gpus >= s.gpus);
  }
  if (arch_ok && !gpus_ok)
    task.field("gpus").fail(errid::unsupported, "no instance type has " + std::to_string(s.gpus) +
                                                    " GPU(s) for service " + quoted(s.name) + on +
                                                    ": add a GPU type (g4dn, g5, g6, p4d, p5)");
  if (!arch_ok)
    task.fail(errid::unsupported,
              "no instance type is " + std::string(to_string(s.task.arch)) + ", the task's architecture" + on);
}

void check_correlation(const place& root, const scenario& s) {
  const std::size_t n = s.services.size();
  const place c = root.field("correlation");
  if (s.correlation.empty()) {
    if (s.correlation_root.n != 0)
      root.field("correlation_root").fail(errid::out_of_range, "a correlation root without a correlation matrix");
    return;
  }
  if (s.correlation.size() != n * n)
    c.fail(errid::out_of_range, "a correlation matrix needs one row per service (" + std::to_string(n) + " × " +
                                    std::to_string(n) + " entries), not " + std::to_string(s.correlation.size()) +
                                    " entries");
  for (std::size_t i = 0; i < n; ++i) {
    if (s.services[i].trace)
      c.index(i).fail(errid::unsupported,
                      "service " + quoted(s.services[i].name) + " replays a trace; correlation applies to modelled demand only");
    for (std::size_t j = 0; j < n; ++j) {
      const double v = s.correlation[i * n + j];
      const place at = c.index(i).index(j);
      if (!std::isfinite(v) || v < -1.0 || v > 1.0) at.fail(errid::out_of_range, num(v) + " is not a correlation in [-1, 1]");
      if (i == j && v != 1.0) at.fail(errid::out_of_range, "the diagonal of a correlation matrix is 1, not " + num(v));
      if (v != s.correlation[j * n + i]) at.fail(errid::out_of_range, "the matrix is not symmetric");
    }
  }
  bool root_ok = s.correlation_root.n == n && s.correlation_root.a.size() == n * n;
  for (std::size_t k = 0; root_ok && k < s.correlation_root.a.size(); ++k)
    root_ok = std::isfinite(s.correlation_root.a[k]);
  if (!root_ok)
    root.field("correlation_root")
        .fail(errid::out_of_range,
              "set it to demand::correlation_square_root(correlation, " + std::to_string(n) + ", place)");
}

}  // namespace

void validate_demand(const scenario& s, place_style style) {
  const place root(style);
  check_horizon(root.field("horizon"), s.horizon);
  if (s.services.empty()) root.field("services").fail(errid::out_of_range, "a scenario needs at least one service");
  for (std::size_t i = 0; i < s.services.size(); ++i) {
    const place p = root.field("services").index(i);
    check_number(p.field("capacity_per_task"), s.services[i].capacity_per_task, 0, bounds::max_demand, true);
    check_demand(p, s.services[i]);
  }
  check_correlation(root, s);
}

void validate_demand_paths(const scenario& s, const std::vector<std::vector<double>>& demand) {
  const place root(place_style::code);
  const place d = root.field("demand");
  if (demand.size() != s.services.size())
    d.fail(errid::out_of_range, std::to_string(demand.size()) + " rows for " + std::to_string(s.services.size()) +
                                    " services; generate_demand writes one per service");
  const auto steps = std::size_t(s.horizon.steps());
  for (std::size_t i = 0; i < demand.size(); ++i) {
    if (demand[i].size() != steps)
      d.index(i).fail(errid::out_of_range, std::to_string(demand[i].size()) + " values for " + std::to_string(steps) +
                                               " steps of the horizon");
    for (std::size_t t = 0; t < steps; ++t)
      if (!std::isfinite(demand[i][t]) || demand[i][t] < 0)
        d.index(i).index(t).fail(errid::out_of_range, num(demand[i][t]) + " is not a demand (finite, >= 0)");
  }
}

void validate(const scenario& s, const price_catalog& catalog, place_style style) {
  const place root(style);
  check_name(root.field("name"), s.name, nullptr, "scenario");
  if (s.region != catalog.region)
    root.field("region").fail(errid::bad_enum,
                              quoted(s.region) + " is not the catalog's region " + quoted(catalog.region));
  validate_demand(s, style);  // horizon, services' demand and capacity, correlation
  if (s.options.empty()) root.field("options").fail(errid::out_of_range, "a scenario needs at least one option");
  std::set<std::string, std::less<>> service_names, option_names;
  for (std::size_t i = 0; i < s.services.size(); ++i)
    check_service(root.field("services").index(i), s.services[i], catalog, service_names);
  check_network(root.field("network"), s, catalog);
  for (std::size_t i = 0; i < s.services.size(); ++i)
    check_service_network(root.field("services").index(i), s.services[i], s, catalog);
  for (std::size_t j = 0; j < s.options.size(); ++j) {
    check_option(root.field("options").index(j), s.options[j], catalog, option_names);
    const option& o = s.options[j];
    // AWS SDK, CreateFargateProfileRequest.subnets: "A Pod running on Fargate isn't assigned a
    // public IP address, so only private subnets (with no direct route to an Internet Gateway)
    // are accepted."
    if (o.on == platform::eks && o.compute == compute_kind::fargate) {
      if (o.public_ipv4.value_or(false))
        root.field("options").index(j).field("public_ipv4")
            .fail(errid::unsupported, "EKS Fargate pods get no public IPv4 address: they run in private subnets only");
      if (s.network.egress == egress_kind::public_subnets)
        root.field("network").field("egress")
            .fail(errid::unsupported, "EKS Fargate pods run in private subnets only (option " + quoted(o.name) +
                                          "); use nat_gateway or vpc_endpoints egress");
    }
    if (s.network.egress == egress_kind::public_subnets && s.options[j].public_ipv4 == false)
      root.field("options").index(j).field("public_ipv4")
          .fail(errid::unsupported, "in public subnets (network.egress public_subnets) tasks and nodes need public "
                                    "IPv4 addresses to reach ECR; use nat_gateway or vpc_endpoints egress for private ones");
  }
  for (std::size_t i = 0; i < s.services.size(); ++i) {
    bool size_checked[2] = {false, false};
    for (std::size_t j = 0; j < s.options.size(); ++j)
      check_service_on_option(root.field("services").index(i).field("task"), s.services[i],
                              root.field("options").index(j), s.options[j], catalog, size_checked);
  }
  if (s.scenarios < 1 || s.scenarios > bounds::max_scenarios)
    root.field("scenarios", "monte_carlo/scenarios")
        .fail(errid::out_of_range, std::to_string(s.scenarios) + " is outside 1.." + std::to_string(bounds::max_scenarios));
  // A replayed bill's figures (its as-is option may be missing: what-if copies of a scenario
  // keep only some options, and the reports then leave the as-is line out).
  if (s.bill && (!(s.bill->hours > 0) || !std::isfinite(s.bill->paid_usd) || !(s.bill->tolerance_usd >= 0)))
    root.field("bill", "$actuals").fail(errid::out_of_range, "hours must be above 0, paid_usd finite and tolerance_usd at least 0");
}

}  // namespace fleetcast::sim
