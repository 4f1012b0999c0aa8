#include "fleetcast/io/mc_report.hpp"

#include <cmath>
#include <cstdio>

#include "bill_report.hpp"
#include "binding_report.hpp"
#include "fleetcast/io/cost_digest.hpp"
#include "json_reader.hpp"
#include "text_format.hpp"
#include "fleetcast/mc/spread_bins.hpp"

namespace fleetcast {
using detail::wrap;
namespace {

using detail::json;

json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json summary_json(const mc::statistic& st) {
  const mc::summary s = st.summarise();
  return {{"count", s.count},   {"mean", number(s.mean)},     {"stddev", number(s.stddev)},
          {"ci95", {number(s.ci95_lo), number(s.ci95_hi)}}, {"p50", number(s.p50)},
          {"p90", number(s.p90)},   {"p95", number(s.p95)},       {"p99", number(s.p99)},
          {"cvar95", number(s.cvar95)}, {"min", number(s.min)}, {"max", number(s.max)}};
}

const char* quantile_source(const mc::run_result& r) {
  return r.stats.exact_cost_quantiles() ? "exact" : "log_histogram_0.05pct";
}

std::string csv_number(double v) { return std::isfinite(v) ? detail::shortest_number(v) : ""; }

}  // namespace

namespace {

json monthly_json(const monthly_cost& m) {
  return {{"mean", number(m.mean)}, {"ci95", {number(m.ci95_lo), number(m.ci95_hi)}}, {"p50", number(m.p50)},
          {"p90", number(m.p90)},   {"p95", number(m.p95)},                         {"p99", number(m.p99)}};
}

/// The digest's keys: per option and top level.
void add_digest(json& out, const run_digest& d) {
  auto& options = out["options"];
  for (std::size_t i = 0; i < d.options.size() && i < options.size(); ++i) {
    const option_digest& o = d.options[i];
    json& x = options[i];
    x["cost_per_month"] = monthly_json(o.cost);
    json split = json::object();
    for (const auto& c : o.split) split[c.name] = number(c.usd_per_month);
    x["allocation_per_month"] = std::move(split);
    x["idle_per_month"] = number(o.idle_usd_per_month);
    json cons = json::array();
    for (const auto& c : o.constraints)
      cons.push_back({{"kind", c.kind},
                      {"sentence", c.sentence},
                      {"saving_per_month", number(c.saving_usd_per_month)},
                      {"saving_per_month_ci95", {number(c.saving_ci95_lo), number(c.saving_ci95_hi)}}});
    x["constraints"] = std::move(cons);
    x["unconfirmed_prices"] = o.unconfirmed_prices;
  }
  out["per_month"] = {{"hours_per_month", demand::hours_per_month},
                      {"horizon_hours", number(d.horizon_hours)},
                      {"factor", number(d.per_month_factor)},
                      {"basis", "cost per trial × 730 h / horizon hours (AWS's calculators use 730 h a month)"}};
  if (d.verdict) {
    const cost_verdict& v = *d.verdict;
    out["verdict"] = {{"cheapest", v.cheapest},
                      {"cheapest_per_month", number(v.cheapest_usd_per_month)},
                      {"runner_up", v.runner_up.empty() ? json(nullptr) : json(v.runner_up)},
                      {"difference_per_month", number(v.difference_usd_per_month)},
                      {"difference_per_month_ci95", {number(v.difference_ci95_lo), number(v.difference_ci95_hi)}},
                      {"difference_percent", number(v.difference_percent)},
                      {"prob_cheaper", number(v.prob_cheaper)},
                      {"prob_cheaper_ci95", {number(v.prob_cheaper_lo), number(v.prob_cheaper_hi)}},
                      {"prob_cheaper_interval", "Wilson score, 95 %"},
                      {"within_simulation_noise", v.within_simulation_noise},
                      {"within_price_noise", v.within_price_noise},
                      {"price_noise_percent", price_noise_percent},
                      {"unconfirmed_prices", v.unconfirmed_prices},
                      {"sentence", verdict_sentence(v)}};
  }
  json ng = json::array();
  for (const auto& x : d.impossible) ng.push_back({{"option", x.option}, {"reason", x.reason}});
  out["not_generated"] = std::move(ng);
  if (d.bill) out["actuals_baseline"] = detail::bill_to_json(*d.bill);  // fleetcast actuals --scenario
}

}  // namespace

std::string mc_results_to_json(const sim::scenario& s, const mc::run_result& r, bool timing,
                               const mc::break_even_result* break_even, const run_digest* digest) {
  const auto& opts = r.stats.options();
  const std::string& baseline = opts[r.stats.baseline()].name;
  json options = json::array();
  for (std::size_t i = 0; i < opts.size(); ++i) {
    const auto& o = opts[i];
    json lines = json::object();
    for (std::size_t j = 0; j < o.lines.size(); ++j) lines[o.line_names[j]] = summary_json(o.lines[j]);
    const auto p = o.vs_baseline.summarise();
    json commitments = json::array();
    for (std::size_t j = 0; j < o.commitment_names.size(); ++j)
      commitments.push_back({{"name", o.commitment_names[j]},
                             {"utilisation", summary_json(o.commitment_utilisation[j])},
                             {"unused_usd", summary_json(o.commitment_unused[j])}});
    // The cost's spread: 36 equal bins from min to max when the costs are kept, else the log
    // histogram's 0.1 % buckets clipped to [min, max]; each [lo, hi, count].
    json histogram = json::array();
    for (const auto& b : mc::spread_bins(o.cost, 36)) histogram.push_back({b.lo, b.hi, b.count});
    options.push_back({{"name", o.name},
                       {"cost", summary_json(o.cost)},
                       {"cost_histogram", std::move(histogram)},
                       {"lines", std::move(lines)},
                       {"unserved_task_seconds", summary_json(o.unserved_task_seconds)},
                       {"interruptions", summary_json(o.interruptions)},
                       {"task_hours", summary_json(o.task_hours)},
                       {"utilisation", summary_json(o.utilisation)},
                       {"unplaceable_tasks", summary_json(o.unplaceable_tasks)},
                       {"vs_baseline",
                        {{"baseline", baseline},
                         {"mean_diff", number(p.mean_diff)},
                         {"stddev_diff", number(p.stddev_diff)},
                         {"ci95", {number(p.ci95_lo), number(p.ci95_hi)}},
                         {"prob_cheaper", number(p.prob_cheaper)},
                         {"prob_cheaper_ci95", {number(p.prob_cheaper_lo), number(p.prob_cheaper_hi)}}}}});
    json allocation = json::object();
    for (std::size_t j = 0; j < o.allocation_names.size(); ++j) allocation[o.allocation_names[j]] = summary_json(o.allocation[j]);
    options.back()["allocation"] = std::move(allocation);
    if (!commitments.empty()) {
      options.back()["commitments"] = std::move(commitments);
      options.back()["coverage"] = summary_json(o.coverage);
      options.back()["covered_on_demand_equivalent"] = summary_json(o.covered_usd);
    }
    if (i < s.options.size()) {
      const auto which = detail::reported_binding(s.options[i]);
      if (!which.empty() && o.binding.size() == sim::all_binding_resources.size()) {
        json shares = json::object();
        for (const auto b : which) shares[std::string(to_string(b))] = summary_json(o.binding[std::size_t(b)]);
        options.back()["binding_share"] = std::move(shares);
      }
      if (!o.density.empty()) options.back()["task_density"] = detail::density_json(s, s.options[i], o.density);
    }
  }
  json out = {{"scenario", s.name},
              {"scenarios", r.scenarios},
              {"seed", r.config.seed},
              {"block_size", r.config.block_size},
              {"horizon_days", s.horizon.days},
              {"quantiles", quantile_source(r)},
              {"baseline", baseline},
              {"stopping",
               {{"target_rel_ci", r.config.target_rel_ci > 0 ? json(r.config.target_rel_ci) : json(nullptr)},
                {"max_scenarios", r.config.scenarios},
                {"min_scenarios", r.config.min_scenarios},
                {"target_met", r.target_met},
                {"worst_rel_ci", number(r.stats.worst_relative_ci())}}},
              {"profile", r.config.mode == mc::run_config::profile::demand_only ? "demand-only" : "full"},
              {"demand_task_seconds", summary_json(r.stats.demand())},
              {"options", std::move(options)}};
  if (break_even) {
    json mean = json::object();
    for (std::size_t o = 0; o < break_even->options.size(); ++o) mean[break_even->options[o]] = break_even->mean_cost[o];
    json crossings = json::array();
    for (const auto& c : break_even->crossings) crossings.push_back({{"a", c.a}, {"b", c.b}, {"scale", c.scale}});
    json pairs = json::array();  // every compared pair: its crossings, or which is cheaper throughout
    for (const auto& p : break_even->pairs) {
      json tasks = json::object();
      for (const auto& [service, n] : p.tasks_at_baseline) tasks[service] = n;
      pairs.push_back({{"a", p.a},
                       {"b", p.b},
                       {"kind", p.kind},
                       {"crossings", p.crossings},
                       {"cheaper_throughout", p.cheaper_throughout.empty() ? json() : json(p.cheaper_throughout)},
                       {"mean_running_at_1", std::move(tasks)},
                       {"unit", p.task_word}});
    }
    out["break_even"] = {{"scale", break_even->scale},
                         {"mean_cost", std::move(mean)},
                         {"crossings", std::move(crossings)},
                         {"pairs", std::move(pairs)}};
  }
  if (timing)
    out["timing"] = {{"wall_seconds", r.wall_seconds},
                     {"threads", r.config.threads},
                     {"scenarios_per_second", r.wall_seconds > 0 ? double(r.scenarios) / r.wall_seconds : 0.0}};
  if (digest) add_digest(out, *digest);
  return out.dump(2) + "\n";
}

namespace {

std::string detail_table(const sim::scenario& s, const mc::run_result& r, const run_digest* d);


std::string money_cell(double v) {
  if (!std::isfinite(v)) return "n/a";
  char buf[48];
  std::snprintf(buf, sizeof buf, std::abs(v) >= 100000 ? "%.0f" : "%.2f", v);
  return buf;
}

/// The verdict line, the options that could not be generated, and the why section.
std::string digest_text(const run_digest& d) {
  std::string out;
  if (d.bill) {
    out += wrap(bill_sentence(*d.bill), 100, "", "  ");
    for (const auto& n : d.bill->notes) out += wrap(n, 100, "  - ", "    ");
    out += "\n";
  }
  if (d.verdict) out += wrap(verdict_sentence(*d.verdict), 100, "", "  ") + "\n";
  return out;
}

std::string why_text(const run_digest& d) {
  std::string out;
  for (const auto& o : d.options) {
    std::string head = o.name + ":";
    char buf[96];
    if (std::isfinite(o.utilisation)) {
      std::snprintf(buf, sizeof buf, " utilisation %.1f %%;", 100.0 * o.utilisation);
      head += buf;
    }
    std::string split;
    for (const auto& c : o.split) split += (split.empty() ? " " : ", ") + c.name + " " + usd_text(c.usd_per_month);
    if (!split.empty()) head += split;
    out += wrap(head, 100, "  ", "      ");
    for (const auto& c : o.constraints) out += wrap(c.sentence, 100, "    - ", "      ");
    if (!o.unconfirmed_prices.empty()) {
      std::string u = "prices not confirmed:";
      for (std::size_t k = 0; k < o.unconfirmed_prices.size(); ++k) u += (k ? ", " : " ") + o.unconfirmed_prices[k];
      out += wrap(u, 100, "    - ", "      ");
    }
  }
  if (!out.empty()) out = "\nwhy (mean $/month per share: services, (idle) paid capacity no task used, overheads):\n" + out;
  if (!d.impossible.empty()) {
    out += "\nnot simulated (the workload cannot run there):\n";
    for (const auto& x : d.impossible) out += wrap(x.option + ": " + x.reason, 100, "  ", "      ");
  }
  return out;
}

}  // namespace

std::string mc_results_to_table(const sim::scenario& s, const mc::run_result& r) {
  return detail_table(s, r, nullptr);
}

std::string mc_results_to_table(const sim::scenario& s, const mc::run_result& r, const run_digest& d, bool wide) {
  if (r.config.mode == mc::run_config::profile::demand_only) return detail_table(s, r, nullptr);
  if (wide) return digest_text(d) + detail_table(s, r, &d) + why_text(d);
  const auto& opts = r.stats.options();
  const std::string& baseline = opts[r.stats.baseline()].name;
  char buf[512];
  std::snprintf(buf, sizeof buf, "scenario %s: %llu trials of seed %llu, %s day(s) (%s h) each.\n", s.name.c_str(),
                static_cast<unsigned long long>(r.scenarios), static_cast<unsigned long long>(r.config.seed),
                detail::shortest_number(s.horizon.days).c_str(), detail::shortest_number(d.horizon_hours).c_str());
  std::string out = wrap(buf, 100, "", "  ");
  out += "Costs in USD per month (a month = 730 h, AWS's calculators' basis) = cost per trial × 730 / " +
         detail::shortest_number(d.horizon_hours) + ".\n\n";
  out += digest_text(d);
  std::snprintf(buf, sizeof buf, "%-20s %11s %9s %11s %10s %6s %11s %12s\n", "option", "$/month", "±95% CI", "p90 $/mo",
                "$/trial", "util.", "idle $/mo", "vs base $/mo");
  out += buf;
  out += std::string(97, '-') + "\n";
  for (std::size_t i = 0; i < opts.size() && i < d.options.size(); ++i) {
    const option_digest& o = d.options[i];
    const mc::summary c = opts[i].cost.summarise();
    const auto p = opts[i].vs_baseline.summarise();
    std::string name = o.name.size() > 20 ? o.name.substr(0, 19) + "~" : o.name;
    char util[16];
    if (std::isfinite(o.utilisation)) std::snprintf(util, sizeof util, "%.1f%%", 100.0 * o.utilisation);
    else std::snprintf(util, sizeof util, "n/a");
    std::snprintf(buf, sizeof buf, "%-20s %11s %9s %11s %10s %6s %11s %12s\n", name.c_str(), money_cell(o.cost.mean).c_str(),
                  money_cell(o.cost.ci95_hi - o.cost.mean).c_str(), money_cell(o.cost.p90).c_str(),
                  money_cell(c.mean).c_str(), util, std::isfinite(o.idle_usd_per_month) ? money_cell(o.idle_usd_per_month).c_str() : "-",
                  i == r.stats.baseline() ? "(baseline)" : money_cell(p.mean_diff * d.per_month_factor).c_str());
    out += buf;
  }
  out += wrap("$/month: mean and the half-width of its 95 % Student-t interval; p90: 90 % of trials cost less; $/trial: "
              "the mean over one trial's horizon; util.: mean share of paid capacity the tasks used; idle: paid capacity "
              "no task used; vs base: mean of (option − " + baseline + ") on the same trials. --wide: every statistic.",
              100, "", "");
  out += why_text(d);
  if (r.config.target_rel_ci > 0) {
    std::snprintf(buf, sizeof buf, "Target relative CI %.4g: %s after %llu trials (worst %.4g).\n", r.config.target_rel_ci,
                  r.target_met ? "met" : "NOT met", static_cast<unsigned long long>(r.scenarios),
                  r.stats.worst_relative_ci());
    out += buf;
  }
  std::snprintf(buf, sizeof buf, "%llu trials in %.2f s on %u thread(s).\n", static_cast<unsigned long long>(r.scenarios),
                r.wall_seconds, r.config.threads);
  out += buf;
  return out;
}

namespace {
/// Every statistic per option, one row each (172 columns; 184 with the monthly mean of `d`).
std::string detail_table(const sim::scenario& s, const mc::run_result& r, const run_digest* d) {
  const auto& opts = r.stats.options();
  if (r.config.mode == mc::run_config::profile::demand_only) {
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "scenario %s, demand only: %llu trials of seed %llu; mean demand %.6g task-seconds per "
                  "trial; %.2f s on %u thread(s).\n",
                  s.name.c_str(), static_cast<unsigned long long>(r.scenarios),
                  static_cast<unsigned long long>(r.config.seed), r.stats.demand().moments().mean(), r.wall_seconds,
                  r.config.threads);
    return buf;
  }
  const std::string& baseline = opts[r.stats.baseline()].name;
  std::string out = "scenario " + s.name + ": " + std::to_string(r.scenarios) + " trials of seed " +
                    std::to_string(r.config.seed) + ", " + detail::shortest_number(s.horizon.days) +
                    " day(s) each; cost per trial in USD\n\n";
  char buf[512];
  const bool monthly = d != nullptr;
  std::snprintf(buf, sizeof buf, "%-20s %10s %9s%s %10s %10s %10s %10s %10s %12s %8s %11s %21s %9s\n", "option",
                "mean $", "±95% CI", monthly ? "     $/month" : "", "p50 $", "p90 $", "p95 $", "p99 $", "cvar95 $", "unserved t-s", "interr.",
                "vs base $", "95% CI", "P(cheaper)");
  out += buf;
  out += std::string(monthly ? 184 : 172, '-') + "\n";
  for (std::size_t i = 0; i < opts.size(); ++i) {
    const auto& o = opts[i];
    const mc::summary c = o.cost.summarise();
    const auto p = o.vs_baseline.summarise();
    const double half = c.ci95_hi - c.mean;
    char ci[64], pc[32];
    if (i == r.stats.baseline()) {
      std::snprintf(ci, sizeof ci, "%s", "(baseline)");
      std::snprintf(pc, sizeof pc, "%s", "");
    } else {
      std::snprintf(ci, sizeof ci, "[%.4f, %.4f]", p.ci95_lo, p.ci95_hi);
      std::snprintf(pc, sizeof pc, "%.3f", p.prob_cheaper);
    }
    char month[32] = "";
    if (monthly && i < d->options.size()) std::snprintf(month, sizeof month, " %11.2f", d->options[i].cost.mean);
    std::snprintf(buf, sizeof buf, "%-20s %10.4f %9.4f%s %10.4f %10.4f %10.4f %10.4f %10.4f %12.0f %8.2f %11.4f %21s %9s\n",
                  o.name.c_str(), c.mean, half, month, c.p50, c.p90, c.p95, c.p99, c.cvar95, o.unserved_task_seconds.summarise().mean,
                  o.interruptions.summarise().mean, p.mean_diff, ci, pc);
    out += buf;
  }
  out += "\nMeans with the half-width of their 95 % Student-t interval; percentiles ";
  out += r.stats.exact_cost_quantiles() ? "exact (every trial's cost kept)"
                                         : "within 0.05 % (log histogram of 0.1 % buckets)";
  out += "; cvar95: mean of the costliest 5 %.\nunserved t-s and interr.: means per trial. vs base: mean of (option − " +
         baseline + ") on the same trials,\nits 95 % CI and the share of trials where the option is strictly cheaper.\n";
  if (r.config.target_rel_ci > 0) {
    std::snprintf(buf, sizeof buf, "Target relative CI %.4g: %s after %llu trials (worst %.4g).\n", r.config.target_rel_ci,
                  r.target_met ? "met" : "NOT met", static_cast<unsigned long long>(r.scenarios),
                  r.stats.worst_relative_ci());
    out += buf;
  }
  bool any = false;
  for (const auto& o : opts)
    for (std::size_t j = 0; j < o.commitment_names.size(); ++j) {
      if (!any) {
        std::snprintf(buf, sizeof buf, "\n%-20s %-20s %10s %10s %10s %12s %12s\n", "option", "commitment", "coverage",
                      "util mean", "util min", "unused $", "unused p95 $");
        out += buf;
        any = true;
      }
      const mc::summary u = o.commitment_utilisation[j].summarise(), w = o.commitment_unused[j].summarise();
      std::snprintf(buf, sizeof buf, "%-20s %-20s %9.1f%% %9.1f%% %9.1f%% %12.4f %12.4f\n", o.name.c_str(),
                    o.commitment_names[j].c_str(), 100.0 * o.coverage.summarise().mean, 100.0 * u.mean,
                    100.0 * u.min, w.mean, w.p95);
      out += buf;
    }
  std::string binds, density;
  for (std::size_t i = 0; i < opts.size() && i < s.options.size(); ++i) {
    const auto which = detail::reported_binding(s.options[i]);
    if (!which.empty() && opts[i].binding.size() == sim::all_binding_resources.size()) {
      std::vector<double> mean;
      for (const auto b : which) mean.push_back(opts[i].binding[std::size_t(b)].moments().mean());
      binds += "  " + opts[i].name + ": " + detail::binding_shares_text(which, mean) + "\n";
    }
    if (!opts[i].density.empty())
      density += "  " + opts[i].name + ":\n" + detail::density_lines(s, s.options[i], opts[i].density, "    ");
  }
  if (!binds.empty()) out += "\nwhat binds (mean share of instance-hours per trial):\n" + binds + detail::binding_rule_text;
  if (!density.empty()) out += "\ntasks per instance (ECS on EC2, an empty instance):\n" + density;
  std::snprintf(buf, sizeof buf, "%llu trials in %.2f s on %u thread(s).\n", static_cast<unsigned long long>(r.scenarios),
                r.wall_seconds, r.config.threads);
  out += buf;
  return out;
}

}  // namespace

