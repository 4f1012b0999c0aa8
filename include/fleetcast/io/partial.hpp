#pragma once
/// @file
/// Partial-state files: what a shard (`simulate --shard I/K --partial F`) or a checkpoint
/// (`--checkpoint F`) writes, and `fleetcast merge` reads. A file holds a header that says which
/// run it belongs to — fleetcast version, a hash of the scenario (and catalog), seed, scenario
/// count, block size, quantile mode, baseline, profile, shard — the scenario text itself (so a
/// merge needs nothing else), and block accumulators in exact binary form (mc/serialize.hpp).
/// Merging the blocks in block order gives the single-process result to the bit.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fleetcast/mc/engine.hpp"

namespace fleetcast {

struct partial_header {
  std::string kind;               ///< "shard" or "checkpoint"
  std::string fleetcast_version;  ///< FLEETCAST_VERSION_STRING of the writer
  std::uint64_t run_hash = 0;     ///< FNV-1a of the scenario text and the catalog's identity
  std::string scenario_json;      ///< the scenario as simulated (imports already turned into JSON)
  std::string scenario_source;    ///< its file name, for messages
  std::string catalog_json;       ///< a --catalog file's text; empty: the built-in catalog
  std::uint64_t seed = 0, scenarios = 0, block_size = 0, baseline = 0;
  bool exact_quantiles = false;
  bool demand_only = false;
  std::uint64_t shard_index = 0, shard_count = 1;
};

struct partial_file {
  partial_header header;
  /// Shards: (block index, that block's accumulator), ascending. Checkpoints: one entry,
  /// (blocks merged, the merged state of blocks 0 … blocks − 1).
  std::vector<std::pair<std::uint64_t, mc::scenario_accumulator>> blocks;
};

/// FNV-1a 64 of the scenario text and the catalog text ("built-in <version>" for the default).
[[nodiscard]] std::uint64_t run_hash(std::string_view scenario_json, std::string_view catalog_json);

/// The file's bytes: a text first line "FLEETCAST-PARTIAL 1" and the binary body.
[[nodiscard]] std::string write_partial(const partial_file& p);

/// Reads a partial file; `path` names it in errors. The accumulators need the scenario, which
/// the header carries: it is parsed with `catalog` (pass the catalog the header names).
/// Throws `input_error` (input.1 for a damaged file, input.5 for another format version).
[[nodiscard]] partial_header read_partial_header(std::string_view bytes, std::string_view path);
[[nodiscard]] partial_file read_partial(std::string_view bytes, std::string_view path, const sim::scenario& s);

/// The run a header describes, as `mc::run` would be configured.
[[nodiscard]] mc::run_config partial_run_config(const partial_header& h);

}  // namespace fleetcast
