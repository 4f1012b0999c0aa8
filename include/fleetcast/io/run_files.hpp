#pragma once
/// @file
/// Checkpointed, sharded and resumed Monte Carlo runs, as library calls: what
/// `fleetcast simulate --checkpoint F [--resume]`, `simulate --shard I/K --partial F` and
/// `fleetcast merge` do, for tools that drive runs themselves. The files are the
/// partial-state files of `io/partial.hpp`; each carries the scenario (and a custom catalog)
/// it was run on, so a merge or a resume needs nothing else, and a run hash over those texts
/// so that files of different runs are never mixed.
///
/// @code
/// const run_source src{scenario_text, "scenario.json", ""};          // built-in catalog
/// const sim::scenario s = parse_scenario(src.scenario_json, src.scenario_source, default_catalog());
/// mc::run_config cfg = mc::simulation(s).with_scenarios(100'000).config();
/// // on each of K machines:
/// write_file_atomic("part-" + std::to_string(i), write_partial(run_shard(s, default_catalog(), src, cfg, i, K)));
/// // then on one:
/// merged_run m = merge_shard_files({"part-0", "part-1", …});   // m.result: the single-run result, to the bit
/// @endcode

#include <cstdint>
#include <string>
#include <vector>

#include "fleetcast/core/limits.hpp"
#include "fleetcast/io/partial.hpp"
#include "fleetcast/mc/engine.hpp"
#include "fleetcast/pricing/catalog.hpp"
#include "fleetcast/sim/scenario.hpp"

namespace fleetcast {

/// The texts a run was read from.
struct run_source {
  std::string scenario_json;    ///< the scenario as simulated (workload files already imported)
  std::string scenario_source;  ///< its name, for messages
  std::string catalog_json;     ///< a catalog file's text; empty: the built-in catalog
};

/// The header of a run's partial-state files, `kind` and shard left empty: fleetcast version,
/// `run_hash(scenario, catalog)`, the texts, and the fields of `config` that change the result
/// (seed, scenarios, block size, baseline, exact quantiles, profile).
[[nodiscard]] partial_header run_header(const run_source& source, const mc::run_config& config);

/// Where and how often a run saves its merged state.
struct checkpoint_options {
  std::string path;      ///< the checkpoint file, replaced atomically at each save
  double seconds = 5.0;  ///< at least this long between saves (the last block is always saved)
  bool resume = false;   ///< start from `path` when it exists
  input_limits limits{};  ///< for reading the checkpoint back (file bytes)
};

/// `mc::run` that saves its merged state to `checkpoint.path` every `checkpoint.seconds` and
/// after the last block, and with `resume` continues from a saved state: the result is the
/// same, to the bit, as one uninterrupted run. `config`'s own `on_checkpoint` and `resume_*`
/// are replaced; its `on_progress` is kept. Throws `input_error`: input.9 when the saved state
/// belongs to another run (scenario, catalog, seed, scenarios, block size, baseline, quantile
/// mode or profile differ), input.1 for a damaged file; `io_error` when it cannot be written.
/// Pre: `checkpoint.seconds` in 0 … 86400; the preconditions of `mc::run`.
[[nodiscard]] mc::run_result run_with_checkpoint(const sim::scenario& s, const price_catalog& catalog,
                                                 const run_source& source, mc::run_config config,
                                                 const checkpoint_options& checkpoint,
                                                 const mc::path_pricer& pricer = {});

/// Runs shard `index` of `count` (the blocks b with b mod count = index) and returns its
/// partial-state file (`write_partial` gives its bytes): the header of `run_header` with
/// kind "shard", and each block's accumulator. Pre: index < count.
[[nodiscard]] partial_file run_shard(const sim::scenario& s, const price_catalog& catalog, const run_source& source,
                                     const mc::run_config& config, std::uint64_t index, std::uint64_t count,
                                     const mc::path_pricer& pricer = {});

/// A run put together from its shards: the scenario the partials carry and the result.
struct merged_run {
  sim::scenario scenario;
  mc::run_result result;  ///< `wall_seconds` 0
  price_catalog catalog;  ///< the run's catalog (the partials' own, or the built-in one)
};

/// One partial-state file in memory: its bytes and the name errors give it.
struct partial_bytes {
  std::string bytes;
  std::string name;
};

/// Checks that the partials belong together (all shards, one fleetcast version, one run hash,
/// seed, scenario count, block size, shard count, baseline, quantile mode and profile), that
/// every block of the run is there exactly once, and merges them in block order: the result
/// of one process, to the bit. The scenario (and a custom catalog) are read from the first
/// header under `limits`. Throws `input_error`: input.9 naming the partial that does not
/// belong and why, input.12 for blocks given twice, input.4 for missing blocks (naming the
/// shards to re-run), input.5 for a block beyond the run, input.1 for a damaged file.
/// Pre: `partials` not empty.
[[nodiscard]] merged_run merge_shards(const std::vector<partial_bytes>& partials, const input_limits& limits = {});

/// `merge_shards` over files: reads each (`read_text_file` under `limits`) and its header in
/// turn, so the first unreadable or damaged file is the one reported.
[[nodiscard]] merged_run merge_shard_files(const std::vector<std::string>& paths, const input_limits& limits = {});

}  // namespace fleetcast
