#pragma once
/// @file
/// What one EC2 instance offers the packer once the platform has taken its share: an EKS node's
/// allocatable CPU, memory and pods (VPC CNI max pods, kube-reserved, eviction, DaemonSets), or
/// an ECS container instance's registered CPU units, memory and awsvpc task slots.
///
/// Figures and their sources (`aws-pricing-facts.md` §3.3, §3.4, §4.1, §4.2):
/// - VPC CNI max pods and its 110/250 cap: awslabs/amazon-eks-ami `max-pods-calculator.sh`.
/// - kube-reserved and eviction: awslabs/amazon-eks-ami `templates/al2/runtime/bootstrap.sh`
///   (AL2) and `nodeadm/internal/kubelet/config.go` (AL2023: the same formulas).
/// - ECS registered memory: the ECS developer guide, "Reserving Amazon ECS Linux container
///   instance memory" (m4.large: 8 GiB installed, 7985 MiB registered), and the agent's
///   `getCpuAndMemory` (aws/amazon-ecs-agent `ecs-agent/api/ecs/client/ecs_client.go`:
///   MemTotal / 1 MiB − ECS_RESERVED_MEMORY; CPU = cores × 1024).
/// - ECS ENI trunking limits: the ECS developer guide's table (`ecs_eni_trunking_table`).

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string_view>

#include "fleetcast/core/units.hpp"
#include "fleetcast/packing/resources.hpp"
#include "fleetcast/pricing/catalog.hpp"

