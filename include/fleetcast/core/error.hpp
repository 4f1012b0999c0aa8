#pragma once
/// @file
/// The one error hierarchy of fleetcast. Every message starts with a stable id, then the place
/// (a JSON pointer, a file, a command-line option) and the offending value:
/// `[fleetcast.input.5] /fargate/0/count: -3 is negative; a count is a whole number >= 0`.
/// "Does not fit" and "infeasible" are statuses in results, never exceptions.

#include <compare>
#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace fleetcast {

/// A stable error identifier: `[fleetcast.<domain>.<number>]`. Numbers are never reused.
/// A value type: compare it with `==` (`e.code() == errid::duplicate`), order it, and use it
/// as a key of `std::map` or `std::unordered_map` (`std::hash<error_id>` below). Two ids are
/// equal when domain and number are; the domain is compared as text, not by address.
struct error_id {
  std::string_view domain;  ///< "input", "catalog", "io", "usage"
  int number;

  /// `fleetcast.<domain>.<number>`, without brackets (as `error::id()` returns it).
  [[nodiscard]] std::string to_string() const {
    return "fleetcast." + std::string(domain) + "." + std::to_string(number);
  }
  friend constexpr bool operator==(const error_id&, const error_id&) noexcept = default;
  friend constexpr std::strong_ordering operator<=>(const error_id& a, const error_id& b) noexcept {
    if (const auto c = a.domain.compare(b.domain); c != 0) return c < 0 ? std::strong_ordering::less : std::strong_ordering::greater;
    return a.number <=> b.number;
  }
};

/// The ids fleetcast emits. The README lists them with their meaning.
namespace errid {
inline constexpr error_id malformed_json{"input", 1};     ///< not parseable JSON
inline constexpr error_id wrong_type{"input", 2};         ///< e.g. a string where a number belongs
inline constexpr error_id unknown_field{"input", 3};      ///< a key the format does not define
inline constexpr error_id missing_field{"input", 4};      ///< a required key is absent
inline constexpr error_id out_of_range{"input", 5};       ///< negative, zero, too large, non-finite
inline constexpr error_id not_whole{"input", 6};          ///< a count with a fractional part
inline constexpr error_id unknown_instance{"input", 7};   ///< instance type not in the catalog
inline constexpr error_id no_fargate_size{"input", 8};    ///< no valid Fargate CPU/memory pair holds it
inline constexpr error_id unsupported{"input", 9};        ///< e.g. Windows or Spot on EKS Fargate
inline constexpr error_id empty_input{"input", 10};       ///< an empty file
inline constexpr error_id bad_enum{"input", 11};          ///< a string outside the allowed set
inline constexpr error_id duplicate{"input", 12};         ///< a name given twice
inline constexpr error_id limit_exceeded{"input", 13};    ///< an input exceeds a resource limit (core/limits.hpp)

inline constexpr error_id catalog_malformed{"catalog", 1};  ///< catalog is not valid JSON
inline constexpr error_id catalog_type{"catalog", 2};       ///< wrong JSON type in the catalog
inline constexpr error_id catalog_missing{"catalog", 3};    ///< a required price or field is absent
inline constexpr error_id catalog_value{"catalog", 4};      ///< negative, zero or non-finite figure
inline constexpr error_id catalog_duplicate{"catalog", 5};  ///< e.g. an instance type listed twice
inline constexpr error_id catalog_unknown{"catalog", 6};    ///< unknown key or reference
inline constexpr error_id catalog_inconsistent{"catalog", 7};  ///< figures that contradict each other

inline constexpr error_id io_read{"io", 1};   ///< a file cannot be read
inline constexpr error_id io_write{"io", 2};  ///< an output file cannot be written

inline constexpr error_id usage{"usage", 1};  ///< bad command line
}  // namespace errid

/// Base of every fleetcast exception. `what()` is the whole one-line message.
class error : public std::runtime_error {
 public:
  error(error_id id, std::string_view place, std::string_view message)
      : std::runtime_error(format(id, place, message)),
        id_(id),
        place_(place),
        message_(message) {}

  /// The id as text, `fleetcast.<domain>.<number>` without brackets: `code().to_string()`.
  /// For logs and messages; to test which error it is, compare `code()` instead.
  [[nodiscard]] std::string id() const { return id_.to_string(); }
  /// The id as a value, to compare (`e.code() == errid::unknown_field`) or to use as a key.
  [[nodiscard]] error_id code() const noexcept { return id_; }
  /// Where the problem is: a JSON pointer such as `/fargate/0/cpu`, a file name, an option.
  [[nodiscard]] const std::string& place() const noexcept { return place_; }
  /// The message without id and place, to re-throw it with a more precise place.
  [[nodiscard]] const std::string& message() const noexcept { return message_; }

  static std::string format(error_id id, std::string_view place, std::string_view message) {
    std::string s = "[fleetcast.";
    s += id.domain;
    s += '.';
    s += std::to_string(id.number);
    s += "] ";
    if (!place.empty()) {
      append_one_line(s, place);
      s += ": ";
    }
    append_one_line(s, message);
    return s;
  }

  /// Appends `text` with control characters escaped (`\n`, `\r`, `\t`, `\xNN`), so a message
  /// that quotes a value from the input (a name with a newline) is still one line.
  static void append_one_line(std::string& s, std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    for (const char ch : text) {
      const auto c = static_cast<unsigned char>(ch);
      if (c >= 0x20 && c != 0x7f) {
        s += ch;
      } else if (c == '\n') {
        s += "\\n";
      } else if (c == '\r') {
        s += "\\r";
      } else if (c == '\t') {
        s += "\\t";
      } else {
        s += "\\x";
        s += hex[c >> 4];
        s += hex[c & 15];
      }
    }
  }

 private:
  error_id id_;
  std::string place_;
  std::string message_;
};

/// Bad user input: scenario, quote or fleet files, command-line values.
class input_error : public error {
  using error::error;
};
/// A malformed or inconsistent price catalog.
class pricing_error : public error {
  using error::error;
};
/// A file that cannot be read or written.
class io_error : public error {
  using error::error;
};

}  // namespace fleetcast

/// `error_id` as a key of unordered containers.
template <>
struct std::hash<fleetcast::error_id> {
  std::size_t operator()(const fleetcast::error_id& id) const noexcept {
    return std::hash<std::string_view>{}(id.domain) * 31u + std::hash<int>{}(id.number);
  }
};
