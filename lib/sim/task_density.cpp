// Static ECS-on-EC2 density: tasks per empty instance from the task's CPU and memory and the
// container instance's registered capacity and awsvpc task slots (packing/capacity.hpp), the
// same capacities the simulator packs against.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "fleetcast/packing/capacity.hpp"
#include "fleetcast/packing/from_catalog.hpp"
#include "fleetcast/sim/simulate.hpp"

namespace fleetcast::sim {
namespace {

// Copies of a request that fit in a capacity; a request of 0 sets no limit.
std::int64_t copies(std::int64_t capacity, std::int64_t request) {
  return request > 0 ? capacity / request : std::numeric_limits<std::int64_t>::max();
}

}  // namespace

std::vector<task_density> ecs_task_density(const scenario& s, const option& o, const price_catalog& catalog) {
  std::vector<task_density> out;
  if (o.on != platform::ecs || o.compute != compute_kind::ec2) return out;
  for (std::size_t si = 0; si < s.services.size(); ++si) {
    const auto shape = packing::task_shape(platform::ecs, s.services[si].task.cpu_units, s.services[si].task.memory_mib);
    for (std::size_t ti = 0; ti < o.instance_types.size(); ++ti) {
      const instance_type* t = catalog.ec2.find(o.instance_types[ti]);
      if (t == nullptr) continue;
      const packing::ecs_instance_capacity c = packing::ecs_container_instance(*t, o.ecs);
      const std::int64_t by_cpu = copies(c.cpu_units, shape[0]);
      const std::int64_t by_memory = copies(c.memory_mib, shape[1]);
      task_density d;
      d.service = std::uint32_t(si);
      d.instance_type = std::uint32_t(ti);
      d.without_eni_limit = std::min({by_cpu, by_memory, packing::unlimited_task_slots});
      d.binds = by_cpu <= by_memory ? binding_resource::cpu : binding_resource::memory;
      d.tasks_per_instance = d.without_eni_limit;
      if (c.task_slots && *c.task_slots < d.without_eni_limit) {  // ties: CPU or memory binds
        d.tasks_per_instance = *c.task_slots;
        d.binds = binding_resource::eni_slots;
      }
      if (const auto limit = packing::ecs_trunked_task_limit(*t);
          limit && o.ecs.network_mode == packing::ecs_network_mode::awsvpc)
        d.with_trunking = std::min(d.without_eni_limit, *limit);
      out.push_back(d);
    }
  }
  return out;
}

}  // namespace fleetcast::sim
