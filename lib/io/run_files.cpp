#include "fleetcast/io/run_files.hpp"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <utility>

#include "fleetcast/core/error.hpp"
#include "fleetcast/io/catalog_json.hpp"
#include "fleetcast/io/files.hpp"
#include "fleetcast/io/region_json.hpp"
#include "fleetcast/io/scenario_json.hpp"
#include "fleetcast/version.hpp"

namespace fleetcast {
namespace {

/// The partials' bytes, names and headers, in the order given.
merged_run merge_read(std::vector<std::string>& bytes, const std::vector<std::string>& names,
                      const std::vector<partial_header>& headers, const input_limits& limits) {
  const partial_header& h = headers.front();
  for (std::size_t i = 0; i < names.size(); ++i) {
    const partial_header& x = headers[i];
    std::string why;
    if (x.kind != "shard") why = "it is a " + x.kind + ", not a shard";
    else if (x.fleetcast_version != h.fleetcast_version) why = "fleetcast " + x.fleetcast_version + " vs " + h.fleetcast_version;
    else if (x.run_hash != h.run_hash) why = "another scenario or catalog";
    else if (x.seed != h.seed) why = "seed " + std::to_string(x.seed) + " vs " + std::to_string(h.seed);
    else if (x.scenarios != h.scenarios) why = std::to_string(x.scenarios) + " vs " + std::to_string(h.scenarios) + " trials";
    else if (x.block_size != h.block_size) why = "block size " + std::to_string(x.block_size) + " vs " + std::to_string(h.block_size);
    else if (x.shard_count != h.shard_count) why = std::to_string(x.shard_count) + " vs " + std::to_string(h.shard_count) + " shards";
    else if (x.baseline != h.baseline || x.exact_quantiles != h.exact_quantiles || x.demand_only != h.demand_only)
      why = "other --baseline, --exact-quantiles or --profile";
    if (!why.empty())
      throw input_error(errid::unsupported, names[i], "does not belong with " + names.front() + ": " + why);
  }
  std::optional<price_catalog> custom;
  if (!h.catalog_json.empty()) custom = parse_catalog(h.catalog_json, "the partials' catalog", limits);
  const std::string region = json_region(h.scenario_json);
  const price_catalog& cat = custom                ? *custom
                             : region.empty()      ? default_catalog()
                                                   : built_in_catalog(region, "the partials' scenario region");
  sim::scenario sc = parse_scenario(h.scenario_json, h.scenario_source, cat, limits);
  const mc::run_config cfg = partial_run_config(h);
  const std::uint64_t blocks = (h.scenarios + h.block_size - 1) / h.block_size;
  std::vector<std::optional<mc::scenario_accumulator>> by_block(blocks);
  std::vector<std::uint64_t> duplicate;
  for (std::size_t i = 0; i < names.size(); ++i) {
    partial_file p = read_partial(bytes[i], names[i], sc);
    for (auto& [b, acc] : p.blocks) {
      if (b >= blocks) throw input_error(errid::out_of_range, names[i], "block " + std::to_string(b) + " is beyond the run's " + std::to_string(blocks));
      if (by_block[b]) duplicate.push_back(b);
      else by_block[b].emplace(std::move(acc));
    }
  }
  std::vector<std::uint64_t> missing;
  for (std::uint64_t b = 0; b < blocks; ++b)
    if (!by_block[b]) missing.push_back(b);
  auto list = [](const std::vector<std::uint64_t>& v) {
    std::string s;
    for (std::size_t i = 0; i < v.size() && i < 10; ++i) s += (i ? ", " : "") + std::to_string(v[i]);
    return v.size() > 10 ? s + " … (" + std::to_string(v.size()) + " in all)" : s;
  };
  if (!duplicate.empty())
    throw input_error(errid::duplicate, "merge", "blocks " + list(duplicate) + " appear in more than one partial (the same shard given twice?)");
  if (!missing.empty()) {
    std::vector<std::uint64_t> shards;
    for (const auto b : missing)
      if (std::find(shards.begin(), shards.end(), b % h.shard_count) == shards.end()) shards.push_back(b % h.shard_count);
    const std::uint64_t first = shards.front();
    throw input_error(errid::missing_field, "merge",
                      "blocks " + list(missing) + " are missing: shard(s) " + list(shards) + " of " + std::to_string(h.shard_count) +
                          "; re-run e.g. fleetcast simulate " +
                          (h.scenario_source == "examples/payments-api.json" ? std::string("--example") : h.scenario_source) +
                          " --trials " + std::to_string(h.scenarios) +
                          " --seed " + std::to_string(h.seed) + " --shard " + std::to_string(first) + "/" +
                          std::to_string(h.shard_count) + " --partial part-" + std::to_string(first) + ".part");
  }
  std::vector<mc::scenario_accumulator> ordered;
  ordered.reserve(blocks);
  for (auto& b : by_block) ordered.push_back(std::move(*b));
  mc::run_result result = mc::merge_blocks(sc, cfg, std::move(ordered));
  return merged_run{std::move(sc), std::move(result), custom ? std::move(*custom) : default_catalog()};
}

}  // namespace

partial_header run_header(const run_source& source, const mc::run_config& config) {
  partial_header header;
  header.fleetcast_version = FLEETCAST_VERSION_STRING;
  header.run_hash = run_hash(source.scenario_json, source.catalog_json);
  header.scenario_json = source.scenario_json;
  header.scenario_source = source.scenario_source;
  header.catalog_json = source.catalog_json;
  header.seed = config.seed;
  header.scenarios = config.scenarios;
  header.block_size = config.block_size;
  header.baseline = config.baseline;
  header.exact_quantiles = config.exact_quantiles;
  header.demand_only = config.mode == mc::run_config::profile::demand_only;
  return header;
}

mc::run_result run_with_checkpoint(const sim::scenario& s, const price_catalog& catalog, const run_source& source,
                                   mc::run_config config, const checkpoint_options& checkpoint,
                                   const mc::path_pricer& pricer) {
  partial_header header = run_header(source, config);
  header.kind = "checkpoint";
  config.checkpoint_seconds = checkpoint.seconds;
  config.on_checkpoint = [&checkpoint, header](std::uint64_t blocks, const mc::scenario_accumulator& state) {
    partial_file p{header, {}};
    p.blocks.emplace_back(blocks, state);
    write_file_atomic(checkpoint.path, write_partial(p));
  };
  config.resume_state = nullptr;
  config.resume_blocks = 0;
  std::optional<mc::scenario_accumulator> resumed;
  if (checkpoint.resume && std::filesystem::exists(checkpoint.path)) {
    const std::string bytes = read_text_file(checkpoint.path, checkpoint.limits);
    const partial_header h = read_partial_header(bytes, checkpoint.path);
    if (h.kind != "checkpoint" || h.run_hash != header.run_hash || h.seed != header.seed ||
        h.scenarios != header.scenarios || h.block_size != header.block_size || h.baseline != header.baseline ||
        h.exact_quantiles != header.exact_quantiles || h.demand_only != header.demand_only)
      throw input_error(errid::unsupported, checkpoint.path,
                        "this checkpoint belongs to another run (scenario, catalog, seed, trials or options differ)");
    partial_file p = read_partial(bytes, checkpoint.path, s);
    if (p.blocks.size() != 1) throw input_error(errid::malformed_json, checkpoint.path, "a checkpoint holds one state");
    config.resume_blocks = p.blocks[0].first;
    resumed.emplace(std::move(p.blocks[0].second));
    config.resume_state = &*resumed;
  }
  return mc::run(s, catalog, config, pricer);
}

partial_file run_shard(const sim::scenario& s, const price_catalog& catalog, const run_source& source,
                       const mc::run_config& config, std::uint64_t index, std::uint64_t count,
                       const mc::path_pricer& pricer) {
  partial_file part{run_header(source, config), {}};
  part.header.kind = "shard";
  part.header.shard_index = index;
  part.header.shard_count = count;
  const std::uint64_t block = std::max<std::uint64_t>(1, config.block_size);
  const std::uint64_t blocks = (config.scenarios + block - 1) / block;
  mc::run_blocks_of(
      s, catalog, config, mc::shard_blocks(blocks, index, count),
      [&](std::uint64_t b, mc::scenario_accumulator&& acc) { part.blocks.emplace_back(b, std::move(acc)); }, pricer);
  return part;
}

merged_run merge_shards(const std::vector<partial_bytes>& partials, const input_limits& limits) {
  std::vector<std::string> bytes, names;
  std::vector<partial_header> headers;
  for (const auto& p : partials) {
    bytes.push_back(p.bytes);
    names.push_back(p.name);
    headers.push_back(read_partial_header(bytes.back(), p.name));
  }
  return merge_read(bytes, names, headers, limits);
}

merged_run merge_shard_files(const std::vector<std::string>& paths, const input_limits& limits) {
  std::vector<std::string> bytes;
  std::vector<partial_header> headers;
  for (const auto& f : paths) {
    bytes.push_back(read_text_file(f, limits));
    headers.push_back(read_partial_header(bytes.back(), f));
  }
  return merge_read(bytes, paths, headers, limits);
}

}  // namespace fleetcast
