#pragma once
/// @file
/// One scenario path end to end: demand → target tracking → task starts (with start-up
/// latency) and stops → placement (Fargate sizes, or the packing engine's online cluster with
/// instance launches and idle-instance termination) → per-second billing, for every option
/// over the same demand (common random numbers).
///
/// Spot interruptions arrive at a constant hazard per Spot instance (from the catalog's
/// interruption bucket) or Fargate Spot task, with two minutes' notice. Each option's billed
/// usage is kept hour by hour, and its Savings Plans and RIs are applied to every hour.
///
/// Every entry point checks its scenario with `sim::validate` first (`input_error` on a rule it
/// breaks); the Monte Carlo engine checks once per run and calls the `detail::` forms per path.

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fleetcast/billing/commitments.hpp"
#include "fleetcast/pricing/catalog.hpp"
#include "fleetcast/sim/scenario.hpp"
#include "fleetcast/sim/usage_ledger.hpp"

namespace fleetcast::sim {

/// The cost lines of an option's result, a closed list in the order results show them.
enum class cost_line_kind {
  compute_on_demand,  ///< Fargate and EC2 on-demand (what commitments leave uncovered)
  compute_spot,       ///< Fargate Spot and EC2 Spot
  storage,            ///< Fargate ephemeral storage above the free 20 GB
  control_plane,      ///< EKS control plane, standard or extended support
  auto_mode_fee,      ///< EKS Auto Mode management fee
  public_ipv4,        ///< public IPv4 addresses: tasks', nodes', NAT gateways', ALBs', standing
  ebs_root_volumes,   ///< gp3 root volumes of EC2 nodes
  nat_gateway,        ///< NAT gateway hours
  vpc_endpoints,      ///< interface endpoint hours
  network_data,       ///< GB processed by the NAT gateways or endpoints (image pulls)
  load_balancer,      ///< ALB hours and LCUs
  commitment,         ///< Savings Plan and RI charges (only with commitments)
};
inline constexpr std::array<cost_line_kind, 12> all_cost_lines = {
    cost_line_kind::compute_on_demand, cost_line_kind::compute_spot,     cost_line_kind::storage,
    cost_line_kind::control_plane,     cost_line_kind::auto_mode_fee,    cost_line_kind::public_ipv4,
    cost_line_kind::ebs_root_volumes,  cost_line_kind::nat_gateway,      cost_line_kind::vpc_endpoints,
    cost_line_kind::network_data,      cost_line_kind::load_balancer,    cost_line_kind::commitment};
[[nodiscard]] constexpr std::string_view to_string(cost_line_kind k) noexcept {
  switch (k) {
    case cost_line_kind::compute_on_demand: return "compute_on_demand";
    case cost_line_kind::compute_spot: return "compute_spot";
    case cost_line_kind::storage: return "storage";
    case cost_line_kind::control_plane: return "control_plane";
    case cost_line_kind::auto_mode_fee: return "auto_mode_fee";
    case cost_line_kind::public_ipv4: return "public_ipv4";
    case cost_line_kind::ebs_root_volumes: return "ebs_root_volumes";
    case cost_line_kind::nat_gateway: return "nat_gateway";
    case cost_line_kind::vpc_endpoints: return "vpc_endpoints";
    case cost_line_kind::network_data: return "network_data";
    case cost_line_kind::load_balancer: return "load_balancer";
    case cost_line_kind::commitment: return "commitment";
  }
  return "?";
}

struct cost_line {
  std::string name;  ///< `to_string(kind)`, as reports and accumulators name it
  double usd = 0;
  cost_line_kind kind = cost_line_kind::compute_on_demand;
};

/// One commitment over a path: what it charged and how much of that usage used.
struct commitment_use {
  std::string name;
  double charge = 0;  ///< USD over the path's hours, used or not
  double used = 0;    ///< USD of the charge that covered usage
};

/// One share of an option's cost (cost allocation in the OpenCost manner).
struct allocation_share {
  std::string name;  ///< a service's name, or "(idle)", "(daemonsets)", "(control plane)", "(commitments)"
  double usd = 0;
};

/// The resource that fills an EC2 instance: the one with the largest requested share of the
/// instance's allocatable capacity (placed tasks' requests ÷ what tasks may use, after ECS's or
/// the kubelet's reservations and the DaemonSets). Ties go to the earlier in this order, so
/// the ENI or pod limit is named only when it alone is the tightest. `empty`: no tasks.
enum class binding_resource {
  cpu,
  memory,
  eni_slots,  ///< ECS awsvpc task slots (ENIs − 1, or the trunking limit)
  pods,       ///< EKS max pods (left after DaemonSets)
  empty,
};
inline constexpr std::array<binding_resource, 5> all_binding_resources = {
    binding_resource::cpu, binding_resource::memory, binding_resource::eni_slots, binding_resource::pods,
    binding_resource::empty};
[[nodiscard]] constexpr std::string_view to_string(binding_resource b) noexcept {
  switch (b) {
    case binding_resource::cpu: return "cpu";
    case binding_resource::memory: return "memory";
    case binding_resource::eni_slots: return "eni_slots";
    case binding_resource::pods: return "pods";
    case binding_resource::empty: return "empty";
  }
  return "?";
}

/// How many tasks of one ECS-on-EC2 service fit on an empty instance of one type (static: from
/// the task's CPU and memory and the instance's registered capacity), as configured and with
/// the ENI limit lifted or raised by trunking.
struct task_density {
  std::uint32_t service = 0;        ///< index into `scenario::services`
  std::uint32_t instance_type = 0;  ///< index into the option's `instance_types`
  std::int64_t tasks_per_instance = 0;  ///< as configured (network mode, trunking)
  binding_resource binds = binding_resource::cpu;  ///< what sets `tasks_per_instance`
  std::int64_t without_eni_limit = 0;  ///< CPU and memory alone
  /// awsvpc with `awsvpcTrunking` on: the trunking table's task limit with CPU and memory;
  /// nullopt when the type has no trunking row or the mode is not awsvpc.
  std::optional<std::int64_t> with_trunking;
  friend bool operator==(const task_density&, const task_density&) = default;
};

struct option_result {
  std::string option;
  /// The option's total split by who caused it; the shares sum to `total_usd`. Fargate: each
  /// service pays its tasks' bills. EC2: each instance-hour's price is split into a CPU and a
  /// memory part in the ratio of Fargate's on-demand vCPU and GB prices for the instance's
  /// vCPUs and memory; a service pays the parts its placed tasks request, DaemonSets the parts
  /// they request on every node, and what no one requests (reserved, unrequested, empty
  /// instances, minimum charges) is idle. EKS control plane and the net effect of commitments
  /// (charges minus the on-demand cost they covered) are shares of their own.
  std::vector<allocation_share> allocation;
  /// With commitments: the compute usage they could cover at on-demand rates, the part they
  /// covered, and each commitment's charge and use. The `commitment` cost line holds the
  /// charges and `compute_on_demand` only what stayed uncovered.
  double eligible_on_demand_equivalent = 0;
  double covered_on_demand_equivalent = 0;
  std::vector<commitment_use> commitments;
  usage_ledger usage;  ///< hourly billed usage by rate key
  double total_usd = 0;
  std::vector<cost_line> lines;
  double task_hours = 0;                                       ///< billed task-hours
  std::vector<std::pair<std::string, double>> instance_hours;  ///< billed, by type
  double unserved_task_seconds = 0;  ///< Σ max(0, demand / capacity − ready tasks) × step
  std::int64_t spot_interruptions = 0;
  double mean_utilisation = 0;  ///< mean over steps of demand served / paid capacity (0–1)
  std::int64_t unplaceable_tasks = 0;  ///< tasks no instance type could hold (peak per step)
  /// EC2 options: instance-hours of the run by the resource that bound each instance
  /// (`binding_resource`; the state after each step's changes holds until the next change),
  /// indexed by `binding_resource`. All 0 for Fargate options.
  std::array<double, 5> binding_hours{};
  /// ECS on EC2: per service and instance type, tasks per instance (`task_density`). Empty for
  /// other options.
  std::vector<task_density> density;
};

/// ECS on EC2: for each service (in the scenario's order) and each of the option's instance
/// types (in its order), how many of the service's tasks fit on an empty instance
/// (`task_density`). Empty for other options. Pre: `o`'s types are in `catalog`. O(services ×
/// types).
[[nodiscard]] std::vector<task_density> ecs_task_density(const scenario& s, const option& o,
                                                         const price_catalog& catalog);

/// One row of `--trace`: a step of one option and service, after the step's scaling.
struct trace_row {
  std::int64_t t_s;  ///< the step's start
  const std::string* option;
  const std::string* service;
  double demand;
  std::int64_t desired;
  std::int64_t running;    ///< tasks launched and not stopped (serving or starting)
  std::int64_t instances;  ///< EC2 options: instances running; Fargate: 0
  /// Accrued cost at the step's end: finished runs as billed plus running ones by elapsed
  /// seconds (minimums not yet applied). Fargate: this service's; EC2: the option's compute.
  double cost_so_far;
};

/// Writes path `index`'s demand (task capacities per step) for every service into `demand`
/// (resized to services × steps; reusing it avoids allocation): the model's draws from
/// stream(seed, index, demand, service), a replayed or block-bootstrapped trace, or the
/// correlated services' joint draws. Every option of the path sees this demand.
void generate_demand(const scenario& s, std::uint64_t index, std::vector<std::vector<double>>& demand);

/// Simulates path `index` of the scenario (demand drawn from stream(seed, index, demand,
/// service)). `trace`, if set, receives one row per step, option and service.
[[nodiscard]] std::vector<option_result> simulate_path(
    const scenario& s, const price_catalog& catalog, std::uint64_t index,
    const std::function<void(const trace_row&)>& trace = {});

/// The same on a demand already drawn by `generate_demand(s, index, demand)` (the Monte Carlo
/// engine draws it once per path into a reused buffer).
[[nodiscard]] std::vector<option_result> simulate_path_on(const scenario& s, const price_catalog& catalog,
                                                          std::uint64_t index,
                                                          const std::vector<std::vector<double>>& demand,
                                                          const std::function<void(const trace_row&)>& trace = {});

namespace detail {
/// `generate_demand` and `simulate_path_on` without the checks: the scenario has passed
/// `validate` and `demand` came from `generate_demand_unchecked` on it.
void generate_demand_unchecked(const scenario& s, std::uint64_t index, std::vector<std::vector<double>>& demand);
[[nodiscard]] std::vector<option_result> simulate_path_unchecked(const scenario& s, const price_catalog& catalog,
                                                                 std::uint64_t index,
                                                                 const std::vector<std::vector<double>>& demand,
                                                                 const std::function<void(const trace_row&)>& trace = {});
/// Buffers `simulate_path_unchecked` reuses from one path to the next (the Monte Carlo engine
/// keeps one per block of trials), so that a path allocates only what its results hold.
struct path_workspace {
  std::vector<std::vector<double>> in_tasks;  ///< demand ÷ capacity per task, per service
  std::vector<unsigned char> done;            ///< options already simulated with a group
  std::vector<const option*> group;           ///< Fargate options simulated together
  std::vector<std::size_t> members;           ///< their indices
  std::vector<option_result> results;         ///< their results
  /// Whether each result keeps its hourly usage ledger (option_result::usage). The Monte Carlo
  /// engine, whose statistics read costs only, turns it off: then only options with
  /// commitments (billed from it) keep one, and the others' `usage` is empty.
  bool hourly_usage = true;
};
/// The same, into `out` (resized to the options, each element replaced), with `ws`'s buffers.
void simulate_path_unchecked(const scenario& s, const price_catalog& catalog, std::uint64_t index,
                             const std::vector<std::vector<double>>& demand, path_workspace& ws,
                             std::vector<option_result>& out,
                             const std::function<void(const trace_row&)>& trace = {});

/// What every demand path of a scenario shares, computed once (the Monte Carlo engine makes one
/// per run): each modelled service's deterministic levels (base × diurnal × weekly × trend per
/// step) and each replayed trace's path. `generate` then writes path `index` exactly as
/// `generate_demand_unchecked` would, bit for bit, without the cosines and powers. Read-only
/// after construction, so threads share one. Pre: the scenario has passed `validate` and
/// outlives the plan. O(services × steps) memory.
class demand_plan {
 public:
  explicit demand_plan(const scenario& s);
  void generate(std::uint64_t index, std::vector<std::vector<double>>& demand) const;

 private:
  const scenario* s_;
  std::vector<std::vector<double>> levels_;  // per service; empty for a bootstrapped trace
  bool correlated_ = false;
};
}  // namespace detail

/// The usage lines behind a ledger's rate keys, with the catalog's on-demand rates and the
/// plan rates for the term and payment of `o`'s first plan of each type (quantities 0).
[[nodiscard]] std::vector<usage_line> ledger_usage_lines(const scenario& s, const option& o, const price_catalog& cat,
                                                         const usage_ledger& led);
/// Applies `o.commitments` hour by hour to `r`, a result simulated without them: moves the
/// covered on-demand cost out of `compute_on_demand`, adds the `commitment` line and the
/// per-commitment use. (`simulate_path` does this for options with commitments.)
void apply_option_commitments(const scenario& s, const option& o, const price_catalog& cat, option_result& r);

}  // namespace fleetcast::sim
