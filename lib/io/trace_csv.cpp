#include "fleetcast/io/trace_csv.hpp"

#include <charconv>
#include <cmath>
#include <vector>

#include "fleetcast/core/error.hpp"

namespace fleetcast {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view line, char sep) {
  std::vector<std::string_view> f;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= line.size(); ++i)
    if (i == line.size() || line[i] == sep) {
      f.push_back(trim(line.substr(start, i - start)));
      start = i + 1;
    }
  return f;
}

}  // namespace

demand::trace parse_trace_csv(std::string_view text, std::string_view source, const trace_csv_options& o) {
  auto where = [&](std::size_t line) { return std::string(source) + ":" + std::to_string(line); };
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  while (!lines.empty() && trim(lines.back()).empty()) lines.pop_back();
  if (lines.empty()) throw input_error(errid::empty_input, std::string(source), "the trace is empty");
  const char sep = lines[0].find(';') != std::string_view::npos ? ';' : ',';
  const auto header = split(lines[0], sep);
  auto column = [&](const std::string& name) -> std::size_t {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return i;
    std::string have;
    for (auto h : header) have += (have.empty() ? "" : ", ") + std::string(h);
    throw input_error(errid::missing_field, where(1), "no column \"" + name + "\" (the header has: " + have + ")");
  };
  const std::size_t vc = column(o.value_column);
  const bool timed = !o.timestamp_column.empty();
  const std::size_t tc = timed ? column(o.timestamp_column) : 0;
  auto number = [&](std::string_view f, std::size_t line, const char* what) {
    double v = 0;
    const auto r = std::from_chars(f.data(), f.data() + f.size(), v);
    if (f.empty() || r.ec != std::errc() || r.ptr != f.data() + f.size())
      throw input_error(errid::malformed_json, where(line), std::string(what) + " \"" + std::string(f) + "\" is not a number");
    if (!std::isfinite(v)) throw input_error(errid::out_of_range, where(line), std::string(what) + " is not finite");
    return v;
  };
  demand::trace tr;
  tr.interval_s = o.interval_s;
  double first_t = 0, last_t = 0;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (trim(lines[i]).empty()) continue;
    const auto f = split(lines[i], sep);
    if (vc >= f.size() || (timed && tc >= f.size()))
      throw input_error(errid::malformed_json, where(i + 1), "the row has " + std::to_string(f.size()) + " fields");
    const double v = number(f[vc], i + 1, "value");
    if (v < 0) throw input_error(errid::out_of_range, where(i + 1), "value " + std::string(f[vc]) + " is negative");
    if (timed) {
      const double t = number(f[tc], i + 1, "timestamp");
      if (tr.values.size() == 1) {
        tr.interval_s = t - first_t;
        if (!(tr.interval_s > 0))
          throw input_error(errid::out_of_range, where(i + 1), "timestamps must increase");
      } else if (tr.values.size() > 1 && std::abs((t - last_t) - tr.interval_s) > 1e-6 * tr.interval_s) {
        throw input_error(errid::out_of_range, where(i + 1),
                          "gap or uneven spacing: timestamp " + std::string(f[tc]) + " follows " +
                              std::to_string(last_t) + ", expected every " + std::to_string(tr.interval_s) + " s");
      }
      if (tr.values.empty()) first_t = t;
      last_t = t;
    }
    tr.values.push_back(v * o.scale);
  }
  if (tr.values.empty()) throw input_error(errid::empty_input, where(2), "the trace has a header but no rows");
  if (o.scale_to_mean > 0) {
    double sum = 0;
    for (double v : tr.values) sum += v;
    if (!(sum > 0)) throw input_error(errid::out_of_range, std::string(source), "cannot scale an all-zero trace to a mean");
    const double k = o.scale_to_mean * double(tr.values.size()) / sum;
    for (double& v : tr.values) v *= k;
  }
  return tr;
}

}  // namespace fleetcast
