#include "fleetcast/packing/from_catalog.hpp"

namespace fleetcast::packing {

catalog_bin bin_type_from_catalog(const instance_type& t, const platform_setup& setup, const price_catalog& catalog) {
  catalog_bin out;
  out.type.name = t.name;
  out.type.price_per_hour = t.on_demand.effective_per_hour();
  if (setup.platform == platform::eks) {
    const eks_node_capacity c = eks_node_allocatable(t, setup.eks);
    out.daemonsets_fit = c.daemonsets_fit;
    out.type.capacity = to_resources(c);
    if (setup.eks_auto_mode) out.type.extra_per_node = out.type.price_per_hour * catalog.eks.auto_mode_fee_fraction;
  } else {
    out.type.capacity = to_resources(ecs_container_instance(t, setup.ecs));
  }
  // Neither the kubelet nor the ECS agent reserves GPUs: every GPU of the type is allocatable
  // (the NVIDIA device plugin advertises them all as nvidia.com/gpu; ECS registers them all).
  // A node whose DaemonSets do not fit holds nothing, GPUs included.
  out.type.capacity[static_cast<std::size_t>(dim::gpus)] = out.daemonsets_fit ? t.gpus : 0;
  return out;
}

}  // namespace fleetcast::packing
