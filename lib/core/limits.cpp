#include "fleetcast/core/limits.hpp"

#include <charconv>
#include <cmath>
#include <iterator>

namespace fleetcast {
namespace {

/// Each limit's `--limit` name and field, in the order of `limit`.
struct limit_entry {
  std::string_view name;
  std::uint64_t input_limits::*field;
};
constexpr limit_entry table[] = {
    {"file-bytes", &input_limits::file_bytes},     {"depth", &input_limits::depth},
    {"string-bytes", &input_limits::string_bytes}, {"services", &input_limits::services},
    {"options", &input_limits::options},           {"instance-types", &input_limits::instance_types},
    {"fleet-lines", &input_limits::fleet_lines},   {"pack-shapes", &input_limits::pack_shapes},
    {"ledger-hours", &input_limits::ledger_hours}, {"work", &input_limits::work},
    {"path-work", &input_limits::path_work}};
static_assert(std::size(table) == all_limits.size());

[[noreturn]] void bad_spec(std::string_view spec, const std::string& why) {
  throw input_error(errid::usage, "--limit", "\"" + std::string(spec) + "\": " + why);
}

}  // namespace

std::string_view limit_name(limit l) noexcept {
  return table[static_cast<std::size_t>(l)].name;
}

std::uint64_t& limit_value(input_limits& v, limit l) noexcept {
  return v.*table[static_cast<std::size_t>(l)].field;
}
std::uint64_t limit_value(const input_limits& v, limit l) noexcept {
  return v.*table[static_cast<std::size_t>(l)].field;
}

std::string limit_message(const input_limits& in_force, limit l, std::string_view what) {
  return std::string(what) + " the limit of " + std::to_string(limit_value(in_force, l)) +
         " (raise it with --limit " + std::string(limit_name(l)) + "=N)";
}

void throw_limit(const input_limits& in_force, limit l, std::string_view place, std::string_view what) {
  throw input_error(errid::limit_exceeded, place, limit_message(in_force, l, what));
}

void apply_limit(input_limits& v, std::string_view spec) {
  const auto eq = spec.find('=');
  if (eq == std::string_view::npos) bad_spec(spec, "expected NAME=N, e.g. depth=128");
  const std::string_view name = spec.substr(0, eq), value = spec.substr(eq + 1);
  const limit* which = nullptr;
  for (const limit& l : all_limits)
    if (limit_name(l) == name) which = &l;
  if (which == nullptr) {
    std::string known;
    for (limit l : all_limits) known += (known.empty() ? "" : ", ") + std::string(limit_name(l));
    bad_spec(spec, "unknown limit \"" + std::string(name) + "\"; the limits are " + known);
  }
  // A whole number >= 1, plain or in exponent form (1e12); at most 2^63 so that every
  // product a reader forms with it stays exact enough in double.
  double d = 0;
  const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), d);
  if (value.empty() || ec != std::errc() || ptr != value.data() + value.size() ||
      !std::isfinite(d) || d != std::floor(d) || d < 1 || d > 9.2e18)
    bad_spec(spec, "the value is not a whole number from 1 to 9.2e18");
  std::uint64_t n = static_cast<std::uint64_t>(d);
  // Plain integers above 2^53 would lose their last digits through double: read them exactly.
  if (value.find_first_not_of("0123456789") == std::string_view::npos)
    std::from_chars(value.data(), value.data() + value.size(), n);
  limit_value(v, *which) = n;
}

}  // namespace fleetcast
