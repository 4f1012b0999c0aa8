#pragma once
/// @file
/// What the Monte Carlo engine keeps of each scenario: per option, a `statistic` of total
/// cost, each cost line, unserved demand, Spot interruptions, task-hours, utilisation and (EC2
/// options) the share of instance-hours each resource bound, and
/// the paired difference of its cost against a baseline option on the same scenario (common
/// random numbers). One accumulator per block of scenarios; blocks merge in index order.

#include <cstdint>
#include <string>
#include <vector>

#include "fleetcast/mc/statistic.hpp"
#include "fleetcast/sim/scenario.hpp"
#include "fleetcast/sim/simulate.hpp"

namespace fleetcast::mc {

/// The statistics of one option over the scenarios added so far.
struct option_statistics {
  std::string name;
  statistic cost;                       ///< total cost per scenario, USD
  std::vector<std::string> line_names;  ///< compute_on_demand, compute_spot, storage, …
  std::vector<statistic> lines;         ///< per line, USD per scenario (same order)
  statistic unserved_task_seconds;      ///< demand above serving tasks, task-seconds
  statistic interruptions;              ///< Spot interruptions per scenario
  statistic task_hours;                 ///< billed task-hours per scenario
  statistic utilisation;                ///< mean utilisation of paid capacity, 0–1
  statistic unplaceable_tasks;          ///< peak tasks no instance type could hold
  paired vs_baseline;                   ///< cost − the baseline option's cost
  /// Per option of the scenario (in its order): this option's cost − that option's cost on
  /// the same scenario, so that any two options compare with a paired CI and P(cheaper), not
  /// only against the baseline (the verdict compares the cheapest with the runner-up).
  std::vector<paired> vs_option;
  std::vector<std::string> allocation_names;  ///< services, "(idle)", "(control plane)", …
  std::vector<statistic> allocation;          ///< USD per scenario, per share (same order)
  // With commitments (empty otherwise):
  statistic coverage;                       ///< covered ÷ coverable on-demand equivalent, 0–1
  statistic covered_usd;                    ///< on-demand equivalent the commitments covered, USD
  std::vector<std::string> commitment_names;
  std::vector<statistic> commitment_utilisation;  ///< used ÷ charged, 0–1, per commitment
  std::vector<statistic> commitment_unused;       ///< USD charged and not used, per commitment
  // EC2 options (empty otherwise):
  /// Per `sim::binding_resource` (in its order): the share of the path's instance-hours in
  /// which that resource bound the instance, 0–1 (0 for every resource on a path without
  /// instances).
  std::vector<statistic> binding;
  /// ECS on EC2: tasks per instance by service and type; static, so taken from the first path.
  std::vector<sim::task_density> density;
};

/// Per-option accumulators for a run of scenarios.
class scenario_accumulator {
 public:
  /// Each option's cost per scenario is kept for exact percentiles up to
  /// `statistic::default_exact_limit` scenarios (1,000,000: 8 MB per option), then it
  /// comes from the 0.1 % log histogram (within 0.05 %). `exact_quantiles` keeps, without that
  /// limit, the cost, the cost lines and the unserved demand (8 bytes per value each);
  /// `baseline` is the index of the option the others are compared with.
  scenario_accumulator(const sim::scenario& s, bool exact_quantiles, std::size_t baseline)
      : baseline_(baseline) {
    for (const auto& o : s.options) {
      option_statistics st;
      st.name = o.name;
      st.cost = statistic(true, exact_quantiles ? statistic::unlimited : statistic::default_exact_limit);
      st.unserved_task_seconds = statistic(exact_quantiles);
      if (o.compute != sim::compute_kind::fargate) st.binding.assign(sim::all_binding_resources.size(), statistic());
      options_.push_back(std::move(st));
    }
    for (auto& st : options_) st.vs_option.assign(options_.size(), paired());
    exact_ = exact_quantiles;
  }

