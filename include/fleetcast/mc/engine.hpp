#pragma once
/// @file
/// The Monte Carlo engine: scenario i of a run is a pure function of (scenario, seed, i) —
/// its demand, start-up latencies and Spot interruptions come from streams keyed by those —
/// and every option sees the same demand (common random numbers). Scenarios are grouped in
/// blocks of a fixed size that does not depend on the thread count; worker threads take
/// blocks in turn, each block fills its own accumulator, and the blocks are merged in index
/// order. So a run gives identical bits on 1 or 16 threads.
///
/// @code
/// auto r = fleetcast::mc::simulation(scenario)
///              .with_scenarios(100'000).with_seed(7).with_threads(2).run();
/// double p95 = r.stats.options()[0].cost.summarise().p95;
/// @endcode

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "fleetcast/core/limits.hpp"
#include "fleetcast/mc/accumulator.hpp"
#include "fleetcast/pricing/catalog.hpp"
#include "fleetcast/sim/scenario.hpp"
#include "fleetcast/sim/simulate.hpp"

namespace fleetcast::mc {

/// Prices one path of a run: (scenario, catalog, path index, demand) → one `option_result`
/// per option of the scenario, in its order. `demand` is the path's demand as
/// `sim::generate_demand` drew it (services × steps, task capacities per step); the scenario
/// carries the run's seed. The default is `sim::simulate_path_on`. Worker threads call it
/// concurrently, so it must be safe to call from several threads at once; the result must be
/// a function of its arguments for a run to be reproducible. A pricer that throws stops the
/// run, and the exception reaches `run`'s caller.
using path_pricer = std::function<std::vector<sim::option_result>(
    const sim::scenario&, const price_catalog&, std::uint64_t, const std::vector<std::vector<double>>&)>;

/// How a run is set up. Every field that changes the result is part of the run's identity;
/// `threads` is not.
struct run_config {
  /// Scenarios to run; with `target_rel_ci` the most that may be run.
  std::uint64_t scenarios = 10'000;
  std::uint64_t seed = 42;
  /// Worker threads (0: one per usable core, `usable_cores()`). Does not change the result.
  unsigned threads = 1;
  /// Scenarios per block: the unit of work and of merging (and of stopping).
  std::uint64_t block_size = 128;
  /// Stop at the first block boundary, once `min_scenarios` have run, where every option's
  /// 95 % CI half-width of the mean cost is at most this share of the mean. 0: off.
  double target_rel_ci = 0;
  std::uint64_t min_scenarios = 1'000;
  /// Keep every scenario's cost, cost lines and unserved demand (8 bytes per option and line)
  /// for exact percentiles, without limit. Off: the cost alone is kept up to
  /// `statistic::default_exact_limit` scenarios (1,000,000: 8 MB per option), then percentiles
  /// come from the log histogram (within 0.05 %).
  bool exact_quantiles = false;
  /// The option the others are compared with (index into the scenario's options).
  std::size_t baseline = 0;
  /// `full` simulates every option; `demand_only` draws each scenario's demand and nothing
  /// else (the speed reference: how much of a run is the simulation itself). Its result has
  /// only `stats.demand()`.
  enum class profile { full, demand_only } mode = profile::full;
  /// Called on the calling thread after each merged block with (scenarios merged, most to
  /// run); for progress displays. Not part of the result.
  std::function<void(std::uint64_t, std::uint64_t)> on_progress;
  /// Checkpoints: called on the calling thread with (blocks merged, merged state) after a
  /// merged block once `checkpoint_seconds` have passed since the last call (and after the
  /// last block). Resuming from such a state gives the same result to the bit.
  std::function<void(std::uint64_t, const scenario_accumulator&)> on_checkpoint;
  double checkpoint_seconds = 5.0;
  /// Resume: the merged state of blocks 0 … resume_blocks − 1 (from `on_checkpoint`).
  const scenario_accumulator* resume_state = nullptr;
  std::uint64_t resume_blocks = 0;
  /// The limits a run is checked against before it starts (`work`: steps × options ×
  /// scenarios). Not part of the result.
  input_limits limits{};
};

/// The blocks of shard `index` of `count` (blocks b with b mod count = index), ascending.
[[nodiscard]] std::vector<std::uint64_t> shard_blocks(std::uint64_t blocks, std::uint64_t index, std::uint64_t count);

/// What a run produced.
struct run_result {
  run_config config;             ///< as run (threads resolved)
  std::uint64_t scenarios = 0;   ///< scenarios merged (≤ config.scenarios)
  std::uint64_t blocks = 0;      ///< blocks merged
  bool target_met = false;       ///< `target_rel_ci` reached (false when it is off)
  double worst_relative_ci = 0;  ///< the largest relative CI half-width of the mean cost
  scenario_accumulator stats;    ///< per option, in the scenario's order
  double wall_seconds = 0;       ///< elapsed time (not part of the result's identity)
};

/// Runs only `blocks` (ascending block indices of the run `config` describes) and hands each
/// block's own accumulator to `sink(index, accumulator)` on the calling thread, in ascending
/// order — the unit a shard writes to its partial-state file. `pricer` as for `run`.
void run_blocks_of(const sim::scenario& s, const price_catalog& catalog, const run_config& config,
                   const std::vector<std::uint64_t>& blocks,
                   const std::function<void(std::uint64_t, scenario_accumulator&&)>& sink,
                   const path_pricer& pricer = {});

/// The result of a run from all its blocks' accumulators, given in block order (as the
/// shards wrote them): the same bits as `run` on one machine. `wall_seconds` is left 0.
[[nodiscard]] run_result merge_blocks(const sim::scenario& s, const run_config& config,
                                      std::vector<scenario_accumulator>&& blocks_in_order);

/// Runs the scenarios of `config` over `s` with `catalog`, each path priced by `pricer`
/// (empty: `sim::simulate_path_on`, the full simulation). Exceptions thrown while simulating
/// a scenario reach the caller (the one of the lowest block, after all workers stop). Throws
/// `input_error` (input.13) before anything runs when steps × options × `config.scenarios`
/// exceeds `config.limits.work` (as does `run_blocks_of`, for the whole run).
/// Pre: s.options not empty; config.baseline < s.options.size(); block_size ≥ 1.
[[nodiscard]] run_result run(const sim::scenario& s, const price_catalog& catalog, const run_config& config,
                             const path_pricer& pricer = {});

/// Fluent set-up of a run for embedding code; each `with_` returns *this.
///
/// A simulation owns what it runs: the scenario is copied from an lvalue and moved from an
/// rvalue (or shared through a `shared_ptr`), and so is a catalog given to it; the built-in
/// `default_catalog()` is a static and is referred to, not copied. So a simulation built
/// from temporaries, copied or kept for later, stays valid:
/// @code
/// auto sim = mc::simulation(make_scenario()).with_scenarios(200);  // a copy of a temporary's set-up
/// mc::run_result r = sim.run();
/// @endcode
/// Copies share the (immutable) scenario and catalog.
class simulation {
 public:
  /// The seed starts as the scenario's (`monte_carlo.seed`), the count as its `scenarios`.
  /// The catalog is copied unless it is `default_catalog()`.
  explicit simulation(sim::scenario s, const price_catalog& catalog = default_catalog())
      : simulation(std::make_shared<const sim::scenario>(std::move(s)), share(catalog)) {}
  simulation(sim::scenario s, price_catalog&& catalog)
      : simulation(std::make_shared<const sim::scenario>(std::move(s)),
                   std::make_shared<const price_catalog>(std::move(catalog))) {}
  /// Shares the scenario and the catalog (null: `default_catalog()`). Pre: `s` not null.
  explicit simulation(std::shared_ptr<const sim::scenario> s, std::shared_ptr<const price_catalog> catalog = {})
      : s_(std::move(s)), catalog_(catalog ? std::move(catalog) : share(default_catalog())) {
    config_.seed = s_->seed;
    config_.scenarios = std::uint64_t(std::max<std::int64_t>(1, s_->scenarios));
  }
  simulation& with_scenarios(std::uint64_t n) { return config_.scenarios = n, *this; }
  simulation& with_seed(std::uint64_t seed) { return config_.seed = seed, *this; }
  simulation& with_threads(unsigned n) { return config_.threads = n, *this; }
  simulation& with_block_size(std::uint64_t n) { return config_.block_size = n, *this; }
  /// Stop once every option's relative CI half-width is ≤ x (after `min_scenarios`).
  simulation& with_target_rel_ci(double x, std::uint64_t min_scenarios = 1'000) {
    config_.target_rel_ci = x;
    config_.min_scenarios = min_scenarios;
    return *this;
  }
  simulation& with_exact_quantiles(bool on = true) { return config_.exact_quantiles = on, *this; }
  simulation& with_profile(run_config::profile p) { return config_.mode = p, *this; }
  simulation& with_progress(std::function<void(std::uint64_t, std::uint64_t)> f) {
    return config_.on_progress = std::move(f), *this;
  }
  /// Price each path with `p` instead of the full simulation (see `path_pricer`).
  simulation& with_pricer(path_pricer p) { return pricer_ = std::move(p), *this; }
  /// Check the run against these limits (`work`) instead of the defaults.
  simulation& with_limits(const input_limits& l) { return config_.limits = l, *this; }
  /// Compare the options with this one. Throws `input_error` (usage) for an unknown name.
  simulation& with_baseline(const std::string& option_name);
  [[nodiscard]] const run_config& config() const noexcept { return config_; }
  [[nodiscard]] const sim::scenario& scenario() const noexcept { return *s_; }
  [[nodiscard]] const price_catalog& catalog() const noexcept { return *catalog_; }
  [[nodiscard]] run_result run() const { return mc::run(*s_, *catalog_, config_, pricer_); }

 private:
  /// The default catalog without copying it (a static: no owner needed); any other by copy.
  static std::shared_ptr<const price_catalog> share(const price_catalog& c) {
    if (&c == &default_catalog()) return std::shared_ptr<const price_catalog>(std::shared_ptr<void>(), &c);
    return std::make_shared<const price_catalog>(c);
  }

  std::shared_ptr<const sim::scenario> s_;
  std::shared_ptr<const price_catalog> catalog_;
  run_config config_;
  path_pricer pricer_;
};

}  // namespace fleetcast::mc
