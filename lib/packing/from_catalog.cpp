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
  return out;
}

}  // namespace fleetcast::packing