  /// Makes room for `n` trials' kept values (each option's cost, and its unserved demand with
  /// exact quantiles), so that merging that many trials does not grow the buffers piecemeal.
  void reserve(std::uint64_t n) {
    for (auto& st : options_) {
      st.cost.reserve(n);
      st.unserved_task_seconds.reserve(n);
    }
  }

  /// Adds one scenario's total demand (Σ over services and steps of demand × step seconds:
  /// task-capacity-seconds) without option results (the demand-only profile).
  void add_demand(double demand) {
    demand_.add(demand);
    ++count_;
  }
  /// Adds one scenario's results, one per option in the scenario's order, and its total
  /// demand. O(options × (lines + options)).
  void add(const std::vector<sim::option_result>& r, double demand) {
    demand_.add(demand);
    const double base = r[baseline_].total_usd;
    for (std::size_t i = 0; i < r.size(); ++i) {
      option_statistics& st = options_[i];
      const sim::option_result& x = r[i];
      if (st.lines.size() != x.lines.size()) {  // the first scenario names the lines
        st.line_names.clear();
        for (const auto& l : x.lines) st.line_names.push_back(l.name);
        st.lines.assign(x.lines.size(), statistic(exact_));
      }
      st.cost.add(x.total_usd);
      for (std::size_t j = 0; j < x.lines.size(); ++j) st.lines[j].add(x.lines[j].usd);
      st.unserved_task_seconds.add(x.unserved_task_seconds);
      st.interruptions.add(double(x.spot_interruptions));
      st.task_hours.add(x.task_hours);
      st.utilisation.add(x.mean_utilisation);
      st.unplaceable_tasks.add(double(x.unplaceable_tasks));
      st.vs_baseline.add(x.total_usd, base);
      for (std::size_t j = 0; j < r.size() && j < st.vs_option.size(); ++j) st.vs_option[j].add(x.total_usd, r[j].total_usd);
      if (st.allocation_names.size() != x.allocation.size()) {
        st.allocation_names.clear();
        for (const auto& a : x.allocation) st.allocation_names.push_back(a.name);
        st.allocation.assign(x.allocation.size(), statistic());
      }
      for (std::size_t j = 0; j < x.allocation.size(); ++j) st.allocation[j].add(x.allocation[j].usd);
      if (!x.density.empty() && st.density.empty()) st.density = x.density;
      add_binding(st, x);
      if (!x.commitments.empty()) {
        if (st.commitment_names.size() != x.commitments.size()) {
          st.commitment_names.clear();
          for (const auto& c : x.commitments) st.commitment_names.push_back(c.name);
          st.commitment_utilisation.assign(x.commitments.size(), statistic());
          st.commitment_unused.assign(x.commitments.size(), statistic());
        }
        st.covered_usd.add(x.covered_on_demand_equivalent);
        st.coverage.add(x.eligible_on_demand_equivalent > 0 ? x.covered_on_demand_equivalent / x.eligible_on_demand_equivalent
                                                            : 0.0);
        for (std::size_t j = 0; j < x.commitments.size(); ++j) {
          const auto& c = x.commitments[j];
          st.commitment_utilisation[j].add(c.charge > 0 ? c.used / c.charge : 0.0);
          st.commitment_unused[j].add(std::max(0.0, c.charge - c.used));
        }
      }
    }
    ++count_;
  }

