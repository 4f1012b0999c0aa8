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

}  // namespace

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
  bool any_ecs = false, any_eks = false, ecs_fargate = true, ecs_ec2 = true;
  const imported_workload* strategy_from = nullptr;
  std::string placement;
  for (const auto& w : workloads) {
    const bool ecs = w.on == platform::ecs;
    any_ecs = any_ecs || ecs;
    any_eks = any_eks || !ecs;
    if (ecs) {
      ecs_fargate = ecs_fargate && allows(w, "FARGATE");
      ecs_ec2 = ecs_ec2 && allows(w, "EC2");
      if (!strategy_from && !w.capacity_provider_strategy.empty()) strategy_from = &w;
      if (placement.empty()) placement = w.placement;
    }
    // CPU in ECS units (1024 per vCPU): Kubernetes millicores rounded up.
    // CPU in ECS units (1024 per vCPU), Kubernetes millicores rounded up. A pod that requests
    // nothing gets the smallest size: 256 units, 256 MiB (EKS Fargate adds 256 MiB: 0.5 GB).
    std::int64_t cpu = w.cpu_units > 0 ? w.cpu_units : millicores_to_cpu_units(w.cpu_millicores);
    std::int64_t memory = w.memory_mib;
    if (w.on == platform::eks) {
      cpu = std::max<std::int64_t>(cpu, 256);
      memory = std::max<std::int64_t>(memory, 256);
    }
    json task = {{"cpu", cpu}, {"memory", memory},
                 {"os", w.os == os_family::windows_os ? "windows" : "linux"},
                 {"arch", w.arch == cpu_arch::arm64 ? "arm64" : "x86_64"}};
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
                         {"instance_types", {"m6i.large", "m6i.xlarge"}},
                         {"placement", placement.empty() ? std::string("binpack:memory") : placement}});
    if (!ecs_fargate && !ecs_ec2)
      throw input_error(errid::unsupported, std::string(name),
                        "the ECS workloads allow neither all FARGATE nor all EC2: split them into separate scenarios");
  }
  if (any_eks) {
    options.push_back({{"name", "eks-fargate"}, {"platform", "eks"}, {"compute", "fargate"}});
    options.push_back({{"name", "eks-ec2"},
                       {"platform", "eks"},
                       {"compute", "ec2"},
                       {"instance_types", {"m6i.large", "m6i.xlarge", "c6i.large", "r6i.large"}},
                       {"provisioner", "karpenter"}});
  }
  json out = {{"$schema", "./scenario.schema.json"},
              {"name", std::string(name)},
              {"region", "us-east-1"},
              {"horizon", {{"days", 7}, {"step_seconds", 60}}},
              {"services", std::move(services)},
              {"options", std::move(options)},
              {"monte_carlo", {{"scenarios", 1000}, {"seed", 42}}}};
  return out.dump(2) + "\n";
}

}  // namespace fleetcast
