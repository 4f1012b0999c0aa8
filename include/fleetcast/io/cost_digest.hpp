#pragma once
/// @file
/// What a reader needs first from a Monte Carlo run, on one stated basis: each option's cost
/// per month (730 hours, the basis of AWS's pricing calculator), the verdict (the cheapest
/// option, the runner-up, by how much and how sure), and why (utilisation, idle cost, the
/// per-service split, and the constraints that bind, each with what it costs where that was
/// simulated). The table, JSON, CSV and HTML writers all print these figures; no JSON here.
///
/// Rules (also in docs/monthly-and-verdict.md):
/// - per month = cost over the horizon × 730 / horizon hours (a horizon of 1.5 days is 36 h).
/// - The verdict compares the two options with the lowest mean monthly cost on the same trials
///   (common random numbers): the paired mean difference with its Student-t 95 % interval,
///   and P(cheaper), the share of trials where the cheapest is strictly cheaper, with its
///   Wilson 95 % interval.
/// - Within the simulation's noise: the 95 % interval of the paired difference reaches 0.
/// - Within the price estimates' noise: the difference is below `price_noise_percent` of the
///   runner-up's monthly cost and one of the two options (not both) bills compute or the
///   control plane at a catalog figure whose source is marked `estimate` or `secondary`.

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "fleetcast/demand/demand_model.hpp"
#include "fleetcast/mc/engine.hpp"
#include "fleetcast/mc/statistic.hpp"
#include "fleetcast/pricing/catalog.hpp"
#include "fleetcast/sim/scenario.hpp"
#include "fleetcast/sim/simulate.hpp"