  /// Appends another accumulator's scenarios (deterministic: same parts in the same order
  /// give identical bits). O(options × buckets).
  void merge(const scenario_accumulator& other) {
    for (std::size_t i = 0; i < options_.size(); ++i) {
      option_statistics& a = options_[i];
      const option_statistics& b = other.options_[i];
      if (a.lines.empty() && !b.lines.empty()) {
        a.line_names = b.line_names;
        a.lines.assign(b.lines.size(), statistic(exact_));
      }
      a.cost.merge(b.cost);
      for (std::size_t j = 0; j < b.lines.size(); ++j) a.lines[j].merge(b.lines[j]);
      a.unserved_task_seconds.merge(b.unserved_task_seconds);
      a.interruptions.merge(b.interruptions);
      a.task_hours.merge(b.task_hours);
      a.utilisation.merge(b.utilisation);
      a.unplaceable_tasks.merge(b.unplaceable_tasks);
      a.vs_baseline.merge(b.vs_baseline);
      if (a.vs_option.size() < b.vs_option.size()) a.vs_option.resize(b.vs_option.size());
      for (std::size_t j = 0; j < b.vs_option.size(); ++j) a.vs_option[j].merge(b.vs_option[j]);
      if (a.allocation_names.empty() && !b.allocation_names.empty()) {
        a.allocation_names = b.allocation_names;
        a.allocation.assign(b.allocation_names.size(), statistic());
      }
      for (std::size_t j = 0; j < b.allocation.size(); ++j) a.allocation[j].merge(b.allocation[j]);
      if (a.commitment_names.empty() && !b.commitment_names.empty()) {
        a.commitment_names = b.commitment_names;
        a.commitment_utilisation.assign(b.commitment_names.size(), statistic());
        a.commitment_unused.assign(b.commitment_names.size(), statistic());
      }
      a.coverage.merge(b.coverage);
      a.covered_usd.merge(b.covered_usd);
      for (std::size_t j = 0; j < b.commitment_utilisation.size(); ++j) {
        a.commitment_utilisation[j].merge(b.commitment_utilisation[j]);
        a.commitment_unused[j].merge(b.commitment_unused[j]);
      }
      if (a.binding.empty() && !b.binding.empty()) a.binding.assign(b.binding.size(), statistic());
      for (std::size_t j = 0; j < b.binding.size(); ++j) a.binding[j].merge(b.binding[j]);
      if (a.density.empty()) a.density = b.density;
    }
    demand_.merge(other.demand_);
    count_ += other.count_;
  }

  [[nodiscard]] std::uint64_t count() const noexcept { return count_; }
  [[nodiscard]] std::size_t baseline() const noexcept { return baseline_; }
  [[nodiscard]] const std::vector<option_statistics>& options() const noexcept { return options_; }
  /// True when every option's cost percentiles are exact order statistics (the costs were
  /// kept: at most `statistic::default_exact_limit` scenarios, or `exact_quantiles`).
  [[nodiscard]] bool exact_cost_quantiles() const noexcept {
    for (const auto& o : options_)
      if (o.cost.exact() == nullptr) return false;
    return true;
  }
  /// Total demand per scenario (task-capacity-seconds), the same for every option.
  [[nodiscard]] const statistic& demand() const noexcept { return demand_; }

  /// The largest relative 95 % CI half-width of the mean cost over the options
  /// (half-width / |mean|; 0 when both are 0, +inf before two scenarios).
  [[nodiscard]] double worst_relative_ci() const {
    double worst = 0;
    for (const auto& o : options_) {
      const double h = o.cost.moments().ci95_halfwidth();
      const double m = std::abs(o.cost.moments().mean());
      worst = std::max(worst, h == 0 ? 0.0 : m == 0 ? std::numeric_limits<double>::infinity() : h / m);
    }
    return worst;
  }

 private:
  friend struct detail::serial_access;  // exact save/load (fleetcast/mc/serialize.hpp)

  // An EC2 option's binding shares of one path (Fargate options have no instance-hours).
  static void add_binding(option_statistics& st, const sim::option_result& x) {
    if (st.binding.empty()) return;
    double total = 0;
    for (const double h : x.binding_hours) total += h;
    for (std::size_t k = 0; k < x.binding_hours.size(); ++k)
      st.binding[k].add(total > 0 ? x.binding_hours[k] / total : 0.0);
  }
  // exact save/load (fleetcast/mc/serialize.hpp)

  std::vector<option_statistics> options_;
  statistic demand_;
  std::size_t baseline_ = 0;
  bool exact_ = false;
  std::uint64_t count_ = 0;
};

}  // namespace fleetcast::mc