std::string mc_results_to_csv(const sim::scenario& sc, const mc::run_result& r, const run_digest* digest) {
  std::string out =
      "option,metric,count,mean,stddev,ci95_lo,ci95_hi,p50,p90,p95,p99,cvar95,min,max,baseline,prob_cheaper\n";
  const auto& opts = r.stats.options();
  const std::string& baseline = opts[r.stats.baseline()].name;
  auto row = [&](const std::string& option, const std::string& metric, const mc::statistic& st) {
    const mc::summary s = st.summarise();
    out += detail::csv_field(option) + "," + detail::csv_field(metric) + "," + std::to_string(s.count);
    for (double v : {s.mean, s.stddev, s.ci95_lo, s.ci95_hi, s.p50, s.p90, s.p95, s.p99, s.cvar95, s.min, s.max})
      out += "," + csv_number(v);
    out += ",,\n";
  };
  row("", "demand_task_seconds", r.stats.demand());  // the same demand for every option
  for (std::size_t i = 0; i < opts.size(); ++i) {
    const auto& o = opts[i];
    row(o.name, "cost", o.cost);
    for (std::size_t j = 0; j < o.lines.size(); ++j) row(o.name, "line:" + o.line_names[j], o.lines[j]);
    row(o.name, "unserved_task_seconds", o.unserved_task_seconds);
    row(o.name, "interruptions", o.interruptions);
    row(o.name, "task_hours", o.task_hours);
    row(o.name, "utilisation", o.utilisation);
    row(o.name, "unplaceable_tasks", o.unplaceable_tasks);
    for (std::size_t j = 0; j < o.allocation_names.size(); ++j) row(o.name, "allocation:" + o.allocation_names[j], o.allocation[j]);
    if (!o.commitment_names.empty()) {
      row(o.name, "coverage", o.coverage);
      row(o.name, "covered_on_demand_equivalent", o.covered_usd);
    }
    for (std::size_t j = 0; j < o.commitment_names.size(); ++j) {
      row(o.name, "commitment:" + o.commitment_names[j] + ":utilisation", o.commitment_utilisation[j]);
      row(o.name, "commitment:" + o.commitment_names[j] + ":unused_usd", o.commitment_unused[j]);
    }
    if (i < sc.options.size()) {
      const sim::option& so = sc.options[i];
      if (o.binding.size() == sim::all_binding_resources.size())
        for (const auto b : detail::reported_binding(so))
          row(o.name, "binding_share:" + std::string(to_string(b)), o.binding[std::size_t(b)]);
      // Static figures: the value in mean, min and max.
      auto fixed = [&](const std::string& metric, double v) {
        const std::string x = csv_number(v);
        out += detail::csv_field(o.name) + "," + detail::csv_field(metric) + ",1," + x + ",,,,,,,,," + x + "," + x + ",,\n";
      };
      for (const auto& d : o.density) {
        if (d.service >= sc.services.size() || d.instance_type >= so.instance_types.size()) continue;
        const std::string at = sc.services[d.service].name + "@" + so.instance_types[d.instance_type];
        fixed("tasks_per_instance:" + at, double(d.tasks_per_instance));
        fixed("tasks_per_instance_without_eni_limit:" + at, double(d.without_eni_limit));
        if (d.with_trunking) fixed("tasks_per_instance_with_trunking:" + at, double(*d.with_trunking));
      }
    }
    if (digest && i < digest->options.size()) {  // USD per 730-hour month
      const option_digest& m = digest->options[i];
      out += detail::csv_field(o.name) + ",cost_per_month," + std::to_string(o.cost.count()) + "," + csv_number(m.cost.mean) +
             ",," + csv_number(m.cost.ci95_lo) + "," + csv_number(m.cost.ci95_hi) + "," + csv_number(m.cost.p50) + "," +
             csv_number(m.cost.p90) + "," + csv_number(m.cost.p95) + "," + csv_number(m.cost.p99) + ",,,,,\n";
      for (const auto& c : m.split)
        out += detail::csv_field(o.name) + "," + detail::csv_field("allocation_per_month:" + c.name) + "," +
               std::to_string(o.cost.count()) + "," + csv_number(c.usd_per_month) + ",,,,,,,,,,,,\n";
    }
    const auto p = o.vs_baseline.summarise();
    out += detail::csv_field(o.name) + ",cost_minus_baseline," + std::to_string(p.count) + "," + csv_number(p.mean_diff) +
           "," + csv_number(p.stddev_diff) + "," + csv_number(p.ci95_lo) + "," + csv_number(p.ci95_hi) + ",,,,,,,," +
           detail::csv_field(baseline) + "," + csv_number(p.prob_cheaper) + "\n";
  }
  if (digest && digest->verdict && !digest->verdict->runner_up.empty()) {
    // The verdict: runner-up − cheapest per month; prob_cheaper: the cheapest is cheaper.
    const cost_verdict& v = *digest->verdict;
    out += detail::csv_field(v.runner_up) + ",verdict_difference_per_month," + std::to_string(r.scenarios) + "," +
           csv_number(v.difference_usd_per_month) + ",," + csv_number(v.difference_ci95_lo) + "," +
           csv_number(v.difference_ci95_hi) + ",,,,,,,," + detail::csv_field(v.cheapest) + "," + csv_number(v.prob_cheaper) +
           "\n";
  }
  return out;
}

