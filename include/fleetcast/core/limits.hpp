#pragma once
/// @file
/// Limits that stop an input from exhausting memory or time: file size, JSON nesting, string
/// length, element counts and simulation work. Each is checked before the reader allocates
/// for what it bounds; exceeding one is `[fleetcast.input.13]` naming the place, the limit and
/// how to raise it:
/// `[fleetcast.input.13] scenario.json:3:17: nesting depth exceeds the limit of 64 (raise it
/// with --limit depth=N)`.
///
/// The limits are process-wide: `set_limits` them before reading (the driver does so from
/// `--limit NAME=N`). Readers take `limits()` when they start, so changing them while another
/// thread reads is a data race — set them once, up front.

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
  std::uint64_t fleet_lines = 100'000;     ///< a quote's fargate + ec2 + eks_clusters entries
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

/// The limits in force (the defaults until `set_limits`).
[[nodiscard]] const input_limits& limits() noexcept;
/// Replaces the limits in force. Call it before reading; not synchronised with readers
/// running on other threads.
void set_limits(const input_limits& l) noexcept;

namespace detail {
/// While one lives, `limits()` on this thread gives the defaults: for fleetcast's own built-in
/// data (the embedded catalog), which a lowered `--limit` must not refuse.
class default_limits_scope {
 public:
  default_limits_scope() noexcept;
  ~default_limits_scope();
  default_limits_scope(const default_limits_scope&) = delete;
  default_limits_scope& operator=(const default_limits_scope&) = delete;
};
}  // namespace detail

/// `"<what> the limit of N (raise it with --limit NAME=N)"`, N the limit in force; `what`
/// carries its verb: "nesting depth exceeds", "12000 services exceed".
[[nodiscard]] std::string limit_message(limit l, std::string_view what);
/// Throws `input_error` (input.13) at `place` with `limit_message(l, what)`.
[[noreturn]] void throw_limit(limit l, std::string_view place, std::string_view what);
/// Throws as `throw_limit` when `value` is above the limit in force; `what` is the counted
/// thing ("services" → "12000 services exceed the limit of …"). For readers of other formats
/// (YAML, CSV) as much as for the JSON readers.
inline void check_limit(limit l, std::uint64_t value, std::string_view place,
                        std::string_view what) {
  if (value > limit_value(limits(), l))
    throw_limit(l, place, std::to_string(value) + " " + std::string(what) + " exceed");
}

/// Applies one `NAME=N` (as `--limit` takes it) to `v`; N is a whole number >= 1, written
/// plainly or as 1e12. Throws `input_error` (usage.1) naming `--limit` for an unknown name or a
/// bad value.
void apply_limit(input_limits& v, std::string_view spec);

}  // namespace fleetcast
