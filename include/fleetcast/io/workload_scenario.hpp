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

/// A deployment option the importer leaves out because it cannot run a workload, and why.
struct skipped_option {
  std::string option;  ///< the name the option would have had: "ecs-fargate", "eks-fargate", …
  std::string reason;  ///< one line naming each workload that rules it out and the rule
};

/// The options `workloads_to_scenario_json` does not generate for `workloads`, in the order
/// found: ECS Fargate and its Spot mix for a task definition that needs GPUs, uses networkMode
/// bridge, host or none (Fargate needs awsvpc), lacks task-level cpu and memory, or does not
/// list FARGATE; ECS on EC2 for one that does not list EC2; EKS Fargate for a pod that requests
/// GPUs. (DaemonSets are refused by `import_kubernetes`, so no option is left out for them.)
[[nodiscard]] std::vector<skipped_option> impossible_options(const std::vector<imported_workload>& workloads);

/// The scenario JSON (format in the README) for `workloads`: one service per workload with a
/// default demand model — base = replicas × target utilisation, so target tracking keeps the
/// file's replicas on an average day; a diurnal swing of ±30 % peaking at 15:00, lognormal
/// AR(1) noise (cv 0.1, ar1 0.9), one burst a day — and scaling from the file's autoscaler
/// (HorizontalPodAutoscaler) or else target tracking at 70 % between the replicas and three
/// times as many. Options: for ECS workloads, ECS Fargate (with the service's capacity-provider
/// strategy when it has one) and a Fargate Spot mix when every workload allows Fargate, and ECS
/// on EC2 (m6i.large, m6i.xlarge; the service's placement) when every workload allows EC2; for
/// Kubernetes workloads, EKS Fargate and EKS on EC2 with Karpenter. The EC2 options add g4dn,
/// g5 and g6 types when a workload needs GPUs. Options in `impossible_options` are left out
/// and listed under `"$not_generated": [{"option", "reason"}]`. Sizes are the workload's own:
/// an ECS task's CPU units and MiB; a pod's millicores (`cpu_millicores`, and `cpu` in units
/// rounded up) and MiB, or 250m / 256 MiB (EKS Fargate's default of 0.25 vCPU / 0.5 GB with
/// its 256 MiB overhead) for a resource it does not request. Names are made unique.
/// Throws `input_error` when there is nothing to simulate or no ECS option runs every workload.
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
