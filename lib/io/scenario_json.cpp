#include "fleetcast/io/scenario_json.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fleetcast/billing/fargate.hpp"
#include "fleetcast/demand/correlation.hpp"
#include "fleetcast/io/files.hpp"
#include "fleetcast/io/trace_csv.hpp"
#include "fleetcast/packing/placement.hpp"
#include "fleetcast/sim/validate.hpp"
#include "commitment_reader.hpp"
#include "json_reader.hpp"

namespace fleetcast {
namespace {

using detail::node;
using name_set = std::set<std::string, std::less<>>;

// The format's bounds live with the rules, in sim::validate; the reader uses them to refuse a
// value as it reads it, with the value's own place.
using namespace sim::bounds;
constexpr std::int64_t max_seed = INT64_MAX;  // 2^63 - 1

std::string in_quotes(std::string_view s) {
  return "\"" + std::string(s) + "\"";
}

// Names are checked (non-empty, at most 200 bytes, unique) by sim::validate.
std::string read_name(const node& parent) { return parent.at("name").string(); }

/// A number in (0, hi].
double positive(const node& n, double hi) {
  const double d = n.number(0, hi);
  if (!(d > 0)) n.fail(errid::out_of_range, node::num(d) + " must be above 0");
  return d;
}
/// A number in [lo, hi).
double below(const node& n, double lo, double hi) {
  const double d = n.number(lo, hi);
  if (!(d < hi)) n.fail(errid::out_of_range, node::num(d) + " must be below " + node::num(hi));
  return d;
}
/// A number in (lo, hi].
double above(const node& n, double lo, double hi) {
  const double d = n.number(lo, hi);
  if (!(d > lo)) n.fail(errid::out_of_range, node::num(d) + " must be above " + node::num(lo));
  return d;
}

demand::horizon read_horizon(const node& h) {
  h.expect_object({"days", "step_seconds", "start_weekday", "start_hour"});
  demand::horizon hz;
  hz.days = positive(h.at("days"), max_days);
  if (auto s = h.find("step_seconds")) hz.step_seconds = s->integer(1, max_step_seconds);
  if (auto w = h.find("start_weekday")) hz.start_weekday = static_cast<int>(w->integer(0, 6));
  if (auto s = h.find("start_hour")) hz.start_hour = below(*s, 0, 24);
  return hz;
}

fargate_request read_task(const node& t, const price_catalog& cat) {
  t.expect_object({"cpu", "memory", "os", "arch", "ephemeral_storage_gib", "gpus", "cpu_millicores"});
  fargate_request r;
  r.cpu_units = static_cast<int>(t.at("cpu").integer(1, 1 << 20));
  r.memory_mib = static_cast<int>(t.at("memory").integer(1, 1 << 24));
  if (auto o = t.find("os")) r.os = o->enumeration<os_family>("linux, windows");
  if (auto a = t.find("arch")) r.arch = a->enumeration<cpu_arch>("x86_64, arm64");
  if (auto s = t.find("ephemeral_storage_gib"))
    r.ephemeral_storage_gib = static_cast<int>(
        s->integer(cat.fargate.free_storage_gib,
                   std::max(cat.fargate.max_storage_gib_ecs, cat.fargate.max_storage_gib_eks)));
  return r;
}

// Step scaling: {"type": "step", "adjustment_type", "cooldown_s", "scale_out": alarm,
// "scale_in": alarm}; an alarm is {"threshold_percent", "datapoints", "steps": [{"lower",
// "upper", "adjustment"}]} with bounds relative to the threshold.
scaling::step_alarm read_step_alarm(const node& a, bool above) {
  a.expect_object({"threshold_percent", "datapoints", "steps"});
  scaling::step_alarm al;
  al.above = above;
  al.threshold_percent = a.at("threshold_percent").number(0, 1e6);
  al.datapoints = above ? 3 : 15;
  if (auto d = a.find("datapoints")) al.datapoints = int(d->integer(1, 1440));
  const node steps = a.at("steps");
  const std::size_t n = steps.array_size(false);
  if (n > 20) steps.fail(errid::out_of_range, std::to_string(n) + " steps exceed the limit of 20");
  for (std::size_t i = 0; i < n; ++i) {
    const node st = steps[i];
    st.expect_object({"lower", "upper", "adjustment"});
    scaling::step_adjustment adj;
    if (auto l = st.find("lower")) adj.lower = l->number(-1e6, 1e6);
    if (auto u = st.find("upper")) adj.upper = u->number(-1e6, 1e6);
    if (!(adj.lower < adj.upper)) st.fail(errid::out_of_range, "lower must be below upper");
    adj.adjustment = st.at("adjustment").number(-1e6, 1e6);
    al.steps.push_back(adj);
  }
  return al;
}

void read_step_scaling(const node& s, sim::service& svc) {
  scaling::step_scaling_policy p;
  p.min_tasks = svc.scaling.min_tasks;
  p.max_tasks = svc.scaling.max_tasks;
  if (auto c = s.find("cooldown_s")) p.cooldown_s = c->integer(0, max_seconds);
  if (auto t = s.find("adjustment_type")) {
    const std::string& v = t->string();
    if (v == "ChangeInCapacity")
      p.type = scaling::adjustment_type::change_in_capacity;
    else if (v == "PercentChangeInCapacity")
      p.type = scaling::adjustment_type::percent_change_in_capacity;
    else if (v == "ExactCapacity")
      p.type = scaling::adjustment_type::exact_capacity;
    else
      t->fail(
          errid::bad_enum,
          in_quotes(v) + " is not one of ChangeInCapacity, PercentChangeInCapacity, ExactCapacity");
  }
  if (auto a = s.find("scale_out")) p.alarms.push_back(read_step_alarm(*a, true));
  if (auto a = s.find("scale_in")) p.alarms.push_back(read_step_alarm(*a, false));
  if (p.alarms.empty())
    s.fail(errid::missing_field, "step scaling needs \"scale_out\" or \"scale_in\"");
  svc.step_scaling = std::move(p);
}

/// The kinds a service's `"scaling"` block names with `"type"`.
enum class scaling_type { target_tracking, step, hpa, exact };
constexpr std::array<scaling_type, 4> all_scaling_types = {scaling_type::target_tracking, scaling_type::step,
                                                           scaling_type::hpa, scaling_type::exact};
constexpr std::string_view to_string(scaling_type t) noexcept {
  return t == scaling_type::target_tracking ? "target_tracking"
         : t == scaling_type::step          ? "step"
         : t == scaling_type::hpa           ? "hpa"
                                            : "exact";
}

// Kubernetes' int32 fields and any finite number: the reader checks the type, sim::validate
// the range.
std::int64_t int32_value(const node& n) { return n.integer(INT32_MIN, INT32_MAX); }
double finite_value(const node& n) { return n.number(-1e300, 1e300); }

/// autoscaling/v2 `HPAScalingRules` in snake_case: {"stabilization_window_seconds",
/// "select_policy", "policies": [{"type", "value", "period_seconds"}]}. Each field left out keeps
/// Kubernetes' default for its direction, as the API server's defaulting does field by field.
void read_hpa_rules(const node& r, scaling::hpa_scaling_rules& rules) {
  r.expect_object({"stabilization_window_seconds", "select_policy", "policies"});
  if (auto w = r.find("stabilization_window_seconds")) rules.stabilization_window_s = int32_value(*w);
  if (auto p = r.find("select_policy")) rules.select = p->enumeration_among(scaling::all_hpa_select_policies);
  if (auto ps = r.find("policies")) {
    const std::size_t n = ps->array_size();
    if (n > max_hpa_policies)
      ps->fail(errid::out_of_range, std::to_string(n) + " policies exceed the limit of " +
                                        std::to_string(max_hpa_policies));
    rules.policies.clear();
    for (std::size_t i = 0; i < n; ++i) {
      const node q = (*ps)[i];
      q.expect_object({"type", "value", "period_seconds"});
      scaling::hpa_scaling_policy pol;
      pol.type = q.at("type").enumeration_among(scaling::all_hpa_policy_types);
      pol.value = int32_value(q.at("value"));
      pol.period_s = int32_value(q.at("period_seconds"));
      rules.policies.push_back(pol);
    }
  }
}

/// The keys of a Kubernetes HPA, in `"scaling": {"type": "hpa", …}` or a service's `"hpa"`.
void read_hpa_fields(const node& s, scaling::hpa_policy& h) {
  if (auto t = s.find("target_percent")) h.target_percent = int32_value(*t);
  if (auto m = s.find("min")) h.min_replicas = int32_value(*m);
  if (auto m = s.find("max")) h.max_replicas = int32_value(*m);
  if (auto t = s.find("tolerance")) h.tolerance = finite_value(*t);
  if (auto p = s.find("sync_period_seconds")) h.sync_period_s = int32_value(*p);
  if (auto b = s.find("behavior")) {
    b->expect_object({"scale_up", "scale_down"});
    if (auto r = b->find("scale_up")) read_hpa_rules(*r, h.scale_up);
    if (auto r = b->find("scale_down")) read_hpa_rules(*r, h.scale_down);
  }
}

/// A service's `"hpa"`: the HPA that scales it on EKS options.
void read_eks_hpa(const node& s, sim::service& svc) {
  s.expect_object({"target_percent", "min", "max", "tolerance", "sync_period_seconds", "behavior"});
  scaling::hpa_policy h;
  read_hpa_fields(s, h);
  svc.hpa = h;
  svc.hpa_on = sim::hpa_scope::eks_options;
}

void read_scaling(const node& s, sim::service& svc) {
  scaling_type type = scaling_type::target_tracking;
  if (auto t = s.find("type")) type = t->enumeration_among(all_scaling_types);
  const bool step = type == scaling_type::step;
  if (step) {
    s.expect_object({"type", "min", "max", "initial", "cooldown_s", "adjustment_type", "scale_out",
                     "scale_in", "scheduled"});
  } else if (type == scaling_type::exact) {
    // A replayed bill: the demand is the tasks that ran, so every step runs ⌈demand / capacity⌉
    // tasks — target tracking at 100 % with one-datapoint alarms, no margin and no cooldowns.
    s.expect_object({"type", "min", "max", "initial"});
    scaling::target_tracking_policy& p = svc.scaling;
    p.target_percent = 100;
    p.scale_out_cooldown_s = p.scale_in_cooldown_s = 0;
    p.out_datapoints = p.in_datapoints = 1;
    p.in_margin = 0;
  } else if (type == scaling_type::hpa) {
    s.expect_object({"type", "target_percent", "min", "max", "initial", "tolerance", "sync_period_seconds",
                     "behavior", "scheduled"});
  } else if (type != scaling_type::exact) {
    s.expect_object({"type", "target_percent", "min", "max", "initial", "scale_out_cooldown_s",
                     "scale_in_cooldown_s", "disable_scale_in", "scheduled"});
  }
  if (auto sch = s.find("scheduled")) {  // daily min/max changes: [{"hour", "min", "max"}]
    const std::size_t n = sch->array_size();
    if (n > 48)
      sch->fail(errid::out_of_range,
                std::to_string(n) + " scheduled actions exceed the limit of 48");
    for (std::size_t i = 0; i < n; ++i) {
      const node a = (*sch)[i];
      a.expect_object({"hour", "min", "max"});
      scaling::scheduled_action act;
      act.hour = below(a.at("hour"), 0, 24);
      act.min_tasks = a.at("min").integer(0, max_tasks);
      act.max_tasks = a.at("max").integer(0, max_tasks);
      if (act.max_tasks < act.min_tasks)
        a.at("max").fail(errid::out_of_range, "max " + std::to_string(act.max_tasks) +
                                                  " is below min " + std::to_string(act.min_tasks));
      svc.schedule.push_back(act);
    }
  }
  scaling::target_tracking_policy& p = svc.scaling;
  if (type == scaling_type::hpa) {
    // The HPA scales the service on every option; `scaling` keeps its min and max (the range
    // of `initial`) and the rules live in sim::validate.
    scaling::hpa_policy h;
    read_hpa_fields(s, h);
    svc.hpa = h;
    svc.hpa_on = sim::hpa_scope::all_options;
    p.min_tasks = h.min_replicas;
    p.max_tasks = h.max_replicas;
    svc.initial_tasks = h.min_replicas <= h.max_replicas ? std::clamp<std::int64_t>(1, h.min_replicas, h.max_replicas)
                                                         : h.min_replicas;
    if (auto i = s.find("initial")) svc.initial_tasks = int32_value(*i);
    return;
  }
  if (auto t = s.find("target_percent")) p.target_percent = positive(*t, 100);
  if (auto m = s.find("min")) p.min_tasks = m->integer(0, max_tasks);
  if (auto m = s.find("max")) p.max_tasks = m->integer(0, max_tasks);
  if (p.max_tasks < p.min_tasks) {
    const std::string lo_s = std::to_string(p.min_tasks), hi_s = std::to_string(p.max_tasks);
    const auto lo = s.find("min");
    const auto hi = s.find("max");
    if (hi)
      hi->fail(errid::out_of_range,
               "max " + hi_s + " is below min " + lo_s + (lo ? "" : " (the default)"));
    lo->fail(errid::out_of_range, "min " + lo_s + " is above max " + hi_s + " (the default)");
  }
  svc.initial_tasks = std::clamp<std::int64_t>(1, p.min_tasks, p.max_tasks);
  if (auto i = s.find("initial")) {
    svc.initial_tasks = i->integer(0, max_tasks);
    if (svc.initial_tasks < p.min_tasks || svc.initial_tasks > p.max_tasks)
      i->fail(errid::out_of_range, std::to_string(svc.initial_tasks) + " is outside min..max (" +
                                       std::to_string(p.min_tasks) + ".." +
                                       std::to_string(p.max_tasks) + ")");
  }
  if (auto c = s.find("scale_out_cooldown_s")) p.scale_out_cooldown_s = c->integer(0, max_seconds);
  if (auto c = s.find("scale_in_cooldown_s")) p.scale_in_cooldown_s = c->integer(0, max_seconds);
  if (auto d = s.find("disable_scale_in")) p.disable_scale_in = d->boolean();
  if (step) read_step_scaling(s, svc);
}

void read_startup(const node& s, sim::startup_latency& st) {
  s.expect_object({"min", "max"});
  const auto lo = s.find("min");
  const auto hi = s.find("max");
  if (lo) st.min_s = lo->number(0, max_startup_seconds);
  if (hi) st.max_s = hi->number(0, max_startup_seconds);
  if (st.min_s > st.max_s) {
    const std::string lo_s = node::num(st.min_s), hi_s = node::num(st.max_s);
    if (hi)
      hi->fail(errid::out_of_range,
               "max " + hi_s + " is below min " + lo_s + (lo ? "" : " (the default)"));
    lo->fail(errid::out_of_range, "min " + lo_s + " is above max " + hi_s + " (the default)");
  }
}

// A recorded trace in place of the model: {"file", "column", "timestamp_column",
// "interval_seconds", "scale", "scale_to_mean", "block_hours"}; `file` is relative to the
// scenario file's folder.
demand::trace read_trace(const node& t, std::string_view source) {
  t.expect_object({"file", "column", "timestamp_column", "interval_seconds", "scale",
                   "scale_to_mean", "block_hours"});
  trace_csv_options o;
  const std::string& file = t.at("file").string();
  o.value_column = t.at("column").string();
  if (auto c = t.find("timestamp_column")) o.timestamp_column = c->string();
  if (auto v = t.find("interval_seconds")) o.interval_s = positive(*v, 86400.0 * 366);
  if (auto v = t.find("scale")) o.scale = positive(*v, max_demand);
  if (auto v = t.find("scale_to_mean")) o.scale_to_mean = positive(*v, max_demand);
  std::filesystem::path path(file);
  if (path.is_relative()) path = std::filesystem::path(std::string(source)).parent_path() / path;
  std::string text;
  try {
    text = read_text_file(path.string(), t.limits());
  } catch (const io_error& e) {
    throw io_error(e.code(), t.path() + "/file", e.place() + ": " + e.message());
  }
  demand::trace tr = parse_trace_csv(text, path.string(), o);
  if (auto v = t.find("block_hours")) tr.block_s = positive(*v, 24.0 * 3660) * 3600.0;
  return tr;
}

demand::demand_model read_demand(const node& d, sim::service& sv, std::string_view source) {
  d.expect_object({"base", "diurnal", "weekly", "trend_per_month", "noise", "bursts", "trace"});
  demand::demand_model m;
  if (auto t = d.find("trace")) {
    for (const char* k : {"base", "diurnal", "weekly", "trend_per_month", "noise", "bursts"})
      if (d.has(k))
        d.at(k).fail(errid::unsupported,
                     "a demand trace replaces the model: remove \"" + std::string(k) + "\"");
    sv.trace = read_trace(*t, source);
    return m;
  }
  m.base = d.at("base").number(0, max_demand);
  if (auto x = d.find("diurnal")) {
    x->expect_object({"amplitude", "peak_hour"});
    if (auto v = x->find("amplitude")) m.diurnal.amplitude = v->number(0, 1);
    if (auto v = x->find("peak_hour")) m.diurnal.peak_hour = below(*v, 0, 24);
  }
  if (auto x = d.find("weekly")) {
    x->expect_object({"weekend_factor"});
    if (auto v = x->find("weekend_factor")) m.weekly.weekend_factor = v->number(0, max_factor);
  }
  if (auto v = d.find("trend_per_month")) m.trend_per_month = above(*v, -1, max_trend_per_month);
  if (auto x = d.find("noise")) {
    x->expect_object({"cv", "ar1"});
    if (auto v = x->find("cv")) m.noise.cv = v->number(0, max_cv);
    if (auto v = x->find("ar1")) m.noise.ar1 = below(*v, 0, 1);
  }
  if (auto x = d.find("bursts")) {
    x->expect_object({"per_day", "size_mean", "duration_minutes", "tail_alpha"});
    if (auto v = x->find("per_day")) m.bursts.per_day = v->number(0, max_bursts_per_day);
    if (auto v = x->find("size_mean")) m.bursts.size_mean = v->number(0, max_demand);
    if (auto v = x->find("duration_minutes"))
      m.bursts.duration_minutes = v->number(0, max_burst_minutes);
    // The Pareto mean exists only above 1, and size_mean is that mean.
    if (auto v = x->find("tail_alpha")) m.bursts.tail_alpha = above(*v, 1, max_tail_alpha);
  }
  return m;
}

sim::service read_service(const node& e, const price_catalog& cat,
                          std::string_view source) {
  e.expect_object({"name", "task", "capacity_per_task", "scaling", "hpa", "startup_seconds", "demand", "image_size_mib",
                   "load_balancer"});
  sim::service s;
  s.name = read_name(e);
  s.task = read_task(e.at("task"), cat);
  if (auto g = e.at("task").find("gpus")) s.gpus = g->integer(0, sim::bounds::max_task_gpus);
  if (auto m = e.at("task").find("cpu_millicores")) s.cpu_millicores = m->integer(1, sim::bounds::max_task_cpu_millicores);
  if (auto c = e.find("capacity_per_task")) s.capacity_per_task = positive(*c, max_demand);
  if (auto x = e.find("scaling")) {
    read_scaling(*x, s);
  } else {
    s.initial_tasks = std::clamp<std::int64_t>(1, s.scaling.min_tasks, s.scaling.max_tasks);
  }
  if (auto h = e.find("hpa")) {
    if (s.hpa)
      h->fail(errid::unsupported,
              "the service's \"scaling\" is already an HPA on every option; \"hpa\" gives EKS options their own "
              "HPA when \"scaling\" is ECS target tracking or step scaling");
    read_eks_hpa(*h, s);
  }
  if (auto x = e.find("startup_seconds")) read_startup(*x, s.startup);
  s.demand = read_demand(e.at("demand"), s, source);
  if (auto m = e.find("image_size_mib")) s.image_size_mib = m->number(0, max_image_size_mib);
  if (auto lb = e.find("load_balancer")) {
    lb->expect_object({"type", "new_connections_per_second", "active_connections_per_minute", "processed_gb_per_hour",
                       "rule_evaluations_per_second"});
    if (auto t = lb->find("type"); t && t->string() != "alb")
      t->fail(errid::bad_enum, "\"" + t->string() + "\" is not one of alb (fleetcast models Application Load Balancers)");
    sim::load_balancer_load l;
    if (auto v = lb->find("new_connections_per_second")) l.new_connections_per_s = v->number(0, max_load);
    if (auto v = lb->find("active_connections_per_minute")) l.active_connections_per_min = v->number(0, max_load);
    if (auto v = lb->find("processed_gb_per_hour")) l.processed_gb_per_hour = v->number(0, max_load);
    if (auto v = lb->find("rule_evaluations_per_second")) l.rule_evaluations_per_s = v->number(0, max_load);
    s.load_balancer = l;
  }
  return s;
}

std::vector<sim::provider_share> read_strategy(const node& a) {
  const std::size_t n = a.array_size(false);
  if (n > std::size_t(max_strategy_entries))
    a.fail(errid::out_of_range, std::to_string(n) + " entries exceed ECS's limit of 20");
  std::vector<sim::provider_share> out;
  for (std::size_t i = 0; i < n; ++i) {
    const node e = a[i];
    e.expect_object({"provider", "base", "weight"});
    sim::provider_share p;
    p.provider = e.at("provider").enumeration_among(sim::all_fargate_providers);
    if (auto b = e.find("base")) p.base = b->integer(0, max_strategy_base);
    if (auto w = e.find("weight")) p.weight = w->integer(0, max_strategy_weight);
    out.push_back(p);
  }
  return out;
}

/// EKS managed node groups scaled by the cluster autoscaler: each a type with its size
/// bounds; their types become the option's instance types.
void read_node_groups(const node& g, sim::option& x) {
  const std::size_t n = g.array_size();
  if (n == 0) g.fail(errid::unsupported, "node_groups needs at least one group");
  for (std::size_t i = 0; i < n; ++i) {
    const node v = g[i];
    v.expect_object({"instance_type", "min", "max"});
    sim::node_group ng;
    ng.instance_type = v.at("instance_type").string();
    if (auto m = v.find("min")) ng.min = m->integer(0, max_tasks);
    if (auto m = v.find("max")) ng.max = m->integer(1, max_tasks);
    x.instance_types.push_back(ng.instance_type);
    x.node_groups.push_back(ng);
  }
  x.provisioner = sim::provisioner_kind::cluster_autoscaler;
}

void read_instance_types(const node& o, sim::option& x) {
  const auto a = o.find("instance_types");
  if (!a) return;  // sim::validate: an EC2 option needs at least one
  for (std::size_t i = 0, n = a->array_size(); i < n; ++i) x.instance_types.push_back((*a)[i].string());
}

/// An option's Savings Plans and RIs (sim::validate checks that the catalog has their rates).
void read_option_commitments(const node& cs, sim::option& x, const price_catalog& cat) {
  const std::size_t n = cs.array_size();
  if (n > max_commitments) cs.fail(errid::out_of_range, std::to_string(n) + " commitments exceed the limit of 100");
  name_set names;
  for (std::size_t i = 0; i < n; ++i) x.commitments.push_back(detail::read_commitment(cs[i], i, names, cat, cat.region));
}

/// The settings of EC2 and auto_mode options.
void read_ec2_settings(const node& o, sim::option& x) {
  read_instance_types(o, x);
  if (auto g = o.find("node_groups")) read_node_groups(*g, x);
  if (auto p = o.find("placement")) x.placement = p->enumeration_among(packing::all_placement_policies);
  if (auto p = o.find("provisioner")) {
    if (x.on != platform::eks) p->fail(errid::unsupported, "\"provisioner\" applies to EKS options only");
    x.provisioner = p->enumeration_among(sim::all_provisioners);
  }
  if (auto b = o.find("on_demand_base")) x.on_demand_base = b->integer(0, max_tasks);
  if (auto s = o.find("spot_percent")) x.spot_percent = s->number(0, 100);
  if (auto l = o.find("instance_launch_seconds")) x.instance_launch_s = l->number(0, max_launch_seconds);
  if (auto c = o.find("consolidation_interval_seconds")) x.consolidation_interval_s = c->integer(0, max_seconds);
  if (auto c = o.find("consolidate_after_seconds")) x.consolidate_after_s = finite_value(*c);
  if (auto c = o.find("consolidation_policy")) x.consolidation_policy = c->enumeration_among(sim::all_consolidation_policies);
  if (auto w = o.find("instance_warmup_seconds")) x.instance_warmup_s = w->number(0, max_launch_seconds);
  if (auto w = o.find("scale_in_after_seconds")) x.scale_in_after_s = w->number(0, max_launch_seconds);
  // The cluster autoscaler's flag is a fraction; the option holds a percentage.
  if (auto u = o.find("scale_down_utilization_threshold")) {
    if (x.provisioner != sim::provisioner_kind::cluster_autoscaler)
      u->fail(errid::unsupported,
              "scale_down_utilization_threshold is a cluster autoscaler setting: \"provisioner\": "
              "\"cluster_autoscaler\"");
    x.scale_down_utilisation_percent = u->number(0, 1) * 100.0;
  }
  if (auto a = o.find("spot_allocation")) x.spot_allocation = a->enumeration_among(sim::all_spot_allocation_strategies);
  if (auto d = o.find("daemonsets")) {
    if (x.on != platform::eks) d->fail(errid::unsupported, "daemonsets run on EKS nodes: EKS on EC2 or auto_mode only");
    d->expect_object({"cpu_millicores", "memory_mib", "pods"});
    if (auto v = d->find("cpu_millicores")) x.daemonset_cpu_millicores = v->integer(0, max_daemonset_cpu_millicores);
    if (auto v = d->find("memory_mib")) x.daemonset_memory_mib = v->integer(0, max_daemonset_memory_mib);
    if (auto v = d->find("pods")) x.daemonset_pods = v->integer(0, max_daemonset_pods);
  }
  if (auto e = o.find("ecs")) {
    if (x.on != platform::ecs) e->fail(errid::unsupported, "\"ecs\" sets up ECS container instances: ECS on EC2 only");
    e->expect_object({"network_mode", "eni_trunking", "reserved_memory_mib"});
    if (auto m = e->find("network_mode")) x.ecs.network_mode = m->enumeration_among(packing::all_ecs_network_modes);
    if (auto t = e->find("eni_trunking")) x.ecs.eni_trunking = t->boolean();
    if (auto m = e->find("reserved_memory_mib")) x.ecs.reserved_memory_mib = m->integer(0, max_ecs_reserved_memory_mib);
  }
  if (auto t = o.find("target_capacity_percent")) {
    if (x.on != platform::ecs)
      t->fail(errid::unsupported, "target_capacity_percent is ECS capacity-provider managed scaling: ECS on EC2 only");
    x.target_capacity_percent = t->number(1, 100);
  }
}

/// Fields that only mean something for some options; `where` is what they need.
void refuse(const node& o, std::initializer_list<std::string_view> keys, std::string_view where) {
  for (auto k : keys)
    if (auto v = o.find(k))
      v->fail(errid::unsupported, in_quotes(k) + " applies to " + std::string(where) + " options only");
}

sim::option read_option(const node& o, const price_catalog& cat) {
  o.expect_object({"name", "platform", "compute", "capacity_provider_strategy", "instance_types", "placement",
                   "provisioner", "on_demand_base", "spot_percent", "instance_launch_seconds",
                   "consolidation_interval_seconds", "clusters", "support", "spot_interruptions_per_month",
                   "target_capacity_percent", "daemonsets", "spot_allocation", "instance_warmup_seconds",
                   "scale_in_after_seconds", "consolidation_policy", "commitments", "node_groups",
                   "scale_down_utilization_threshold", "public_ipv4", "root_volume_gib", "ecs",
                   "consolidate_after_seconds"});
  sim::option x;
  x.name = read_name(o);
  if (auto p = o.find("platform")) x.on = p->enumeration<platform>("ecs, eks");
  if (auto c = o.find("compute")) x.compute = c->enumeration_among(sim::all_compute_kinds);
  if (auto s = o.find("capacity_provider_strategy")) x.strategy = read_strategy(*s);
  if (x.compute == sim::compute_kind::fargate)
    refuse(o,
           {"instance_types", "placement", "provisioner", "on_demand_base", "spot_percent", "instance_launch_seconds",
            "consolidation_interval_seconds", "consolidate_after_seconds", "instance_warmup_seconds",
            "scale_in_after_seconds", "node_groups",
            "scale_down_utilization_threshold", "consolidation_policy", "spot_allocation", "daemonsets",
            "target_capacity_percent", "ecs"},
           "EC2 and auto_mode");
  else
    read_ec2_settings(o, x);
  if (auto r = o.find("spot_interruptions_per_month")) x.spot_interruption_probability_per_month = r->number(0, 1);
  if (auto p = o.find("public_ipv4")) x.public_ipv4 = p->boolean();
  if (x.compute == sim::compute_kind::fargate) {
    refuse(o, {"root_volume_gib"}, "EC2 and auto_mode");
  } else if (auto v = o.find("root_volume_gib")) {
    x.root_volume_gib = v->integer(0, max_root_volume_gib);
  }
  if (auto cs = o.find("commitments")) read_option_commitments(*cs, x, cat);
  if (x.on == platform::eks) {
    if (auto c = o.find("clusters")) x.clusters = c->integer(0, max_clusters);
    if (auto s = o.find("support")) x.support = s->enumeration<support_tier>("standard, extended");
  } else {
    refuse(o, {"clusters", "support"}, "EKS");
  }
  return x;
}

}  // namespace

sim::scenario parse_scenario(std::string_view json_text, std::string_view source,
                             const price_catalog& catalog, const input_limits& limits) {
  const detail::error_family errors = detail::with_limits(detail::input_errors, limits);
  const detail::json doc = detail::parse_json(json_text, source, errors);
  const node root(doc, "", errors);
  if (doc.is_object() && doc.contains("options") && !doc.contains("services") &&
      (doc.contains("stopping") || doc.contains("scenarios") || doc.contains("heuristic")))
    root.fail(errid::wrong_type,
              "this is a result of fleetcast simulate, not a scenario: `fleetcast report FILE` renders it as HTML; "
              "simulate needs the scenario file that produced it");
  root.expect_object({"name", "description", "region", "horizon", "services", "options",
                      "monte_carlo", "correlation", "network"});
  sim::scenario sc;
  sc.name = read_name(root);
  if (auto d = root.find("description")) (void)d->string();
  sc.region = catalog.region;
  if (auto r = root.find("region")) sc.region = r->string();
  const node hz = root.at("horizon");
  sc.horizon = read_horizon(hz);

  // The limits are checked from the array sizes, before reading any element.
  const node services = root.at("services");
  const node options = root.at("options");
  const std::size_t n_services = services.array_size(false);
  const std::size_t n_options = options.array_size(false);
  services.check_count(limit::services, n_services, "services");
  options.check_count(limit::options, n_options, "options");
  const double work = double(sc.horizon.steps()) * double(n_services) * double(n_options);
  if (work > double(limits.path_work))
    hz.fail(errid::limit_exceeded,
            limit_message(limits, limit::path_work, std::to_string(sc.horizon.steps()) + " steps × " +
                                                std::to_string(n_services) + " services × " +
                                                std::to_string(n_options) + " options = " +
                                                node::num(work) + " per trial exceeds") +
                "; or use fewer days or a longer step_seconds");

  for (std::size_t i = 0; i < n_services; ++i)
    sc.services.push_back(read_service(services[i], catalog, source));
  for (std::size_t j = 0; j < n_options; ++j)
    sc.options.push_back(read_option(options[j], catalog));

  if (auto c = root.find("correlation")) {  // n × n over the services, in their order
    const std::size_t n = c->array_size(false);
    if (n != n_services)
      c->fail(errid::out_of_range, "a correlation matrix needs one row per service (" +
                                       std::to_string(n_services) + "), not " + std::to_string(n));
    for (std::size_t i = 0; i < n; ++i) {
      const node row = (*c)[i];
      if (row.array_size(false) != n)
        row.fail(errid::out_of_range, "each row needs " + std::to_string(n) + " entries");
      for (std::size_t j = 0; j < n; ++j) sc.correlation.push_back(row[j].number(-1, 1));
    }
    sc.correlation_root = demand::correlation_square_root(sc.correlation, n, c->path());
  }

  if (auto nw = root.find("network")) {
    nw->expect_object({"egress", "availability_zones", "interface_endpoints", "public_ipv4_addresses"});
    if (auto e = nw->find("egress")) sc.network.egress = e->enumeration_among(sim::all_egress_kinds);
    if (auto z = nw->find("availability_zones")) sc.network.availability_zones = z->integer(1, max_availability_zones);
    if (auto n = nw->find("interface_endpoints")) sc.network.interface_endpoints = n->integer(1, max_interface_endpoints);
    if (auto a = nw->find("public_ipv4_addresses")) sc.network.public_ipv4_addresses = a->integer(0, max_public_ipv4);
  }
  if (auto mc = root.find("monte_carlo")) {
    mc->expect_object({"scenarios", "seed"});
    if (auto s = mc->find("scenarios")) sc.scenarios = s->integer(1, max_scenarios);
    if (auto s = mc->find("seed")) sc.seed = static_cast<std::uint64_t>(s->integer(0, max_seed));
  }
  if (auto ng = root.find("$not_generated")) {  // written by fleetcast import
    const std::size_t n = ng->array_size();
    ng->check_count(limit::options, n, "$not_generated");
    for (std::size_t i = 0; i < n; ++i) {
      const node e = (*ng)[i];
      e.expect_object({"option", "reason"});
      sc.not_generated.push_back({e.at("option").string(), e.at("reason").string()});
    }
  }
  if (auto a = root.find("$actuals")) {  // written by fleetcast actuals --scenario
    a->expect_object({"paid_usd", "at_catalog_usd", "hours", "as_is_option", "tolerance_usd", "first_hour",
                      "description", "notes"});
    sim::bill_baseline b;
    b.paid_usd = a->at("paid_usd").number(-1e15, 1e15);
    b.hours = a->at("hours").number(0, 24.0 * max_days);
    b.as_is_option = a->at("as_is_option").string();
    if (auto c = a->find("at_catalog_usd")) b.at_catalog_usd = c->number(-1e15, 1e15);
    if (auto t = a->find("tolerance_usd")) b.tolerance_usd = t->number(0, 1e15);
    if (auto f = a->find("first_hour")) b.first_hour = f->string();
    if (auto d = a->find("description")) b.description = d->string();
    if (auto n = a->find("notes"))
      for (std::size_t i = 0, k = n->array_size(); i < k; ++i) b.notes.push_back((*n)[i].string());
    sc.bill = std::move(b);
  }
  sim::validate(sc, catalog, place_style::json_pointer);
  return sc;
}

sim::scenario load_scenario(const std::string& path, const price_catalog& catalog, const input_limits& limits) {
  return parse_scenario(read_text_file(path, limits), path, catalog, limits);
}

}  // namespace fleetcast