namespace fleetcast::packing {

// ---------------------------------------------------------------------------------------------
// EKS: VPC CNI max pods

/// How the VPC CNI hands out pod IPs on a node.
struct vpc_cni_options {
  bool prefix_delegation = false;  ///< /28 prefixes (16 IPs) per ENI slot; Nitro, CNI >= 1.9.0
  bool custom_networking = false;  ///< pods use other subnets: the primary ENI holds no pod IPs
  bool capped = true;              ///< the recommended cap; false = `--show-max-allowed`
};

/// Pod cap of the recommended max pods: 110 up to 30 vCPUs, 250 above.
[[nodiscard]] constexpr std::int64_t recommended_max_pods_cap(int vcpu) noexcept {
  return vcpu > 30 ? 250 : 110;
}

/// Max pods the VPC CNI supports on `t` (pods per node, including host-network pods).
/// Secondary IPs: ENIs × (IPv4 per ENI − 1) + 2; prefix delegation: ENIs × ((IPv4 per ENI − 1)
/// × 16) + 2; custom networking uses ENIs − 1. The +2 are aws-node and kube-proxy, which use the
/// host network. Capped at `recommended_max_pods_cap` unless `o.capped` is false.
/// Precondition: `t.max_enis >= 1`, `t.ipv4_per_eni >= 1`. O(1).
[[nodiscard]] constexpr std::int64_t vpc_cni_max_pods(const instance_type& t,
                                                      const vpc_cni_options& o = {}) noexcept {
  const std::int64_t enis = o.custom_networking ? t.max_enis - 1 : t.max_enis;
  const std::int64_t ips_per_eni = std::int64_t{t.ipv4_per_eni} - 1;
  const std::int64_t pods = enis * (o.prefix_delegation ? ips_per_eni * 16 : ips_per_eni) + 2;
  return o.capped ? std::min(pods, recommended_max_pods_cap(t.vcpu)) : pods;
}

// ---------------------------------------------------------------------------------------------
// EKS: kube-reserved, eviction, allocatable

/// kube-reserved memory of the EKS AMIs, in MiB: 11 × `max_pods` + 255.
[[nodiscard]] constexpr std::int64_t kube_reserved_memory_mib(std::int64_t max_pods) noexcept {
  return 11 * max_pods + 255;
}

/// kube-reserved CPU of the EKS AMIs, in millicores: 6% of the 1st core, 1% of the 2nd, 0.5% of
/// the 3rd and 4th, 0.25% of each core above 4 (2 vCPU → 70, 4 → 80, 8 → 90, 16 → 110). Each
/// range is truncated to whole millicores as bootstrap.sh's integer arithmetic does (5 → 82).
/// Precondition: `vcpu >= 0`.
[[nodiscard]] constexpr std::int64_t kube_reserved_cpu_millicores(int vcpu) noexcept {
  const std::int64_t total = std::int64_t{vcpu} * 1000;
  constexpr std::int64_t starts[] = {0, 1000, 2000, 4000};
  constexpr std::int64_t ends[] = {1000, 2000, 4000, INT64_MAX};
  constexpr std::int64_t hundredths_of_percent[] = {600, 100, 50, 25};
  std::int64_t reserved = 0;
  for (int k = 0; k < 4; ++k)
    if (total > starts[k])
      reserved += (std::min(total, ends[k]) - starts[k]) * hundredths_of_percent[k] / 100 / 100;
  return reserved;
}

/// kubelet `evictionHard` `memory.available` of the EKS AMIs, in MiB.
inline constexpr std::int64_t eks_eviction_memory_mib = 100;

/// Which pod count the kube-reserved memory formula is fed with.
enum class reserved_memory_pods {
  /// The instance type's eni-max-pods.txt value (secondary IPs, standard ENIs, uncapped; the
  /// catalog's `eks_max_pods`), whatever max pods the kubelet actually runs with. Both AMIs do
  /// this: AL2 bootstrap.sh reads eni-max-pods.txt even with `--use-max-pods false` and a
  /// `--max-pods` in `--kubelet-extra-args` (the prefix-delegation recipe), and AL2023 nodeadm
  /// computes kube-reserved before merging the user's kubelet config (unless its opt-in
  /// `MemoryLimitMaxPods` feature gate lowers the figure first).
  eni_max_pods_table,
  /// The max pods the kubelet runs with (`eks_node_capacity::max_pods`), as Karpenter computes
  /// kube-reserved for the nodes it launches.
  max_pods_in_use,
};

/// Requests of the DaemonSet pods on every node. Include aws-node and kube-proxy: they take two
/// of the node's max pods (the +2 of the VPC CNI formula).
struct daemonset_requests {
  std::int64_t cpu_millicores = 0;
  std::int64_t memory_mib = 0;
  std::int64_t pods = 0;
};

/// How an EKS node is set up: its CNI mode, max pods and DaemonSets.
struct eks_node_options {
  vpc_cni_options cni{};
  /// The kubelet's `--max-pods` when set by hand; otherwise `vpc_cni_max_pods(t, cni)`.
  /// Precondition: >= 0. It is taken as is, even above what the CNI has IPs for.
  std::optional<std::int64_t> max_pods_override{};
  reserved_memory_pods reserve_for = reserved_memory_pods::eni_max_pods_table;
  daemonset_requests daemonsets{};  ///< subtracted from allocatable
};

/// An EKS node's capacity, what the platform keeps, and what is left for workload pods.
/// CPU in millicores, memory in MiB. Allocatable = capacity − kube-reserved − eviction
/// (− DaemonSets for the `cpu_millicores`, `memory_mib` and `pods` fields).
struct eks_node_capacity {
  std::int64_t capacity_cpu_millicores = 0;  ///< vCPU × 1000
  /// The catalog's (nominal) memory, as the EKS formulas are usually quoted. The kubelet really
  /// reports MemTotal, a few % less (see `ecs_default_os_overhead_fraction`); not taken off.
  std::int64_t capacity_memory_mib = 0;
  std::int64_t max_pods = 0;                  ///< kubelet max pods
  std::int64_t reserved_memory_max_pods = 0;  ///< pod count fed to the kube-reserved formula
  std::int64_t kube_reserved_cpu_m = 0;
  std::int64_t kube_reserved_memory_mib = 0;
  std::int64_t eviction_memory_mib = 0;
  daemonset_requests daemonsets{};
  bool daemonsets_fit = true;       ///< false: DaemonSets exceed the node; the fields below are 0
  std::int64_t cpu_millicores = 0;  ///< left for workload pods
  std::int64_t memory_mib = 0;      ///< left for workload pods
  std::int64_t pods = 0;            ///< left for workload pods
};

/// The allocatable capacity of an EKS node of type `t` for workload pods (AL2 EKS AMI formulas).
/// Precondition: `t.vcpu >= 1`, `t.memory_mib >= 1`, `t.max_enis >= 1`, `t.ipv4_per_eni >= 1`;
/// option values >= 0. Never throws; a node the DaemonSets overfill is a status. O(1).
[[nodiscard]] constexpr eks_node_capacity eks_node_allocatable(
    const instance_type& t, const eks_node_options& o = {}) noexcept {
  eks_node_capacity c;
  c.capacity_cpu_millicores = std::int64_t{t.vcpu} * 1000;
  c.capacity_memory_mib = t.memory_mib;
  c.max_pods = o.max_pods_override ? *o.max_pods_override : vpc_cni_max_pods(t, o.cni);
  c.reserved_memory_max_pods = o.reserve_for == reserved_memory_pods::max_pods_in_use
                                   ? c.max_pods
                                   : vpc_cni_max_pods(t, {.capped = false});
  c.kube_reserved_cpu_m = kube_reserved_cpu_millicores(t.vcpu);
  c.kube_reserved_memory_mib = kube_reserved_memory_mib(c.reserved_memory_max_pods);
  c.eviction_memory_mib = eks_eviction_memory_mib;
  c.daemonsets = o.daemonsets;
  const std::int64_t cpu =
      c.capacity_cpu_millicores - c.kube_reserved_cpu_m - o.daemonsets.cpu_millicores;
  const std::int64_t mem = c.capacity_memory_mib - c.kube_reserved_memory_mib -
                           c.eviction_memory_mib - o.daemonsets.memory_mib;
  const std::int64_t pods = c.max_pods - o.daemonsets.pods;
  c.daemonsets_fit = cpu >= 0 && mem >= 0 && pods >= 0;
  if (c.daemonsets_fit) {
    c.cpu_millicores = cpu;
    c.memory_mib = mem;
    c.pods = pods;
  }
  return c;
}

// ---------------------------------------------------------------------------------------------
// ECS on EC2: container instance

/// A task definition's network mode. Only awsvpc gives each task its own ENI.
enum class ecs_network_mode { awsvpc, bridge, host };
inline constexpr std::array<ecs_network_mode, 3> all_ecs_network_modes = {
    ecs_network_mode::awsvpc, ecs_network_mode::bridge, ecs_network_mode::host};
/// The task definition's `networkMode` value.
[[nodiscard]] constexpr std::string_view to_string(ecs_network_mode m) noexcept {
  switch (m) {
    case ecs_network_mode::awsvpc: return "awsvpc";
    case ecs_network_mode::bridge: return "bridge";
    case ecs_network_mode::host: return "host";
  }
  return "?";
}

/// Share of the nominal memory a container instance does not register (kernel, platform): the
/// ECS developer guide's one worked example, an m4.large (8192 MiB) registering 7985 MiB
/// (8373026816 bytes of MemTotal), is 207/8192 ≈ 2.53%. For other types and AMIs it is an
/// **estimate**: the overhead is not strictly proportional (an agent issue reports a c4.2xlarge
/// registering 15043 of 15360 MiB, 2.06%), and newer kernels may take more. Karpenter assumes
/// 7.5% for the same gap on EKS nodes (`VM_MEMORY_OVERHEAD_PERCENT`), a cautious default.
inline constexpr double ecs_default_os_overhead_fraction = 207.0 / 8192.0;

/// How an ECS container instance is set up: network mode, trunking and memory reservations.
struct ecs_instance_options {
  /// Default awsvpc (AWS's recommendation and the binding case); note that an EC2 Linux task
  /// definition without `networkMode` gets bridge.
  ecs_network_mode network_mode = ecs_network_mode::awsvpc;
  /// Use `ecs_trunked_task_limit` (needs the `awsvpcTrunking` account setting, which is off by
  /// default). Types without an entry fall back to ENIs − 1.
  bool eni_trunking = false;
  /// ECS_RESERVED_MEMORY in MiB (agent default 0: aws/amazon-ecs-agent README).
  std::int64_t reserved_memory_mib = 0;
  /// Fraction of nominal memory the OS and kernel hide from the agent; in [0, 1).
  double os_overhead_fraction = ecs_default_os_overhead_fraction;
  /// A measured overhead in MiB (nominal − registered with ECS_RESERVED_MEMORY=0, as
  /// DescribeContainerInstances shows it); replaces `os_overhead_fraction` when set.
  std::optional<std::int64_t> os_overhead_mib{};

