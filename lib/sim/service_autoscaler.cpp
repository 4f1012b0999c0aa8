#include "service_autoscaler.hpp"

#include <cmath>

namespace fleetcast::sim::detail {

// Applies the scheduled actions whose time of day falls in (t0, t1].
void service_autoscaler::apply_schedule(double t0, double t1) {
  for (const auto& a : sv_->schedule) {
    const double first = a.hour * 3600.0 - h_->start_hour * 3600.0;  // seconds into the run
    const double k = std::ceil((t0 - first) / 86400.0);  // first occurrence after t0 (or at it)
    double at = first + k * 86400.0;
    if (at <= t0) at += 86400.0;
    if (at <= t1) std::visit([&](auto& x) { x.set_bounds(a.min_tasks, a.max_tasks); }, kind_);
  }
}

}  // namespace fleetcast::sim::detail
