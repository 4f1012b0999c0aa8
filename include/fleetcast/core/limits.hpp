#pragma once
/// @file
/// Limits that stop an input from exhausting memory or time: file size, JSON nesting, string
/// length, element counts and simulation work. Each is checked before the reader allocates
/// for what it bounds; exceeding one is `[fleetcast.input.13]` naming the place, the limit and
/// how to raise it:
/// `[fleetcast.input.13] scenario.json:3:17: nesting depth exceeds the limit of 64 (raise it
/// with --limit depth=N)`.
///
/// There is no process-wide setting: every reader takes the limits as an argument (defaulted
/// to `input_limits{}`, the defaults), and a Monte Carlo run takes them in its configuration
/// (`mc::run_config::limits`). The driver builds one `input_limits` from `--limit NAME=N` and
/// passes it to everything it reads and runs; the built-in catalog is read under the defaults.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "fleetcast/core/error.hpp"

namespace fleetcast {

/// Resource limits on inputs. The defaults are far above every real input (the README's
/// "Limits" table gives the reasoning) and low enough that a hostile file is refused in
/// milliseconds instead of taking the machine's memory or a day of CPU.
struct input_limits {
  /// Bytes of one input file read whole (scenario, catalog, quote, ledger, trace, partial, …).
  /// Price-list offer files are streamed and not bounded by it.
  std::uint64_t file_bytes = std::uint64_t(64) << 20;
  /// Nesting of JSON arrays and objects (the top-level object is depth 1).
  std::uint64_t depth = 64;
  /// Bytes of one JSON string or key as written between its quotes (escapes count as
  /// written); in streamed offer files also one number or literal.
  std::uint64_t string_bytes = std::uint64_t(1) << 20;
  std::uint64_t services = 10'000;         ///< a scenario's `services`
  std::uint64_t options = 1'000;           ///< a scenario's `options`
  std::uint64_t instance_types = 10'000;   ///< a catalog's types; a pack request's types or bins
  std::uint64_t fleet_lines = 100'000;     ///< a quote's entries, all six arrays together
  std::uint64_t pack_shapes = 1'000'000;   ///< a pack request's `items` entries
  std::uint64_t ledger_hours = 1'000'000;  ///< a commitment ledger's `hours`
  /// A Monte Carlo run: steps × options × scenarios (with a CI target, its most scenarios).
  std::uint64_t work = 1'000'000'000'000;
  /// One path: steps × services × options.
  std::uint64_t path_work = 500'000'000;
};

/// One limit, to name it in messages and on the command line.
enum class limit : std::uint8_t {
  file_bytes,
  depth,
  string_bytes,
  services,
  options,
  instance_types,
  fleet_lines,
  pack_shapes,
  ledger_hours,
  work,
  path_work
};
inline constexpr std::array<limit, 11> all_limits = {
    limit::file_bytes,   limit::depth,          limit::string_bytes, limit::services,
    limit::options,      limit::instance_types, limit::fleet_lines,  limit::pack_shapes,
    limit::ledger_hours, limit::work,           limit::path_work};

/// The name `--limit` takes: "file-bytes", "depth", "string-bytes", "services", "options",
/// "instance-types", "fleet-lines", "pack-shapes", "ledger-hours", "work", "path-work".
[[nodiscard]] std::string_view limit_name(limit l) noexcept;
/// The field of `v` that holds `l`.
[[nodiscard]] std::uint64_t& limit_value(input_limits& v, limit l) noexcept;
[[nodiscard]] std::uint64_t limit_value(const input_limits& v, limit l) noexcept;

/// `"<what> the limit of N (raise it with --limit NAME=N)"`, N the value of `l` in `in_force`;
/// `what` carries its verb: "nesting depth exceeds", "12000 services exceed".
[[nodiscard]] std::string limit_message(const input_limits& in_force, limit l, std::string_view what);
/// Throws `input_error` (input.13) at `place` with `limit_message(in_force, l, what)`.
[[noreturn]] void throw_limit(const input_limits& in_force, limit l, std::string_view place, std::string_view what);
/// Throws as `throw_limit` when `value` is above limit `l` of `in_force`; `what` is the counted
/// thing ("services" → "12000 services exceed the limit of …"). For readers of other formats
/// (YAML, CSV) as much as for the JSON readers.
inline void check_limit(const input_limits& in_force, limit l, std::uint64_t value, std::string_view place,
                        std::string_view what) {
  if (value > limit_value(in_force, l))
    throw_limit(in_force, l, place, std::to_string(value) + " " + std::string(what) + " exceed");
}

/// Applies one `NAME=N` (as `--limit` takes it) to `v`; N is a whole number >= 1, written
/// plainly or as 1e12. Throws `input_error` (usage.1) naming `--limit` for an unknown name or a
/// bad value.
void apply_limit(input_limits& v, std::string_view spec);

}  // namespace fleetcast
