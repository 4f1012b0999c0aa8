#include "fleetcast/io/cost_digest.hpp"

#include "text_format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <set>

#include "fleetcast/sim/simulate.hpp"
#include "fleetcast/sim/validate.hpp"

namespace fleetcast {
namespace {

constexpr double nan = monthly_cost::no_data;

std::string percent_text(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %%", 100.0 * share);
  return buf;
}

/// The catalog sources behind option `o`'s compute and control-plane rates that are not
/// confirmed, as "id (confidence)".
std::set<std::string> unconfirmed_sources(const sim::scenario& s, const sim::option& o,
                                          const price_catalog& cat) {
  std::set<std::string> ids;
  auto add = [&](const std::string& id) {
    if (!id.empty()) ids.insert(id);
  };
  if (o.compute == sim::compute_kind::fargate) {
    bool spot = false;
    for (const auto& p : o.strategy)
      spot = spot ||
             (p.provider == sim::fargate_provider::fargate_spot && (p.weight > 0 || p.base > 0));
    for (const auto& svc : s.services)
      for (const bool sp : {false, spot}) {
        if (sp && svc.task.os == os_family::windows_os) continue;
        const fargate_rates& r = cat.fargate.rates_for(svc.task.os, svc.task.arch, sp);
        add(r.vcpu.source);
        add(r.memory_gb.source);
        if (r.os_licence_vcpu) add(r.os_licence_vcpu->source);
      }
  } else {
    for (const auto& t : o.instance_types)
      if (const instance_type* it = cat.ec2.find(t)) {
        add(it->on_demand.source);
        if (o.spot_percent > 0) add(it->spot.source);
      }
    if (o.compute == sim::compute_kind::auto_mode) add(cat.eks.auto_mode_source);
  }
  if (o.on == platform::eks) add(cat.eks.control_plane_standard.source);
  std::set<std::string> out;
  for (const auto& id : ids)
    if (const price_source* src = cat.find_source(id); src && src->confidence != "confirmed")
      out.insert(id + " (" + src->confidence + ")");
  return out;
}

/// Mean monthly saving (and its 95 % interval) of `changed` against `o`, simulated on the
/// first `trials` trials of the run's seed with common random numbers.
struct what_if_result {
  double mean = nan, lo = nan, hi = nan;
};
what_if_result what_if(const sim::scenario& s, std::size_t option_index, const price_catalog& cat,
                       const mc::run_result& r, const digest_settings& ds,
                       const std::function<void(sim::option&)>& change,
                       const std::function<void(sim::scenario&)>& change_scenario = {}) {
  if (ds.what_if_trials == 0) return {};
  sim::scenario two = s;
  two.options.clear();
  two.options.push_back(s.options[option_index]);
  sim::option changed = s.options[option_index];
  changed.name += " (what-if)";
  change(changed);
  two.options.push_back(changed);
  // A change of the scenario (its services) applies to the changed option only: the two
  // options then run on scenarios of their own, over the same demand (the demand model is
  // not what changes), paired trial by trial.
  sim::scenario original = s, lifted = s;
  mc::path_pricer pricer;
  if (change_scenario) {
    original.options.assign(1, s.options[option_index]);
    lifted.options.assign(1, changed);
    change_scenario(lifted);
    sim::validate(lifted, cat);
    pricer = [&original, &lifted](const sim::scenario&, const price_catalog& c, std::uint64_t i,
                                  const std::vector<std::vector<double>>& demand) {
      sim::detail::path_workspace ws;
      ws.hourly_usage = false;  // a what-if reads costs only
      std::vector<sim::option_result> out, with_lifted;
      sim::detail::simulate_path_unchecked(original, c, i, demand, ws, out);
      sim::detail::simulate_path_unchecked(lifted, c, i, demand, ws, with_lifted);
      out.push_back(std::move(with_lifted.front()));
      return out;
    };
  }
  mc::run_config cfg;
  cfg.seed = r.config.seed;
  cfg.scenarios =
      std::min<std::uint64_t>(ds.what_if_trials, std::max<std::uint64_t>(r.scenarios, 2));
  cfg.threads = ds.threads;
  cfg.block_size = r.config.block_size;
  cfg.baseline = 1;
  cfg.limits = r.config.limits;
  const mc::run_result w = mc::run(two, cat, cfg, pricer);
  // vs_baseline of option 0: original − changed = what lifting the constraint saves.
  const auto p = w.stats.options()[0].vs_baseline.summarise();
  const double f = per_month_factor(s.horizon);
  return {p.mean_diff * f, p.ci95_lo * f, p.ci95_hi * f};
}

std::string saving_text(const what_if_result& w, std::uint64_t trials) {
  if (!std::isfinite(w.mean)) return "";
  char buf[200];
  if (std::abs(w.mean) < 0.005)
    std::snprintf(buf, sizeof buf,
                  " Lifting it changes nothing measurable (simulated on the same %llu trials).",
                  static_cast<unsigned long long>(trials));
  else
    std::snprintf(
        buf, sizeof buf,
        " Lifting it would %s %s/month (95 %% CI %s to %s; simulated on the same %llu trials).",
        w.mean > 0 ? "save" : "add", usd_text(std::abs(w.mean)).c_str(), usd_text(w.lo).c_str(),
        usd_text(w.hi).c_str(), static_cast<unsigned long long>(trials));
  return buf;
}

std::vector<cost_constraint> constraints_of(const sim::scenario& s, std::size_t i,
                                            const mc::option_statistics& st,
                                            const price_catalog& cat, const mc::run_result& r,
                                            const digest_settings& ds) {
  std::vector<cost_constraint> out;
  const sim::option& o = s.options[i];
  const std::uint64_t trials =
      std::min<std::uint64_t>(ds.what_if_trials, std::max<std::uint64_t>(r.scenarios, 2));
  auto push = [&](std::string kind, std::string sentence, const what_if_result& w) {
    // A constraint whose lifting changes nothing measurable does not bind: not reported.
    if (std::isfinite(w.mean) && std::abs(w.mean) < 0.005 && !(w.lo > 0) && !(w.hi < 0)) return;
    cost_constraint c;
    c.kind = std::move(kind);
    c.sentence = std::move(sentence) + saving_text(w, trials);
    c.saving_usd_per_month = w.mean;
    c.saving_ci95_lo = w.lo;
    c.saving_ci95_hi = w.hi;
    out.push_back(std::move(c));
  };
  char buf[400];
  // ENI slots (ECS on EC2, awsvpc): the density rows where they bind.
  const auto eni = std::size_t(sim::binding_resource::eni_slots);
  if (o.on == platform::ecs && o.compute == sim::compute_kind::ec2 && st.binding.size() > eni) {
    std::string rows;
    bool trunking_helps = false;
    // Per instance type: the task slots and the range of what CPU and memory alone would allow
    // over the services the slots hold back (one clause per type, however many services).
    struct type_rows {
      long long slots = -1, lo = 0, hi = 0;
      std::size_t services = 0;
      std::string service;
    };
    std::vector<type_rows> by_type(o.instance_types.size());
    for (const auto& d : st.density) {
      if (d.binds != sim::binding_resource::eni_slots || d.service >= s.services.size() ||
          d.instance_type >= o.instance_types.size())
        continue;
      type_rows& t = by_type[d.instance_type];
      const auto slots = static_cast<long long>(d.tasks_per_instance);
      const auto free = static_cast<long long>(d.without_eni_limit);
      t.lo = t.services == 0 ? free : std::min(t.lo, free);
      t.hi = t.services == 0 ? free : std::max(t.hi, free);
      t.slots = std::max(t.slots, slots);
      if (t.services++ == 0) t.service = s.services[d.service].name;
      if (d.with_trunking && *d.with_trunking > d.tasks_per_instance) trunking_helps = true;
    }
    for (std::size_t ti = 0; ti < by_type.size(); ++ti) {
      const type_rows& t = by_type[ti];
      if (t.services == 0) continue;
      if (t.services == 1) {
        std::snprintf(buf, sizeof buf, "%s%lld %s tasks per %s instead of %lld", rows.empty() ? "" : "; ", t.slots,
                      t.service.c_str(), o.instance_types[ti].c_str(), t.lo);
      } else if (t.lo == t.hi) {
        std::snprintf(buf, sizeof buf, "%s%lld tasks per %s instead of %lld (each of %zu services)",
                      rows.empty() ? "" : "; ", t.slots, o.instance_types[ti].c_str(), t.lo, t.services);
      } else {
        std::snprintf(buf, sizeof buf, "%s%lld tasks per %s instead of %lld to %lld (%zu services)",
                      rows.empty() ? "" : "; ", t.slots, o.instance_types[ti].c_str(), t.lo, t.hi, t.services);
      }
      rows += buf;
    }
    const double share = st.binding[eni].moments().mean();
    if (!rows.empty()) {
      std::string sentence =
          "ENI slots bind in " + percent_text(share) +
          " of instance-hours (awsvpc: one network interface per task): " + rows +
          " that CPU and memory would allow.";
      if (trunking_helps && !o.ecs.eni_trunking) {
        sentence += " ENI trunking (the account setting awsvpcTrunking) raises the limit.";
        push("eni_slots", sentence,
             what_if(s, i, cat, r, ds, [](sim::option& x) { x.ecs.eni_trunking = true; }));
      } else {
        push("eni_slots", sentence, {});
      }
    }
  }
  // On-demand base with Spot above it.
  if (o.compute != sim::compute_kind::fargate && o.on_demand_base > 0 && o.spot_percent > 0) {
    std::snprintf(buf, sizeof buf,
                  "The first %lld instance(s) are always on-demand (on-demand base), whatever the "
                  "Spot share (%g %%).",
                  static_cast<long long>(o.on_demand_base), o.spot_percent);
    push("on_demand_base", buf,
         what_if(s, i, cat, r, ds, [](sim::option& x) { x.on_demand_base = 0; }));
  }
  // Node-group minimums (EKS cluster autoscaler).
  std::int64_t kept = 0;
  for (const auto& g : o.node_groups) kept += g.min;
  if (o.on == platform::eks && kept > 0) {
    std::snprintf(
        buf, sizeof buf,
        "Node groups keep at least %lld node(s) running even when empty (node-group minimum).",
        static_cast<long long>(kept));
    push("node_group_minimum", buf, what_if(s, i, cat, r, ds, [](sim::option& x) {
           for (auto& g : x.node_groups) g.min = 0;
         }));
  }
  // DaemonSets (EKS on EC2 nodes).
  if (o.on == platform::eks && o.compute != sim::compute_kind::fargate &&
      (o.daemonset_cpu_millicores > 0 || o.daemonset_memory_mib > 0)) {
    std::snprintf(buf, sizeof buf,
                  "DaemonSets request %lld millicores and %lld MiB on every node, capacity no "
                  "service can use.",
                  static_cast<long long>(o.daemonset_cpu_millicores),
                  static_cast<long long>(o.daemonset_memory_mib));
    push("daemonsets", buf, what_if(s, i, cat, r, ds, [](sim::option& x) {
           x.daemonset_cpu_millicores = 0;
           x.daemonset_memory_mib = 0;
           x.daemonset_pods = 0;
         }));
  }
  // Minimum tasks (target tracking or step scaling; not an HPA, not a schedule).
  std::string mins;
  for (const auto& svc : s.services) {
    const bool hpa_here =
        svc.hpa && (svc.hpa_on == sim::hpa_scope::all_options || o.on == platform::eks);
    if (hpa_here || !svc.schedule.empty() || svc.scaling.min_tasks <= 1) continue;
    std::snprintf(buf, sizeof buf, "%s%s keeps at least %lld tasks", mins.empty() ? "" : "; ",
                  svc.name.c_str(), static_cast<long long>(svc.scaling.min_tasks));
    mins += buf;
  }
  if (!mins.empty())
    push("minimum_tasks", mins + " (the scaling minimum), even when demand needs fewer.",
         what_if(
             s, i, cat, r, ds, [](sim::option&) {},
             [&o](sim::scenario& two) {
               for (auto& svc : two.services) {
                 const bool hpa_here = svc.hpa && (svc.hpa_on == sim::hpa_scope::all_options ||
                                                   o.on == platform::eks);
                 if (hpa_here || !svc.schedule.empty() || svc.scaling.min_tasks <= 1) continue;
                 svc.scaling.min_tasks = 1;
                 // Step scaling has the service's range too (sim::validate: they must agree).
                 if (svc.step_scaling) svc.step_scaling->min_tasks = 1;
               }
             }));
  return out;
}

}  // namespace

monthly_cost to_monthly(const mc::summary& c, double f) noexcept {
  return {c.mean * f, c.ci95_lo * f, c.ci95_hi * f, c.p50 * f, c.p90 * f, c.p95 * f, c.p99 * f};
}

std::string usd_text(double v) {
  if (!std::isfinite(v)) return "n/a";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", std::abs(v));
  std::string digits(buf), out;
  const auto dot = digits.find('.');
  const std::string whole = digits.substr(0, dot);
  for (std::size_t k = 0; k < whole.size(); ++k) {
    if (k > 0 && (whole.size() - k) % 3 == 0) out += ',';
    out += whole[k];
  }
  return (v < 0 ? "-$" : "$") + out + digits.substr(dot);
}

namespace {
/// The bill's own figures, per month.
bill_comparison bill_header(const sim::bill_baseline& bl) {
  bill_comparison b;
  const double f = demand::hours_per_month / bl.hours;
  b.paid_usd = bl.paid_usd;
  b.hours = bl.hours;
  b.paid_usd_per_month = bl.paid_usd * f;
  b.at_catalog_usd_per_month = bl.at_catalog_usd * f;
  b.tolerance_usd_per_month = bl.tolerance_usd * f;
  b.as_is_option = bl.as_is_option;
  b.description = bl.description;
  b.first_hour = bl.first_hour;
  b.notes = bl.notes;
  return b;
}
}  // namespace

std::optional<bill_comparison> bill_of_path(const sim::scenario& s, const std::vector<sim::option_result>& results) {
  if (!s.bill) return std::nullopt;
  bill_comparison b = bill_header(*s.bill);
  const double f = per_month_factor(s.horizon);
  for (const auto& o : results) {
    const double m = o.total_usd * f;
    if (o.option == b.as_is_option) {
      b.as_is_usd_per_month = m;
      b.as_is_within_tolerance = std::abs(m - b.at_catalog_usd_per_month) <= b.tolerance_usd_per_month + 1e-9;
    }
    b.options.push_back({o.option, m, m, m});
  }
  std::stable_sort(b.options.begin(), b.options.end(),
                   [](const bill_comparison::row& x, const bill_comparison::row& y) { return x.mean < y.mean; });
  return b;
}

run_digest digest_run(const sim::scenario& s, const mc::run_result& r, const price_catalog& catalog,
                      const digest_settings& ds) {
  run_digest d;
  d.horizon_hours = horizon_hours(s.horizon);
  d.per_month_factor = per_month_factor(s.horizon);
  const double f = d.per_month_factor;
  for (const auto& n : s.not_generated) d.impossible.push_back({n.option, n.reason});
  const auto& opts = r.stats.options();
  if (r.config.mode == mc::run_config::profile::demand_only) return d;
  std::vector<std::set<std::string>> unconfirmed;
  for (std::size_t i = 0; i < opts.size(); ++i) {
    const auto& o = opts[i];
    option_digest x;
    x.name = o.name;
    x.cost = to_monthly(o.cost.summarise(), f);
    if (o.utilisation.count() > 0) x.utilisation = o.utilisation.moments().mean();
    for (std::size_t j = 0; j < o.allocation_names.size(); ++j) {
      const double m = o.allocation[j].moments().mean() * f;
      x.split.push_back({o.allocation_names[j], m});
      if (o.allocation_names[j] == "(idle)") x.idle_usd_per_month = m;
    }
    if (i < s.options.size()) {
      unconfirmed.push_back(unconfirmed_sources(s, s.options[i], catalog));
      x.unconfirmed_prices.assign(unconfirmed.back().begin(), unconfirmed.back().end());
      x.constraints = constraints_of(s, i, o, catalog, r, ds);
    } else {
      unconfirmed.emplace_back();
    }
    d.options.push_back(std::move(x));
  }
  if (opts.empty() || r.scenarios == 0) return d;
  std::vector<std::size_t> order(opts.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return opts[a].cost.moments().mean() < opts[b].cost.moments().mean();
  });
  cost_verdict v;
  const std::size_t a = order[0];
  v.cheapest = opts[a].name;
  v.cheapest_usd_per_month = opts[a].cost.moments().mean() * f;
  if (order.size() > 1) {
    const std::size_t b = order[1];
    v.runner_up = opts[b].name;
    if (opts[b].vs_option.size() > a && opts[a].vs_option.size() > b) {
      const auto diff = opts[b].vs_option[a].summarise();     // runner-up − cheapest
      const auto cheaper = opts[a].vs_option[b].summarise();  // cheapest − runner-up < 0
      v.difference_usd_per_month = diff.mean_diff * f;
      v.difference_ci95_lo = diff.ci95_lo * f;
      v.difference_ci95_hi = diff.ci95_hi * f;
      v.prob_cheaper = cheaper.prob_cheaper;
      v.prob_cheaper_lo = cheaper.prob_cheaper_lo;
      v.prob_cheaper_hi = cheaper.prob_cheaper_hi;
    } else {  // an accumulator without pairwise comparisons: the means alone
      v.difference_usd_per_month =
          (opts[b].cost.moments().mean() - opts[a].cost.moments().mean()) * f;
    }
    const double runner = opts[b].cost.moments().mean() * f;
    v.difference_percent = runner != 0 ? 100.0 * v.difference_usd_per_month / runner : nan;
    v.within_simulation_noise = !(v.difference_ci95_lo > 0);  // NaN (one trial) counts as noise
    std::set<std::string> only_one;
    std::set_symmetric_difference(unconfirmed[a].begin(), unconfirmed[a].end(),
                                  unconfirmed[b].begin(), unconfirmed[b].end(),
                                  std::inserter(only_one, only_one.end()));
    v.unconfirmed_prices.assign(only_one.begin(), only_one.end());
    v.within_price_noise =
        !only_one.empty() && std::abs(v.difference_percent) < price_noise_percent;
  }
  d.verdict = std::move(v);
  if (s.bill) {
    bill_comparison b = bill_header(*s.bill);
    for (std::size_t i = 0; i < opts.size(); ++i) {
      const mc::statistic& c = opts[i].cost;
      auto q = [&](double p) { return (c.exact() ? c.exact()->quantile(p) : c.histogram().quantile(p)) * f; };
      bill_comparison::row r{opts[i].name, c.moments().mean() * f, q(0.025), q(0.975)};
      if (opts[i].name == b.as_is_option) {
        b.as_is_usd_per_month = r.mean;
        const auto ci = c.moments().ci95();
        const double half = std::isfinite(ci.hi) ? (ci.hi - ci.lo) / 2 * f : 0.0;
        b.as_is_ci95_half_usd_per_month = half;
        b.as_is_within_tolerance =
            std::abs(r.mean - b.at_catalog_usd_per_month) <= b.tolerance_usd_per_month + half + 1e-9;
      }
      b.options.push_back(std::move(r));
    }
    std::stable_sort(b.options.begin(), b.options.end(),
                     [](const bill_comparison::row& x, const bill_comparison::row& y) { return x.mean < y.mean; });
    d.bill = std::move(b);
  }
  return d;
}

