#pragma once
/// @file
/// Workloads read from files analysts already have: ECS task and service definitions
/// (`import_ecs`) and Kubernetes Deployments, StatefulSets and Pods with their
/// HorizontalPodAutoscalers (`import_kubernetes`). Each becomes an `imported_workload`, which
/// `workloads_to_scenario` (io/workload_scenario.hpp) turns into scenario services.
///
/// Nothing is guessed silently: a field that matters for cost and cannot be mapped, a quantity
/// that does not parse, or a kind that is not known raises `input_error` naming the file, the
/// document and the path.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fleetcast/core/limits.hpp"
#include "fleetcast/core/units.hpp"
#include "fleetcast/scaling/hpa.hpp"

namespace fleetcast {

/// One ECS capacity-provider strategy item, as ECS writes it.
struct imported_provider_share {
  std::string provider;  ///< "FARGATE", "FARGATE_SPOT" or an EC2 capacity provider's name
  std::int64_t base = 0;
  std::int64_t weight = 0;
};

/// One input file's text and the name it goes by in messages (its path).
struct workload_text {
  std::string_view text;
  std::string_view source;
};

/// Something an importer read and left out of the scenario, and why: a Service or ConfigMap
/// (runs no pods), a Job (runs to completion), a custom resource, a file that holds no workload.
struct import_note {
  std::string kind;    ///< "Service", "Job", "file", …
  std::string name;    ///< metadata.name, or the file's name; may be empty
  std::string source;  ///< "app.yaml (document 2)"
  std::string why;     ///< "runs no pods"
};

struct imported_workload {
  std::string name;    ///< ECS service name or task-definition family; Kubernetes metadata.name
  /// "TaskDefinition", "Service", "Deployment", "StatefulSet", "DaemonSet", "Pod". A DaemonSet
  /// runs one pod on every node (`replicas` 0): it is per-node overhead, not a service.
  std::string kind;
  std::string source;  ///< where it came from: "file.yaml (document 3)", "task.json"
  platform on = platform::ecs;  ///< ECS for task/service definitions, EKS for Kubernetes
  /// Size of one task or pod. ECS: CPU units (1024 per vCPU) and MiB — the task-level values,
  /// or, when absent, the sum over containers (`cpu`, and `memory` or else
  /// `memoryReservation`). Kubernetes: millicores and MiB (bytes rounded up) by the EKS Fargate
  /// rule — the larger of the sum of the regular containers' requests and the largest init
  /// container's request, per resource; a container with a limit but no request counts its
  /// limit (as Kubernetes defaults requests to limits). ECS sets cpu_units, Kubernetes
  /// cpu_millicores; a pod that requests no CPU (or memory) leaves it 0.
  std::int64_t cpu_units = 0;
  std::int64_t cpu_millicores = 0;
  std::int64_t memory_mib = 0;
  os_family os = os_family::linux_os;
  cpu_arch arch = cpu_arch::x86_64;
  int ephemeral_storage_gib = 20;  ///< ECS ephemeralStorage.sizeInGiB, or pod ephemeral-storage requests (GiB, up)
  std::int64_t gpus = 0;           ///< nvidia.com/gpu or ECS GPU resource requirements
  /// Launch types the definition allows (ECS requiresCompatibilities: "FARGATE", "EC2"); empty:
  /// any.
  std::vector<std::string> compatibilities;
  std::int64_t replicas = 1;  ///< ECS desiredCount, Kubernetes replicas (Pod: 1)
  /// Autoscaling, when the file has it (a HorizontalPodAutoscaler on CPU utilisation for the
  /// workload): min, max and the target utilisation in percent.
  std::optional<std::int64_t> min_replicas, max_replicas;
  std::optional<double> target_cpu_percent;
  /// ECS task definition `networkMode` as written ("awsvpc", "bridge", "host", "none"); empty
  /// when absent (ECS's default on Linux EC2 is bridge). Kubernetes: empty.
  std::string network_mode;
  /// ECS: the task definition gives task-level `cpu` and `memory` (Fargate requires both).
  /// Kubernetes: false.
  bool task_level_size = false;
  /// A Kubernetes HPA's spec.behavior, with Kubernetes' defaults for what it leaves out: set
  /// exactly when the workload has an HPA.
  std::optional<scaling::hpa_scaling_rules> hpa_scale_up, hpa_scale_down;
  std::vector<imported_provider_share> capacity_provider_strategy;  ///< ECS service
  std::string placement;  ///< ECS placementStrategy as "binpack:memory", "binpack:cpu", "spread"; empty: default
};

/// Reads an ECS task definition (RegisterTaskDefinition JSON, also the `taskDefinition`
/// object of DescribeTaskDefinition output) or service definition (CreateService JSON, also
/// DescribeServices `services[]`), or a JSON array of them. `source` names the file in places.
/// Input limits: depth and string bytes.
[[nodiscard]] std::vector<imported_workload> import_ecs(std::string_view json_text, std::string_view source,
                                                        const input_limits& limits = {});

/// Reads Kubernetes objects from YAML (several documents separated by `---`) or JSON (one
/// object, or a `List` with `items`) in one or more files, as one application: Deployments,
/// StatefulSets, DaemonSets and Pods become workloads; HorizontalPodAutoscalers (autoscaling/v2
/// and v1) attach to the workload they target in any of the files; Services, ConfigMaps and
/// other kinds that run no pods, Jobs and CronJobs (run to completion) and custom resources
/// (API groups outside Kubernetes) are left out, each with a note in `*skipped` when given.
/// ReplicaSets, ReplicationControllers, CloudFormation templates and unknown built-in kinds are
/// errors that say what to give instead.
/// Input limits: nesting depth and the bytes YAML aliases expand to (file bytes), per file.
[[nodiscard]] std::vector<imported_workload> import_kubernetes(std::span<const workload_text> files,
                                                               const input_limits& limits = {},
                                                               std::vector<import_note>* skipped = nullptr);

/// One file: `import_kubernetes({{text, source}}, limits)`.
[[nodiscard]] std::vector<imported_workload> import_kubernetes(std::string_view text, std::string_view source,
                                                               const input_limits& limits = {});

}  // namespace fleetcast
