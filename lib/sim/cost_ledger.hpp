#pragma once
/// @file
/// Cost accrual: an option's cost lines as compensated sums, the fixed fees, and how a path's
/// result is closed. Each fleet adds what it bills here; a new cost line is a field, its name
/// in `fill` and its term in `total`.

#include "fleetcast/billing/eks.hpp"
#include "fleetcast/core/money.hpp"
#include "fleetcast/pricing/catalog.hpp"
#include "fleetcast/sim/scenario.hpp"
#include "fleetcast/sim/simulate.hpp"

namespace fleetcast::sim::detail {

struct cost_ledger {
  compensated_sum compute_od, compute_spot, storage, control_plane, auto_mode;

  [[nodiscard]] double total() const {
    compensated_sum t;
    t.merge(compute_od);
    t.merge(compute_spot);
    t.merge(storage);
    t.merge(control_plane);
    t.merge(auto_mode);
    return t.value();
  }
  /// Compute billed so far (instances and the Auto Mode fee), for the trace and allocation.
  [[nodiscard]] double compute() const { return compute_od.value() + compute_spot.value() + auto_mode.value(); }
  void fill(option_result& r) const {
    r.lines = {{"compute_on_demand", compute_od.value()}, {"compute_spot", compute_spot.value()},
               {"storage", storage.value()},          {"control_plane", control_plane.value()},
               {"auto_mode_fee", auto_mode.value()}};
    r.total_usd = total();
  }
};

/// The EKS control-plane fee for `seconds` of every cluster of the option.
inline void add_control_plane(const option& o, const price_catalog& cat, double seconds, cost_ledger& l) {
  if (o.on != platform::eks) return;
  l.control_plane.add(eks_control_plane_cost(cat.eks, o.support, double(o.clusters) * seconds / 3600.0));
}

/// Mean utilisation over the steps that had capacity to pay for.
struct utilisation {
  double sum = 0;
  std::int64_t steps = 0;
  void add(double u) {
    sum += u;
    ++steps;
  }
  [[nodiscard]] double mean() const { return steps ? sum / double(steps) : 0.0; }
};

/// Closes a path's result once the fleet has billed everything and pushed its allocation
/// shares (the control plane, added by `add_control_plane`, gets the last one): utilisation,
/// the ledger's whole hours, the cost lines.
inline void close_result(const option& o, const utilisation& u, const cost_ledger& l, option_result& r) {
  if (o.on == platform::eks) r.allocation.push_back({"(control plane)", l.control_plane.value()});
  r.mean_utilisation = u.mean();
  r.usage.finish();
  l.fill(r);
}

}  // namespace fleetcast::sim::detail