std::string bill_sentence(const bill_comparison& b) {
  char buf[600];
  std::snprintf(buf, sizeof buf, "You paid %s for %s hours%s (= %s/month).", usd_text(b.paid_usd).c_str(),
                detail::shortest_number(b.hours).c_str(), b.first_hour.empty() ? "" : (" from " + b.first_hour).c_str(),
                usd_text(b.paid_usd_per_month).c_str());
  std::string out = buf;
  if (std::isfinite(b.as_is_usd_per_month)) {
    std::snprintf(buf, sizeof buf,
                  " At fleetcast's prices those hours cost %s/month; the as-is option (%s) costs %s/month, %s the "
                  "replay's tolerance of ±%s/month",
                  usd_text(b.at_catalog_usd_per_month).c_str(), b.description.c_str(),
                  usd_text(b.as_is_usd_per_month).c_str(), b.as_is_within_tolerance ? "within" : "BEYOND",
                  usd_text(b.tolerance_usd_per_month).c_str());
    out += buf;
    if (b.as_is_ci95_half_usd_per_month > 0)
      out += " plus the 95 % interval of its mean over the resampled trials (±" + usd_text(b.as_is_ci95_half_usd_per_month) +
             "/month)";
    out += ".";
  }
  std::string rest;
  for (const auto& r : b.options) {
    if (r.option == b.as_is_option) continue;
    if (std::isfinite(r.lo) && std::isfinite(r.hi) && r.hi > r.lo)
      std::snprintf(buf, sizeof buf, "%s%s/month on %s (95 %% of trials %s–%s)", rest.empty() ? "" : ", ",
                    usd_text(r.mean).c_str(), r.option.c_str(), usd_text(r.lo).c_str(), usd_text(r.hi).c_str());
    else  // one trial, or every trial alike
      std::snprintf(buf, sizeof buf, "%s%s/month on %s", rest.empty() ? "" : ", ", usd_text(r.mean).c_str(),
                    r.option.c_str());
    rest += buf;
  }
  if (!rest.empty()) out += " The same demand would cost " + rest + ".";
  return out;
}

