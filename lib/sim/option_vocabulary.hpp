#pragma once
/// @file
/// The option's closed vocabularies as the simulator reads them: each string field of
/// `sim::option` is compared here and nowhere else, once per option and path, never per step.
/// When the scenario holds enums instead, each function becomes one line.

#include "fleetcast/packing/cluster.hpp"
#include "fleetcast/sim/scenario.hpp"

namespace fleetcast::sim::detail {

/// `provider_share::provider`: whether the capacity provider runs Fargate Spot.
inline bool is_fargate_spot(const provider_share& p) { return p.provider == "FARGATE_SPOT"; }

/// `option::placement`: the ECS placement strategy, or the packing heuristic.
inline packing::placement_policy placement_of(const option& o) {
  if (o.placement == "binpack:cpu") return packing::placement_policy::binpack_cpu;
  if (o.placement == "binpack:memory") return packing::placement_policy::binpack_memory;
  if (o.placement == "spread") return packing::placement_policy::spread;
  return packing::placement_policy::first_fit;
}

/// `option::provisioner`: whether an EKS option's nodes come from the cluster autoscaler
/// (node groups) rather than Karpenter.
inline bool uses_cluster_autoscaler(const option& o) {
  return o.on != platform::ecs && o.provisioner == "cluster_autoscaler";
}

/// `option::spot_allocation`: the key by which a Spot instance type is picked (lowest
/// first), from its Spot price (USD per hour) and its monthly interruption probability.
inline double spot_rank(const option& o, double price, double bucket) {
  if (o.spot_allocation == "lowest-price") return price;
  if (o.spot_allocation == "capacity-optimized") return bucket;
  return bucket * 1e6 + price;  // price-capacity-optimized: the bucket first, then the price
}

/// `option::consolidation_policy`: whether consolidation drains under-used instances
/// ("WhenEmptyOrUnderutilized") rather than only letting empty ones go ("WhenEmpty").
inline bool consolidates_underutilised(const option& o) { return o.consolidation_policy != "WhenEmpty"; }

}  // namespace fleetcast::sim::detail
