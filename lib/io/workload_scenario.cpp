#include "fleetcast/io/workload_scenario.hpp"

#include <algorithm>
#include <cmath>
#include <set>

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

/// How an imported workload scales: a Kubernetes workload by the HPA algorithm (its own HPA's
/// target, bounds and behavior, written out in full with Kubernetes' defaults; without an HPA
/// the defaults below), an ECS one by target tracking.
json scaling_json(const imported_workload& w, double target, std::int64_t lo, std::int64_t hi,
                  std::int64_t initial) {
  if (w.on == platform::eks)
    return {{"type", "hpa"},
            {"target_percent", std::int64_t(std::ceil(target))},
            {"min", lo},
            {"max", hi},
            {"initial", initial},
            {"behavior",
             {{"scale_up", hpa_rules_json(w.hpa_scale_up.value_or(scaling::default_hpa_scale_up()))},
              {"scale_down", hpa_rules_json(w.hpa_scale_down.value_or(scaling::default_hpa_scale_down()))}}}};
  return {{"type", "target_tracking"},
          {"target_percent", target},
          {"min", lo},
          {"max", hi},
          {"initial", initial},
          {"scale_out_cooldown_s", 60},
          {"scale_in_cooldown_s", 300}};
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

json types_with_gpus(std::initializer_list<const char*> cpu_types, bool gpus) {
  json out = json::array();
  for (const char* t : cpu_types) out.push_back(t);
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

}  // namespace

std::vector<skipped_option> impossible_options(const std::vector<imported_workload>& workloads) {
  std::vector<skipped_option> out;
  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
  };
  for (const auto& w : workloads) {
    if (w.on == platform::ecs) {
      std::vector<std::string> fargate;  // why Fargate cannot run this workload
      if (!allows(w, "FARGATE")) fargate.push_back("does not list FARGATE in requiresCompatibilities");
      if (w.gpus > 0) fargate.push_back("needs " + std::to_string(w.gpus) + " GPU(s) (Fargate has no GPUs)");
      if (!w.network_mode.empty() && w.network_mode != "awsvpc")
        fargate.push_back("uses networkMode " + w.network_mode + " (Fargate needs awsvpc)");
      if (!w.task_level_size) fargate.push_back("has no task-level cpu and memory (Fargate bills them)");
      if (!fargate.empty()) {
        add_reason(out, "ecs-fargate", what(w) + " " + join(fargate));
        add_reason(out, "ecs-fargate-spot", what(w) + " " + join(fargate));
      }
      if (!allows(w, "EC2")) add_reason(out, "ecs-ec2", what(w) + " does not list EC2 in requiresCompatibilities");
    } else if (w.gpus > 0) {
      add_reason(out, "eks-fargate",
                 what(w) + " requests " + std::to_string(w.gpus) + " nvidia.com/gpu (EKS Fargate has no GPUs)");
    }
  }
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
    return import_ecs(text, path, limits);
  }
  return import_kubernetes(text, path, limits);
}