std::string verdict_sentence(const cost_verdict& v) {
  std::string out =
      "Cheapest: " + v.cheapest + " at " + usd_text(v.cheapest_usd_per_month) + "/month";
  if (v.runner_up.empty()) return out + " (the only option).";
  char buf[400];
  std::snprintf(buf, sizeof buf, "; %s costs %s/month (%.1f %%) more", v.runner_up.c_str(),
                usd_text(v.difference_usd_per_month).c_str(), v.difference_percent);
  out += buf;
  if (std::isfinite(v.difference_ci95_lo) && std::isfinite(v.difference_ci95_hi)) {
    std::snprintf(buf, sizeof buf, " (95 %% CI %s to %s)", usd_text(v.difference_ci95_lo).c_str(),
                  usd_text(v.difference_ci95_hi).c_str());
    out += buf;
  }
  if (std::isfinite(v.prob_cheaper)) {
    std::snprintf(buf, sizeof buf,
                  "; %s is cheaper in %.1f %% of trials (Wilson 95 %%: %.1f–%.1f %%)",
                  v.cheapest.c_str(), 100.0 * v.prob_cheaper, 100.0 * v.prob_cheaper_lo,
                  100.0 * v.prob_cheaper_hi);
    out += buf;
  }
  out += ". ";
  out += v.within_simulation_noise
             ? "Within the simulation's noise: run more trials before choosing"
             : "Clear of the simulation's noise";
  if (v.within_price_noise) {
    char pct[80];
    std::snprintf(pct, sizeof pct,
                  "; within the price estimates' noise: below %g %% and it rests on ",
                  price_noise_percent);
    out += pct;
    for (std::size_t k = 0; k < v.unconfirmed_prices.size(); ++k)
      out += (k ? ", " : "") + v.unconfirmed_prices[k];
  } else if (!v.unconfirmed_prices.empty()) {
    out += "; larger than the price estimates' noise";
  }
  return out + ".";
}

}  // namespace fleetcast
