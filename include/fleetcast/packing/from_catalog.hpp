#pragma once
/// @file
/// From the price catalog to the packer: a catalog instance type as a packing bin type
/// (allocatable capacity after the platform's reservations, price per hour), and a task's
/// request as an item shape, both in the units of one platform. ECS counts CPU in units (1024
/// per vCPU) and caps awsvpc tasks by ENIs; EKS counts CPU in millicores, takes kube-reserved,
/// eviction thresholds and DaemonSets off each node and caps pods by max pods. `fleetcast pack`
/// and the simulator build their bins and shapes with these, so a tool that packs its own
/// tasks gets the same numbers.
///
/// @code
/// packing::platform_setup eks{.platform = platform::eks};
/// packing::problem<packing::platform_dims> p;
/// p.bin_types.push_back(packing::bin_type_from_catalog(*cat.ec2.find("m5.large"), eks, cat).type);
/// p.add(packing::task_shape(eks.platform, 512, 1024), 10);  // 10 tasks of 0.5 vCPU, 1 GiB
/// @endcode

#include <cstdint>

#include "fleetcast/core/units.hpp"
#include "fleetcast/packing/capacity.hpp"
#include "fleetcast/packing/problem.hpp"
#include "fleetcast/pricing/catalog.hpp"

namespace fleetcast::packing {

/// How the instances of one platform are set up.
struct platform_setup {
  fleetcast::platform platform = fleetcast::platform::ecs;  ///< whose units and reservations apply
  eks_node_options eks{};  ///< EKS: CNI mode, max pods, DaemonSets (ignored for ECS)
  ecs_instance_options ecs{};  ///< ECS: network mode, trunking, reserved memory (ignored for EKS)
  /// EKS Auto Mode: each node also pays the catalog's management fee
  /// (`eks.auto_mode_fee_fraction` of its on-demand price) as `extra_per_node`.
  bool eks_auto_mode = false;
};

/// A bin type and whether it can hold anything.
struct catalog_bin {
  bin_type<platform_dims> type;
  /// EKS: false when the DaemonSets do not fit on the node (its capacity is then all 0).
  bool daemonsets_fit = true;
};

/// The bin type of catalog instance type `t` on `setup.platform`: named after the type, priced
/// at its effective on-demand rate per hour, with capacity {CPU (ECS units or EKS millicores),
/// MiB, task slots (ECS: awsvpc ENIs, or `unlimited_task_slots`) or pods (EKS), GPUs (the
/// type's `gpus`, none reserved)}
/// after the platform's reservations (`ecs_container_instance`, `eks_node_allocatable`).
/// Pre: `t` satisfies the preconditions of those two. Never throws. O(1).
[[nodiscard]] catalog_bin bin_type_from_catalog(const instance_type& t, const platform_setup& setup,
                                                const price_catalog& catalog);

/// A task's CPU request (ECS CPU units, 1024 per vCPU, as task definitions and scenarios give
/// it) in the platform's unit: ECS units as they are, EKS millicores rounded up
/// (`cpu_units_to_millicores`). Pre: `cpu_units >= 0`.
[[nodiscard]] constexpr std::int64_t task_cpu(fleetcast::platform p, std::int64_t cpu_units) noexcept {
  return p == fleetcast::platform::eks ? cpu_units_to_millicores(cpu_units) : cpu_units;
}

/// The item shape of one task: {`task_cpu(p, cpu_units)`, `memory_mib`, 1 (its pod or ENI /
/// task slot), `gpus`}. Pre: arguments >= 0.
[[nodiscard]] constexpr resources<platform_dims> task_shape(fleetcast::platform p, std::int64_t cpu_units,
                                                          std::int64_t memory_mib, std::int64_t gpus = 0) noexcept {
  return {task_cpu(p, cpu_units), memory_mib, 1, gpus};
}

}  // namespace fleetcast::packing