namespace fleetcast {

/// Hours of a horizon (days × 24; need not be whole days or weeks).
[[nodiscard]] constexpr double horizon_hours(const demand::horizon& h) noexcept {
  return h.days * 24.0;
}
/// The factor from a cost over horizon `h` to a cost per 730-hour month. Pre: h.days > 0.
[[nodiscard]] constexpr double per_month_factor(const demand::horizon& h) noexcept {
  return demand::hours_per_month / horizon_hours(h);
}

/// The share of the runner-up's monthly cost below which a difference that rests on
/// estimated or secondary prices is called within the price estimates' noise, in percent.
inline constexpr double price_noise_percent = 10.0;

/// A cost distribution in USD per month (NaN: no data).
struct monthly_cost {
  static constexpr double no_data = std::numeric_limits<double>::quiet_NaN();
  double mean = no_data, ci95_lo = no_data, ci95_hi = no_data;
  double p50 = no_data, p90 = no_data, p95 = no_data, p99 = no_data;
};

/// `horizon_cost` (USD per trial) × `factor` (see `per_month_factor`). O(1).
[[nodiscard]] monthly_cost to_monthly(const mc::summary& horizon_cost, double factor) noexcept;

/// One share of an option's cost: a service, "(idle)", "(control plane)", "(network)", …
struct cost_share {
  std::string name;
  double usd_per_month = monthly_cost::no_data;  ///< mean over the trials
};

/// A constraint that shapes an option's cost, in one sentence.
struct cost_constraint {
  std::string
      kind;  ///< "eni_slots", "minimum_tasks", "on_demand_base", "node_group_minimum", "daemonsets"
  std::string sentence;
  /// Mean monthly saving if the constraint were lifted, simulated on the same trials
  /// (NaN: not simulated), and its 95 % interval.
  double saving_usd_per_month = monthly_cost::no_data;
  double saving_ci95_lo = monthly_cost::no_data, saving_ci95_hi = monthly_cost::no_data;
};

struct option_digest {
  std::string name;
  monthly_cost cost;                                  ///< USD per month
  double utilisation = monthly_cost::no_data;         ///< mean utilisation of paid capacity, 0–1
  double idle_usd_per_month = monthly_cost::no_data;  ///< the "(idle)" share; NaN: none
  std::vector<cost_share> split;  ///< per service and overhead, in the engine's order
  std::vector<cost_constraint> constraints;
  /// "id (estimate)" / "id (secondary)": catalog sources behind the option's compute and
  /// control-plane rates that are not confirmed.
  std::vector<std::string> unconfirmed_prices;
};

/// An option the workload cannot run on, and why (an import's `$not_generated`).
struct impossible_option {
  std::string option, reason;
};

struct cost_verdict {
  std::string cheapest, runner_up;  ///< runner_up empty with one option
  double cheapest_usd_per_month = monthly_cost::no_data;
  double difference_usd_per_month = monthly_cost::no_data;  ///< runner-up − cheapest, mean
  double difference_percent = monthly_cost::no_data;        ///< of the runner-up's mean
  double difference_ci95_lo = monthly_cost::no_data, difference_ci95_hi = monthly_cost::no_data;
  /// Share of trials where the cheapest is strictly cheaper; Wilson 95 % interval.
  double prob_cheaper = monthly_cost::no_data, prob_cheaper_lo = monthly_cost::no_data,
         prob_cheaper_hi = monthly_cost::no_data;
  bool within_simulation_noise = false;
  bool within_price_noise = false;
  std::vector<std::string> unconfirmed_prices;  ///< those behind one of the two options only
};

/// A replayed bill beside the options (a scenario with `bill`, written by `fleetcast actuals
/// --scenario`): what was paid and what the same demand costs on each option, per month.
struct bill_comparison {
  double paid_usd = monthly_cost::no_data;            ///< the bill, over `hours`
  double hours = monthly_cost::no_data;
  double paid_usd_per_month = monthly_cost::no_data;  ///< paid × 730 / hours
  double at_catalog_usd_per_month = monthly_cost::no_data;
  double tolerance_usd_per_month = monthly_cost::no_data;
  std::string as_is_option, description, first_hour;
  double as_is_usd_per_month = monthly_cost::no_data;
  /// Half-width of the 95 % interval of the as-is mean (0 with one trial or identical trials).
  double as_is_ci95_half_usd_per_month = 0;
  /// |as-is − the bill at the catalog's prices| within the tolerance (plus the as-is mean's
  /// 95 % interval when trials resample the hours).
  bool as_is_within_tolerance = false;
  struct row {
    std::string option;
    double mean = monthly_cost::no_data;  ///< USD per month
    double lo = monthly_cost::no_data;    ///< 2.5 % of trials cost less (USD per month)
    double hi = monthly_cost::no_data;    ///< 97.5 % of trials cost less
  };
  std::vector<row> options;  ///< cheapest first
  std::vector<std::string> notes;
};

struct run_digest {
  double horizon_hours = monthly_cost::no_data;
  double per_month_factor = monthly_cost::no_data;
  std::vector<option_digest> options;  ///< in the scenario's order
  std::optional<cost_verdict> verdict;
  std::vector<impossible_option> impossible;
  std::optional<bill_comparison> bill;  ///< when the scenario replays a bill
};

/// What-if runs behind the constraints' dollar figures.
struct digest_settings {
  /// Trials of each what-if run (the first trials of the run's seed); 0: none, so no
  /// constraint carries a dollar figure.
  std::uint64_t what_if_trials = 200;
  unsigned threads = 0;  ///< 0: one per usable core
};

/// The digest of run `r` of scenario `s` priced with `catalog`. Runs one short what-if
/// simulation per constraint that can be lifted (trunking on, base 0, …).
[[nodiscard]] run_digest digest_run(const sim::scenario& s, const mc::run_result& r,
                                    const price_catalog& catalog,
                                    const digest_settings& settings = {});

/// The bill beside the options of one trial (`simulate` with one trial): each option's cost of
/// that trial per month (its range is that cost). Empty when the scenario replays no bill.
[[nodiscard]] std::optional<bill_comparison> bill_of_path(const sim::scenario& s,
                                                          const std::vector<sim::option_result>& results);

/// The bill beside the options in plain words: "You paid $X for N hours (= $M/month). …".
[[nodiscard]] std::string bill_sentence(const bill_comparison& b);

/// The verdict in one line ("Cheapest: …"). Stable wording for tests.
[[nodiscard]] std::string verdict_sentence(const cost_verdict& v);
/// "$1,234.56" (two decimals, thousands separated); "n/a" for NaN.
[[nodiscard]] std::string usd_text(double v);

}  // namespace fleetcast
