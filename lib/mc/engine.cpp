#include "fleetcast/mc/engine.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include "fleetcast/core/cores.hpp"
#include "fleetcast/core/error.hpp"
#include "fleetcast/core/limits.hpp"
#include "fleetcast/mc/block_runner.hpp"
#include "fleetcast/sim/simulate.hpp"
#include "fleetcast/sim/validate.hpp"

namespace fleetcast::mc {

simulation& simulation::with_baseline(const std::string& option_name) {
  for (std::size_t i = 0; i < s_->options.size(); ++i)
    if (s_->options[i].name == option_name) {
      config_.baseline = i;
      return *this;
    }
  std::string names;
  for (const auto& o : s_->options) names += (names.empty() ? "" : ", ") + o.name;
  throw input_error(errid::usage, "--baseline",
                    "\"" + option_name + "\" is not an option of the scenario; choose one of: " + names);
}

std::vector<std::uint64_t> shard_blocks(std::uint64_t blocks, std::uint64_t index, std::uint64_t count) {
  std::vector<std::uint64_t> v;
  for (std::uint64_t b = index; count > 0 && b < blocks; b += count) v.push_back(b);
  return v;
}

namespace {

void check_config(const sim::scenario& s, const run_config& config) {
  const auto fail = [](std::string_view field, const std::string& message) {
    throw input_error(errid::out_of_range, "run_config." + std::string(field), message);
  };
  if (config.baseline >= s.options.size())
    fail("baseline", std::to_string(config.baseline) + " is not an option index (the scenario has " +
                         std::to_string(s.options.size()) + " options)");
  if (config.block_size < 1) fail("block_size", "a block holds at least one trial");
  if (config.scenarios < 1) fail("scenarios", "a run needs at least one trial");
  if (!std::isfinite(config.target_rel_ci) || config.target_rel_ci < 0)
    fail("target_rel_ci", std::to_string(config.target_rel_ci) + " is not a share >= 0 (0: off)");
  if (config.resume_state != nullptr && config.resume_state->options().size() != s.options.size())
    fail("resume_state", "the checkpoint is of another scenario");
}

/// Scenario `first`…`last` of the run into one block accumulator (demand drawn once per path).
scenario_accumulator compute_block(const sim::scenario& s, const sim::detail::demand_plan& plan,
                                   const price_catalog& catalog, const run_config& config, const path_pricer& pricer,
                                   std::uint64_t b) {
  const std::uint64_t block = std::max<std::uint64_t>(1, config.block_size);
  const double step_s = double(s.horizon.step_seconds);
  scenario_accumulator acc(s, config.exact_quantiles, config.baseline);
  const std::uint64_t first = b * block, last = std::min(config.scenarios, first + block);
  std::vector<std::vector<double>> demand;  // reused through the block, as are these
  sim::detail::path_workspace workspace;
  workspace.hourly_usage = false;  // the statistics read costs, not hourly usage
  std::vector<sim::option_result> results;
  for (std::uint64_t i = first; i < last; ++i) {
    plan.generate(i, demand);
    double total = 0;
    for (const auto& d : demand)
      for (double x : d) total += x;
    if (config.mode == run_config::profile::demand_only) {
      acc.add_demand(total * step_s);
    } else {
      if (pricer) {
        std::vector<sim::option_result> r = pricer(s, catalog, i, demand);
        if (r.size() != s.options.size())
          throw input_error(errid::out_of_range, "path_pricer",
                            "returned " + std::to_string(r.size()) + " results for " +
                                std::to_string(s.options.size()) + " options");
        acc.add(std::move(r), total * step_s);
      } else {
        sim::detail::simulate_path_unchecked(s, catalog, i, demand, workspace, results);
        acc.add(results, total * step_s);
      }
    }
  }
  return acc;
}

/// The scenario's rules, the run's settings and config.limits.work over the whole run (a shard
/// or a resumed run included), before any block.
void check_run(const sim::scenario& s, const price_catalog& catalog, const run_config& config) {
  sim::validate(s, catalog);
  check_config(s, config);
  const double work =
      double(s.horizon.steps()) * double(s.options.size()) * double(config.scenarios);
  if (work > double(config.limits.work))
    throw_limit(config.limits, limit::work, "Monte Carlo run",
                std::to_string(s.horizon.steps()) + " steps × " + std::to_string(s.options.size()) +
                    " options × " + std::to_string(config.scenarios) + " trials exceeds");
}

sim::scenario with_seed(const sim::scenario& scenario, std::uint64_t seed) {
  sim::scenario s = scenario;  // the run's seed replaces the file's
  s.seed = seed;
  return s;
}

}  // namespace

void run_blocks_of(const sim::scenario& scenario, const price_catalog& catalog, const run_config& config,
                   const std::vector<std::uint64_t>& blocks,
                   const std::function<void(std::uint64_t, scenario_accumulator&&)>& sink,
                   const path_pricer& pricer) {
  check_run(scenario, catalog, config);
  const sim::scenario s = with_seed(scenario, config.seed);
  unsigned threads = config.threads ? config.threads : usable_cores();
  threads = unsigned(std::min<std::uint64_t>(threads, std::max<std::size_t>(1, blocks.size())));
  const sim::detail::demand_plan plan(s);
  run_blocks(
      blocks.size(), threads, [&](std::uint64_t k) { return compute_block(s, plan, catalog, config, pricer, blocks[k]); },
      [&](std::uint64_t k, scenario_accumulator&& acc) {
        sink(blocks[k], std::move(acc));
        return false;
      });
}

run_result merge_blocks(const sim::scenario& scenario, const run_config& config,
                        std::vector<scenario_accumulator>&& blocks_in_order) {
  check_config(scenario, config);
  const sim::scenario s = with_seed(scenario, config.seed);
  run_result out{config, 0, 0, false, 0, scenario_accumulator(s, config.exact_quantiles, config.baseline)};
  for (auto& b : blocks_in_order) {
    out.stats.merge(b);
    ++out.blocks;
  }
  out.scenarios = out.stats.count();
  if (config.target_rel_ci > 0) out.worst_relative_ci = out.stats.worst_relative_ci();
  return out;
}

run_result run(const sim::scenario& scenario, const price_catalog& catalog, const run_config& config,
               const path_pricer& pricer) {
  check_run(scenario, catalog, config);
  const auto started = std::chrono::steady_clock::now();
  const sim::scenario s = with_seed(scenario, config.seed);
  run_result out{config, 0, 0, false, 0, scenario_accumulator(s, config.exact_quantiles, config.baseline)};
  unsigned threads = config.threads ? config.threads : usable_cores();
  out.config.threads = threads;
  const std::uint64_t block = std::max<std::uint64_t>(1, config.block_size);
  const std::uint64_t blocks = (config.scenarios + block - 1) / block;
  threads = unsigned(std::min<std::uint64_t>(threads, std::max<std::uint64_t>(1, blocks)));

  // Resuming: start from the checkpoint's merged prefix.
  const std::uint64_t first = std::min(config.resume_blocks, blocks);
  if (config.resume_state) {
    out.stats = *config.resume_state;
    out.scenarios = out.stats.count();
    out.blocks = first;
  }
  // The kept costs of the whole run in one allocation (growing by doubling held up to twice
  // them, and both copies while it moved them).
  out.stats.reserve(std::min(config.scenarios, statistic::default_exact_limit));
  const sim::detail::demand_plan plan(s);  // what every path's demand shares, computed once
  auto run_block = [&](std::uint64_t b) { return compute_block(s, plan, catalog, config, pricer, first + b); };
  auto last_checkpoint = std::chrono::steady_clock::now();
  // After a block is merged: has every option's mean cost reached the target precision?
  auto target_reached = [&] {
    if (config.target_rel_ci <= 0 || out.scenarios < config.min_scenarios ||
        config.mode == run_config::profile::demand_only)
      return false;
    out.worst_relative_ci = out.stats.worst_relative_ci();
    return out.worst_relative_ci <= config.target_rel_ci;
  };

  if (config.resume_state && config.target_rel_ci > 0 && first > 0 && target_reached()) {
    out.target_met = true;  // the checkpoint had already met the target
  } else {
    out.blocks = first + run_blocks(blocks - first, threads, run_block, [&](std::uint64_t k, scenario_accumulator&& acc) {
      out.stats.merge(acc);
      out.scenarios = out.stats.count();
      out.target_met = target_reached();
      if (config.on_progress) config.on_progress(out.scenarios, config.scenarios);
      const bool last = out.target_met || first + k + 1 == blocks;
      if (config.on_checkpoint &&
          (last || std::chrono::duration<double>(std::chrono::steady_clock::now() - last_checkpoint).count() >=
                       config.checkpoint_seconds)) {
        config.on_checkpoint(first + k + 1, out.stats);
        last_checkpoint = std::chrono::steady_clock::now();
      }
      return out.target_met;
    });
  }
  if (config.target_rel_ci > 0 && !out.target_met) out.worst_relative_ci = out.stats.worst_relative_ci();
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return out;
}

}  // namespace fleetcast::mc
