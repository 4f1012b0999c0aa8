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

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "fleetcast/billing/commitments.hpp"
#include "fleetcast/pricing/catalog.hpp"
#include "fleetcast/sim/scenario.hpp"

namespace fleetcast::sim {

struct cost_line {
  /// compute_on_demand, compute_spot, storage, control_plane, auto_mode_fee, commitment
  std::string name;
  double usd = 0;
};

/// Billed usage hour by hour for each rate key, as the commitments layer applies Savings
/// Plans and RIs each hour. Keys: `ec2:<type>:on_demand|spot` (instance-seconds) and
/// `fargate:<linux_x86_64|linux_arm64|windows_x86_64>:on_demand|spot:vcpu|memory`
/// (vCPU-seconds, GB-seconds), plus `…:storage` (GB-seconds above the free 20 GB) and
/// `…:licence` (Windows licence vCPU-seconds) when they are billed; plans cover neither. A run's seconds fall in the hours it overlaps; seconds billed
/// beyond its length (the minimum) fall in the hour it started.
struct usage_ledger {
  std::vector<std::string> keys;
  std::int64_t hours = 0;
  std::vector<double> quantity;  ///< hour-major: quantity[hour × keys.size() + key]

  std::size_t key(const std::string& k) {
    for (std::size_t i = 0; i < keys.size(); ++i)
      if (keys[i] == k) return i;
    // A new key: widen every hour's row.
    widen(quantity);
    widen(full_hours_);
    keys.push_back(k);
    return keys.size() - 1;
  }
  /// Adds a run [start, end) billed for `billed_s` seconds of `units` each (vCPUs, GB, 1).
  /// O(1): the hours the run covers whole are recorded as a difference and summed by
  /// `finish()`, which must be called before `quantity` is read.
  void add_run(std::size_t k, double start, double end, double billed_s, double units) {
    if (billed_s <= 0 || hours <= 0) return;
    const std::size_t n = keys.size();
    if (full_hours_.size() != quantity.size()) full_hours_.assign(quantity.size(), 0.0);
    const auto at = [&](std::int64_t h) -> double& { return quantity[std::size_t(h) * n + k]; };
    const auto h0 = std::int64_t(start / 3600.0), h1 = std::int64_t(end / 3600.0);
    if (h0 >= hours) {  // starts beyond the horizon: only the minimum's extra seconds count
      at(hours - 1) += (billed_s - (end - start)) * units;
      return;
    }
    double covered = 0;
    if (h1 <= h0) {
      covered = end - start;
      at(h0) += covered * units;
    } else {
      const double first = double(h0 + 1) * 3600.0 - start;  // the rest of the first hour
      at(h0) += first * units;
      covered = first;
      const std::int64_t last_full = std::min(h1, hours) - 1;  // whole hours h0+1 .. last_full
      if (last_full >= h0 + 1) {
        full_hours_[std::size_t(h0 + 1) * n + k] += 3600.0 * units;
        if (last_full + 1 < hours) full_hours_[std::size_t(last_full + 1) * n + k] -= 3600.0 * units;
      }
      covered += double(h1 - h0 - 1) * 3600.0;
      const double tail = end - double(h1) * 3600.0;
      if (h1 < hours) at(h1) += tail * units;
      covered += tail;
    }
    at(h0) += (billed_s - covered) * units;  // the minimum's extra seconds: the start hour
  }
  /// Folds the whole hours recorded by `add_run` into `quantity`. Idempotent.
  void finish() {
    const std::size_t n = keys.size();
    if (full_hours_.size() != quantity.size()) return;
    for (std::size_t k = 0; k < n; ++k) {
      double run = 0;
      for (std::int64_t h = 0; h < hours; ++h) {
        run += full_hours_[std::size_t(h) * n + k];
        quantity[std::size_t(h) * n + k] += run;
      }
    }
    full_hours_.assign(quantity.size(), 0.0);
  }
  [[nodiscard]] double total(std::size_t k) const {
    double t = 0;
    for (std::int64_t h = 0; h < hours; ++h) t += quantity[std::size_t(h) * keys.size() + k];
    return t;
  }

 private:
  void widen(std::vector<double>& v) const {
    if (v.size() != std::size_t(hours) * keys.size()) {
      v.assign(std::size_t(hours) * (keys.size() + 1), 0.0);
      return;
    }
    std::vector<double> wider(std::size_t(hours) * (keys.size() + 1), 0.0);
    for (std::int64_t h = 0; h < hours; ++h)
      for (std::size_t i = 0; i < keys.size(); ++i)
        wider[std::size_t(h) * (keys.size() + 1) + i] = v[std::size_t(h) * keys.size() + i];
    v.swap(wider);
  }
  std::vector<double> full_hours_;  ///< differences of whole-hour quantities, same layout
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
};

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
