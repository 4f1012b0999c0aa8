// Kubernetes resource quantities, parsed exactly: the digits stay a decimal string and only
// the final, bounded result becomes an integer, so "0.1" CPU is exactly 100m and "1.5Gi" is
// exactly 1610612736 bytes — no binary floating point anywhere.

#include "fleetcast/io/k8s_quantity.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "fleetcast/core/error.hpp"

namespace fleetcast {
namespace {

/// The value, in the form the grammar gives it: ±digits × 10^exp10 × 1024^binary_power.
struct decimal_quantity {
  bool negative = false;
  std::string digits;      ///< significant digits: no leading or trailing zeros; empty: zero
  std::int64_t exp10 = 0;  ///< decimal exponent (fraction digits, e-exponent, decimal SI)
  int binary_power = 0;    ///< Ki = 1 … Ei = 6
};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

std::string in_quotes(std::string_view q) {
  std::string s = "\"";
  s += q.size() > 48 ? std::string(q.substr(0, 45)) + "..." : std::string(q);
  return s + '"';
}

constexpr std::string_view suffix_list = "Ki Mi Gi Ti Pi Ei n u m k M G T P E";

[[noreturn]] void invalid(std::string_view q, std::string_view place, std::string_view why) {
  throw input_error(errid::out_of_range, place,
                    in_quotes(q) + " is not a Kubernetes quantity (" + std::string(why) + ")");
}

/// Reads the grammar of the header's comment; the value itself is not looked at yet.
decimal_quantity read(std::string_view q, std::string_view place) {
  if (q.empty()) invalid(q, place, "it is empty; write a number such as 500m, 1.5 or 128Mi");
  if (q.find_first_of(" \t\r\n\f\v") != std::string_view::npos)
    invalid(q, place,
            "it contains white space; write the number and its suffix together: 500m, 128Mi");

  decimal_quantity d;
  std::size_t i = 0;
  if (q[i] == '+' || q[i] == '-') d.negative = q[i++] == '-';
  std::string all;  // integer and fraction digits together
  std::size_t fraction_digits = 0;
  while (i < q.size() && is_digit(q[i])) all += q[i++];
  if (i < q.size() && q[i] == '.') {
    ++i;
    while (i < q.size() && is_digit(q[i])) {
      all += q[i++];
      ++fraction_digits;
    }
  }
  if (all.empty())
    invalid(
        q, place,
        "it has no digits; a quantity starts with a number, optionally signed: 1, 0.5, .5, 250m");

  const std::string_view suffix = q.substr(i);
  std::int64_t exponent = 0;
  struct si {
    std::string_view text;
    int exp10, binary_power;
  };
  static constexpr si table[] = {{"", 0, 0},   {"Ki", 0, 1}, {"Mi", 0, 2}, {"Gi", 0, 3},
                                 {"Ti", 0, 4}, {"Pi", 0, 5}, {"Ei", 0, 6}, {"n", -9, 0},
                                 {"u", -6, 0}, {"m", -3, 0}, {"k", 3, 0},  {"M", 6, 0},
                                 {"G", 9, 0},  {"T", 12, 0}, {"P", 15, 0}, {"E", 18, 0}};
  const si* found = nullptr;
  for (const si& s : table)
    if (s.text == suffix) found = &s;
  if (found != nullptr) {
    exponent = found->exp10;
    d.binary_power = found->binary_power;
  } else if (suffix[0] == 'e' || suffix[0] == 'E') {
    // A decimal exponent ("E" alone and "Ei" are suffixes, found above).
    std::size_t j = 1;
    bool exponent_negative = false;
    if (j < suffix.size() && (suffix[j] == '+' || suffix[j] == '-'))
      exponent_negative = suffix[j++] == '-';
    if (j == suffix.size())
      invalid(q, place, "the exponent " + in_quotes(suffix) + " has no digits; write e.g. 129e6");
    for (; j < suffix.size(); ++j) {
      if (!is_digit(suffix[j]))
        invalid(q, place,
                "unknown suffix " + in_quotes(suffix) + "; a suffix is one of " +
                    std::string(suffix_list) + ", or an exponent such as e6, not both");
      // Saturate: anything this large is out of range below anyway.
      exponent = std::min<std::int64_t>(exponent * 10 + (suffix[j] - '0'), std::int64_t{1} << 40);
    }
    if (exponent_negative) exponent = -exponent;
  } else if (suffix[0] == '.') {
    invalid(q, place, "it has more than one decimal point");
  } else {
    invalid(q, place,
            "unknown suffix " + in_quotes(suffix) + "; a suffix is one of " +
                std::string(suffix_list) + " (case matters), or an exponent such as e6");
  }

  // Normalise: drop leading zeros, fold trailing zeros into the exponent.
  const std::size_t first = all.find_first_not_of('0');
  if (first == std::string::npos) return d;  // zero
  const std::size_t last = all.find_last_not_of('0');
  d.digits = all.substr(first, last - first + 1);
  const auto trailing_zeros = static_cast<std::int64_t>(all.size() - 1 - last);
  d.exp10 = exponent - static_cast<std::int64_t>(fraction_digits) + trailing_zeros;
  return d;
}

/// Multiplies a decimal digit string in place by a small factor.
void multiply(std::string& digits, unsigned factor) {
  unsigned carry = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    const unsigned t = static_cast<unsigned>(*it - '0') * factor + carry;
    *it = static_cast<char>('0' + t % 10);
    carry = t / 10;
  }
  std::string head;
  for (; carry > 0; carry /= 10) head.insert(head.begin(), static_cast<char>('0' + carry % 10));
  digits.insert(0, head);
}

/// ceil(value × 10^unit_exp10), in [0, limit]; `limit_text` says the limit in the message.
std::int64_t to_integer(std::string_view q, std::string_view place, int unit_exp10,
                        std::int64_t limit, std::string_view limit_text) {
  const decimal_quantity d = read(q, place);
  if (d.digits.empty()) return 0;  // "0", "-0", "0.000Gi"
  if (d.negative)
    throw input_error(
        errid::out_of_range, place,
        in_quotes(q) + " is negative; a resource request or limit cannot be negative");
  const auto too_large = [&]() -> std::int64_t {
    throw input_error(errid::out_of_range, place,
                      in_quotes(q) + " is too large: more than " + std::string(limit_text));
  };

  const std::int64_t exp10 = d.exp10 + unit_exp10;
  // The value lies in [10^(magnitude-1), 10^magnitude) × 1024^binary_power; settle the
  // extremes before writing any digits, so "1e999999" costs nothing.
  const std::int64_t magnitude = static_cast<std::int64_t>(d.digits.size()) + exp10;
  if (magnitude > 40) return too_large();  // ≥ 10^40, far above any limit
  if (magnitude < -40) return 1;           // < 10^-40 × 2^60 < 1: rounds up to 1

  std::string x = d.digits;
  for (int k = 0; k < d.binary_power; ++k) multiply(x, 1024);
  bool remainder = false;  // a non-zero digit below the unit: round up
  if (exp10 >= 0) {
    x.append(static_cast<std::size_t>(exp10), '0');
  } else {
    const auto drop = static_cast<std::size_t>(-exp10);
    if (drop >= x.size()) {
      remainder = true;  // x is non-zero
      x = "0";
    } else {
      remainder = x.find_first_not_of('0', x.size() - drop) != std::string::npos;
      x.resize(x.size() - drop);
    }
  }
  const std::size_t nz = std::min(x.find_first_not_of('0'), x.size());
  if (x.size() - nz > 19) return too_large();  // ≥ 10^19 > both limits; 19 digits fit uint64
  std::uint64_t v = 0;
  for (std::size_t k = nz; k < x.size(); ++k) v = v * 10 + static_cast<unsigned>(x[k] - '0');
  if (remainder) ++v;
  if (v > static_cast<std::uint64_t>(limit)) return too_large();
  return static_cast<std::int64_t>(v);
}

}  // namespace

std::int64_t parse_cpu_millicores(std::string_view quantity, std::string_view place) {
  return to_integer(quantity, place, 3, 1'000'000'000'000, "10^12 millicores (10^9 CPUs)");
}

std::int64_t parse_memory_bytes(std::string_view quantity, std::string_view place) {
  return to_integer(quantity, place, 0, std::int64_t{1} << 60, "2^60 bytes (1Ei)");
}

}  // namespace fleetcast
