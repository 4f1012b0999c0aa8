#pragma once
/// @file
/// Usage to workload: the hourly Fargate vCPU/GB-hours and EC2 instance-hours of a real bill,
/// grouped by what the bill says about who ran them (ECS service, EKS deployment, cluster, or
/// the whole account), turned into a demand per hour that a scenario can replay, and the
/// "as-is" option that reproduces the bill. The domain half of `fleetcast actuals --scenario`;
/// the reader (`fleetcast/io/bill_csv.hpp`) hands every row over as a `bill_line`, the writer
/// (`fleetcast/io/bill_scenario.hpp`) writes the scenario and its traces. docs/actuals.md,
/// "Replay", gives the rules and their sources.
///
/// Memory grows with groups × billed hours (Fargate) and EC2 instances × the hours they ran,
/// never with rows: a month of 744 hours and 100 instances is about 75,000 numbers.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "fleetcast/billing/actuals.hpp"
#include "fleetcast/core/units.hpp"
#include "fleetcast/pricing/catalog.hpp"

namespace fleetcast {

/// What the bill said about who ran a group's usage.
enum class replay_identity : std::uint8_t {
  service,  ///< an ECS service or EKS deployment/namespace (tags)
  cluster,  ///< a cluster only (tags, a task ARN's cluster, or the EC2 node's cluster tag)
  account,  ///< nothing: the whole account's usage of that kind is one group
};
[[nodiscard]] std::string_view to_string(replay_identity i) noexcept;

/// The user's assumption for EC2 nodes: the bill says which instances ran, not what ran on them.
struct replay_settings {
  /// The share, in (0, 1], of each billed node's allocatable CPU and memory that the workload
  /// used (requested). 1: the demand is the capacity you paid for, which the as-is option
  /// reproduces. Below 0.5, two slices fit on one node and the as-is option packs them, so its
  /// cost falls below the bill (the report says so).
  double utilisation = 1.0;
};

/// One replayed service: a demand per billed hour in tasks of one size.
struct replay_service {
  std::string name;     ///< unique within the scenario ("checkout/api", "cluster-a", "account")
  std::string cluster;  ///< as the bill named it; empty when unknown
  std::string service;  ///< as the bill named it; empty when unknown
  replay_identity identity = replay_identity::account;
  platform on = platform::ecs;
  bool fargate = true;  ///< false: EC2 nodes of `instance_type`
  os_family os = os_family::linux_os;
  cpu_arch arch = cpu_arch::x86_64;
  /// The task: CPU units and MiB as the scenario's `task` gives them (EKS Fargate: the pod's
  /// request, the billed memory less Fargate's 256 MiB, so that Fargate bills the billed size).
  int cpu_units = 0;
  int memory_mib = 0;
  std::int64_t cpu_millicores = 0;  ///< EKS on EC2: the slice's CPU in millicores; else 0
  int billed_cpu_units = 0;         ///< Fargate: the size the bill shows (after rounding)
  int billed_memory_mib = 0;
  std::string size_basis;           ///< how the size was found, in words
  bool size_ambiguous = false;      ///< Fargate: several sizes fit the bill; one was chosen
  std::string instance_type;        ///< EC2: the node type the slice comes from
  /// Tasks (EC2: node slices) per billed hour: Fargate vCPU-hours ÷ the task's vCPU, or EC2
  /// instance-hours. Index 0 is `bill_workload::first_hour`.
  std::vector<double> task_hours;
  double spot_share = 0;            ///< of the task-hours (Fargate Spot or EC2 Spot)
  double vcpu_hours = 0;            ///< Fargate: Σ billed vCPU-hours
  double gb_hours = 0;              ///< Fargate: Σ billed GB-hours
  /// Fargate: GB-hours the chosen size implies (tasks × its GB); differs from `gb_hours` when
  /// the group's tasks had several sizes.
  double gb_hours_implied = 0;
  double paid_usd = 0;              ///< the bill's cost of these rows (see `bill_workload::paid_usd`)
  double list_usd = 0;              ///< their on-demand (list) cost
  double commitment_list_usd = 0;   ///< list cost of the rows a Savings Plan or RI covered
  /// The same usage at the catalog's prices: on-demand for on-demand and covered rows, the
  /// catalog's Spot price for Spot rows. What the as-is option reproduces.
  double catalog_usd = 0;
};

/// Everything the replay found, ready to be written as a scenario.
struct bill_workload {
  std::int64_t first_hour = 0;  ///< hours since 1970-01-01T00:00Z of the first billed hour
  std::int64_t hours = 0;       ///< billed hours from the first to the last (gaps count, at 0)
  std::vector<replay_service> services;
  /// The as-is option: the platform and compute of the bill's container usage (the larger
  /// cost when it mixes Fargate and EC2, `mixed` then says so).
  platform as_is_platform = platform::ecs;
  bool as_is_fargate = true;
  bool mixed = false;
  double as_is_spot_percent = 0;  ///< share of the as-is kind's task-hours on Spot, 0–100
  std::vector<std::string> as_is_instance_types;
  std::int64_t eks_clusters = 0;  ///< mean EKS clusters billed per hour, rounded (0: none)
  bool eks_extended_support = false;
  double eks_cluster_hours = 0;   ///< Σ EKS cluster-hours billed
  /// What the replay compares with: Σ BilledCost of the replayed rows (Fargate vCPU, memory
  /// and Windows licence; Linux EC2 instances; EKS cluster-hours), with usage a Savings Plan
  /// or RI covered counted at its on-demand (list) cost, since the as-is option carries no
  /// commitment.
  double paid_usd = 0;
  double commitment_list_usd = 0;   ///< of which covered usage at its list cost
  double eks_paid_usd = 0;
  /// The replayed usage at the catalog's prices (Σ `replay_service::catalog_usd`, plus the EKS
  /// cluster-hours when the as-is option runs on EKS): what the as-is option reproduces.
  double catalog_usd = 0;
  std::vector<std::string> notes;   ///< assumptions and ambiguities, one sentence each
  /// Rows the replay could not turn into demand, by reason: Σ BilledCost.
  std::vector<std::pair<std::string, double>> not_replayed;
};

/// The longest span of billed hours a replay takes (93 days): its traces hold a row per minute.
inline constexpr std::int64_t max_replay_hours = 93 * 24;

/// Adds bill rows one at a time (after `actuals_accumulator` has seen them), keeping the
/// container compute rows per group and hour.
class bill_workload_accumulator {
 public:
  void add(const bill_line& l);
  /// The workload, with sizes from `catalog` (Fargate's valid sizes; EC2 nodes' allocatable).
  /// Throws `input_error` input.10 when the bill has no Fargate or EC2 usage to replay, input.5
  /// when its rows span more than `max_replay_hours`.
  [[nodiscard]] bill_workload summary(const price_catalog& catalog, const replay_settings& settings) const;

