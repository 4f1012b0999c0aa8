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
};

/// One invoice line per billed dimension of every entry, in input order: Fargate vCPU,
/// memory, Windows licence and storage above 20 GB; EC2 instance-hours (and the Auto Mode
/// fee); EKS control plane. Checks `f` with `billing::validate` first: `input_error` for a
/// value the rules reject, its place named as `style` says (`fargate[0].count` for a fleet
/// built in code, `/fargate/0/count` for one read from its JSON form).
[[nodiscard]] invoice quote_fleet(const fleet& f, const price_catalog& catalog,
                                  place_style style = place_style::code);

}  // namespace fleetcast
