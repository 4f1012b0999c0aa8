#pragma once
/// @file
/// What the simulator reads from the option's closed vocabularies, once per option and path,
/// never per step.

#include "fleetcast/packing/placement.hpp"
#include "fleetcast/sim/scenario.hpp"

namespace fleetcast::sim::detail {

/// `provider_share::provider`: whether the capacity provider runs Fargate Spot.
inline bool is_fargate_spot(const provider_share& p) { return p.provider == fargate_provider::fargate_spot; }

/// `option::placement`: the ECS placement strategy, or the packing heuristic.
inline packing::placement_policy placement_of(const option& o) { return o.placement; }

/// `option::provisioner`: whether an EKS option's nodes come from the cluster autoscaler
/// (node groups) rather than Karpenter.
inline bool uses_cluster_autoscaler(const option& o) {
  return o.on != platform::ecs && o.provisioner == provisioner_kind::cluster_autoscaler;
}

/// `option::provisioner` and `option::compute`: whether Karpenter provisions the nodes (EKS on
/// EC2 with the Karpenter provisioner, and EKS Auto Mode).
inline bool uses_karpenter(const option& o) { return o.on == platform::eks && !uses_cluster_autoscaler(o); }

/// `option::spot_allocation`: the key by which a Spot instance type is picked (lowest
/// first), from its Spot price (USD per hour) and its monthly interruption probability.
inline double spot_rank(const option& o, double price, double bucket) {
  switch (o.spot_allocation) {
    case spot_allocation_strategy::lowest_price: return price;
    case spot_allocation_strategy::capacity_optimized: return bucket;
    case spot_allocation_strategy::price_capacity_optimized: break;
  }
  return bucket * 1e6 + price;  // price-capacity-optimized: the bucket first, then the price
}

/// `option::consolidation_policy`: whether consolidation drains under-used instances
/// (WhenEmptyOrUnderutilized) rather than only letting empty ones go (WhenEmpty).
inline bool consolidates_underutilised(const option& o) {
  return o.consolidation_policy == consolidation_policy_kind::when_empty_or_underutilized;
}

}  // namespace fleetcast::sim::detail
