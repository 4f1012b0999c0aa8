#include "fleetcast/packing/instances.hpp"

#include <charconv>
#include <filesystem>
#include <map>
#include <unordered_map>

#include "fleetcast/io/files.hpp"

namespace fleetcast::packing {
namespace {

/// A token as it may appear in a message: at most 24 characters, non-printables as `\xNN`.
std::string shown(std::string_view tok) {
  std::string s = "\"";
  for (std::size_t i = 0; i < tok.size() && i < 24; ++i) {
    const auto c = static_cast<unsigned char>(tok[i]);
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      s += char(c);
    } else {
      constexpr char hex[] = "0123456789abcdef";
      s += "\\x";
      s += hex[c >> 4];
      s += hex[c & 15];
    }
  }
  if (tok.size() > 24) s += "...";
  return s + "\"";
}

enum class parsed { ok, not_integer, too_large };

/// A decimal integer with an optional '-' (so negatives are reported as out of range, not as
/// garbage), nothing else.
parsed parse_integer(std::string_view tok, std::int64_t& v) {
  if (tok.empty()) return parsed::not_integer;
  const char* first = tok.data();
  const char* last = tok.data() + tok.size();
  if (*first == '-' && (tok.size() == 1 || tok[1] < '0' || tok[1] > '9'))
    return parsed::not_integer;
  const auto [ptr, ec] = std::from_chars(first, last, v);
  if (ec == std::errc::result_out_of_range) {
    for (const char* p = first + (*first == '-'); p != last; ++p)
      if (*p < '0' || *p > '9') return parsed::not_integer;
    return parsed::too_large;
  }
  if (ec != std::errc() || ptr != last) return parsed::not_integer;
  return parsed::ok;
}

/// Whitespace-separated integers with the line each one is on (lines end at '\n'; '\r' is
/// whitespace like any other).
class integer_reader {
 public:
  integer_reader(std::string_view text, std::string_view source) : text_(text), source_(source) {}

  [[nodiscard]] std::string place() const {
    return std::string(source_) + ":" + std::to_string(line_);
  }

  /// True if only whitespace is left (advances past it).
  bool at_end() {
    skip_space();
    return pos_ == text_.size();
  }

  /// The next integer, in [lo, hi]. `what` names it in errors.
  std::int64_t next(std::string_view what, std::int64_t lo, std::int64_t hi) {
    const std::string_view tok = token(what);
    std::int64_t v = 0;
    switch (parse_integer(tok, v)) {
      case parsed::not_integer:
        throw input_error(errid::malformed_json, place(),
                          std::string(what) + ": " + shown(tok) + " is not a whole number");
      case parsed::too_large:
        throw input_error(
            errid::out_of_range, place(),
            std::string(what) + ": " + shown(tok) + " is too large; at most " + std::to_string(hi));
      case parsed::ok:
        break;
    }
    if (v < lo || v > hi)
      throw input_error(errid::out_of_range, place(),
                        std::string(what) + ": " + std::to_string(v) + " is outside [" +
                            std::to_string(lo) + ", " + std::to_string(hi) + "]");
    return v;
  }

  /// Throws input.1 if anything but whitespace follows.
  void expect_end(std::string_view after) {
    if (at_end()) return;
    const std::size_t start = pos_;
    while (pos_ < text_.size() && !is_space(text_[pos_])) ++pos_;
    throw input_error(errid::malformed_json, place(),
                      "unexpected value " + shown(text_.substr(start, pos_ - start)) + " after " +
                          std::string(after));
  }

 private:
  static bool is_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
  }
  void skip_space() {
    while (pos_ < text_.size() && is_space(text_[pos_])) {
      if (text_[pos_] == '\n') ++line_;
      ++pos_;
    }
  }
  std::string_view token(std::string_view what) {
    skip_space();
    if (pos_ == text_.size())
      throw input_error(errid::malformed_json,
                        std::string(source_) + ":" + std::to_string(last_line_),
                        "the file ends after " + std::to_string(count_) + " values; expected " +
                            std::string(what));
    const std::size_t start = pos_;
    while (pos_ < text_.size() && !is_space(text_[pos_])) ++pos_;
    ++count_;
    last_line_ = line_;
    return text_.substr(start, pos_ - start);
  }

  std::string_view text_;
  std::string_view source_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::size_t last_line_ = 1;  // of the last token: where a missing value was expected
  std::size_t count_ = 0;
};

void require_content(integer_reader& in, std::string_view source) {
  if (in.at_end())
    throw input_error(errid::empty_input, std::string(source) + ":1", "the file holds no values");
}

}  // namespace

instance parse_bpp(std::string_view text, std::string_view source, std::string name) {
  integer_reader in(text, source);
  require_content(in, source);
  instance inst;
  inst.name = std::move(name);
  inst.dims = 1;
  const std::int64_t n = in.next("number of items n", 1, max_instance_items);
  const std::int64_t c = in.next("capacity C", 1, max_instance_size);
  inst.capacity = {c};
  std::unordered_map<std::int64_t, std::size_t> shape_of;  // weight -> shape index
  for (std::int64_t j = 0; j < n; ++j) {
    const std::int64_t w = in.next("item weight", 1, c);
    const auto [it, fresh] = shape_of.try_emplace(w, inst.sizes.size());
    if (fresh) {
      inst.sizes.push_back({w});
      inst.counts.push_back(1);
    } else {
      ++inst.counts[it->second];
    }
  }
  in.expect_end("the last of the " + std::to_string(n) + " items");
  return inst;
}