  friend constexpr bool operator==(const ecs_instance_options&, const ecs_instance_options&) = default;
};

/// One row of the ECS ENI trunking table: an instance type's awsvpc task limit without and
/// with `awsvpcTrunking`.
struct eni_trunking_row {
  std::string_view family;  ///< "m6i"
  std::string_view size;    ///< "large"
  std::int64_t without_trunking;  ///< task limit without trunking: ENIs − 1
  std::int64_t with_trunking;     ///< task limit with trunking
};

/// The "ENI trunking supported instance types" table, as published in the ECS developer guide:
/// repository awsdocs/amazon-ecs-developer-guide, path `doc_source/container-instance-eni.md`,
/// commit a35b7671c57ce34babc04525a1d7b16fd4c9a8c6 (2023-04-18, the last commit with content;
/// transcribed in docs/sources/fidelity-facts.md §1.2). Only the families whose rows that
/// document quotes: m5, m6i, c5, r5; c6i and r6i ("same pattern" as m6i); the Graviton
/// m6g, c6g, r6g, m7g and c7g; g5, p3.2xlarge and p4d.24xlarge. Types absent here — t3/t4g and
/// the other unsupported families, r5.8xlarge (listed as unsupported), and families newer than
/// the 2023 copy such as m7i and c7i — get no trunking: ENIs − 1.
inline constexpr eni_trunking_row ecs_eni_trunking_table[] = {
    // m5 (no 32xlarge)
    {"m5", "large", 2, 10}, {"m5", "xlarge", 3, 20}, {"m5", "2xlarge", 3, 40}, {"m5", "4xlarge", 7, 60},
    {"m5", "8xlarge", 7, 60}, {"m5", "12xlarge", 7, 60}, {"m5", "16xlarge", 14, 120}, {"m5", "24xlarge", 14, 120},
    // m6i, and c6i / r6i with the same pattern (8xlarge 7 | 90, 12xlarge 7 | 120)
    {"m6i", "large", 2, 10}, {"m6i", "xlarge", 3, 20}, {"m6i", "2xlarge", 3, 40}, {"m6i", "4xlarge", 7, 60},
    {"m6i", "8xlarge", 7, 90}, {"m6i", "12xlarge", 7, 120}, {"m6i", "16xlarge", 14, 120},
    {"m6i", "24xlarge", 14, 120}, {"m6i", "32xlarge", 14, 120}, {"m6i", "metal", 14, 120},
    {"c6i", "large", 2, 10}, {"c6i", "xlarge", 3, 20}, {"c6i", "2xlarge", 3, 40}, {"c6i", "4xlarge", 7, 60},
    {"c6i", "8xlarge", 7, 90}, {"c6i", "12xlarge", 7, 120}, {"c6i", "16xlarge", 14, 120},
    {"c6i", "24xlarge", 14, 120}, {"c6i", "32xlarge", 14, 120},
    {"r6i", "large", 2, 10}, {"r6i", "xlarge", 3, 20}, {"r6i", "2xlarge", 3, 40}, {"r6i", "4xlarge", 7, 60},
    {"r6i", "8xlarge", 7, 90}, {"r6i", "12xlarge", 7, 120}, {"r6i", "16xlarge", 14, 120},
    {"r6i", "24xlarge", 14, 120}, {"r6i", "32xlarge", 14, 120},
    // c5 (9xlarge and 18xlarge; c5.metal unsupported)
    {"c5", "large", 2, 10}, {"c5", "xlarge", 3, 20}, {"c5", "2xlarge", 3, 40}, {"c5", "4xlarge", 7, 60},
    {"c5", "9xlarge", 7, 60}, {"c5", "12xlarge", 7, 60}, {"c5", "18xlarge", 14, 120}, {"c5", "24xlarge", 14, 120},
    // r5 (r5.8xlarge unsupported)
    {"r5", "large", 2, 10}, {"r5", "xlarge", 3, 20}, {"r5", "2xlarge", 3, 40}, {"r5", "4xlarge", 7, 60},
    {"r5", "12xlarge", 7, 60}, {"r5", "16xlarge", 14, 120}, {"r5", "24xlarge", 14, 120},
    // Graviton: medium 1 | 4 … 16xlarge 14 | 120
    {"m6g", "medium", 1, 4}, {"m6g", "large", 2, 10}, {"m6g", "xlarge", 3, 20}, {"m6g", "2xlarge", 3, 40},
    {"m6g", "4xlarge", 7, 60}, {"m6g", "8xlarge", 7, 60}, {"m6g", "12xlarge", 7, 60}, {"m6g", "16xlarge", 14, 120},
    {"c6g", "medium", 1, 4}, {"c6g", "large", 2, 10}, {"c6g", "xlarge", 3, 20}, {"c6g", "2xlarge", 3, 40},
    {"c6g", "4xlarge", 7, 60}, {"c6g", "8xlarge", 7, 60}, {"c6g", "12xlarge", 7, 60}, {"c6g", "16xlarge", 14, 120},
    {"r6g", "medium", 1, 4}, {"r6g", "large", 2, 10}, {"r6g", "xlarge", 3, 20}, {"r6g", "2xlarge", 3, 40},
    {"r6g", "4xlarge", 7, 60}, {"r6g", "8xlarge", 7, 60}, {"r6g", "12xlarge", 7, 60}, {"r6g", "16xlarge", 14, 120},
    {"m7g", "medium", 1, 4}, {"m7g", "large", 2, 10}, {"m7g", "xlarge", 3, 20}, {"m7g", "2xlarge", 3, 40},
    {"m7g", "4xlarge", 7, 60}, {"m7g", "8xlarge", 7, 60}, {"m7g", "12xlarge", 7, 60}, {"m7g", "16xlarge", 14, 120},
    {"c7g", "medium", 1, 4}, {"c7g", "large", 2, 10}, {"c7g", "xlarge", 3, 20}, {"c7g", "2xlarge", 3, 40},
    {"c7g", "4xlarge", 7, 60}, {"c7g", "8xlarge", 7, 60}, {"c7g", "12xlarge", 7, 60}, {"c7g", "16xlarge", 14, 120},
    // GPU rows
    {"g5", "xlarge", 3, 6}, {"g5", "2xlarge", 3, 19}, {"g5", "4xlarge", 7, 40}, {"g5", "8xlarge", 7, 90},
    {"g5", "12xlarge", 14, 120}, {"g5", "16xlarge", 7, 120}, {"g5", "24xlarge", 14, 120}, {"g5", "48xlarge", 6, 120},
    {"p3", "2xlarge", 3, 40}, {"p4d", "24xlarge", 59, 120},
};

/// The trunking table's row for `t`, or nullptr when the table has none (no trunking). O(rows).
[[nodiscard]] constexpr const eni_trunking_row* ecs_eni_trunking_row(const instance_type& t) noexcept {
  for (const eni_trunking_row& r : ecs_eni_trunking_table)
    if (r.family == t.family && r.size == t.size) return &r;
  return nullptr;
}

/// Tasks per instance with ENI trunking (`ecs_eni_trunking_table`); nullopt for types the table
/// does not list, which do not support trunking (or are newer than the table's 2023 copy).
[[nodiscard]] constexpr std::optional<std::int64_t> ecs_trunked_task_limit(const instance_type& t) noexcept {
  const eni_trunking_row* r = ecs_eni_trunking_row(t);
  return r != nullptr ? std::optional<std::int64_t>(r->with_trunking) : std::nullopt;
}

/// What an ECS container instance registers, in ECS units: CPU units (1024 per vCPU), MiB.
struct ecs_instance_capacity {
  std::int64_t cpu_units = 0;            ///< vCPU × 1024
  std::int64_t nominal_memory_mib = 0;   ///< the catalog's memory
  std::int64_t os_overhead_mib = 0;      ///< nominal − what the agent sees (MemTotal)
  std::int64_t reserved_memory_mib = 0;  ///< ECS_RESERVED_MEMORY
  std::int64_t memory_mib = 0;           ///< registered: nominal − overhead − reserved, >= 0
  /// awsvpc tasks the instance can run; nullopt in bridge and host mode (no ENI limit).
  std::optional<std::int64_t> task_slots{};
  bool eni_trunking_applied = false;  ///< `task_slots` comes from the trunking table
};

/// What a container instance of type `t` registers with ECS. Precondition: `t.vcpu >= 1`,
/// `t.memory_mib >= 1`, `t.max_enis >= 1`; option values >= 0. Memory never goes below 0 (the
/// agent refuses to register then). Never throws. O(1).
[[nodiscard]] inline ecs_instance_capacity ecs_container_instance(
    const instance_type& t, const ecs_instance_options& o = {}) noexcept {
  ecs_instance_capacity c;
  c.cpu_units = std::int64_t{t.vcpu} * cpu_units_per_vcpu;
  c.nominal_memory_mib = t.memory_mib;
  c.os_overhead_mib =
      o.os_overhead_mib
          ? *o.os_overhead_mib
          : static_cast<std::int64_t>(std::ceil(double(t.memory_mib) * o.os_overhead_fraction));
  c.reserved_memory_mib = o.reserved_memory_mib;
  c.memory_mib =
      std::max<std::int64_t>(0, c.nominal_memory_mib - c.os_overhead_mib - c.reserved_memory_mib);
  if (o.network_mode == ecs_network_mode::awsvpc) {
    const eni_trunking_row* row = ecs_eni_trunking_row(t);
    c.eni_trunking_applied = o.eni_trunking && row != nullptr;
    // The primary ENI belongs to the instance; each awsvpc task takes one of the others. Where
    // the guide's table lists the type, its "without trunking" column is the limit: it counts
    // the ENIs of every network card (p4d.24xlarge: 4 cards, 59 tasks), while the catalog's
    // ENIs are the first card's, which is what the VPC CNI's max pods use.
    c.task_slots = c.eni_trunking_applied ? row->with_trunking
                   : row != nullptr       ? row->without_trunking
                                          : std::int64_t{t.max_enis} - 1;
  }
  return c;
}

// ---------------------------------------------------------------------------------------------
// To the packer

/// Task slots given to the packer when the network mode sets no ENI limit: far more tasks than an
/// instance runs, and small enough that products of two capacities stay in range.
inline constexpr std::int64_t unlimited_task_slots = 1'000'000;

/// The bin capacity of an EKS node: {millicores, MiB, pods, GPUs = 0}. O(1).
[[nodiscard]] constexpr resources<platform_dims> to_resources(const eks_node_capacity& c) noexcept {
  return {c.cpu_millicores, c.memory_mib, c.pods, 0};
}

/// The bin capacity of an ECS container instance: {CPU units, MiB, task slots, GPUs = 0}; task
/// slots are `unlimited_task_slots` in bridge and host mode. O(1).
[[nodiscard]] constexpr resources<platform_dims> to_resources(
    const ecs_instance_capacity& c) noexcept {
  return {c.cpu_units, c.memory_mib, c.task_slots.value_or(unlimited_task_slots), 0};
}

}  // namespace fleetcast::packing
