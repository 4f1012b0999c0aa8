#pragma once
// Private to lib/: the range and name checks every domain validator (sim::validate,
// billing::validate) states its rules with, so that one rule reads and fails the same way in
// every layer.

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <set>
#include <string>
#include <string_view>

#include "fleetcast/core/place.hpp"

namespace fleetcast::detail {

/// A number as messages show it (10 significant digits).
inline std::string shown(double d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", d);
  return buf;
}
inline std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

/// `v` in [lo, hi], or (lo, hi] with `open_lo`; finite.
inline void check_number(const place& p, double v, double lo, double hi, bool open_lo = false) {
  if (!std::isfinite(v)) p.fail(errid::out_of_range, shown(v) + " is not a finite number");
  if (open_lo ? !(v > lo) : v < lo)
    p.fail(errid::out_of_range, shown(v) + " must be " + (open_lo ? "above " : "at least ") + shown(lo));
  if (v > hi) p.fail(errid::out_of_range, shown(v) + " exceeds the maximum " + shown(hi));
}
/// A whole number in [lo, hi].
inline void check_count(const place& p, std::int64_t v, std::int64_t lo, std::int64_t hi) {
  if (v < lo) p.fail(errid::out_of_range, std::to_string(v) + " is below the minimum " + std::to_string(lo));
  if (v > hi) p.fail(errid::out_of_range, std::to_string(v) + " exceeds the maximum " + std::to_string(hi));
}
/// A name: non-empty, at most 200 bytes, and (with `seen`) not used before among `what`s.
inline void check_name(const place& p, const std::string& name, std::set<std::string, std::less<>>* seen,
                       std::string_view what) {
  if (name.empty()) p.fail(errid::out_of_range, "a name must not be empty");
  if (name.size() > 200) p.fail(errid::out_of_range, "a name is limited to 200 characters");
  if (seen != nullptr && !seen->insert(name).second)
    p.fail(errid::duplicate, std::string(what) + " name " + quoted(name) + " is used twice");
}

}  // namespace fleetcast::detail
