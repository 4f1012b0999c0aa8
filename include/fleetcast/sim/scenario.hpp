#pragma once
/// @file
/// A scenario: services with their tasks, demand and scaling, and the deployment options to
/// compare over the same demand. The JSON form (`fleetcast/io/scenario_json.hpp`) is in the
/// README; every field here documents its unit and default.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fleetcast/billing/commitments.hpp"
#include "fleetcast/billing/fargate.hpp"
#include "fleetcast/core/units.hpp"
#include "fleetcast/demand/demand_model.hpp"
#include "fleetcast/demand/trace.hpp"
#include "fleetcast/scaling/step_scaling.hpp"
#include "fleetcast/scaling/target_tracking.hpp"

namespace fleetcast::sim {

/// Seconds from a task's launch (image pull, which Fargate bills) until it serves demand:
/// uniform in [min, max].
struct startup_latency {
  double min_s = 30.0;
  double max_s = 90.0;
};

struct service {
  std::string name;
  fargate_request task;            ///< cpu (ECS units), memory (MiB), os, arch, storage
  double capacity_per_task = 1.0;  ///< demand one task serves at 100 % CPU
  scaling::target_tracking_policy scaling;
  /// When set, step scaling replaces target tracking (`scaling` then only gives min/max).
  std::optional<scaling::step_scaling_policy> step_scaling;
  std::vector<scaling::scheduled_action> schedule;  ///< daily min/max changes
  std::int64_t initial_tasks = 1;  ///< desired count at t = 0 (running from the start)
  startup_latency startup;
  demand::demand_model demand;
  /// A recorded trace in place of the model: replayed as recorded (wrapping around), or
  /// block-bootstrapped per path when its `block_s` is set.
  std::optional<demand::trace> trace;
};

/// One entry of an ECS capacity-provider strategy.
struct provider_share {
  std::string provider;  ///< "FARGATE" or "FARGATE_SPOT"
  std::int64_t base = 0;
  std::int64_t weight = 0;
};

enum class compute_kind { fargate, ec2, auto_mode };

/// An EKS managed node group of one instance type, scaled like the cluster autoscaler
/// between its minimum and maximum size.
struct node_group {
  std::string instance_type;
  std::int64_t min = 0;          ///< nodes kept even when empty
  std::int64_t max = INT64_MAX;  ///< no launches beyond this
};

struct option {
  std::string name;
  platform on = platform::ecs;
  compute_kind compute = compute_kind::fargate;
  // Fargate (ECS): how tasks split between FARGATE and FARGATE_SPOT. Empty: all FARGATE.
  std::vector<provider_share> strategy;
  // EC2 (ECS or EKS) and Auto Mode.
  std::vector<std::string> instance_types;
  std::string placement = "binpack:memory";  ///< ECS placement, or the packing heuristic
  std::string provisioner = "karpenter";     ///< EKS: "karpenter" or "cluster_autoscaler"
  std::int64_t on_demand_base = 0;           ///< instances always on-demand
  double spot_percent = 0.0;                 ///< share of instances above the base on Spot
  /// How Spot instance types are picked: "lowest-price" (the cheapest Spot price that holds
  /// the tasks), "capacity-optimized" (the lowest interruption bucket) or
  /// "price-capacity-optimized" (the lowest bucket, then the lowest price; AWS's recommendation).
  std::string spot_allocation = "price-capacity-optimized";
  double instance_launch_s = 90.0;           ///< instance launch to ready
  /// ECS capacity-provider managed scaling: instances are kept at ⌈busy × 100 / target⌉, so
  /// below 100 some stay empty as spare capacity.
  double target_capacity_percent = 100.0;
  std::int64_t consolidation_interval_s = 0;  ///< 0: no consolidation
  /// Karpenter's `consolidationPolicy`: "WhenEmptyOrUnderutilized" (every interval, drain
  /// instances whose tasks fit on the others, then — Karpenter on EKS — replace the fleet by a
  /// cheaper packing) or "WhenEmpty" (only empty instances go, after `scale_in_after_s`).
  std::string consolidation_policy = "WhenEmptyOrUnderutilized";
  /// Seconds after launch during which an instance is not scaled in: ECS capacity-provider
  /// `instanceWarmupPeriod` (default 300), the cluster autoscaler's scale-down-delay-after-add
  /// (600), Karpenter 0. Negative: that default.
  double instance_warmup_s = -1.0;
  /// Seconds an instance must stay empty (or, for the cluster autoscaler, unneeded) before it
  /// is terminated: ECS managed scaling scales in after 15 one-minute datapoints (900), the
  /// cluster autoscaler's scale-down-unneeded-time is 600, Karpenter here 600. Negative: that default.
  double scale_in_after_s = -1.0;
  /// EKS cluster autoscaler: node groups (their types become `instance_types`). Empty: one
  /// unbounded group per listed type.
  std::vector<node_group> node_groups;
  /// Cluster autoscaler: a node whose CPU and memory requests are both below this share of
  /// its allocatable, and whose pods fit elsewhere, is unneeded (scale-down-utilization-threshold).
  double scale_down_utilisation = 0.5;
  /// Spot interruptions per instance (or Fargate Spot task) per 30 days, as a probability;
  /// negative: from the catalog's interruption bucket (EC2) or 5 % (Fargate Spot).
  double spot_interruptions_per_month = -1.0;
  // EKS.
  std::int64_t daemonset_cpu_millicores = 0;  ///< DaemonSet requests on every node
  std::int64_t daemonset_memory_mib = 0;
  std::int64_t daemonset_pods = 0;
  std::int64_t clusters = 1;
  support_tier support = support_tier::standard;
  /// Savings Plans and Reserved Instances applied to every simulated hour of this option's
  /// usage (`billing/commitments.hpp`); usage rates come from the catalog for each plan's
  /// term and payment.
  std::vector<commitment> commitments;
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
  std::int64_t scenarios = 1;  ///< Monte Carlo paths
  std::uint64_t seed = 42;
};

}  // namespace fleetcast::sim