std::string workloads_to_scenario_json(const std::vector<imported_workload>& workloads, std::string_view name) {
  if (workloads.empty())
    throw input_error(errid::missing_field, std::string(name), "no workload to simulate (no task definition, service, Deployment, StatefulSet or Pod)");
  std::set<std::string> service_names;
  json services = json::array();
  bool any_ecs = false, any_eks = false, ecs_gpus = false, eks_gpus = false;
  const imported_workload* strategy_from = nullptr;
  std::string placement;
  for (const auto& w : workloads) {
    const bool ecs = w.on == platform::ecs;
    any_ecs = any_ecs || ecs;
    any_eks = any_eks || !ecs;
    (ecs ? ecs_gpus : eks_gpus) |= w.gpus > 0;
    if (ecs) {
      if (!strategy_from && !w.capacity_provider_strategy.empty()) strategy_from = &w;
      if (placement.empty()) placement = w.placement;
    }
    // The sizes as written: EC2 packing uses them, and Fargate options round them up to a
    // Fargate size (EKS: after adding 256 MiB) when billing. ECS: CPU units. Kubernetes: the
    // millicores as written (`cpu_millicores`, which EKS-on-EC2 packing uses) and the same in
    // ECS units rounded up (`cpu`); a pod without a request gets the default above.
    json task;
    if (ecs) {
      task = {{"cpu", w.cpu_units}, {"memory", w.memory_mib}};
    } else {
      const std::int64_t milli = w.cpu_millicores > 0 ? w.cpu_millicores : default_pod_millicores;
      task = {{"cpu", millicores_to_cpu_units(milli)},
              {"cpu_millicores", milli},
              {"memory", w.memory_mib > 0 ? w.memory_mib : default_pod_memory_mib}};
    }
    task["os"] = w.os == os_family::windows_os ? "windows" : "linux";
    task["arch"] = w.arch == cpu_arch::arm64 ? "arm64" : "x86_64";
    if (w.gpus > 0) task["gpus"] = w.gpus;
    if (w.ephemeral_storage_gib > 20) task["ephemeral_storage_gib"] = w.ephemeral_storage_gib;
    const double target = w.target_cpu_percent.value_or(70.0);
    const std::int64_t replicas = std::max<std::int64_t>(1, w.replicas);
    const std::int64_t lo = w.min_replicas.value_or(replicas);
    const std::int64_t hi = std::max(lo, w.max_replicas.value_or(3 * replicas));
    services.push_back(
        {{"$comment", "imported from " + w.source + " (" + w.kind + "); demand is a default model: edit it"},
         {"name", unique(w.name, service_names)},
         {"task", std::move(task)},
         {"capacity_per_task", 1.0},
         {"scaling", scaling_json(w, target, lo, hi, std::clamp(replicas, lo, hi))},
         {"demand",
          {{"base", double(replicas) * target / 100.0},
           {"diurnal", {{"amplitude", 0.3}, {"peak_hour", 15}}},
           {"noise", {{"cv", 0.1}, {"ar1", 0.9}}},
           {"bursts", {{"per_day", 1.0}, {"size_mean", 0.5 * double(replicas)}, {"duration_minutes", 20}}}}}});
  }
  const std::vector<skipped_option> skipped = impossible_options(workloads);
  auto possible = [&](std::string_view option) {
    return std::none_of(skipped.begin(), skipped.end(), [&](const skipped_option& s) { return s.option == option; });
  };
  const bool ecs_fargate = possible("ecs-fargate"), ecs_ec2 = possible("ecs-ec2");
  json options = json::array();
  if (any_ecs) {
    if (ecs_fargate) {
      json o = {{"name", "ecs-fargate"}, {"platform", "ecs"}, {"compute", "fargate"}};
      bool fargate_only = strategy_from != nullptr;
      if (strategy_from)
        for (const auto& p : strategy_from->capacity_provider_strategy)
          fargate_only = fargate_only && (p.provider == "FARGATE" || p.provider == "FARGATE_SPOT");
      if (fargate_only) {
        json st = json::array();
        for (const auto& p : strategy_from->capacity_provider_strategy)
          st.push_back({{"provider", p.provider}, {"base", p.base}, {"weight", p.weight}});
        o["name"] = "ecs-fargate-as-defined";
        o["capacity_provider_strategy"] = std::move(st);
        options.push_back(std::move(o));
        options.push_back({{"name", "ecs-fargate"}, {"platform", "ecs"}, {"compute", "fargate"}});
      } else {
        options.push_back(std::move(o));
      }
      options.push_back({{"name", "ecs-fargate-spot"},
                         {"platform", "ecs"},
                         {"compute", "fargate"},
                         {"capacity_provider_strategy",
                          {{{"provider", "FARGATE"}, {"base", 1}, {"weight", 1}}, {{"provider", "FARGATE_SPOT"}, {"weight", 3}}}}});
    }
    if (ecs_ec2)
      options.push_back({{"name", "ecs-ec2"},
                         {"platform", "ecs"},
                         {"compute", "ec2"},
                         {"instance_types", types_with_gpus({"m6i.large", "m6i.xlarge"}, ecs_gpus)},
                         {"placement", placement.empty() ? std::string("binpack:memory") : placement}});
    if (!ecs_fargate && !ecs_ec2) {
      std::string why;
      for (const auto& s : skipped) why += " " + s.option + ": " + s.reason + ".";
      throw input_error(errid::unsupported, std::string(name),
                        "no ECS option can run every workload; split them into separate scenarios." + why);
    }
  }
  if (any_eks) {
    if (possible("eks-fargate")) options.push_back({{"name", "eks-fargate"}, {"platform", "eks"}, {"compute", "fargate"}});
    options.push_back({{"name", "eks-ec2"},
                       {"platform", "eks"},
                       {"compute", "ec2"},
                       {"instance_types", types_with_gpus({"m6i.large", "m6i.xlarge", "c6i.large", "r6i.large"}, eks_gpus)},
                       {"provisioner", "karpenter"}});
  }
  // Options an app cannot run on, with the reason, in a key the scenario reader skips ('$'),
  // so the analyst sees why an option is missing.
  json not_generated = json::array();
  for (const auto& s : skipped)
    if ((s.option.rfind("ecs-", 0) == 0 && any_ecs) || (s.option.rfind("eks-", 0) == 0 && any_eks))
      not_generated.push_back({{"option", s.option}, {"reason", s.reason}});
  json out = {{"$schema", "./scenario.schema.json"},
              {"name", std::string(name)},
              {"region", "us-east-1"},
              {"horizon", {{"days", 7}, {"step_seconds", 60}}},
              {"services", std::move(services)},
              {"options", std::move(options)},
              {"monte_carlo", {{"scenarios", 1000}, {"seed", 42}}}};
  if (!not_generated.empty()) out["$not_generated"] = std::move(not_generated);
  return out.dump(2) + "\n";
}

}  // namespace fleetcast
