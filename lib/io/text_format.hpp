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

/// Wraps `text` at spaces so that no line (with `indent` before the continuation lines) is
/// wider than `width` characters.
inline std::string wrap(const std::string& text, std::size_t width, const std::string& first, const std::string& indent) {
  std::string out, line = first;
  std::size_t pos = 0;
  bool line_empty = true;
  while (pos < text.size()) {
    std::size_t end = text.find(' ', pos);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(pos, end - pos);
    pos = end + 1;
    if (word.empty()) continue;
    if (!line_empty && line.size() + 1 + word.size() > width) {
      out += line + "\n";
      line = indent;
      line_empty = true;
    }
    line += (line_empty ? "" : " ") + word;
    line_empty = false;
  }
  return out + line + "\n";
}

/// `s` padded with spaces to `width` characters, on the left (`right`-aligned) or the right.
inline std::string pad(std::string s, std::size_t width, bool right) {
  if (s.size() >= width) return s;
  return right ? std::string(width - s.size(), ' ') + s : s + std::string(width - s.size(), ' ');
}

}  // namespace fleetcast::detail