instance parse_vbp(std::string_view text, std::string_view source, std::string name) {
  integer_reader in(text, source);
  require_content(in, source);
  instance inst;
  inst.name = std::move(name);
  inst.dims = std::size_t(in.next("number of dimensions d", 1, std::int64_t(max_instance_dims)));
  inst.capacity.resize(inst.dims);
  for (auto& c : inst.capacity) c = in.next("bin capacity", 1, max_instance_size);
  const std::int64_t m = in.next("number of item types m", 1, max_instance_items);
  std::int64_t total = 0;
  for (std::int64_t i = 0; i < m; ++i) {
    std::vector<std::int64_t> w(inst.dims);
    for (std::size_t k = 0; k < inst.dims; ++k) w[k] = in.next("item size", 0, inst.capacity[k]);
    const std::int64_t q = in.next("multiplicity q", 1, max_instance_items);
    if (q > max_instance_items - total)
      throw input_error(errid::out_of_range, in.place(),
                        "the items add up to more than " + std::to_string(max_instance_items));
    total += q;
    inst.sizes.push_back(std::move(w));
    inst.counts.push_back(q);
  }
  in.expect_end("the last of the " + std::to_string(m) + " item types");
  return inst;
}

instance read_instance(const std::string& path) {
  const std::filesystem::path p(path);
  const std::string ext = p.extension().string();
  if (ext != ".txt" && ext != ".vbp")
    throw input_error(errid::bad_enum, path,
                      "extension " + shown(ext) + " is not one of .txt (BPP), .vbp (VBP)");
  const std::string text = read_text_file(path);
  return ext == ".txt" ? parse_bpp(text, path, p.stem().string())
                       : parse_vbp(text, path, p.stem().string());
}

std::vector<optimum_row> parse_optima_csv(std::string_view text, std::string_view source) {
  std::vector<optimum_row> rows;
  std::size_t line_no = 0, pos = 0;
  auto place = [&] { return std::string(source) + ":" + std::to_string(line_no); };
  auto next_line = [&](std::string_view& line) {
    if (pos >= text.size()) return false;
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = end + 1;
    ++line_no;
    return true;
  };
  auto split = [](std::string_view line, char sep) {
    std::vector<std::string_view> f;
    std::size_t start = 0;
    while (true) {
      const std::size_t at = line.find(sep, start);
      f.push_back(
          line.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
      if (at == std::string_view::npos) break;
      start = at + 1;
    }
    return f;
  };

  std::string_view line;
  bool have_header = false;
  while (!have_header && next_line(line))
    have_header = line.find_first_not_of(" \t") != std::string_view::npos;
  if (!have_header)
    throw input_error(errid::empty_input, std::string(source) + ":1", "the file holds no header");
  const auto header = split(line, ',');
  constexpr std::string_view names[] = {"family", "instance", "capacity", "dims",
                                        "items",  "optimum",  "source",   "lb",
                                        "ub",     "file",     "ffd_1d"};
  std::map<std::string_view, std::size_t> column;
  for (std::size_t i = 0; i < header.size(); ++i) column.try_emplace(header[i], i);
  for (auto n : names)
    if (!column.contains(n))
      throw input_error(errid::missing_field, place(),
                        "the header has no column \"" + std::string(n) + "\"");

  while (next_line(line)) {
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    const auto f = split(line, ',');
    if (f.size() != header.size())
      throw input_error(errid::malformed_json, place(),
                        std::to_string(f.size()) + " fields where the header has " +
                            std::to_string(header.size()));
    auto field = [&](std::string_view col) { return f[column.at(col)]; };
    auto integer = [&](std::string_view col, std::string_view tok, std::int64_t lo,
                       std::int64_t hi) {
      std::int64_t v = 0;
      switch (parse_integer(tok, v)) {
        case parsed::not_integer:
          throw input_error(errid::malformed_json, place(),
                            std::string(col) + ": " + shown(tok) + " is not a whole number");
        case parsed::too_large:
          throw input_error(errid::out_of_range, place(),
                            std::string(col) + ": " + shown(tok) + " is too large");
        case parsed::ok:
          break;
      }
      if (v < lo || v > hi)
        throw input_error(errid::out_of_range, place(),
                          std::string(col) + ": " + std::to_string(v) + " is outside [" +
                              std::to_string(lo) + ", " + std::to_string(hi) + "]");
      return v;
    };
    auto optional_integer = [&](std::string_view col, std::int64_t lo,
                                std::int64_t hi) -> std::optional<std::int64_t> {
      if (field(col).empty()) return std::nullopt;
      return integer(col, field(col), lo, hi);
    };
    optimum_row r;
    r.family = std::string(field("family"));
    r.instance = std::string(field("instance"));
    r.file = std::string(field("file"));
    r.source = std::string(field("source"));
    if (r.family.empty() || r.instance.empty() || r.file.empty())
      throw input_error(errid::missing_field, place(),
                        "family, instance and file must not be empty");
    r.dims = std::size_t(integer("dims", field("dims"), 1, std::int64_t(max_instance_dims)));
    for (auto c : split(field("capacity"), ';'))
      r.capacity.push_back(integer("capacity", c, 1, max_instance_size));
    if (r.capacity.size() != r.dims)
      throw input_error(errid::out_of_range, place(),
                        "capacity has " + std::to_string(r.capacity.size()) +
                            " values but dims is " + std::to_string(r.dims));
    r.items = integer("items", field("items"), 1, max_instance_items);
    r.optimum = optional_integer("optimum", 1, max_instance_items);
    r.lb = integer("lb", field("lb"), 0, max_instance_items);
    r.ub = integer("ub", field("ub"), 0, max_instance_items);
    r.ffd_1d = optional_integer("ffd_1d", 1, max_instance_items);
    rows.push_back(std::move(r));
  }
  return rows;
}

std::vector<optimum_row> read_optima_csv(const std::string& path) {
  return parse_optima_csv(read_text_file(path), path);
}

}  // namespace fleetcast::packing
