#include "fleetcast/io/workload_scenario.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include "fleetcast/billing/fargate.hpp"

#include "json_reader.hpp"

namespace fleetcast {
namespace {

using detail::json;

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string unique(std::string name, std::set<std::string>& taken) {
  if (name.empty()) name = "service";
  std::string n = name;
  for (int i = 2; !taken.insert(n).second; ++i) n = name + "-" + std::to_string(i);
  return n;
}

json hpa_rules_json(const scaling::hpa_scaling_rules& r) {
  json policies = json::array();
  for (const auto& q : r.policies)
    policies.push_back({{"type", to_string(q.type)}, {"value", q.value}, {"period_seconds", q.period_s}});
  return {{"stabilization_window_seconds", r.stabilization_window_s},
          {"select_policy", to_string(r.select)},
          {"policies", std::move(policies)}};
}

// Defaults for what the files do not say (each printed in the import summary).
constexpr double default_target_percent = 70.0;  ///< CPU target without an autoscaler

/// ECS options: target tracking on CPU at the autoscaler's target between its bounds (ECS
/// Service Auto Scaling's cooldowns: 60 s out, 300 s in).
json target_tracking_json(double target, std::int64_t lo, std::int64_t hi, std::int64_t initial) {
  return {{"type", "target_tracking"},
          {"target_percent", target},
          {"min", lo},
          {"max", hi},
          {"initial", initial},
          {"scale_out_cooldown_s", 60},
          {"scale_in_cooldown_s", 300}};
}

/// EKS options: the HPA algorithm, with the workload's own HPA behavior or else Kubernetes'
/// defaults, at the same target and bounds, written out in full.
json hpa_json(const imported_workload& w, double target, std::int64_t lo, std::int64_t hi) {
  return {{"target_percent", std::int64_t(std::ceil(target))},
          {"min", lo},
          {"max", hi},
          {"behavior",
           {{"scale_up", hpa_rules_json(w.hpa_scale_up.value_or(scaling::default_hpa_scale_up()))},
            {"scale_down", hpa_rules_json(w.hpa_scale_down.value_or(scaling::default_hpa_scale_down()))}}}};
}

/// The default demand model, the same for every service and option: base = replicas × target
/// utilisation, so the autoscaler keeps the file's replicas on an average day; a diurnal swing
/// of ±30 % peaking at 15:00; lognormal AR(1) noise (cv 0.1, ar1 0.9); one burst a day of half
/// the replicas for 20 minutes.
json demand_json(std::int64_t replicas, double target) {
  return {{"base", double(replicas) * target / 100.0},
          {"diurnal", {{"amplitude", 0.3}, {"peak_hour", 15}}},
          {"noise", {{"cv", 0.1}, {"ar1", 0.9}}},
          {"bursts", {{"per_day", 1.0}, {"size_mean", 0.5 * double(replicas)}, {"duration_minutes", 20}}}};
}

bool allows(const imported_workload& w, std::string_view launch) {
  return w.compatibilities.empty() ||
         std::find(w.compatibilities.begin(), w.compatibilities.end(), launch) != w.compatibilities.end();
}

// The size of a pod without a CPU (or memory) request: EKS Fargate's default, 0.25 vCPU and
// 0.5 GB, of which 256 MiB is the pod overhead Fargate adds (EKS user guide, Fargate pod
// configuration; the catalog's `fargate.eks_default_size`). Kubernetes itself schedules such
// a pod with no request at all; a size above 0 keeps it from packing for free on EC2.
constexpr std::int64_t default_pod_millicores = 250;
constexpr std::int64_t default_pod_memory_mib = 256;

// GPU types added to the EC2 options of an app with GPU workloads: every g4dn, g5 and g6 size
// of the built-in catalog with 1, 4 or 8 GPUs at the lowest price per GPU of its family and
// GPU count, so Karpenter (or the cheapest-type rule) picks among T4, A10G and L4 nodes. The
// p4d and p5 training types are left for the analyst to add.
constexpr const char* gpu_instance_types[] = {
    "g4dn.xlarge", "g4dn.2xlarge", "g4dn.4xlarge", "g4dn.12xlarge", "g4dn.metal",
    "g5.xlarge",   "g5.2xlarge",   "g5.4xlarge",   "g5.12xlarge",   "g5.48xlarge",
    "g6.xlarge",   "g6.2xlarge",   "g6.4xlarge",   "g6.12xlarge",   "g6.48xlarge"};

// Graviton (arm64) counterparts of the default types, same generation (m6i ↔ m6g, c6i ↔
// c6g, r6i ↔ r6g), added when a workload is arm64: an x86 type cannot run it.
const char* graviton_counterpart(std::string_view t) {
  if (t == "m6i.large") return "m6g.large";
  if (t == "m6i.xlarge") return "m6g.xlarge";
  if (t == "c6i.large") return "c6g.large";
  if (t == "r6i.large") return "r6g.large";
  return nullptr;
}

json types_with_gpus(std::initializer_list<const char*> cpu_types, bool gpus, bool arm = false) {
  json out = json::array();
  for (const char* t : cpu_types) out.push_back(t);
  if (arm)
    for (const char* t : cpu_types)
      if (const char* g = graviton_counterpart(t)) out.push_back(g);
  if (gpus)
    for (const char* t : gpu_instance_types) out.push_back(t);
  return out;
}

std::string what(const imported_workload& w) {
  return w.kind + " \"" + w.name + "\" (" + w.source + ")";
}

void add_reason(std::vector<skipped_option>& out, std::string_view option, std::string reason) {
  for (auto& s : out)
    if (s.option == option) {
      s.reason += "; " + reason;
      return;
    }
  out.push_back({std::string(option), std::move(reason)});
}

bool is_daemonset(const imported_workload& w) { return w.kind == "DaemonSet"; }

/// The first ECS service whose capacity-provider strategy uses only Fargate providers: its
/// strategy becomes the "ecs-fargate-as-defined" option.
const imported_workload* fargate_strategy_source(const std::vector<imported_workload>& workloads) {
  for (const auto& w : workloads)
    if (w.on == platform::ecs && !w.capacity_provider_strategy.empty()) {
      for (const auto& p : w.capacity_provider_strategy)
        if (p.provider != "FARGATE" && p.provider != "FARGATE_SPOT") return nullptr;
      return &w;
    }
  return nullptr;
}

}  // namespace

imported_size scenario_size(const imported_workload& w) {
  imported_size z;
  if (w.on == platform::ecs) {
    z.cpu_units = w.cpu_units;
    z.memory_mib = w.memory_mib;
  } else {
    z.cpu_millicores = w.cpu_millicores > 0 ? w.cpu_millicores : default_pod_millicores;
    z.cpu_units = millicores_to_cpu_units(z.cpu_millicores);
    z.memory_mib = w.memory_mib > 0 ? w.memory_mib : default_pod_memory_mib;
  }
  return z;
}

std::optional<fargate_size> fargate_size_for(const imported_workload& w, platform on, std::string* why) {
  const imported_size z = scenario_size(w);
  fargate_request r;
  r.on = on;
  r.os = w.os;
  r.arch = w.arch;
  r.cpu_units = static_cast<int>(std::min<std::int64_t>(z.cpu_units, std::int64_t{1} << 30));
  r.memory_mib = static_cast<int>(std::min<std::int64_t>(z.memory_mib, std::int64_t{1} << 30));
  r.ephemeral_storage_gib = w.ephemeral_storage_gib;
  try {
    return fargate_billed_size(default_catalog().fargate, r);
  } catch (const input_error& e) {
    if (why) *why = e.message();
    return std::nullopt;
  }
}

std::vector<skipped_option> impossible_options(const std::vector<imported_workload>& workloads) {
  std::vector<skipped_option> out;
  for (const auto& w : workloads) {
    if (is_daemonset(w)) continue;  // per-node overhead: Fargate options run without it (summary)
    if (w.gpus > 0) {
      // "GPUs aren't currently available on Fargate" (awsdocs/amazon-eks-user-guide
      // @d3e1c50c162e:doc_source/fargate.md, read 2026-12-03, confirmed); ECS Fargate has none.
      const std::string why = what(w) + " needs " + std::to_string(w.gpus) + " GPU(s) (Fargate has no GPUs)";
      add_reason(out, "ecs-fargate", why);
      add_reason(out, "ecs-fargate-spot", why);
      add_reason(out, "eks-fargate", why);
      continue;
    }
    if (w.os == os_family::windows_os) {
      // The built-in catalog prices Linux EC2 instances only (sim::validate refuses Windows
      // tasks on EC2 options), so no EC2 option can be simulated for it.
      const std::string ec2 = what(w) + " is Windows; the price catalog has Linux EC2 prices only";
      for (const char* o : {"ecs-ec2", "ecs-ec2-spot", "eks-ec2", "eks-ec2-spot"}) add_reason(out, o, ec2);
    }
    std::string why;
    if (!fargate_size_for(w, platform::ecs, &why)) {
      add_reason(out, "ecs-fargate", what(w) + ": " + why);
      add_reason(out, "ecs-fargate-spot", what(w) + ": " + why);
    } else if (w.os == os_family::windows_os) {
      add_reason(out, "ecs-fargate-spot", what(w) + " is Windows (Fargate Spot runs Linux tasks only)");
    }
    if (!fargate_size_for(w, platform::eks, &why)) add_reason(out, "eks-fargate", what(w) + ": " + why);
  }
  return out;
}

namespace {
/// An ECS service's network mode as ECS runs it: as written, else bridge for a task definition
/// that may run on EC2 (the default of an EC2 Linux task definition, ECS developer guide), else
/// awsvpc.
std::string ecs_network_mode_of(const imported_workload& w) {
  return w.network_mode.empty() ? (allows(w, "EC2") ? "bridge" : "awsvpc") : w.network_mode;
}

/// The one network mode of the ECS-on-EC2 options (an option has one): awsvpc if any ECS
/// service uses it (each of its tasks needs an ENI, the binding case, so the option does not
/// promise more tasks per instance than those services get), else host if every service uses
/// host, else bridge. Bridge, host and none use no task ENI, which is all the packer tells apart.
/// Empty without ECS services.
std::string ecs_options_network_mode(const std::vector<imported_workload>& workloads) {
  bool any = false, any_awsvpc = false, all_host = true;
  for (const auto& w : workloads) {
    if (w.on != platform::ecs || is_daemonset(w)) continue;
    const std::string m = ecs_network_mode_of(w);
    any = true;
    any_awsvpc = any_awsvpc || m == "awsvpc";
    all_host = all_host && m == "host";
  }
  if (!any) return "";
  return any_awsvpc ? "awsvpc" : all_host ? "host" : "bridge";
}
}  // namespace

std::vector<std::string> option_adaptations(const std::vector<imported_workload>& workloads) {
  std::vector<std::string> out;
  for (const auto& w : workloads) {
    if (w.on != platform::ecs || is_daemonset(w)) continue;
    std::vector<std::string> change;
    if (!allows(w, "FARGATE")) change.push_back("its requiresCompatibilities does not list FARGATE");
    if (!w.network_mode.empty() && w.network_mode != "awsvpc")
      change.push_back("networkMode " + w.network_mode + " becomes awsvpc (Fargate's only mode)");
    if (!w.task_level_size) change.push_back("it gets task-level cpu and memory (Fargate needs them)");
    if (change.empty()) continue;
    std::string line = what(w) + ": the Fargate options assume a Fargate revision of the task definition";
    for (std::size_t i = 0; i < change.size(); ++i) line += (i == 0 ? ": " : "; ") + change[i];
    out.push_back(std::move(line));
  }
  for (const auto& w : workloads)
    if (w.on == platform::ecs && !is_daemonset(w) && !allows(w, "EC2"))
      out.push_back(what(w) + ": the EC2 options assume it may run on EC2 (its requiresCompatibilities lists only " +
                    (w.compatibilities.empty() ? std::string("FARGATE") : w.compatibilities.front()) + ")");
  // Services with different network modes: say which one the ECS-on-EC2 options use for all.
  const std::string mode = ecs_options_network_mode(workloads);
  std::string modes;
  bool differ = false;
  for (const auto& w : workloads) {
    if (w.on != platform::ecs || is_daemonset(w)) continue;
    const std::string m = ecs_network_mode_of(w);
    differ = differ || m != mode;
    modes += (modes.empty() ? "" : ", ") + w.name + ": " + m;
  }
  if (differ)
    out.push_back("the ECS services' network modes differ (" + modes + "); the ECS-on-EC2 options use " + mode +
                  " for every task (an option has one network mode; " +
                  (mode == "awsvpc" ? "awsvpc, with an ENI per task, is the binding case, so the other tasks may fit "
                                      "more densely than simulated)"
                                    : "none of them uses awsvpc, so no task needs an ENI)"));
  return out;
}

bool is_workload_file(std::string_view text, std::string_view path, const input_limits& limits) {
  if (ends_with(path, ".yaml") || ends_with(path, ".yml")) return true;
  try {
    detail::check_json_limits(text, path, detail::with_limits(detail::input_errors, limits));
  } catch (const input_error&) {
    return false;  // the scenario reader reports it
  }
  const json doc = json::parse(text.begin(), text.end(), nullptr, false);
  if (doc.is_discarded()) return false;  // the scenario reader reports the syntax error
  auto looks = [](const json& o) {
    return o.is_object() && (o.contains("containerDefinitions") || o.contains("taskDefinition") ||
                             o.contains("serviceName") || (o.contains("apiVersion") && o.contains("kind")));
  };
  if (doc.is_array()) return !doc.empty() && looks(doc[0]);
  if (looks(doc)) return true;
  return doc.is_object() && doc.contains("services") && doc["services"].is_array() && !doc["services"].empty() &&
         doc["services"][0].is_object() && doc["services"][0].contains("serviceName");
}

std::vector<imported_workload> import_workloads(std::string_view text, std::string_view path,
                                                const input_limits& limits) {
  const bool yaml = ends_with(path, ".yaml") || ends_with(path, ".yml");
  if (!yaml) {
    detail::check_json_limits(text, path, detail::with_limits(detail::input_errors, limits));
    const json doc = json::parse(text.begin(), text.end(), nullptr, false);
    const json& first = doc.is_array() && !doc.empty() ? doc[0] : doc;
    if (!doc.is_discarded() && first.is_object() && first.contains("apiVersion") && first.contains("kind"))
      return import_kubernetes(text, path, limits);
    if (!doc.is_discarded() && doc.is_object() && (doc.contains("AWSTemplateFormatVersion") || doc.contains("Resources")))
      return import_kubernetes(text, path, limits);  // which explains what to do with a CloudFormation template
    return import_ecs(text, path, limits);
  }
  return import_kubernetes(text, path, limits);
}

std::vector<std::string> generated_options(const std::vector<imported_workload>& workloads) {
  const std::vector<skipped_option> skipped = impossible_options(workloads);
  auto possible = [&](std::string_view option) {
    return std::none_of(skipped.begin(), skipped.end(), [&](const skipped_option& s) { return s.option == option; });
  };
  std::vector<std::string> out;
  const imported_workload* strategy_from = fargate_strategy_source(workloads);
  if (possible("ecs-fargate")) {
    if (strategy_from) out.push_back("ecs-fargate-as-defined");
    out.push_back("ecs-fargate");
  }
  for (const char* o : {"ecs-fargate-spot", "ecs-ec2", "ecs-ec2-spot", "eks-fargate", "eks-ec2", "eks-ec2-spot"})
    if (possible(o)) out.push_back(o);
  return out;
}

std::string workloads_to_scenario_json(const std::vector<imported_workload>& workloads, std::string_view name,
                                       std::string_view schema) {
  if (std::all_of(workloads.begin(), workloads.end(), is_daemonset))
    throw input_error(errid::missing_field, std::string(name),
                      "no workload to simulate (no task definition, service, Deployment, StatefulSet or Pod" +
                          std::string(workloads.empty() ? ")" : "; DaemonSets alone are per-node overhead)"));
  std::set<std::string> service_names;
  json services = json::array();
  bool gpus = false, arm = false;
  std::string placement;
  std::int64_t ds_millicores = 0, ds_memory = 0, ds_pods = 0;
  for (const auto& w : workloads) {
    if (is_daemonset(w)) {
      const imported_size z = scenario_size(w);
      ds_millicores += z.cpu_millicores;
      ds_memory += z.memory_mib;
      ++ds_pods;
      continue;
    }
    const bool ecs = w.on == platform::ecs;
    gpus = gpus || w.gpus > 0;
    arm = arm || w.arch == cpu_arch::arm64;
    if (ecs && placement.empty()) placement = w.placement;
    // The sizes as written: EC2 packing uses them, and Fargate options round them up to a
    // Fargate size (EKS: after adding 256 MiB) when billing. ECS: CPU units. Kubernetes: the
    // millicores as written (`cpu_millicores`, which EKS-on-EC2 packing uses) and the same in
    // ECS units rounded up (`cpu`, which ECS options use); a pod without a request gets the
    // default above.
    const imported_size z = scenario_size(w);
    json task = {{"cpu", z.cpu_units}};
    if (z.cpu_millicores > 0) task["cpu_millicores"] = z.cpu_millicores;
    task["memory"] = z.memory_mib;
    task["os"] = w.os == os_family::windows_os ? "windows" : "linux";
    task["arch"] = w.arch == cpu_arch::arm64 ? "arm64" : "x86_64";
    if (w.gpus > 0) task["gpus"] = w.gpus;
    if (w.ephemeral_storage_gib > 20) task["ephemeral_storage_gib"] = w.ephemeral_storage_gib;
    const double target = w.target_cpu_percent.value_or(default_target_percent);
    const std::int64_t replicas = std::max<std::int64_t>(1, w.replicas);
    const std::int64_t lo = w.min_replicas.value_or(replicas);
    const std::int64_t hi = std::max(lo, w.max_replicas.value_or(3 * replicas));
    const std::int64_t initial = std::clamp(replicas, lo, hi);
    services.push_back(
        {{"$comment", "imported from " + w.source + " (" + w.kind + "); demand is a default model: edit it"},
         {"name", unique(w.name, service_names)},
         {"task", std::move(task)},
         {"capacity_per_task", 1.0},
         {"scaling", target_tracking_json(target, lo, hi, initial)},
         {"hpa", hpa_json(w, target, lo, hi)},
         {"demand", demand_json(replicas, target)}});
  }
  const std::vector<std::string> names = generated_options(workloads);
  if (names.empty()) {
    std::string why;
    for (const auto& s : impossible_options(workloads)) why += " " + s.option + ": " + s.reason + ".";
    throw input_error(errid::unsupported, std::string(name),
                      "no option can run every workload; split them into separate scenarios." + why);
  }
  const imported_workload* strategy_from = fargate_strategy_source(workloads);
  auto has = [&](std::string_view n) { return std::find(names.begin(), names.end(), n) != names.end(); };
  json options = json::array();
  if (has("ecs-fargate-as-defined")) {
    json st = json::array();
    for (const auto& p : strategy_from->capacity_provider_strategy)
      st.push_back({{"provider", p.provider}, {"base", p.base}, {"weight", p.weight}});
    options.push_back({{"name", "ecs-fargate-as-defined"},
                       {"platform", "ecs"},
                       {"compute", "fargate"},
                       {"capacity_provider_strategy", std::move(st)}});
  }
  if (has("ecs-fargate")) options.push_back({{"name", "ecs-fargate"}, {"platform", "ecs"}, {"compute", "fargate"}});
  // The Spot mixes: one on-demand task (or instance) kept, then 3 Spot to 1 on-demand (75 %).
  if (has("ecs-fargate-spot"))
    options.push_back({{"name", "ecs-fargate-spot"},
                       {"platform", "ecs"},
                       {"compute", "fargate"},
                       {"capacity_provider_strategy",
                        {{{"provider", "FARGATE"}, {"base", 1}, {"weight", 1}}, {{"provider", "FARGATE_SPOT"}, {"weight", 3}}}}});
  json ecs_instance = json::object();
  // awsvpc is the format's default; bridge and host are written (docs/import.md, network modes).
  if (const std::string mode = ecs_options_network_mode(workloads); !mode.empty() && mode != "awsvpc")
    ecs_instance["network_mode"] = mode;
  // Kubernetes DaemonSets on ECS: their memory is held back on every instance, as
  // ECS_RESERVED_MEMORY does (the format has no per-instance CPU reserve for ECS).
  if (ds_memory > 0) ecs_instance["reserved_memory_mib"] = ds_memory;
  for (const bool spot : {false, true}) {
    if (!has(spot ? "ecs-ec2-spot" : "ecs-ec2")) continue;
    json o = {{"name", spot ? "ecs-ec2-spot" : "ecs-ec2"},
              {"platform", "ecs"},
              {"compute", "ec2"},
              {"instance_types", types_with_gpus({"m6i.large", "m6i.xlarge"}, gpus, arm)},
              {"placement", placement.empty() ? std::string("binpack:memory") : placement}};
    if (spot) {
      o["on_demand_base"] = 1;
      o["spot_percent"] = 75;
    }
    if (!ecs_instance.empty()) o["ecs"] = ecs_instance;
    options.push_back(std::move(o));
  }
  if (has("eks-fargate")) options.push_back({{"name", "eks-fargate"}, {"platform", "eks"}, {"compute", "fargate"}});
  for (const bool spot : {false, true}) {
    if (!has(spot ? "eks-ec2-spot" : "eks-ec2")) continue;
    json o = {{"name", spot ? "eks-ec2-spot" : "eks-ec2"},
              {"platform", "eks"},
              {"compute", "ec2"},
              {"instance_types", types_with_gpus({"m6i.large", "m6i.xlarge", "c6i.large", "r6i.large"}, gpus, arm)},
              {"provisioner", "karpenter"}};
    if (spot) {
      o["on_demand_base"] = 1;
      o["spot_percent"] = 75;
    }
    if (ds_pods > 0)
      o["daemonsets"] = {{"cpu_millicores", ds_millicores}, {"memory_mib", ds_memory}, {"pods", ds_pods}};
    options.push_back(std::move(o));
  }
  // Options an app cannot run on, with the reason, in a key the scenario reader skips ('$'),
  // so the analyst sees why an option is missing.
  json not_generated = json::array();
  for (const auto& s : impossible_options(workloads)) not_generated.push_back({{"option", s.option}, {"reason", s.reason}});
  json out = json::object();
  if (!schema.empty()) out["$schema"] = std::string(schema);
  out["name"] = std::string(name);
  out["region"] = "us-east-1";
  out["horizon"] = {{"days", 7}, {"step_seconds", 60}};
  out["services"] = std::move(services);
  out["options"] = std::move(options);
  out["monte_carlo"] = {{"scenarios", 1000}, {"seed", 42}};
  if (!not_generated.empty()) out["$not_generated"] = std::move(not_generated);
  return out.dump(2) + "\n";
}

}  // namespace fleetcast
