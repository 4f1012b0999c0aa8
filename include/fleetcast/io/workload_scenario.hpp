#pragma once
/// @file
/// From imported workloads (ECS task/service definitions, Kubernetes manifests) to a scenario:
/// `fleetcast import FILE... -o scenario.json` writes it for the analyst to edit, and
/// `fleetcast simulate` accepts the same files directly.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fleetcast/billing/fargate.hpp"
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
/// found: every Fargate option for a workload that needs GPUs ("GPUs aren't currently
/// available on Fargate", EKS user guide), or that no Fargate size holds on that platform (EKS
/// Fargate: Linux x86_64 only; larger than the catalog's largest size; the billing layer's rules); ECS
/// Fargate Spot for a Windows task. DaemonSets never rule an option out: they are per-node
/// overhead, which Fargate options leave out (the summary says so). Windows workloads: no EC2
/// option (the catalog has Linux EC2 prices only).
[[nodiscard]] std::vector<skipped_option> impossible_options(const std::vector<imported_workload>& workloads);

/// What the Fargate and EC2 options assume about ECS task definitions that were not written
/// for them (a bridge-mode EC2 task definition on Fargate gets awsvpc and task-level sizes), one
/// line each, for the import summary.
[[nodiscard]] std::vector<std::string> option_adaptations(const std::vector<imported_workload>& workloads);

/// The size of one task or pod as the scenario writes it.
struct imported_size {
  std::int64_t cpu_units = 0;       ///< ECS CPU units (1024 per vCPU); a pod's millicores rounded up
  std::int64_t cpu_millicores = 0;  ///< a pod's CPU request (0 for ECS workloads)
  std::int64_t memory_mib = 0;
};
/// ECS: the task's units and MiB; Kubernetes: the pod's millicores and MiB, or 250m / 256 MiB
/// (EKS Fargate's default of 0.25 vCPU / 0.5 GB less its 256 MiB overhead) for what it does
/// not request.
[[nodiscard]] imported_size scenario_size(const imported_workload& w);

/// The Fargate size `on`'s Fargate bills for one task or pod of `w` (the built-in catalog's
/// sizes), or nullopt with the reason in `*why` when none holds it.
[[nodiscard]] std::optional<fargate_size> fargate_size_for(const imported_workload& w, platform on,
                                                           std::string* why = nullptr);

/// The option names `workloads_to_scenario_json` writes, in its order.
[[nodiscard]] std::vector<std::string> generated_options(const std::vector<imported_workload>& workloads);

/// The scenario JSON (format in the README) for `workloads`, every service with the same
/// default demand model — base = replicas × target utilisation, so the autoscaler keeps the
/// file's replicas on an average day; a diurnal swing of ±30 % peaking at 15:00, lognormal
/// AR(1) noise (cv 0.1, ar1 0.9), one burst a day — and scaling from the file's autoscaler
/// (HorizontalPodAutoscaler) or else a CPU target of 70 % between the replicas and three times
/// as many: ECS target tracking on ECS options, the HPA on EKS options. Every input gets every
/// option that can run it: ECS Fargate (and the service's own Fargate capacity-provider
/// strategy as "ecs-fargate-as-defined"), ECS Fargate Spot (1 on-demand, then 3 Spot : 1),
/// ECS on EC2 (m6i.large, m6i.xlarge; the service's placement) and its Spot mix (1 on-demand
/// instance, then 75 % Spot), EKS Fargate, EKS on EC2 with Karpenter and its Spot mix. The EC2
/// options add g4dn, g5 and g6 types when a workload needs GPUs. DaemonSets become per-node
/// overhead: `daemonsets` on EKS EC2 options, reserved memory on ECS EC2 options, nothing on
/// Fargate (which runs no DaemonSets). Options in `impossible_options` are left out and listed
/// under `"$not_generated": [{"option", "reason"}]`. Sizes are the workload's own
/// (`scenario_size`); Fargate options round them up when billing. Names are made unique.
/// `schema`, when not empty, is written as `$schema`. Throws `input_error` when there is
/// nothing to simulate.
[[nodiscard]] std::string workloads_to_scenario_json(const std::vector<imported_workload>& workloads,
                                                     std::string_view name, std::string_view schema = {});

/// Reads the workloads of one file: Kubernetes YAML/JSON or ECS JSON, by content. `text` is the
/// file's text, `path` its name (also for places in errors).
[[nodiscard]] std::vector<imported_workload> import_workloads(std::string_view text, std::string_view path,
                                                              const input_limits& limits = {});

/// Whether a file is a workload file rather than a fleetcast scenario: YAML by extension
/// (.yaml, .yml), or JSON that looks like an ECS or Kubernetes object. JSON beyond `limits`
/// (depth, string bytes) is not looked into (false: the scenario reader reports it).
[[nodiscard]] bool is_workload_file(std::string_view text, std::string_view path, const input_limits& limits = {});

}  // namespace fleetcast
