#include "fleetcast/billing/validate.hpp"

#include <cmath>
#include <cstdio>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fleetcast/billing/fargate.hpp"
#include "../core/field_checks.hpp"

namespace fleetcast::billing {
namespace {

using fleetcast::detail::check_count;
using fleetcast::detail::check_number;

/// The catalog has the rates `what` needs (a catalog file may leave the sections out).
void need_rates(const place& p, bool known, const char* what) {
  if (!known)
    p.fail(errid::unsupported, std::string("the catalog has no ") + what +
                                   " rates (its \"vpc\", \"ebs\" or \"elb\" section); use one that has");
}

/// A length in (0, hi].
void check_positive(const place& p, double v, double hi) { check_number(p, v, 0, hi, true); }

void check_fargate(const place& p, const fargate_fleet_entry& e, const price_catalog& cat) {
  const int min_size = e.task.on == platform::ecs ? 1 : 0;  // EKS pods may request nothing
  check_count(p.field("task.cpu_units", "cpu"), e.task.cpu_units, min_size, 1 << 20);
  check_count(p.field("task.memory_mib", "memory"), e.task.memory_mib, min_size, 1 << 24);
  check_count(p.field("task.ephemeral_storage_gib", "ephemeral_storage_gib"), e.task.ephemeral_storage_gib, 0,
              bounds::max_storage_gib);
  check_count(p.field("count"), e.count, 0, bounds::max_count);
  check_positive(p.field("run_seconds"), e.run_seconds, bounds::max_run_seconds);
  check_count(p.field("runs"), e.runs, 0, bounds::max_runs);
  if (e.public_ipv4) {
    if (e.task.on == platform::eks)  // CreateFargateProfile accepts private subnets only
      p.field("public_ipv4").fail(errid::unsupported, "EKS Fargate pods get no public IPv4 address: they run in private subnets only");
    need_rates(p.field("public_ipv4"), cat.vpc.public_ipv4.known(), "public IPv4");
  }
  try {
    (void)fargate_billed_size(cat.fargate, e.task);
  } catch (const input_error& err) {
    throw input_error(err.code(), p.str(), err.message());
  }
}

void check_ec2(const place& p, const ec2_fleet_entry& e, const price_catalog& cat) {
  if (cat.ec2.find(e.instance_type) == nullptr)
    p.field("instance_type").fail(errid::unknown_instance,
                                  "\"" + e.instance_type + "\" is not in the catalog for " + cat.region);
  check_count(p.field("count"), e.count, 0, bounds::max_count);
  check_positive(p.field("run_seconds"), e.run_seconds, bounds::max_run_seconds);
  check_count(p.field("runs"), e.runs, 0, bounds::max_runs);
  if (e.ended_by == run_end::by_ec2_interruption && e.purchase != purchase_option::spot)
    p.field("ended_by", "interrupted_by_ec2")
        .fail(errid::unsupported, "only Spot instances are interrupted by EC2 (purchase is on_demand)");
  check_count(p.field("public_ipv4"), e.public_ipv4, 0, bounds::max_ipv4_per_instance);
  if (e.public_ipv4 > 0) need_rates(p.field("public_ipv4"), cat.vpc.public_ipv4.known(), "public IPv4");
  check_count(p.field("root_volume_gib"), e.root_volume_gib, 0, bounds::max_root_volume_gib);
  if (e.root_volume_gib > 0) need_rates(p.field("root_volume_gib"), cat.ebs.known(), "EBS gp3");
}

/// What every entry billed by the hour has: a count and its hours (EKS clusters, standing
/// addresses, NAT gateways, load balancers).
template <class Entry>
void check_hourly(const place& p, const Entry& e) {
  check_count(p.field("count"), e.count, 0, bounds::max_count);
  check_number(p.field("hours"), e.hours, 0, bounds::max_hours);
}

/// Each entry of `entries` (the fleet's `key` list): a name unique across the fleet, then
/// `check(place, entry)`.
template <class Entry, class Check>
void check_entries(const place& root, std::string_view key, const std::vector<Entry>& entries,
                   std::set<std::string, std::less<>>& names, Check&& check) {
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const place p = root.field(key).index(i);
    fleetcast::detail::check_name(p.field("name"), entries[i].name, &names, "entry");
    check(p, entries[i]);
  }
}

}  // namespace

void validate(const fleet& f, const price_catalog& catalog, place_style style) {
  const place root(style);
  if (f.region != catalog.region)
    root.field("region").fail(errid::bad_enum, "\"" + f.region + "\" has no prices in this catalog (it covers \"" +
                                                   catalog.region + "\"; pass --catalog for another region)");
  std::set<std::string, std::less<>> names;
  check_entries(root, "fargate", f.fargate, names,
                [&](const place& p, const fargate_fleet_entry& e) { check_fargate(p, e, catalog); });
  check_entries(root, "ec2", f.ec2, names, [&](const place& p, const ec2_fleet_entry& e) { check_ec2(p, e, catalog); });
  check_entries(root, "eks_clusters", f.eks_clusters, names,
                [](const place& p, const eks_cluster_entry& e) { check_hourly(p, e); });
  check_entries(root, "public_ipv4_addresses", f.public_ipv4_addresses, names,
                [&](const place& p, const public_ipv4_entry& e) {
                  check_hourly(p, e);
                  need_rates(p, catalog.vpc.public_ipv4.known(), "public IPv4");
                });
  check_entries(root, "nat_gateways", f.nat_gateways, names, [&](const place& p, const nat_gateway_entry& e) {
    check_hourly(p, e);
    check_number(p.field("processed_gib"), e.processed_gib, 0, bounds::max_processed_gib);
    need_rates(p, catalog.vpc.known(), "NAT gateway");
  });
  check_entries(root, "load_balancers", f.load_balancers, names, [&](const place& p, const load_balancer_entry& e) {
    check_hourly(p, e);
    check_number(p.field("lcus"), e.lcus, 0, bounds::max_lcus);
    need_rates(p, catalog.elb.known(), "load balancer");
  });
}

}  // namespace fleetcast::billing