 private:
  struct hourly {
    double vcpu = 0, gb = 0, spot_vcpu = 0, spot_gb = 0;  // Fargate
    double instance = 0, spot_instance = 0;  // EC2
  };
  struct group {
    std::map<std::int64_t, hourly> hours;
    double paid = 0, list = 0, commitment_list = 0;
    double max_task_vcpu = 0, max_task_gb = 0;  // per task-hour row with a task or pod ARN
    std::string resource_cluster;               // EC2: the instance's cluster, from its own tags
    std::string resource_platform;
  };

  // Fargate: (cluster, service, platform, os/arch); EC2: (instance id, type, "").
  std::map<std::tuple<std::string, std::string, std::string, std::string>, group> fargate_, ec2_;
  std::map<std::string, std::pair<std::string, std::string>, std::less<>> instance_cluster_;  // id → (cluster, platform)
  std::map<std::int64_t, double> eks_cluster_hours_;
  double eks_standard_hours_ = 0, eks_extended_hours_ = 0;
  double eks_paid_ = 0;
  bool eks_extended_ = false;
  std::map<std::string, double, std::less<>> not_replayed_;
  std::set<std::string, std::less<>> options_;  // x_Option values seen (fleetcast's own bills), at most 2 kept
};

}  // namespace fleetcast
