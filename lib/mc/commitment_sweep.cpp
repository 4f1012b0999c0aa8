#include "fleetcast/mc/commitment_sweep.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <limits>
#include <thread>

#include "fleetcast/core/cores.hpp"
#include "fleetcast/core/error.hpp"
#include "fleetcast/mc/block_runner.hpp"
#include "fleetcast/sim/simulate.hpp"

namespace fleetcast::mc {
namespace {

struct block_acc {
  std::vector<level_result> levels;
  std::uint64_t count = 0;
};

/// The instance family an EC2 Instance Savings Plan should cover: the family that holds at
/// least 90 % of the On-Demand EC2 spend of the pilot paths (`share` is set to its share).
/// Throws input_error listing the families (with their share of the On-Demand spend) when no
/// family does, or when there is no On-Demand EC2 spend at all.
std::string fleet_family(const sim::scenario& s, const price_catalog& catalog,
                         const std::vector<sim::option_result>& pilot, double& share) {
  const sim::option& base = s.options[0];
  std::map<std::string, double> spend;  // On-Demand USD by family, over the pilot
  for (const sim::option_result& r : pilot) {
    const auto lines = sim::ledger_usage_lines(s, base, catalog, r.usage);
    const std::size_t n = lines.size();
    for (std::int64_t h = 0; h < r.usage.hours; ++h)
      for (std::size_t k = 0; k < n; ++k) {
        const usage_line& u = lines[k];
        const double q = r.usage.quantity[std::size_t(h) * n + k];
        if (u.kind == usage_kind::ec2 && !u.spot && q > 0 && std::isfinite(u.on_demand_rate))
          spend[std::string(instance_family(u.instance_type))] += q / 3600.0 * u.on_demand_rate;
      }
  }
  std::vector<std::pair<double, std::string>> used;
  double total = 0;
  for (const auto& [family, usd] : spend)
    if (usd > 0) used.emplace_back(usd, family), total += usd;
  if (used.empty())
    throw input_error(errid::unsupported, "--type",
                      "option \"" + base.name + "\" ran no On-Demand EC2 instances in the first " +
                          std::to_string(pilot.size()) +
                          " trials, so an EC2 Instance Savings Plan has nothing to cover; try --type compute_sp");
  std::sort(used.begin(), used.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  if (used[0].first >= 0.9 * total) {
    share = used[0].first / total;
    return used[0].second;
  }
  std::string list;
  char buf[64];
  for (const auto& [usd, family] : used) {
    std::snprintf(buf, sizeof buf, " %.1f %%", 100.0 * usd / total);
    list += (list.empty() ? "" : ", ") + family + buf;
  }
  throw input_error(errid::usage, "--family",
                    "option \"" + base.name + "\" runs several instance families, none with 90 % of its On-Demand spend (" +
                        list + "); an EC2 Instance Savings Plan covers one: choose it with --family");
}

}  // namespace

double savings_p5(const level_result& l) {
  if (l.savings.count() == 0) return std::numeric_limits<double>::quiet_NaN();
  return l.savings.exact() ? l.savings.exact()->quantile(0.05) : l.savings.histogram().quantile(0.05);
}

sweep_result sweep_commitment(const sim::scenario& scenario, const price_catalog& catalog, const sweep_config& config) {
  const auto started = std::chrono::steady_clock::now();
  if (config.option >= scenario.options.size())
    throw input_error(errid::usage, "--option", "the scenario has no option " + std::to_string(config.option));
  sim::scenario s = scenario;
  s.seed = config.seed;
  s.options = {scenario.options[config.option]};  // only the option being sized
  s.options[0].commitments.clear();
  const sim::option& base = s.options[0];
  if (config.type == commitment_type::reserved_instance)
    throw input_error(errid::usage, "--type", "the sweep sizes Savings Plans: compute_sp or ec2_instance_sp");
  commitment plan;
  plan.name = "swept";
  plan.type = config.type;
  plan.term_years = config.term_years;
  plan.payment = config.payment;
  plan.region = s.region;
  const std::string offer = catalog_offer(plan);
  bool family_from_fleet = false;
  double family_share = 1.0;
  // The first min(64, scenarios) paths without commitments, simulated once when needed (to find
  // the fleet's instance family and the top of the grid).
  std::vector<sim::option_result> pilot_paths;
  const auto pilot = [&]() -> const std::vector<sim::option_result>& {
    if (pilot_paths.empty()) {
      const std::uint64_t n = std::min<std::uint64_t>(64, std::max<std::uint64_t>(1, config.scenarios));
      for (std::uint64_t i = 0; i < n; ++i) pilot_paths.push_back(sim::simulate_path(s, catalog, i)[0]);
    }
    return pilot_paths;
  };
  if (base.compute == sim::compute_kind::fargate) {
    if (config.type == commitment_type::ec2_instance_sp)
      throw input_error(errid::unsupported, "--type", "EC2 Instance Savings Plans do not cover Fargate (option \"" + base.name + "\")");
    if (!catalog.fargate.commitment_discount(offer))
      throw input_error(errid::unsupported, "--payment", "the catalog has no Fargate rate for " + offer);
  } else {
    plan.family = !config.family.empty() ? config.family : std::string(instance_family(base.instance_types.at(0)));
    if (config.type == commitment_type::ec2_instance_sp && config.family.empty()) {
      plan.family = fleet_family(s, catalog, pilot(), family_share);
      family_from_fleet = true;
    }
    bool any = false;
    for (const auto& t : base.instance_types) {
      const instance_type& it = *catalog.ec2.find(t);
      if (config.type == commitment_type::ec2_instance_sp && it.family != plan.family) continue;
      bool found = false;
      for (const auto& r : it.commitments) found = found || r.offer == offer;
      if (!found) throw input_error(errid::unsupported, "--payment", "the catalog has no " + offer + " rate for " + t);
      any = true;
    }
    if (!any) {
      std::set<std::string> families;
      for (const auto& t : base.instance_types) families.insert(std::string(instance_family(t)));
      std::string list;
      for (const auto& f : families) list += (list.empty() ? "" : ", ") + f;
      throw input_error(errid::unsupported, "--family",
                        "option \"" + base.name + "\" runs no " + plan.family + " instance; its types' families: " + list);
    }
  }
  sim::option with = base;
  with.commitments = {plan};

  sweep_result out;
  out.config = config;
  out.config.threads = config.threads ? config.threads : usable_cores();
  if (config.type == commitment_type::ec2_instance_sp) out.config.family = plan.family;
  out.family_from_fleet = family_from_fleet;
  out.family_share = family_share;
  std::vector<double> levels = config.levels;
  if (levels.empty()) {
    double top = config.max_level;
    if (top <= 0) {  // the highest hourly spend at plan rates in a pilot of the first scenarios
      for (const sim::option_result& path : pilot()) {
        const std::vector<sim::option_result> r = {path};
        const auto lines = sim::ledger_usage_lines(s, with, catalog, r[0].usage);
        const std::size_t n = lines.size();
        for (std::int64_t h = 0; h < r[0].usage.hours; ++h) {
          double spend = 0;
          for (std::size_t k = 0; k < n; ++k) {
            const usage_line& u = lines[k];
            const double rate = config.type == commitment_type::compute_sp ? u.compute_sp_rate : u.ec2_instance_sp_rate;
            const bool eligible = !u.spot && !std::isnan(rate) &&
                                  (config.type == commitment_type::compute_sp || instance_family(u.instance_type) == plan.family);
            if (eligible) spend += r[0].usage.quantity[std::size_t(h) * n + k] / 3600.0 * rate;
          }
          top = std::max(top, spend);
        }
      }
    }
    if (!(top > 0)) {
      std::string what = config.type == commitment_type::compute_sp
                             ? "On-Demand compute a Compute Savings Plan covers (EC2, Fargate or Lambda, not Spot)"
                             : "On-Demand " + plan.family + " instance-hours (an EC2 Instance Savings Plan covers one family, not Spot)";
      throw input_error(errid::unsupported, "--type",
                        "option \"" + base.name + "\" had no " + what + " in the first " +
                            std::to_string(pilot().size()) +
                            " trials, so every commitment would save nothing; choose another --type, --option or --family");
    }
    const int k = std::max(1, config.grid_levels);
    for (int i = 0; i <= k; ++i) levels.push_back(top * double(i) / double(k));
  }
  out.config.levels = levels;

  auto fresh = [&] {
    block_acc a;
    for (double l : levels) {
      level_result lr;
      lr.level = l;
      lr.savings = statistic(config.scenarios <= 1'000'000);
      a.levels.push_back(std::move(lr));
    }
    return a;
  };
  const std::uint64_t block = std::max<std::uint64_t>(1, config.block_size);
  const std::uint64_t blocks = (config.scenarios + block - 1) / block;
  block_acc total = fresh();
  run_blocks(
      blocks, unsigned(std::min<std::uint64_t>(out.config.threads, std::max<std::uint64_t>(1, blocks))),
      [&](std::uint64_t b) {
        block_acc a = fresh();
        sim::option o = with;
        for (std::uint64_t i = b * block; i < std::min(config.scenarios, (b + 1) * block); ++i) {
          const sim::option_result plain = sim::simulate_path(s, catalog, i)[0];
          for (std::size_t l = 0; l < levels.size(); ++l) {
            o.commitments[0].hourly_commitment = levels[l];
            sim::option_result r = plain;
            if (levels[l] > 0) sim::apply_option_commitments(s, o, catalog, r);
            a.levels[l].savings.add(plain.total_usd - r.total_usd);
            const double charge = r.commitments.empty() ? 0.0 : r.commitments[0].charge;
            a.levels[l].utilisation.add(charge > 0 ? r.commitments[0].used / charge : 0.0);
            a.levels[l].coverage.add(r.eligible_on_demand_equivalent > 0
                                         ? r.covered_on_demand_equivalent / r.eligible_on_demand_equivalent
                                         : 0.0);
          }
          ++a.count;
        }
        return a;
      },
      [&](std::uint64_t, block_acc&& a) {
        for (std::size_t l = 0; l < levels.size(); ++l) {
          total.levels[l].savings.merge(a.levels[l].savings);
          total.levels[l].utilisation.merge(a.levels[l].utilisation);
          total.levels[l].coverage.merge(a.levels[l].coverage);
        }
        total.count += a.count;
        return false;
      });
  out.scenarios = total.count;
  out.levels = std::move(total.levels);
  for (std::size_t l = 1; l < out.levels.size(); ++l) {
    if (out.levels[l].savings.moments().mean() > out.levels[out.best_mean].savings.moments().mean()) out.best_mean = l;
    if (savings_p5(out.levels[l]) > savings_p5(out.levels[out.best_p5])) out.best_p5 = l;
  }
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return out;
}

}  // namespace fleetcast::mc
