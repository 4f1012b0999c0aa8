#pragma once
/// @file
/// Pricing a steady fleet: Fargate tasks or pods, EC2 instances and EKS clusters, each entry
/// run `runs` times for `run_seconds`, so minimums apply per run. This is what
/// `fleetcast quote` computes; the JSON form is documented in the README.

#include <cstdint>
#include <string>
#include <vector>

#include "fleetcast/billing/ec2.hpp"
#include "fleetcast/billing/fargate.hpp"
#include "fleetcast/billing/invoice.hpp"
#include "fleetcast/core/place.hpp"
#include "fleetcast/pricing/catalog.hpp"

namespace fleetcast {

struct fargate_fleet_entry {
  std::string name;
  fargate_request task;
  std::int64_t count = 1;     ///< tasks (or pods) running side by side
  double run_seconds = 0;     ///< length of one run, > 0; rounded up to a whole second
  std::int64_t runs = 1;      ///< runs of each task
  /// Each task (or pod) has a public IPv4 address for its run (public subnet, auto-assign on):
  /// billed per address-second with the catalog's minimum (60 s). Default: private subnets.
  bool public_ipv4 = false;
};

struct ec2_fleet_entry {
  std::string name;
  std::string instance_type;  ///< must be in the catalog
  std::int64_t count = 1;
  purchase_option purchase = purchase_option::on_demand;
  double run_seconds = 0;
  std::int64_t runs = 1;
  run_end ended_by = run_end::by_user;  ///< Spot runs EC2 interrupts in the 1st hour are free
  bool eks_auto_mode = false;           ///< add the EKS Auto Mode management fee
  std::int64_t public_ipv4 = 0;  ///< public IPv4 addresses per instance, billed for each run's seconds
  /// gp3 root volume per instance, GiB, billed per GB-month by the second of each run (its
  /// whole run, even when EC2 does not charge the instance). 0: not quoted (Karpenter's
  /// default on AL2023 is 20).
  std::int64_t root_volume_gib = 0;
};

/// Public IPv4 addresses that stand on their own (Elastic IPs, load balancer or NAT
/// addresses): `count` addresses for `hours` each, in use or idle.
struct public_ipv4_entry {
  std::string name;
  std::int64_t count = 1;
  double hours = 0;
};

/// NAT gateways: `count` gateways for `hours` each, and the GiB they process together.
struct nat_gateway_entry {
  std::string name;
  std::int64_t count = 1;
  double hours = 0;
  double processed_gib = 0;
};

/// Application Load Balancers: `count` ALBs for `hours` each, at `lcus` LCUs on average each.
struct load_balancer_entry {
  std::string name;
  std::int64_t count = 1;
  double hours = 0;
  double lcus = 0;  ///< mean LCUs per ALB-hour (the highest of its four dimensions each hour)
};

struct eks_cluster_entry {
  std::string name;
  std::int64_t count = 1;
  double hours = 0;  ///< cluster-hours of each cluster
  support_tier support = support_tier::standard;
};

struct fleet {
  std::string region = "us-east-1";
  std::vector<fargate_fleet_entry> fargate;
  std::vector<ec2_fleet_entry> ec2;
  std::vector<eks_cluster_entry> eks_clusters;
  std::vector<public_ipv4_entry> public_ipv4_addresses;
  std::vector<nat_gateway_entry> nat_gateways;
  std::vector<load_balancer_entry> load_balancers;
};

/// One invoice line per billed dimension of every entry, in input order: Fargate vCPU,
/// memory, Windows licence and storage above 20 GB; EC2 instance-hours (and the Auto Mode
/// fee), public IPv4 addresses and gp3 root volumes; EKS control plane; standing public IPv4
/// addresses; NAT gateway hours and data; ALB hours and LCUs. Checks `f` with `billing::validate` first: `input_error` for a
/// value the rules reject, its place named as `style` says (`fargate[0].count` for a fleet
/// built in code, `/fargate/0/count` for one read from its JSON form).
[[nodiscard]] invoice quote_fleet(const fleet& f, const price_catalog& catalog,
                                  place_style style = place_style::code);

}  // namespace fleetcast
