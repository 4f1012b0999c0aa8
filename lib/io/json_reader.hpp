#pragma once
// Private to lib/: walks a parsed nlohmann::json value while keeping its JSON pointer, so every
// error names the exact place and value. Used by every JSON reader (catalog, quote, …).

#include <array>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fleetcast/core/error.hpp"
#include "fleetcast/core/limits.hpp"
#include "fleetcast/core/units.hpp"

namespace fleetcast::detail {

using json = nlohmann::json;

/// The error ids and exception type of one input family (user input, catalog), and the
/// limits a read is checked against (null: the defaults). A reader makes a copy with its
/// caller's limits (`with_limits`) and hands it to `parse_json` and its root `node`.
struct error_family {
  error_id malformed, type, missing, value, not_whole, unknown, bad_enum, duplicate;
  bool catalog;  ///< throw pricing_error instead of input_error
  const input_limits* limits = nullptr;

  [[nodiscard]] const input_limits& in_force() const noexcept {
    static const input_limits defaults;
    return limits ? *limits : defaults;
  }
};

/// `f` checked against `l` (which must outlive every use of the copy).
[[nodiscard]] inline error_family with_limits(const error_family& f, const input_limits& l) noexcept {
  error_family g = f;
  g.limits = &l;
  return g;
}
inline constexpr error_family input_errors{errid::malformed_json, errid::wrong_type,
                                           errid::missing_field,  errid::out_of_range,
                                           errid::not_whole,      errid::unknown_field,
                                           errid::bad_enum,       errid::duplicate, false};
inline constexpr error_family catalog_errors{errid::catalog_malformed, errid::catalog_type,
                                             errid::catalog_missing,   errid::catalog_value,
                                             errid::catalog_value,     errid::catalog_unknown,
                                             errid::catalog_unknown,   errid::catalog_duplicate,
                                             true};

[[noreturn]] inline void fail(const error_family& f, error_id id, std::string_view place,
                              std::string_view message) {
  if (f.catalog) throw pricing_error(id, place, message);
  throw input_error(id, place, message);
}

/// A short, bounded rendering of a JSON value for error messages.
inline std::string show(const json& v) {
  std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

/// A string from the input as messages show it: at most 60 bytes.
inline std::string clip(std::string_view s) {
  return s.size() > 60 ? std::string(s.substr(0, 57)) + "..." : std::string(s);
}

inline std::string type_name(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::discarded: return "invalid";
    default: return "a number";
  }
}

/// Parses text as JSON; an empty text or a syntax error is reported with the line and column.
/// Checks `check_json_limits` first, so nothing deeper or longer than the limits is parsed.
json parse_json(std::string_view text, std::string_view source, const error_family& f);

/// One pass over `text` (skipping strings and their escapes) before any parser allocates:
/// nesting deeper than `f.in_force().depth` or a string longer than its `string_bytes` is
/// input.13 (thrown as `f`'s exception type) at `source:line:column` of the bracket that goes
/// too deep or of the string's opening quote. Malformed JSON is left to the parser.
/// O(n) time, O(1) memory.
void check_json_limits(std::string_view text, std::string_view source, const error_family& f);

/// A JSON value and where it is.
class node {
 public:
  node(const json& v, std::string path, const error_family& f) : v_(&v), path_(std::move(path)), f_(&f) {}

  [[nodiscard]] const json& value() const noexcept { return *v_; }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  [[nodiscard]] const error_family& family() const noexcept { return *f_; }
  /// The limits of the read this value belongs to.
  [[nodiscard]] const input_limits& limits() const noexcept { return f_->in_force(); }
  [[nodiscard]] std::string where() const { return path_.empty() ? std::string("/") : path_; }

  [[noreturn]] void fail(error_id id, std::string_view message) const {
    detail::fail(*f_, id, where(), message);
  }

  /// Requires an object whose keys are all in `allowed` (keys starting with '$' are ignored,
  /// which leaves room for "$schema" and "$comment").
  const node& expect_object(std::initializer_list<std::string_view> allowed) const {
    if (!v_->is_object()) fail(f_->type, show(*v_) + " is " + type_name(*v_) + "; expected an object");
    for (const auto& [k, _] : v_->items()) {
      if (!k.empty() && k[0] == '$') continue;
      bool ok = false;
      for (auto a : allowed) ok = ok || a == k;
      if (!ok) {
        std::string list;
        for (auto a : allowed) {
          if (!list.empty()) list += ", ";
          list += a;
        }
        detail::fail(*f_, f_->unknown, path_ + "/" + escape(clip(k)),
                     "unknown field \"" + clip(k) + "\"; expected one of: " + list);
      }
    }
    return *this;
  }

