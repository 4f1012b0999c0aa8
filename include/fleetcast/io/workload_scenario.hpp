#pragma once
/// @file
/// From imported workloads (ECS task/service definitions, Kubernetes manifests) to a scenario:
/// `fleetcast import FILE... -o scenario.json` writes it for the analyst to edit, and
/// `fleetcast simulate` accepts the same files directly.

#include <string>
#include <string_view>
#include <vector>

#include "fleetcast/io/workload_import.hpp"
#include "fleetcast/pricing/catalog.hpp"
#include "fleetcast/sim/scenario.hpp"

namespace fleetcast {

/// The scenario JSON (format in the README) for `workloads`: one service per workload with a
/// default demand model — base = replicas × target utilisation, so target tracking keeps the
/// file's replicas on an average day; a diurnal swing of ±30 % peaking at 15:00, lognormal
/// AR(1) noise (cv 0.1, ar1 0.9), one burst a day — and scaling from the file's autoscaler
/// (HorizontalPodAutoscaler) or else target tracking at 70 % between the replicas and three
/// times as many. Options: for ECS workloads, ECS Fargate (with the service's capacity-provider
/// strategy when it has one) and a Fargate Spot mix when every workload allows Fargate, and ECS
/// on EC2 (m6i.large, m6i.xlarge; the service's placement) when every workload allows EC2; for
/// Kubernetes workloads, EKS Fargate and EKS on EC2 with Karpenter. Names are made unique.
/// Throws `input_error` when there is nothing to simulate.
[[nodiscard]] std::string workloads_to_scenario_json(const std::vector<imported_workload>& workloads,
                                                     std::string_view name);

/// Reads the workloads of one file: Kubernetes YAML/JSON or ECS JSON, by content. `text` is the
/// file's text, `path` its name (also for places in errors).
[[nodiscard]] std::vector<imported_workload> import_workloads(std::string_view text, std::string_view path,
                                                              const input_limits& limits = {});

/// Whether a file is a workload file rather than a fleetcast scenario: YAML by extension
/// (.yaml, .yml), or JSON that looks like an ECS or Kubernetes object. JSON beyond `limits`
/// (depth, string bytes) is not looked into (false: the scenario reader reports it).
[[nodiscard]] bool is_workload_file(std::string_view text, std::string_view path, const input_limits& limits = {});

}  // namespace fleetcast
