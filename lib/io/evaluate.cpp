// The front door (fleetcast/fleetcast.hpp): files or a scenario in, the monthly answer out.
// It is the CLI's `import` + `simulate` in two calls: the same reader, importer, engine and
// digest (io/cost_digest.hpp), so the figures are those `fleetcast simulate` prints.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "fleetcast/fleetcast.hpp"
#include "fleetcast/io/app_import.hpp"
#include "fleetcast/io/cost_digest.hpp"
#include "fleetcast/io/region_json.hpp"
#include "fleetcast/io/scenario_json.hpp"
#include "fleetcast/mc/engine.hpp"
#include "fleetcast/pricing/catalog.hpp"
#include "fleetcast/sim/scenario.hpp"
#include "text_format.hpp"

namespace fleetcast {

namespace {

cost_per_month to_front(const monthly_cost& m) {
  cost_per_month out;
  out.mean = m.mean;
  out.ci95_low = m.ci95_lo;
  out.ci95_high = m.ci95_hi;
  out.p50 = m.p50;
  out.p90 = m.p90;
  out.p95 = m.p95;
  out.p99 = m.p99;
  return out;
}

std::string fixed(double v, int decimals) {
  if (!std::isfinite(v)) return "n/a";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

}  // namespace

evaluation evaluate(const std::vector<std::string>& inputs, const evaluation_settings& how) {
  auto [text, source] = scenario_from_inputs(inputs);
  // --region's rule: the setting names the prices and replaces the file's region.
  if (!how.region.empty()) text = with_json_region(text, how.region);
  const std::string region = json_region(text);
  const price_catalog& catalog = region.empty() ? default_catalog() : built_in_catalog(region, "region");
  const sim::scenario s = parse_scenario(text, source, catalog);
  return evaluate(s, catalog, how);
}

evaluation evaluate(const sim::scenario& s, const price_catalog& catalog, const evaluation_settings& how) {
  mc::simulation run(s, catalog);
  if (how.trials > 0) run.with_scenarios(how.trials);
  if (how.seed_given) run.with_seed(how.seed);
  run.with_threads(how.threads);
  if (!how.baseline.empty()) run.with_baseline(how.baseline);
  const mc::run_result r = run.run();  // validates the scenario first (sim::validate)

  digest_settings ds;
  ds.what_if_trials = std::min<std::uint64_t>(r.scenarios, 200);
  ds.threads = how.threads;
  const run_digest d = digest_run(s, r, catalog, ds);

  evaluation e;
  e.scenario = s.name;
  e.region = s.region;
  e.horizon_hours = d.horizon_hours;
  e.trials = r.scenarios;
  for (std::size_t i = 0; i < d.options.size(); ++i) {
    const option_digest& od = d.options[i];
    option_outcome o;
    o.option = od.name;
    o.per_month = to_front(od.cost);
    o.utilisation_percent = od.utilisation * 100.0;
    o.idle_per_month = std::isfinite(od.idle_usd_per_month) ? od.idle_usd_per_month : 0.0;
    const mc::paired::summary p = r.stats.options()[i].vs_baseline.summarise();
    o.vs_baseline_per_month = p.mean_diff * d.per_month_factor;
    o.vs_baseline_low = p.ci95_lo * d.per_month_factor;
    o.vs_baseline_high = p.ci95_hi * d.per_month_factor;
    o.prob_cheaper = p.prob_cheaper;
    e.options.push_back(std::move(o));
  }
  for (const impossible_option& u : d.impossible) e.unavailable.push_back({u.option, u.reason});
  if (d.verdict) {
    const cost_verdict& v = *d.verdict;
    e.verdict.cheapest = v.cheapest;
    e.verdict.runner_up = v.runner_up;
    e.verdict.difference_per_month = v.difference_usd_per_month;
    e.verdict.difference_percent = v.difference_percent;
    e.verdict.prob_cheaper = v.prob_cheaper;
    e.verdict.prob_cheaper_low = v.prob_cheaper_lo;
    e.verdict.prob_cheaper_high = v.prob_cheaper_hi;
    e.verdict.within_simulation_noise = v.within_simulation_noise;
    e.verdict.within_price_uncertainty = v.within_price_noise;
    e.verdict.sentence = verdict_sentence(v);
  }
  return e;
}

std::string to_text(const evaluation& e) {
  std::string out = detail::wrap(e.scenario + ": " + std::to_string(e.trials) + " trials of " + fixed(e.horizon_hours, 0) +
                                       " h each, prices of " + e.region + "; USD per month of 730 hours.",
                                   100, "", "  ");
  if (!e.verdict.sentence.empty()) out += detail::wrap(e.verdict.sentence, 100, "", "  ");
  out += "\n" + detail::pad("option", 24, false) + detail::pad("$/month", 12, true) + detail::pad("95% CI", 24, true) + detail::pad("P90", 12, true) +
         detail::pad("util.", 8, true) + detail::pad("idle $/mo", 12, true) + "\n";
  out += std::string(92, '-') + "\n";
  for (const option_outcome& o : e.options) {
    out += detail::pad(o.option, 24, false) + detail::pad(fixed(o.per_month.mean, 2), 12, true) +
           detail::pad(fixed(o.per_month.ci95_low, 2) + " to " + fixed(o.per_month.ci95_high, 2), 24, true) +
           detail::pad(fixed(o.per_month.p90, 2), 12, true) + detail::pad(fixed(o.utilisation_percent, 1) + "%", 8, true) +
           detail::pad(fixed(o.idle_per_month, 2), 12, true) + "\n";
  }
  for (const unavailable_option& u : e.unavailable)
    out += detail::wrap(u.option + ": " + u.reason, 100, "not possible: ", "  ");
  return out;
}

}  // namespace fleetcast