  [[nodiscard]] bool has(std::string_view key) const { return v_->is_object() && v_->contains(key); }

  [[nodiscard]] node at(std::string_view key) const {
    if (!has(key)) fail(f_->missing, "missing required field \"" + std::string(key) + "\"");
    return node(v_->at(std::string(key)), path_ + "/" + escape(key), *f_);
  }
  [[nodiscard]] std::optional<node> find(std::string_view key) const {
    if (!has(key)) return std::nullopt;
    return node(v_->at(std::string(key)), path_ + "/" + escape(key), *f_);
  }
  [[nodiscard]] node operator[](std::size_t i) const {
    return node((*v_)[i], path_ + "/" + std::to_string(i), *f_);
  }
  /// Requires an array; returns its size.
  std::size_t array_size(bool allow_empty = true) const {
    if (!v_->is_array()) fail(f_->type, show(*v_) + " is " + type_name(*v_) + "; expected an array");
    if (!allow_empty && v_->empty()) fail(f_->value, "the array is empty");
    return v_->size();
  }
  /// Fails with input.13 when `n` (an element count read here) is above limit `l`; `what` is
  /// the counted thing ("services").
  void check_count(limit l, std::uint64_t n, std::string_view what) const {
    if (n > limit_value(limits(), l))
      fail(errid::limit_exceeded,
           limit_message(limits(), l, std::to_string(n) + " " + std::string(what) + " exceed"));
  }

  /// A finite number in [lo, hi].
  [[nodiscard]] double number(double lo, double hi) const {
    if (!v_->is_number()) fail(f_->type, show(*v_) + " is " + type_name(*v_) + "; expected a number");
    const double d = v_->get<double>();
    if (!std::isfinite(d) || d < lo || d > hi)
      fail(f_->value, show(*v_) + " is outside " + num(lo) + ".." + num(hi));
    return d;
  }
  /// A whole number in [lo, hi] (1024 and 1024.0 are both accepted, 2.5 is not).
  [[nodiscard]] std::int64_t integer(std::int64_t lo, std::int64_t hi) const {
    if (!v_->is_number()) fail(f_->type, show(*v_) + " is " + type_name(*v_) + "; expected a whole number");
    if (v_->is_number_float()) {
      const double d = v_->get<double>();
      if (!std::isfinite(d) || d < double(lo) || d > double(hi))
        fail(f_->value, show(*v_) + " is outside " + std::to_string(lo) + ".." + std::to_string(hi));
      if (d != std::floor(d)) fail(f_->not_whole, show(*v_) + " is not a whole number");
      return static_cast<std::int64_t>(d);
    }
    if (v_->is_number_unsigned() && v_->get<std::uint64_t>() > std::uint64_t(INT64_MAX))
      fail(f_->value, show(*v_) + " is outside " + std::to_string(lo) + ".." + std::to_string(hi));
    const auto i = v_->get<std::int64_t>();
    if (i < lo || i > hi)
      fail(f_->value, show(*v_) + " is outside " + std::to_string(lo) + ".." + std::to_string(hi));
    return i;
  }
  [[nodiscard]] const std::string& string() const {
    if (!v_->is_string()) fail(f_->type, show(*v_) + " is " + type_name(*v_) + "; expected a string");
    return v_->get_ref<const std::string&>();
  }
  [[nodiscard]] bool boolean() const {
    if (!v_->is_boolean()) fail(f_->type, show(*v_) + " is " + type_name(*v_) + "; expected true or false");
    return v_->get<bool>();
  }
  template <class E>
  [[nodiscard]] E enumeration(std::string_view allowed) const {
    const auto& s = string();
    auto e = parse_enum<E>(s);
    if (!e) fail(f_->bad_enum, "\"" + clip(s) + "\" is not one of " + std::string(allowed));
    return *e;
  }

  /// One of `all` by its `to_string` name; a bad_enum error lists them.
  template <class E, std::size_t N>
  [[nodiscard]] E enumeration_among(const std::array<E, N>& all) const {
    const auto& s = string();
    auto e = parse_among(s, all);
    if (!e) fail(f_->bad_enum, "\"" + clip(s) + "\" is not one of " + names_of(all));
    return *e;
  }

  static std::string num(double d) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", d);
    return buf;
  }
  /// JSON pointer escaping (RFC 6901).
  static std::string escape(std::string_view k) {
    std::string s;
    for (char c : k) {
      if (c == '~') s += "~0";
      else if (c == '/') s += "~1";
      else s += c;
    }
    return s;
  }

 private:
  const json* v_;
  std::string path_;
  const error_family* f_;
};

}  // namespace fleetcast::detail
