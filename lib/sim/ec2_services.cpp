#include "ec2_services.hpp"

namespace fleetcast::sim::detail {

bool scale_out(ec2_cluster& c, std::uint32_t si, const service& sv, ec2_service_tasks& ss, std::int64_t desired,
               double t1, xoshiro256pp& g, std::int64_t& unplaceable) {
  const std::int64_t k = std::max<std::int64_t>(0, desired - ss.current()) + ss.waiting;
  const auto [k1, k2, held] = c.place(si, k, t1);
  if (k1 > 0) ss.pending.emplace_back(t1 + draw_startup(sv.startup, g), k1);
  if (k2 > 0) ss.pending.emplace_back(t1 + c.opt().instance_launch_s + draw_startup(sv.startup, g), k2);
  ss.pending_total += k1 + k2;
  ss.waiting = k - k1 - k2;
  unplaceable = std::max(unplaceable, ss.waiting - held);  // held tasks fit; they wait for a launch
  return k1 + k2 > 0;
}

bool scale_in(ec2_cluster& c, std::uint32_t si, ec2_service_tasks& ss, std::int64_t desired) {
  std::int64_t k = ss.current() - desired;
  const std::int64_t from_waiting = std::min(k, ss.waiting);
  ss.waiting -= from_waiting;
  k -= from_waiting;
  const std::int64_t removed = c.remove(si, k);
  ss.forget_newest(removed);
  return removed > 0;
}

}  // namespace fleetcast::sim::detail
