#pragma once
/// @file
/// A scenario: services with their tasks, demand and scaling, and the deployment options to
/// compare over the same demand. The JSON form (`fleetcast/io/scenario_json.hpp`) is in the
/// README; every field here documents its unit and default.

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "fleetcast/billing/commitments.hpp"
#include "fleetcast/billing/fargate.hpp"
#include "fleetcast/core/units.hpp"
#include "fleetcast/demand/demand_model.hpp"
#include "fleetcast/demand/trace.hpp"
#include "fleetcast/packing/capacity.hpp"
#include "fleetcast/packing/placement.hpp"
#include "fleetcast/scaling/hpa.hpp"
#include "fleetcast/scaling/step_scaling.hpp"
#include "fleetcast/scaling/target_tracking.hpp"

namespace fleetcast::sim {

/// Seconds from a task's launch (image pull, which Fargate bills) until it serves demand:
/// uniform in [min, max].
struct startup_latency {
  double min_s = 30.0;
  double max_s = 90.0;
};

/// What a service's Application Load Balancer carries, for its LCU estimate: each hour AWS
/// bills the highest of the four dimensions, one LCU being 25 new connections per second,
/// 3,000 active connections per minute, 1 GB processed per hour (EC2, container or IP
/// targets) or 1,000 rule evaluations per second. fleetcast takes these as the service's
/// average over the horizon (a fixed cost: the same on every option).
struct load_balancer_load {
  double new_connections_per_s = 0;
  double active_connections_per_min = 0;
  double processed_gb_per_hour = 0;
  double rule_evaluations_per_s = 0;
  /// LCUs per ALB-hour: the highest dimension.
  [[nodiscard]] double lcus() const noexcept {
    return std::max(std::max(new_connections_per_s / 25.0, active_connections_per_min / 3000.0),
                    std::max(processed_gb_per_hour / 1.0, rule_evaluations_per_s / 1000.0));
  }
};

/// Where a service's Kubernetes HPA scales it.
enum class hpa_scope {
  eks_options,  ///< EKS options only; ECS options use `scaling` (or `step_scaling`)
  all_options,  ///< every option (the file's `"scaling": {"type": "hpa"}`)
};
inline constexpr std::array<hpa_scope, 2> all_hpa_scopes = {hpa_scope::eks_options, hpa_scope::all_options};
[[nodiscard]] constexpr std::string_view to_string(hpa_scope s) noexcept {
  return s == hpa_scope::eks_options ? "eks" : "all";
}

struct service {
  std::string name;
  fargate_request task;            ///< cpu (ECS units), memory (MiB), os, arch, storage
  /// GPUs per task or pod (a pod's `nvidia.com/gpu`, an ECS task's GPU resource requirement).
  /// Above 0 the service runs only on instance types with GPUs, never on Fargate.
  std::int64_t gpus = 0;
  /// A pod's CPU request as written, in Kubernetes millicores, which EKS-on-EC2 packing uses
  /// as it is; 0: `task.cpu_units` converted (rounded up). When set, `task.cpu_units` must be
  /// `millicores_to_cpu_units(cpu_millicores)`, which ECS and Fargate use.
  std::int64_t cpu_millicores = 0;
  double capacity_per_task = 1.0;  ///< demand one task serves at 100 % CPU
  scaling::target_tracking_policy scaling;
  /// When set, step scaling replaces target tracking (`scaling` then only gives min/max).
  std::optional<scaling::step_scaling_policy> step_scaling;
  /// A Kubernetes HorizontalPodAutoscaler: when set, it scales the service on the options
  /// `hpa_on` names, in place of `scaling` and `step_scaling`. It starts from `initial_tasks`
  /// moved into its own min and max replicas.
  std::optional<scaling::hpa_policy> hpa;
  hpa_scope hpa_on = hpa_scope::eks_options;
  std::vector<scaling::scheduled_action> schedule;  ///< daily min/max changes
  std::int64_t initial_tasks = 1;  ///< desired count at t = 0 (running from the start)
  startup_latency startup;
  demand::demand_model demand;
  /// A recorded trace in place of the model: replayed as recorded (wrapping around), or
  /// block-bootstrapped per path when its `block_s` is set.
  std::optional<demand::trace> trace;
  /// The container image's compressed size (what a pull downloads; ECR's `imageSizeInBytes`),
  /// MiB. Fargate pulls it at every task start (it caches nothing); an EC2 node pulls it once
  /// for the first of the service's tasks placed there. The data goes through the scenario's
  /// egress (NAT gateway or VPC endpoints), billed per GB.
  double image_size_mib = 200.0;
  /// An Application Load Balancer in front of the service (unset: none): its hours and LCUs,
  /// and, being internet-facing, one public IPv4 address per availability zone.
  std::optional<load_balancer_load> load_balancer;
};

/// How tasks and nodes in the VPC reach ECR and the internet.
enum class egress_kind {
  nat_gateway,     ///< private subnets behind one NAT gateway per availability zone (the common set-up)
  vpc_endpoints,   ///< private subnets with ECR interface endpoints in every zone (and a free S3 gateway endpoint)
  public_subnets,  ///< public subnets: tasks and nodes need public IPv4 addresses, no NAT
  none,            ///< not modelled: no NAT, endpoints or image-pull data charges
};
inline constexpr std::array<egress_kind, 4> all_egress_kinds = {egress_kind::nat_gateway, egress_kind::vpc_endpoints,
                                                               egress_kind::public_subnets, egress_kind::none};
[[nodiscard]] constexpr std::string_view to_string(egress_kind e) noexcept {
  switch (e) {
    case egress_kind::nat_gateway: return "nat_gateway";
    case egress_kind::vpc_endpoints: return "vpc_endpoints";
    case egress_kind::public_subnets: return "public_subnets";
    case egress_kind::none: return "none";
  }
  return "?";
}

/// The scenario's network: the same for every option, so its hourly charges are a fixed cost
/// that is part of every option's total.
struct network_setup {
  egress_kind egress = egress_kind::nat_gateway;
  /// Zones the subnets span: one NAT gateway (or one endpoint of each kind) per zone, one ALB
  /// address per zone. 2 is the least an EKS cluster accepts and an ALB needs.
  std::int64_t availability_zones = 2;
  /// With `vpc_endpoints`: interface endpoints per zone (ECR API and ECR Docker registry).
  std::int64_t interface_endpoints = 2;
  /// Standing public IPv4 addresses besides the NAT gateways' and load balancers' (Elastic
  /// IPs, bastions), billed for the whole horizon.
  std::int64_t public_ipv4_addresses = 0;
};

/// The Fargate capacity providers of an ECS capacity-provider strategy.
enum class fargate_provider { fargate, fargate_spot };
inline constexpr std::array<fargate_provider, 2> all_fargate_providers = {fargate_provider::fargate,
                                                                          fargate_provider::fargate_spot};
[[nodiscard]] constexpr std::string_view to_string(fargate_provider p) noexcept {
  return p == fargate_provider::fargate ? "FARGATE" : "FARGATE_SPOT";
}

/// One entry of an ECS capacity-provider strategy.
struct provider_share {
  fargate_provider provider = fargate_provider::fargate;
  std::int64_t base = 0;    ///< tasks placed here first (at most one entry has a base)
  std::int64_t weight = 0;  ///< share of the tasks above the bases
};

enum class compute_kind { fargate, ec2, auto_mode };
inline constexpr std::array<compute_kind, 3> all_compute_kinds = {compute_kind::fargate, compute_kind::ec2,
                                                                  compute_kind::auto_mode};
[[nodiscard]] constexpr std::string_view to_string(compute_kind c) noexcept {
  switch (c) {
    case compute_kind::fargate: return "fargate";
    case compute_kind::ec2: return "ec2";
    case compute_kind::auto_mode: return "auto_mode";
  }
  return "?";
}

/// Who launches and removes EKS nodes.
enum class provisioner_kind { karpenter, cluster_autoscaler };
inline constexpr std::array<provisioner_kind, 2> all_provisioners = {provisioner_kind::karpenter,
                                                                     provisioner_kind::cluster_autoscaler};
[[nodiscard]] constexpr std::string_view to_string(provisioner_kind p) noexcept {
  return p == provisioner_kind::karpenter ? "karpenter" : "cluster_autoscaler";
}

/// How Spot instance types are picked (EC2 Auto Scaling / Karpenter allocation strategies).
enum class spot_allocation_strategy {
  lowest_price,              ///< the cheapest Spot price that holds the tasks
  capacity_optimized,        ///< the lowest interruption bucket
  price_capacity_optimized,  ///< the lowest bucket, then the lowest price (AWS's recommendation)
};
inline constexpr std::array<spot_allocation_strategy, 3> all_spot_allocation_strategies = {
    spot_allocation_strategy::lowest_price, spot_allocation_strategy::capacity_optimized,
    spot_allocation_strategy::price_capacity_optimized};
[[nodiscard]] constexpr std::string_view to_string(spot_allocation_strategy a) noexcept {
  switch (a) {
    case spot_allocation_strategy::lowest_price: return "lowest-price";
    case spot_allocation_strategy::capacity_optimized: return "capacity-optimized";
    case spot_allocation_strategy::price_capacity_optimized: return "price-capacity-optimized";
  }
  return "?";
}

/// Karpenter's `consolidationPolicy`.
enum class consolidation_policy_kind {
  /// At each consolidation pass, drain instances whose tasks fit on the others, then
  /// (Karpenter on EKS) replace the fleet by a cheaper packing.
  when_empty_or_underutilized,
  /// Only empty instances go, after `scale_in_after_s`.
  when_empty,
};
inline constexpr std::array<consolidation_policy_kind, 2> all_consolidation_policies = {
    consolidation_policy_kind::when_empty, consolidation_policy_kind::when_empty_or_underutilized};
[[nodiscard]] constexpr std::string_view to_string(consolidation_policy_kind c) noexcept {
  return c == consolidation_policy_kind::when_empty ? "WhenEmpty" : "WhenEmptyOrUnderutilized";
}

/// An EKS managed node group of one instance type, scaled like the cluster autoscaler
/// between its minimum and maximum size.
struct node_group {
  std::string instance_type;
  std::int64_t min = 0;          ///< nodes kept even when empty
  std::int64_t max = INT64_MAX;  ///< no launches beyond this
};

/// One deployment option. Conventions for every field: shares of a whole are percentages in
/// [0, 100] in fields named `…_percent`, as AWS's APIs write them (30 % Spot is 30, not 0.3);
/// probabilities are in [0, 1]; times are seconds (`…_s`); an unset `std::optional` means the
/// platform's documented default. `sim::validate` refuses values outside these ranges.
struct option {
  std::string name;
  platform on = platform::ecs;
  compute_kind compute = compute_kind::fargate;
  // Fargate (ECS): how tasks split between FARGATE and FARGATE_SPOT. Empty: all FARGATE.
  std::vector<provider_share> strategy;
  // EC2 (ECS or EKS) and Auto Mode.
  std::vector<std::string> instance_types;
  packing::placement_policy placement = packing::placement_policy::binpack_memory;  ///< where new tasks go
  provisioner_kind provisioner = provisioner_kind::karpenter;  ///< EKS on EC2 only
  std::int64_t on_demand_base = 0;  ///< instances always on-demand
  double spot_percent = 0.0;        ///< share of instances above the base on Spot, 0–100
  spot_allocation_strategy spot_allocation = spot_allocation_strategy::price_capacity_optimized;
  double instance_launch_s = 90.0;  ///< instance launch to ready
  /// ECS capacity-provider managed scaling, 1–100: instances are kept at ⌈busy × 100 / target⌉,
  /// so below 100 some stay empty as spare capacity.
  double target_capacity_percent = 100.0;
  /// Seconds between consolidation passes (0: none). Unset: Karpenter (EKS on EC2 and Auto
  /// Mode) consolidates at every step, as its disruption controller polls every 10 s; ECS and
  /// the cluster autoscaler never.
  std::optional<std::int64_t> consolidation_interval_s;
  /// Karpenter's `consolidationPolicy` (v1 default WhenEmptyOrUnderutilized).
  consolidation_policy_kind consolidation_policy = consolidation_policy_kind::when_empty_or_underutilized;
  /// Karpenter's `consolidateAfter` (v1 default 0 s): an empty node goes after this long empty
  /// (unless `scale_in_after_s` says otherwise), and under-used nodes are consolidated only
  /// once the cluster has gone this long without a launch, placement or removal.
  std::optional<double> consolidate_after_s;
  /// Seconds after launch during which an instance is not scaled in: ECS capacity-provider
  /// `instanceWarmupPeriod` (default 300), the cluster autoscaler's scale-down-delay-after-add
  /// (600), Karpenter 0.
  std::optional<double> instance_warmup_s;
  /// Seconds an instance must stay empty (or, for the cluster autoscaler, unneeded) before it
  /// is terminated: ECS managed scaling scales in after 15 one-minute datapoints (900), the
  /// cluster autoscaler's scale-down-unneeded-time is 600, Karpenter `consolidate_after_s` (0).
  std::optional<double> scale_in_after_s;
  /// EKS cluster autoscaler: node groups (their types become `instance_types`). Empty: one
  /// unbounded group per listed type.
  std::vector<node_group> node_groups;
  /// Cluster autoscaler, 0–100: a node whose CPU and memory requests are both below this
  /// share of its allocatable, and whose pods fit elsewhere, is unneeded
  /// (`--scale-down-utilization-threshold`, 0.5 there).
  double scale_down_utilisation_percent = 50.0;
  /// The probability that a Spot instance (or Fargate Spot task) is interrupted within 30
  /// days, in [0, 1). Unset: from the catalog's interruption bucket (EC2) or 5 % (Fargate Spot).
  std::optional<double> spot_interruption_probability_per_month;
  /// ECS on EC2: the task definitions' network mode (awsvpc: one ENI per task, so the
  /// instance's ENIs − 1 cap its tasks), ENI trunking (the account's `awsvpcTrunking`, off by
  /// default at AWS; the trunking table's limits) and ECS_RESERVED_MEMORY. Defaults: awsvpc,
  /// no trunking, 0 MiB. Other options leave it at its defaults.
  packing::ecs_instance_options ecs{};
  // EKS.
  std::int64_t daemonset_cpu_millicores = 0;  ///< DaemonSet requests on every node (Kubernetes millicores)
  std::int64_t daemonset_memory_mib = 0;
  std::int64_t daemonset_pods = 0;
  std::int64_t clusters = 1;
  support_tier support = support_tier::standard;
  // Network and storage.
  /// Public IPv4 addresses: one per Fargate task (or pod) for its run, one per EC2 node for its
  /// life. Unset: yes with `public_subnets` egress, otherwise no (private subnets).
  std::optional<bool> public_ipv4;
  /// gp3 root volume of every EC2 node, GiB (Karpenter's default on AL2023 is 20), billed for
  /// the node's life. 0: not billed.
  std::int64_t root_volume_gib = 20;
  /// Savings Plans and Reserved Instances applied to every simulated hour of this option's
  /// usage (`billing/commitments.hpp`); usage rates come from the catalog for each plan's
  /// term and payment.
  std::vector<commitment> commitments;
};

/// An option an import could not generate for the workload, and why (the scenario file's
/// `"$not_generated": [{"option", "reason"}]`); reports list it instead of leaving it out.
struct not_generated_option {
  std::string option, reason;
};

/// What a real bill cost for the hours a scenario replays (the file's `"$actuals"`, written by
/// `fleetcast actuals --scenario`); reports put every option's cost beside it.
struct bill_baseline {
  double paid_usd = 0;       ///< the bill's cost of the replayed rows over `hours`
  /// The same usage at the catalog's prices (on-demand, or the catalog's Spot price for Spot
  /// rows), which the as-is option reproduces; NaN when not given.
  double at_catalog_usd = std::numeric_limits<double>::quiet_NaN();
  double hours = 0;          ///< billed hours replayed (the horizon)
  std::string as_is_option;  ///< the option that reproduces the bill
  /// How far the as-is option's cost over the horizon may be from `paid_usd` from the replay's
  /// own rounding alone (whole minutes of tasks, one step's lag); derived, not fitted.
  double tolerance_usd = 0;
  std::string first_hour;    ///< ISO 8601, UTC
  std::string description;   ///< the as-is option in words ("ECS on Fargate, 20 % Fargate Spot")
  std::vector<std::string> notes;  ///< the replay's assumptions
};

struct scenario {
  std::string name;
  std::string region = "us-east-1";
  demand::horizon horizon;
  std::vector<service> services;
  std::vector<option> options;
  /// Correlation of demand noise across services (row-major n × n, empty = independent) and
  /// its square root (`demand/correlation.hpp`), computed when the scenario is read.
  std::vector<double> correlation;
  demand::correlation_root correlation_root;
  network_setup network;
  std::int64_t scenarios = 1;  ///< Monte Carlo paths
  std::uint64_t seed = 42;
  std::vector<not_generated_option> not_generated;  ///< not simulated; reported with the reason
  std::optional<bill_baseline> bill;                 ///< a replayed bill's cost, if any
};

}  // namespace fleetcast::sim
