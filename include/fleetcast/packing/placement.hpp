#pragma once
/// @file
/// Where the online cluster (`packing/cluster.hpp`) puts new tasks among running instances.

#include <array>
#include <string_view>

namespace fleetcast::packing {

/// Where new tasks go among running instances.
enum class placement_policy {
  first_fit,       ///< the earliest launched instance that fits
  binpack_cpu,     ///< ECS binpack:cpu — least CPU left that fits
  binpack_memory,  ///< ECS binpack:memory — least memory left that fits
  spread,          ///< ECS spread by instance (and kube-scheduler LeastAllocated in spirit)
};
inline constexpr std::array<placement_policy, 4> all_placement_policies = {
    placement_policy::binpack_memory, placement_policy::binpack_cpu, placement_policy::spread,
    placement_policy::first_fit};
/// The names scenario files use: ECS's `binpack:memory`, `binpack:cpu`, `spread`, and `first_fit`.
[[nodiscard]] constexpr std::string_view to_string(placement_policy p) noexcept {
  switch (p) {
    case placement_policy::first_fit: return "first_fit";
    case placement_policy::binpack_cpu: return "binpack:cpu";
    case placement_policy::binpack_memory: return "binpack:memory";
    case placement_policy::spread: return "spread";
  }
  return "?";
}
}  // namespace fleetcast::packing
