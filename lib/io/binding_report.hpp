#pragma once
// Private to lib/: how the writers show what binds an EC2 option's instances (the share of
// instance-hours per binding resource) and, for ECS on EC2, tasks per instance by service and
// type (`sim::task_density`). Shared by the single-path and the Monte Carlo writers.

#include <cstdio>
#include <string>
#include <vector>

#include "fleetcast/sim/scenario.hpp"
#include "fleetcast/sim/simulate.hpp"
#include "json_reader.hpp"

namespace fleetcast::detail {

/// The binding resources an option reports: CPU, memory, its network or pod limit (ECS: ENI
/// slots, EKS: pods) and empty instances. Empty for Fargate options.
inline std::vector<sim::binding_resource> reported_binding(const sim::option& o) {
  if (o.compute == sim::compute_kind::fargate) return {};
  return {sim::binding_resource::cpu, sim::binding_resource::memory,
          o.on == platform::eks ? sim::binding_resource::pods : sim::binding_resource::eni_slots,
          sim::binding_resource::empty};
}

/// "ENI slots", "CPU", … for sentences.
inline std::string binding_words(sim::binding_resource b) {
  switch (b) {
    case sim::binding_resource::cpu: return "CPU";
    case sim::binding_resource::memory: return "memory";
    case sim::binding_resource::eni_slots: return "ENI slots";
    case sim::binding_resource::pods: return "max pods";
    case sim::binding_resource::empty: return "nothing (empty)";
  }
  return "?";
}

/// The density rows as JSON, with names; rows whose indices do not fit the scenario (a
/// partial file of another scenario) are left out.
inline json density_json(const sim::scenario& s, const sim::option& o, const std::vector<sim::task_density>& d) {
  json rows = json::array();
  for (const auto& x : d) {
    if (x.service >= s.services.size() || x.instance_type >= o.instance_types.size()) continue;
    rows.push_back({{"service", s.services[x.service].name},
                    {"instance_type", o.instance_types[x.instance_type]},
                    {"tasks_per_instance", x.tasks_per_instance},
                    {"binds", std::string(to_string(x.binds))},
                    {"without_eni_limit", x.without_eni_limit},
                    {"with_trunking", x.with_trunking ? json(*x.with_trunking) : json(nullptr)}});
  }
  return rows;
}

/// "payments-api on m6i.large: 2 tasks per instance (ENI slots bind); without the ENI limit 4,
/// with trunking 4" per row, each line starting with `indent`.
inline std::string density_lines(const sim::scenario& s, const sim::option& o, const std::vector<sim::task_density>& d,
                                 const std::string& indent) {
  std::string out;
  for (const auto& x : d) {
    if (x.service >= s.services.size() || x.instance_type >= o.instance_types.size()) continue;
    out += indent + s.services[x.service].name + " on " + o.instance_types[x.instance_type] + ": " +
           std::to_string(x.tasks_per_instance) + " tasks per instance (" + binding_words(x.binds) + " bind" +
           (x.binds == sim::binding_resource::eni_slots ? "" : "s") + ")";
    if (o.ecs.network_mode == packing::ecs_network_mode::awsvpc) {
      out += "; without the ENI limit " + std::to_string(x.without_eni_limit);
      out += x.with_trunking ? ", with trunking " + std::to_string(*x.with_trunking) : std::string(", no trunking for this type");
    }
    out += "\n";
  }
  return out;
}

/// "cpu 3.1%, memory 0.0%, eni_slots 95.0%, empty 1.9%" from shares (0–1) in `reported_binding` order.
inline std::string binding_shares_text(const std::vector<sim::binding_resource>& which, const std::vector<double>& share) {
  std::string out;
  char buf[64];
  for (std::size_t k = 0; k < which.size(); ++k) {
    std::snprintf(buf, sizeof buf, "%s%s %.1f%%", k ? ", " : "", std::string(to_string(which[k])).c_str(),
                  100.0 * share[k]);
    out += buf;
  }
  return out;
}

/// The rule, for the reports' footnotes.
inline constexpr const char* binding_rule_text =
    "binds: share of instance-hours in which each resource had the largest requested share of an instance's\n"
    "allocatable capacity (ties: CPU, then memory, then ENI slots or pods; empty: no tasks).\n";

}  // namespace fleetcast::detail
