#pragma once
/// @file
/// Cost accrual: an option's cost lines as compensated sums, the fixed fees, and how a path's
/// result is closed. Each fleet adds what it bills here; a new cost line is a field, its name
/// in `fill` and its term in `total`.

#include <cmath>

#include "fleetcast/billing/eks.hpp"
#include "fleetcast/core/money.hpp"
#include "fleetcast/pricing/catalog.hpp"
#include "fleetcast/sim/scenario.hpp"
#include "fleetcast/sim/simulate.hpp"

namespace fleetcast::sim::detail {

struct cost_ledger {
  compensated_sum compute_od, compute_spot, storage, control_plane, auto_mode;
  compensated_sum public_ipv4, ebs_root_volumes, nat_gateway, vpc_endpoints, network_data, load_balancer;

  [[nodiscard]] double total() const {
    compensated_sum t;
    t.merge(compute_od);
    t.merge(compute_spot);
    t.merge(storage);
    t.merge(control_plane);
    t.merge(auto_mode);
    t.merge(public_ipv4);
    t.merge(ebs_root_volumes);
    t.merge(nat_gateway);
    t.merge(vpc_endpoints);
    t.merge(network_data);
    t.merge(load_balancer);
    return t.value();
  }
  /// Compute billed so far (instances and the Auto Mode fee), for the trace and allocation.
  [[nodiscard]] double compute() const { return compute_od.value() + compute_spot.value() + auto_mode.value(); }
  void fill(option_result& r) const {
    const auto line = [](cost_line_kind k, const compensated_sum& v) {
      return cost_line{std::string(to_string(k)), v.value(), k};
    };
    r.lines = {line(cost_line_kind::compute_on_demand, compute_od),
               line(cost_line_kind::compute_spot, compute_spot),
               line(cost_line_kind::storage, storage),
               line(cost_line_kind::control_plane, control_plane),
               line(cost_line_kind::auto_mode_fee, auto_mode),
               line(cost_line_kind::public_ipv4, public_ipv4),
               line(cost_line_kind::ebs_root_volumes, ebs_root_volumes),
               line(cost_line_kind::nat_gateway, nat_gateway),
               line(cost_line_kind::vpc_endpoints, vpc_endpoints),
               line(cost_line_kind::network_data, network_data),
               line(cost_line_kind::load_balancer, load_balancer)};
    r.total_usd = total();
  }
};

/// The usage-ledger keys of the network and storage charges. Quantities are unit-seconds like
/// every key's (address-seconds, GB-seconds); data processed is recorded as GB × 3600 at the
/// hour it was processed, so that ÷ 3600 gives GB.
inline constexpr const char* public_ipv4_key = "vpc:public_ipv4";
inline constexpr const char* ebs_root_key = "ebs:gp3:root";
[[nodiscard]] inline const char* data_key_of(egress_kind e) {
  return e == egress_kind::vpc_endpoints ? "vpc:endpoint_data" : "vpc:nat_data";
}

/// Whether the option's tasks (Fargate) or nodes (EC2) have public IPv4 addresses.
[[nodiscard]] inline bool has_public_ipv4(const scenario& s, const option& o) {
  return o.public_ipv4.value_or(s.network.egress == egress_kind::public_subnets);
}

/// The per-GB price of the data the scenario's egress processes (image pulls): the NAT
/// gateway's or the interface endpoints'; 0 in public subnets or when not modelled.
[[nodiscard]] inline double egress_usd_per_gb(const scenario& s, const price_catalog& cat) {
  switch (s.network.egress) {
    case egress_kind::nat_gateway: return cat.vpc.nat_gateway_gb.usd;
    case egress_kind::vpc_endpoints: return cat.vpc.interface_endpoint_gb.usd;
    case egress_kind::public_subnets:
    case egress_kind::none: return 0.0;
  }
  return 0.0;
}

/// The network's fixed costs for `seconds`, the same on every option: NAT gateways (one per
/// zone) and their Elastic IPs, or interface endpoints (per zone, every started hour billed),
/// standing public addresses, and each service's ALB (hours, LCUs, one address per zone).
/// Adds each ALB's cost to its service's allocation share (`r.allocation[si]`, which the
/// runners push first, in service order); returns the rest, the network's share.
inline double add_network(const scenario& s, const price_catalog& cat, double seconds, cost_ledger& l,
                          option_result& r) {
  const network_setup& n = s.network;
  const double hours = seconds / 3600.0;
  const auto zones = double(n.availability_zones);
  compensated_sum fixed;
  auto add = [&](compensated_sum& line, double usd) {
    line.add(usd);
    fixed.add(usd);
  };
  double addresses = double(n.public_ipv4_addresses);
  if (n.egress == egress_kind::nat_gateway) {
    add(l.nat_gateway, cat.vpc.nat_gateway.cost_of_hours(zones * hours));
    addresses += zones;  // a public NAT gateway holds an Elastic IP
  }
  if (n.egress == egress_kind::vpc_endpoints)
    add(l.vpc_endpoints, cat.vpc.interface_endpoint.cost_of_hours(double(n.interface_endpoints) * zones * std::ceil(hours)));
  if (addresses > 0) add(l.public_ipv4, cat.vpc.public_ipv4.cost_of_hours(addresses * hours));
  for (std::size_t si = 0; si < s.services.size(); ++si) {
    const auto& lb = s.services[si].load_balancer;
    if (!lb) continue;
    const double alb = cat.elb.alb.cost_of_hours(hours) + cat.elb.alb_lcu.cost_of_hours(lb->lcus() * hours);
    const double ips = cat.vpc.public_ipv4.cost_of_hours(zones * hours);
    l.load_balancer.add(alb);
    l.public_ipv4.add(ips);
    r.allocation[si].usd += alb + ips;
  }
  return fixed.value();
}

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
