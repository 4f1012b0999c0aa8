#pragma once
/// @file
/// The EKS control-plane fee: per cluster-hour, by support tier (standard or extended).

#include "fleetcast/core/units.hpp"
#include "fleetcast/pricing/catalog.hpp"

namespace fleetcast {

[[nodiscard]] inline const rate& eks_control_plane_rate(const eks_prices& e,
                                                        support_tier tier) noexcept {
  return tier == support_tier::standard ? e.control_plane_standard : e.control_plane_extended;
}

/// Cost of `cluster_hours` cluster-hours. Partial hours are prorated (how AWS rounds partial
/// cluster-hours is not documented in the sources fleetcast has read).
[[nodiscard]] inline double eks_control_plane_cost(const eks_prices& e, support_tier tier,
                                                   double cluster_hours) noexcept {
  return eks_control_plane_rate(e, tier).cost_of_hours(cluster_hours);
}

}  // namespace fleetcast
