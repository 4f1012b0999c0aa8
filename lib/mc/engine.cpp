#include "fleetcast/mc/engine.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

#include "fleetcast/core/error.hpp"
#include "fleetcast/mc/block_runner.hpp"
#include "fleetcast/sim/simulate.hpp"

namespace fleetcast::mc {

simulation& simulation::with_baseline(const std::string& option_name) {
  for (std::size_t i = 0; i < s_.options.size(); ++i)
    if (s_.options[i].name == option_name) {
      config_.baseline = i;
      return *this;
    }
  throw input_error(errid::usage, "baseline", "\"" + option_name + "\" is not an option of the scenario");
}

run_result run(const sim::scenario& scenario, const price_catalog& catalog, const run_config& config) {
  const auto started = std::chrono::steady_clock::now();
  sim::scenario s = scenario;  // the run's seed replaces the file's
  s.seed = config.seed;
  run_result out{config, 0, 0, false, 0, scenario_accumulator(s, config.exact_quantiles, config.baseline)};
  unsigned threads = config.threads ? config.threads : std::max(1u, std::thread::hardware_concurrency());
  out.config.threads = threads;
  const std::uint64_t block = std::max<std::uint64_t>(1, config.block_size);
  const std::uint64_t blocks = (config.scenarios + block - 1) / block;
  threads = unsigned(std::min<std::uint64_t>(threads, std::max<std::uint64_t>(1, blocks)));

  const double step_s = double(s.horizon.step_seconds);
  auto run_block = [&](std::uint64_t b) {
    scenario_accumulator acc(s, config.exact_quantiles, config.baseline);
    const std::uint64_t first = b * block, last = std::min(config.scenarios, first + block);
    std::vector<std::vector<double>> demand;  // reused through the block
    for (std::uint64_t i = first; i < last; ++i) {
      sim::generate_demand(s, i, demand);
      double total = 0;
      for (const auto& d : demand)
        for (double x : d) total += x;
      if (config.mode == run_config::profile::demand_only) {
        acc.add_demand(total * step_s);
      } else {
        acc.add(sim::simulate_path_on(s, catalog, i, demand), total * step_s);
      }
    }
    return acc;
  };
  // After a block is merged: has every option's mean cost reached the target precision?
  auto target_reached = [&] {
    if (config.target_rel_ci <= 0 || out.scenarios < config.min_scenarios ||
        config.mode == run_config::profile::demand_only)
      return false;
    out.worst_relative_ci = out.stats.worst_relative_ci();
    return out.worst_relative_ci <= config.target_rel_ci;
  };

  out.blocks = run_blocks(blocks, threads, run_block, [&](std::uint64_t, scenario_accumulator&& acc) {
    out.stats.merge(acc);
    out.scenarios = out.stats.count();
    out.target_met = target_reached();
    if (config.on_progress) config.on_progress(out.scenarios, config.scenarios);
    return out.target_met;
  });
  if (config.target_rel_ci > 0 && !out.target_met) out.worst_relative_ci = out.stats.worst_relative_ci();
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return out;
}

}  // namespace fleetcast::mc
