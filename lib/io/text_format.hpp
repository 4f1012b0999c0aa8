#pragma once
// Private to lib/: number and CSV formatting shared by the writers.

#include <charconv>
#include <string>

namespace fleetcast::detail {

/// The shortest text that reads back as the same double (0.0404784, not 0.040478399999999998).
inline std::string shortest_number(double v) {
  char buf[40];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

/// An RFC 4180 field: quoted (inner quotes doubled) only when it must be.
inline std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + '"';
}

}  // namespace fleetcast::detail
