#include "fleetcast/io/partial.hpp"

#include "fleetcast/core/error.hpp"
#include "fleetcast/mc/serialize.hpp"
#include "fleetcast/version.hpp"

namespace fleetcast {
namespace {

constexpr std::string_view magic = "FLEETCAST-PARTIAL 1\n";
// 2: 0.1 % histogram buckets, costs kept for exact percentiles up to a limit (fleetcast/mc/serialize.hpp).
constexpr std::uint8_t format_version = 2;

void write_header(mc::byte_writer& w, const partial_header& h) {
  w.u8(format_version);
  w.str(h.kind);
  w.str(h.fleetcast_version);
  w.u64(h.run_hash);
  w.str(h.scenario_json);
  w.str(h.scenario_source);
  w.str(h.catalog_json);
  w.u64(h.seed);
  w.u64(h.scenarios);
  w.u64(h.block_size);
  w.u64(h.baseline);
  w.u8(h.exact_quantiles ? 1 : 0);
  w.u8(h.demand_only ? 1 : 0);
  w.u64(h.shard_index);
  w.u64(h.shard_count);
}

partial_header read_header(mc::byte_reader& r, std::string_view path) {
  const std::uint8_t v = r.u8();
  if (v != format_version)
    throw input_error(errid::out_of_range, std::string(path),
                      "partial-state format " + std::to_string(v) + " is not the " + std::to_string(format_version) +
                          " this fleetcast reads; re-run the shard with this version");
  partial_header h;
  h.kind = r.str();
  h.fleetcast_version = r.str();
  h.run_hash = r.u64();
  h.scenario_json = r.str();
  h.scenario_source = r.str();
  h.catalog_json = r.str();
  h.seed = r.u64();
  h.scenarios = r.u64();
  h.block_size = r.u64();
  h.baseline = r.u64();
  h.exact_quantiles = r.u8() != 0;
  h.demand_only = r.u8() != 0;
  h.shard_index = r.u64();
  h.shard_count = r.u64();
  if (h.kind != "shard" && h.kind != "checkpoint")
    throw input_error(errid::malformed_json, std::string(path), "\"" + h.kind + "\" is not a partial-state kind");
  return h;
}

std::string_view body_of(std::string_view bytes, std::string_view path) {
  if (bytes.substr(0, magic.size()) != magic)
    throw input_error(errid::malformed_json, std::string(path),
                      "not a fleetcast partial-state file (it does not start with \"FLEETCAST-PARTIAL 1\")");
  return bytes.substr(magic.size());
}

}  // namespace

std::uint64_t run_hash(std::string_view scenario_json, std::string_view catalog_json) {
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&](std::string_view s) {
    for (const char c : s) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ull;
    }
  };
  mix(scenario_json);
  mix(std::string_view("\0", 1));
  mix(catalog_json.empty() ? std::string("built-in ") + FLEETCAST_VERSION_STRING : std::string(catalog_json));
  return h;
}

std::string write_partial(const partial_file& p) {
  mc::byte_writer w;
  write_header(w, p.header);
  w.u64(p.blocks.size());
  for (const auto& [index, acc] : p.blocks) {
    w.u64(index);
    mc::save(w, acc);
  }
  return std::string(magic) + w.take();
}

partial_header read_partial_header(std::string_view bytes, std::string_view path) {
  mc::byte_reader r(body_of(bytes, path), std::string(path));
  return read_header(r, path);
}

partial_file read_partial(std::string_view bytes, std::string_view path, const sim::scenario& s) {
  mc::byte_reader r(body_of(bytes, path), std::string(path));
  partial_file p;
  p.header = read_header(r, path);
  const std::size_t n = r.count(9, "blocks");
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t index = r.u64();
    mc::scenario_accumulator acc(s, p.header.exact_quantiles, p.header.baseline);
    mc::load(r, acc);
    bool same = acc.options().size() == s.options.size();
    for (std::size_t o = 0; same && o < s.options.size(); ++o) same = acc.options()[o].name == s.options[o].name;
    if (!same) throw input_error(errid::malformed_json, std::string(path), "block " + std::to_string(index) + " holds other options than its scenario");
    p.blocks.emplace_back(index, std::move(acc));
  }
  if (!r.at_end())
    throw input_error(errid::malformed_json, std::string(path), "unexpected bytes after the last block");
  return p;
}

mc::run_config partial_run_config(const partial_header& h) {
  mc::run_config c;
  c.scenarios = h.scenarios;
  c.seed = h.seed;
  c.block_size = h.block_size;
  c.exact_quantiles = h.exact_quantiles;
  c.baseline = h.baseline;
  c.mode = h.demand_only ? mc::run_config::profile::demand_only : mc::run_config::profile::full;
  return c;
}

}  // namespace fleetcast