std::string break_even_to_table(const mc::break_even_result& be, std::uint64_t trials, double per_month) {
  std::string text = "\nbreak-even (mean USD per month of " + std::to_string(trials) +
                     " trials with every service's demand × k):\n";
  char buf[256];
  std::snprintf(buf, sizeof buf, "%-20s", "k");
  text += buf;
  for (double k : be.scale) std::snprintf(buf, sizeof buf, " %10g", k), text += buf;
  text += "\n";
  for (std::size_t o = 0; o < be.options.size(); ++o) {
    std::snprintf(buf, sizeof buf, "%-20s", be.options[o].c_str());
    text += buf;
    for (double c : be.mean_cost[o]) std::snprintf(buf, sizeof buf, " %10.2f", c * per_month), text += buf;
    text += "\n";
  }
  if (be.scale.empty()) return text;
  const double lo = be.scale.front(), hi = be.scale.back();
  for (const auto& p : be.pairs) {
    text += p.a + " vs " + p.b + (p.kind == "ecs_vs_eks" ? " (ECS vs EKS, same compute): " : " (Fargate vs EC2): ");
    if (p.crossings.empty()) {
      std::snprintf(buf, sizeof buf, "no crossing between × %g and × %g", lo, hi);
      text += buf;
      text += p.cheaper_throughout.empty() ? "\n" : "; " + p.cheaper_throughout + " is cheaper throughout\n";
      continue;
    }
    text += "cost the same at demand";
    for (std::size_t i = 0; i < p.crossings.size(); ++i) {
      std::snprintf(buf, sizeof buf, "%s × %.3g", i == 0 ? "" : ",", p.crossings[i]);
      text += buf;
    }
    text += "\n";
    for (const double k : p.crossings) {
      std::snprintf(buf, sizeof buf, "  at × %.3g, about", k);
      text += buf;
      for (std::size_t i = 0; i < p.tasks_at_baseline.size(); ++i) {
        const auto& [service, n] = p.tasks_at_baseline[i];
        std::snprintf(buf, sizeof buf, "%s %.1f %s of %s (%.1f at × 1)", i == 0 ? "" : ",", k * n,
                      p.task_word.c_str(), service.c_str(), n);
        text += buf;
      }
      text += " running on average in " + p.a + "\n";
    }
  }
  return text;
}

}  // namespace fleetcast
