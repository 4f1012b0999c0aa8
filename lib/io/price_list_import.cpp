#include "fleetcast/io/price_list_import.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <system_error>

#include <nlohmann/json.hpp>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "fleetcast/core/error.hpp"
#include "fleetcast/core/limits.hpp"
#include "fleetcast/io/catalog_json.hpp"
#include "fleetcast/pricing/catalog.hpp"

namespace fleetcast {
namespace detail {
std::string_view embedded_catalog_json() noexcept;  // generated from pricing/aws-us-east-1.json
}

namespace {

using sjson = nlohmann::json;          // SAX event types
using ojson = nlohmann::ordered_json;  // the catalog, edited in place with its key order kept
using name_set = std::set<std::string, std::less<>>;

// ---------------------------------------------------------------------------------------------
// What an offer can price: usage types (after the region prefix) → catalog figure keys.

struct usage_key {
  std::string_view usage;
  std::string_view key;
};
constexpr usage_key fargate_usages[] = {
    {"Fargate-vCPU-Hours:perCPU", "linux_x86_64:vcpu"},
    {"Fargate-GB-Hours", "linux_x86_64:memory_gb"},
    {"Fargate-ARM-vCPU-Hours:perCPU", "linux_arm64:vcpu"},
    {"Fargate-ARM-GB-Hours", "linux_arm64:memory_gb"},
    {"Fargate-Windows-vCPU-Hours:perCPU", "windows_x86_64:vcpu"},
    {"Fargate-Windows-GB-Hours", "windows_x86_64:memory_gb"},
    {"Fargate-Windows-OS-Hours:perCPU", "windows_x86_64:os_licence_vcpu"},
    {"Fargate-EphemeralStorage-GB-Hours", "ephemeral_storage_gb"},
};
constexpr usage_key eks_usages[] = {
    {"AmazonEKS-Hours:perCluster", "eks:standard"},
    {"AmazonEKS-Hours:extendedSupport", "eks:extended_support"},  // surcharge on top of standard
};

/// Older offer files have `location` but no `regionCode` [mem: names as AWS prints them].
constexpr std::pair<std::string_view, std::string_view> location_regions[] = {
    {"US East (N. Virginia)", "us-east-1"},
    {"US East (Ohio)", "us-east-2"},
    {"US West (N. California)", "us-west-1"},
    {"US West (Oregon)", "us-west-2"},
    {"Africa (Cape Town)", "af-south-1"},
    {"Asia Pacific (Hong Kong)", "ap-east-1"},
    {"Asia Pacific (Mumbai)", "ap-south-1"},
    {"Asia Pacific (Hyderabad)", "ap-south-2"},
    {"Asia Pacific (Tokyo)", "ap-northeast-1"},
    {"Asia Pacific (Seoul)", "ap-northeast-2"},
    {"Asia Pacific (Osaka)", "ap-northeast-3"},
    {"Asia Pacific (Osaka-Local)", "ap-northeast-3"},
    {"Asia Pacific (Singapore)", "ap-southeast-1"},
    {"Asia Pacific (Sydney)", "ap-southeast-2"},
    {"Asia Pacific (Jakarta)", "ap-southeast-3"},
    {"Asia Pacific (Melbourne)", "ap-southeast-4"},
    {"Canada (Central)", "ca-central-1"},
    {"Canada West (Calgary)", "ca-west-1"},
    {"EU (Frankfurt)", "eu-central-1"},
    {"EU (Zurich)", "eu-central-2"},
    {"EU (Ireland)", "eu-west-1"},
    {"EU (London)", "eu-west-2"},
    {"EU (Paris)", "eu-west-3"},
    {"EU (Milan)", "eu-south-1"},
    {"EU (Spain)", "eu-south-2"},
    {"EU (Stockholm)", "eu-north-1"},
    {"Israel (Tel Aviv)", "il-central-1"},
    {"Middle East (Bahrain)", "me-south-1"},
    {"Middle East (UAE)", "me-central-1"},
    {"South America (Sao Paulo)", "sa-east-1"},
    {"AWS GovCloud (US-East)", "us-gov-east-1"},
    {"AWS GovCloud (US-West)", "us-gov-west-1"},
};

/// The usage type without its region prefix ("USE1-", "EU-", …; EC2 in us-east-1 has none),
/// and whether it is Fargate Spot ("USE1-SpotUsage-Fargate-…").
struct usage_parts {
  std::string_view core;
  bool spot = false;
};
usage_parts split_usage(std::string_view u) {
  if (const auto dash = u.find('-'); dash != std::string_view::npos && dash > 0) {
    const auto head = u.substr(0, dash);
    if (std::all_of(head.begin(), head.end(),
                    [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }))
      u.remove_prefix(dash + 1);
  }
  usage_parts p;
  for (std::string_view s : {"SpotUsage-", "SpotUsage:"}) {
    if (u.substr(0, s.size()) == s) {
      u.remove_prefix(s.size());
      p.spot = true;
    }
  }
  p.core = u;
  return p;
}

// ---------------------------------------------------------------------------------------------
// Streaming one offer file.

enum attr : std::uint8_t {
  a_servicecode,
  a_regionCode,
  a_location,
  a_locationType,
  a_usagetype,
  a_operation,
  a_instanceType,
  a_operatingSystem,
  a_tenancy,
  a_preInstalledSw,
  a_capacitystatus,
  a_licenseModel,
  a_marketoption,
  n_attrs
};
constexpr std::string_view attr_names[n_attrs] = {
    "servicecode",    "regionCode",   "location",        "locationType", "usagetype",
    "operation",      "instanceType", "operatingSystem", "tenancy",      "preInstalledSw",
    "capacitystatus", "licenseModel", "marketoption"};

struct dimension {
  std::string rate_code, unit, begin, end, usd;
  bool usd_seen = false;
  bool usd_not_scalar = false;
};
struct term {
  std::string key;
  std::vector<dimension> dims;
};
/// A product the import may use: the figure it prices and its OnDemand terms.
struct kept_product {
  std::string key;  ///< "ec2:m5.large", "fargate:linux_x86_64:vcpu", …
  std::vector<term> terms;
};

struct offer_scan {
  std::string offer_code, version, publication_date;
  bool has_products = false, has_terms = false, has_on_demand = false;
  bool terms_before_products = false;
  std::size_t products_read = 0, products_in_region = 0;
  std::map<std::string, kept_product> kept;  // by SKU
  name_set skipped_types;
  name_set regions_seen;  // other regions, for the "no product for the region" message
};

/// A value from the file as messages show it: at most 60 bytes (a key or price in a hostile
/// file may be as long as the string limit).
std::string clip(std::string_view v) {
  return v.size() > 60 ? std::string(v.substr(0, 57)) + "..." : std::string(v);
}

bool supported_offer(std::string_view code) {
  return code == "AmazonEC2" || code == "AmazonECS" || code == "AmazonEKS";
}

constexpr std::array<bool, 256> byte_set(std::string_view bytes) {
  std::array<bool, 256> t{};
  for (char c : bytes) t[static_cast<unsigned char>(c)] = true;
  return t;
}
/// Bytes that end a run of the limit scan's byte loops: in a string a quote or backslash;
/// outside one a quote or bracket (whitespace, ',', ':', numbers and literals pass through).
/// Brackets only matter here as the end of a literal: the SAX handler counts the depth.
constexpr auto in_string_stops = byte_set("\"\\");
constexpr auto outside_stops = byte_set("\"[]{}");
/// What ends a number or literal: a stop, any byte up to ' ' (whitespace; other control bytes
/// are invalid there anyway), ',' and ':'.
constexpr std::array<bool, 256> literal_ends = [] {
  auto t = byte_set(",:\"[]{}");
  for (int c = 0; c <= 0x20; ++c) t[static_cast<std::size_t>(c)] = true;
  return t;
}();

#if defined(__SSE2__)
/// One bit per byte of a 64-byte block.
struct block_masks {
  std::uint64_t quote = 0, backslash = 0;
};
block_masks classify(const unsigned char* p) noexcept {
  block_masks m;
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
  for (int k = 0; k < 4; ++k) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    m.quote |=
        std::uint64_t(static_cast<std::uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote))))
        << (16 * k);
    m.backslash |=
        std::uint64_t(static_cast<std::uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, backslash))))
        << (16 * k);
  }
  return m;
}
/// Bit k: the parity of the bits 0…k of x.
constexpr std::uint64_t prefix_xor(std::uint64_t x) noexcept {
  for (int s = 1; s < 64; s *= 2) x ^= x << s;
  return x;
}
#endif

/// A file read in 1 MiB chunks, fed to nlohmann through an input iterator: about twice as
/// fast as its std::istream adapter, and it knows the byte offset for messages.
///
/// Each chunk is scanned for `limits.string_bytes` before nlohmann sees any of it (a state
/// machine over strings and escapes), so a string, number or literal longer than the limit is
/// refused before the lexer has buffered more than the limit. nlohmann is handed the chunk up
/// to the offending byte; the error is thrown when it asks for that byte (after everything
/// before it was parsed). The depth needs no bytes: the SAX handler counts it.
class chunk_file {
 public:
  chunk_file(const std::string& path, const input_limits& limits)
      : path_(path),
        f_(std::fopen(path.c_str(), "rb")),
        buf_(std::size_t(1) << 20),
        limits_(limits),
        max_token_(limits.string_bytes) {
    if (f_ != nullptr) refill();
  }
  chunk_file(const chunk_file&) = delete;
  chunk_file& operator=(const chunk_file&) = delete;
  /// The limits the file is read under.
  [[nodiscard]] const input_limits& limits() const noexcept { return limits_; }

  [[nodiscard]] bool is_open() const noexcept { return f_ != nullptr; }
  [[nodiscard]] bool failed() const noexcept { return failed_; }
  [[nodiscard]] bool at_end() const noexcept { return pos_ == len_; }
  [[nodiscard]] char current() const noexcept { return buf_[pos_]; }
  void advance() {
    if (++pos_ == len_) refill();
  }
  /// Bytes consumed so far.
  [[nodiscard]] std::size_t offset() const noexcept { return consumed_ + pos_; }

  /// `path:line:column` of byte `offset`, read again from the file: only for a message.
  [[nodiscard]] std::string place_of(std::size_t offset) const {
    std::size_t line = 1, line_start = 0, pos = 0;
    const std::unique_ptr<std::FILE, file_closer> f(std::fopen(path_.c_str(), "rb"));
    std::vector<char> buf(f ? std::size_t(1) << 16 : 0);
    while (f && pos < offset) {
      const std::size_t n = std::fread(buf.data(), 1, std::min(buf.size(), offset - pos), f.get());
      if (n == 0) break;
      for (const char* c = buf.data();
           (c = static_cast<const char*>(std::memchr(c, '\n', n - std::size_t(c - buf.data())))) !=
           nullptr;
           ++c) {
        ++line;
        line_start = pos + std::size_t(c - buf.data()) + 1;
      }
      pos += n;
    }
    return path_ + ":" + std::to_string(line) + ":" + std::to_string(offset - line_start + 1);
  }

 private:
  struct file_closer {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }
  };
  static constexpr std::size_t none = std::size_t(-1);

  void refill() {
    if (pending_) throw *pending_;
    consumed_ += len_;
    pos_ = 0;
    len_ = std::fread(buf_.data(), 1, buf_.size(), f_.get());
    if (len_ == 0 && std::ferror(f_.get())) failed_ = true;
    const std::size_t stop = scan(len_);
    if (stop < len_) {
      if (stop == 0) throw *pending_;
      len_ = stop;  // nlohmann reads up to the offending byte, then refill() throws
    }
  }

  /// The string limit over buf_[0, len): returns len, or the index of the first byte nlohmann must
  /// not read (after storing the error in pending_). 64-byte blocks go through SSE2 bit masks
  /// (strings and literals that stay inside a block are shorter than any limit of 64 or more,
  /// so only the ones crossing a block edge are counted); blocks with a backslash, the chunk's
  /// tail, small limits and other CPUs take the byte-by-byte path, with the same state. Lines
  /// and columns are only counted for a message (place_of).
  std::size_t scan(std::size_t len) {
    std::size_t i = 0;
#if defined(__SSE2__)
    if (max_token_ >= 64) {
      const auto* b = reinterpret_cast<const unsigned char*>(buf_.data());
      for (; i + 64 <= len; i += 64) {
        const block_masks m = classify(b + i);
        const std::size_t at =
            (m.backslash != 0 || escape_) ? scan_bytes(i, i + 64) : scan_block(i, m);
        if (at != none) return at;
      }
    }
#endif
    const std::size_t at = scan_bytes(i, len);
    return at == none ? len : at;
  }

#if defined(__SSE2__)
  /// One block without escapes. A number or literal ends at a quote at the latest, so only
  /// one that goes on from the last block, or into the next, is looked at byte by byte.
  std::size_t scan_block(std::size_t i, const block_masks& m) {
    const auto* b = reinterpret_cast<const unsigned char*>(buf_.data());
    if (in_string_) {  // the string that goes on from the last block, up to its closing quote
      const std::uint64_t n = m.quote ? std::uint64_t(std::countr_zero(m.quote)) : 64;
      if (token_ + n > max_token_)
        return violation(i + (max_token_ - token_), limit::string_bytes, "a string exceeds");
      token_ += n;
    } else if (literal_ > 0) {  // a number or literal that goes on from the last block
      std::size_t k = i;
      for (; k < i + 64 && !literal_ends[b[k]]; ++k)
        if (++literal_ > max_token_) {
          mark_ = consumed_ + k - max_token_;
          return violation(k, limit::string_bytes, "a number or literal exceeds");
        }
      if (k == i + 64) return none;  // the whole block: no quote, nothing else
      literal_ = 0;
    }
    // Bit k set: byte k is in a string (its opening quote included, the closing one not).
    const std::uint64_t inside = prefix_xor(m.quote) ^ (in_string_ ? ~std::uint64_t(0) : 0);
    in_string_ = (inside >> 63) != 0;
    if (in_string_) {
      if (m.quote != 0) {  // opened at the block's last quote
        const int p = 63 - std::countl_zero(m.quote);
        mark_ = consumed_ + i + std::size_t(p);
        token_ = std::uint64_t(63 - p);
      }
      literal_ = 0;
    } else {
      std::size_t k = i + 64;  // the number or literal at the block's end, if any
      while (k > i && !literal_ends[b[k - 1]]) --k;
      literal_ = i + 64 - k;
    }
    return none;
  }
#endif

  /// Byte by byte over buf_[from, to): the index of the first byte beyond a limit, or none.
  std::size_t scan_bytes(std::size_t from, std::size_t to) {
    const auto* b = reinterpret_cast<const unsigned char*>(buf_.data());
    std::size_t i = from;
    while (i < to) {
      if (in_string_) {
        if (escape_) {  // the byte after a backslash, perhaps at a chunk's start
          escape_ = false;
          if (++token_ > max_token_) return violation(i, limit::string_bytes, "a string exceeds");
          ++i;
          continue;
        }
        std::size_t j = i;
        while (j < to && !in_string_stops[b[j]]) ++j;
        if (token_ + (j - i) > max_token_)
          return violation(i + (max_token_ - token_), limit::string_bytes, "a string exceeds");
        token_ += j - i;
        if (j == to) return none;
        i = j;
        if (b[i] == '"') {
          in_string_ = false;
          literal_ = 0;
        } else {
          escape_ = true;
          if (++token_ > max_token_) return violation(i, limit::string_bytes, "a string exceeds");
        }
        ++i;
        continue;
      }
      // Outside strings: whitespace, ',', ':', numbers and literals up to the next stop.
      std::size_t j = i;
      while (j < to && !outside_stops[b[j]]) ++j;
      if (literal_ + (j - i) > max_token_) {
        // Rare: a long run; look for a number or literal in it that is too long.
        for (std::size_t k = i; k < j; ++k) {
          if (literal_ends[b[k]]) {
            literal_ = 0;
          } else if (++literal_ > max_token_) {
            mark_ = consumed_ + k - max_token_;
            return violation(k, limit::string_bytes, "a number or literal exceeds");
          }
        }
      } else {
        std::size_t k = j;  // the literal at the run's end, if any, goes on in the next run
        while (k > i && !literal_ends[b[k - 1]]) --k;
        literal_ = k > i ? j - k : literal_ + (j - i);
      }
      if (j == to) return none;
      i = j;
      literal_ = 0;
      if (b[i] == '"') {  // else a bracket
        in_string_ = true;
        token_ = 0;
        mark_ = consumed_ + i;
      }
      ++i;
    }
    return none;
  }

  /// Stores the error at mark_ (the opening quote, the first byte of the literal) and returns
  /// `at`.
  std::size_t violation(std::size_t at, limit l, const char* what) {
    pending_.emplace(errid::limit_exceeded, place_of(mark_), limit_message(limits_, l, what));
    return at;
  }
  std::string path_;
  std::unique_ptr<std::FILE, file_closer> f_;
  std::vector<char> buf_;
  std::size_t pos_ = 0, len_ = 0, consumed_ = 0;
  bool failed_ = false;
  // The limits' state machine, carried across blocks and chunks.
  const input_limits& limits_;
  std::uint64_t max_token_;
  std::uint64_t token_ = 0, literal_ = 0;  // the string's bytes so far; the number's or literal's
  bool in_string_ = false, escape_ = false;
  std::size_t mark_ = 0;  // where the string or literal began
  std::optional<input_error> pending_;
};

class chunk_iterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = char;

  chunk_iterator() = default;
  explicit chunk_iterator(chunk_file* f) : f_(f) {}
  char operator*() const noexcept { return f_->current(); }
  chunk_iterator& operator++() {
    f_->advance();
    return *this;
  }
  chunk_iterator operator++(int) {
    chunk_iterator old = *this;
    f_->advance();
    return old;
  }
  friend bool operator==(const chunk_iterator& a, const chunk_iterator& b) noexcept {
    return a.done() == b.done();
  }
  friend bool operator!=(const chunk_iterator& a, const chunk_iterator& b) noexcept {
    return !(a == b);
  }

 private:
  [[nodiscard]] bool done() const noexcept { return f_ == nullptr || f_->at_end(); }
  chunk_file* f_ = nullptr;
};

/// SAX handler: follows the key path and keeps only what the import needs, so memory grows
/// with the products kept, not with the file. Pass 1 reads everything; when `terms` came
/// before `products` (legal JSON, never seen from AWS), pass 2 (`terms_only`) reads the terms.
class offer_handler final : public nlohmann::json_sax<sjson> {
 public:
  offer_handler(const std::string& path, std::size_t bytes, std::string_view region,
                const name_set& base_types, const chunk_file& in, bool terms_only, offer_scan& out)
      : path_(path),
        max_depth_(in.limits().depth),
        bytes_(bytes),
        region_(region),
        base_types_(base_types),
        in_(in),
        terms_only_(terms_only),
        products_done_(terms_only),
        out_(out) {}

  bool null() override { return scalar(kind::other, {}); }
  bool boolean(bool) override { return scalar(kind::other, {}); }
  bool number_integer(number_integer_t v) override {
    return scalar(kind::number, std::to_string(v));
  }
  bool number_unsigned(number_unsigned_t v) override {
    return scalar(kind::number, std::to_string(v));
  }
  bool number_float(number_float_t, const string_t& s) override { return scalar(kind::number, s); }
  bool string(string_t& v) override { return scalar(kind::string, v); }
  bool binary(binary_t&) override { return scalar(kind::other, {}); }
  bool start_object(std::size_t) override { return open(true); }
  bool start_array(std::size_t) override { return open(false); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  bool key(string_t& k) override {
    if (stack_.back() != ctx::skip) key_ = k;
    return true;
  }
  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& e) override {
    // nlohmann: "[json.exception.parse_error.101] parse error at line 3, column 7: syntax error …"
    std::string what = e.what();
    std::string place = path_;
    if (const auto at = what.find(" at line "); at != std::string::npos) {
      const auto colon = what.find(": ", at);
      if (colon != std::string::npos) {
        std::string lc = what.substr(at + 9, colon - at - 9);  // "3, column 7"
        if (const auto c = lc.find(", column "); c != std::string::npos)
          place += ":" + lc.substr(0, c) + ":" + lc.substr(c + 9);
        what = what.substr(colon + 2);
      }
    } else if (const auto b = what.find("] "); b != std::string::npos) {
      what = what.substr(b + 2);
    }
    // nlohmann counts bytes from 1 (n + 1 is the end of the file); the message gives the
    // 0-based offset, which is what `dd skip=` or a hex editor take.
    const std::size_t offset = position > 0 ? position - 1 : 0;
    std::string msg = "not valid JSON at byte " + std::to_string(offset) + ": " + what;
    if (offset >= bytes_ || last_token.empty())
      msg += " (the file ends early: truncated download?)";
    throw input_error(errid::malformed_json, place, msg);
  }

 private:
  enum class ctx : std::uint8_t {
    root,
    products,
    product,
    attributes,
    terms,
    on_demand,
    term_sku,
    term,
    dimensions,
    dimension,
    price,
    skip
  };
  enum class kind : std::uint8_t { string, number, other };

  [[nodiscard]] std::string near() const {
    return " (near byte " + std::to_string(in_.offset()) + ")";
  }
  [[noreturn]] void fail(error_id id, const std::string& pointer, const std::string& msg) const {
    throw input_error(id, path_ + ":" + pointer, msg + near());
  }

  bool scalar(kind k, std::string_view text) {
    if (stack_.empty())
      throw input_error(errid::missing_field, path_,
                        "the file holds a single JSON value, not an AWS Price List offer object");
    switch (stack_.back()) {
      case ctx::root:
        if (key_ == "offerCode" || key_ == "version" || key_ == "publicationDate") {
          if (k != kind::string) fail(errid::wrong_type, "/" + key_, "expected a string");
          if (key_ == "offerCode") {
            if (!supported_offer(text))
              fail(errid::bad_enum, "/offerCode",
                   "\"" + clip(text) +
                       "\" is an offer for another service; fleetcast imports AmazonEC2, AmazonECS "
                       "and AmazonEKS");
            out_.offer_code = text;
          } else if (key_ == "version") {
            out_.version = text;
          } else {
            out_.publication_date = text;
          }
        } else if (key_ == "products" || key_ == "terms") {
          fail(errid::wrong_type, "/" + key_, "expected an object");
        }
        break;
      case ctx::product:
        if (key_ == "productFamily" && k == kind::string) family_ = text;
        break;
      case ctx::attributes:
        if (k == kind::string) {
          for (std::size_t i = 0; i < n_attrs; ++i) {
            if (key_ == attr_names[i]) {
              attrs_[i] = text;
              has_[i] = true;
              break;
            }
          }
        }
        break;
      case ctx::dimension: {
        dimension& d = cur_->terms.back().dims.back();
        if (k == kind::string) {
          if (key_ == "unit")
            d.unit = text;
          else if (key_ == "beginRange")
            d.begin = text;
          else if (key_ == "endRange")
            d.end = text;
        }
        break;
      }
      case ctx::price:
        if (key_ == "USD") {
          dimension& d = cur_->terms.back().dims.back();
          d.usd_seen = true;
          d.usd = text;  // a JSON number keeps its text; null/true/false keep ""
        }
        break;
      default:
        break;
    }
    return true;
  }

  bool open(bool object) {
    // The depth limit: the bracket was the last byte nlohmann read.
    if (stack_.size() >= max_depth_)
      throw input_error(errid::limit_exceeded, in_.place_of(in_.offset() - 1),
                        limit_message(in_.limits(), limit::depth, "nesting depth exceeds"));
    if (stack_.empty()) {
      if (!object)
        throw input_error(errid::missing_field, path_,
                          "the file holds a JSON array, not an AWS Price List offer object");
      stack_.push_back(ctx::root);
      return true;
    }
    ctx next = ctx::skip;
    switch (stack_.back()) {
      case ctx::root:
        if (key_ == "products" || key_ == "terms") {
          if (!object) fail(errid::wrong_type, "/" + key_, "an array; expected an object");
          if (key_ == "products") {
            out_.has_products = true;
            if (!terms_only_) next = ctx::products;
          } else {
            out_.has_terms = true;
            next = ctx::terms;
          }
        }
        break;
      case ctx::products:
        if (object) {
          next = ctx::product;
          sku_ = key_;
          family_.clear();
          for (std::size_t i = 0; i < n_attrs; ++i) {
            attrs_[i].clear();
            has_[i] = false;
          }
        }
        break;
      case ctx::product:
        if (object && key_ == "attributes") next = ctx::attributes;
        break;
      case ctx::terms:
        if (object && key_ == "OnDemand") {
          out_.has_on_demand = true;
          if (products_done_) {
            next = ctx::on_demand;
          } else {
            out_.terms_before_products = true;  // read them in a second pass
          }
        }
        break;
      case ctx::on_demand:
        if (object) {
          if (auto it = out_.kept.find(key_); it != out_.kept.end()) {
            cur_ = &it->second;
            next = ctx::term_sku;
          }
        }
        break;
      case ctx::term_sku:
        if (object) {
          cur_->terms.push_back(term{key_, {}});
          next = ctx::term;
        }
        break;
      case ctx::term:
        if (object && key_ == "priceDimensions") next = ctx::dimensions;
        break;
      case ctx::dimensions:
        if (object) {
          cur_->terms.back().dims.push_back(dimension{key_, {}, {}, {}, {}, false, false});
          next = ctx::dimension;
        }
        break;
      case ctx::dimension:
        if (object && key_ == "pricePerUnit") next = ctx::price;
        break;
      case ctx::price:
        if (key_ == "USD") {
          dimension& d = cur_->terms.back().dims.back();
          d.usd_seen = d.usd_not_scalar = true;
        }
        break;
      default:
        break;
    }
    stack_.push_back(next);
    return true;
  }

  bool close() {
    const ctx done = stack_.back();
    stack_.pop_back();
    if (done == ctx::product) finish_product();
    if (done == ctx::products) products_done_ = true;
    return true;
  }

  [[nodiscard]] bool is(attr a, std::string_view v) const { return has_[a] && attrs_[a] == v; }
  /// An attribute that, when the file has it, must have this value.
  [[nodiscard]] bool is_or_absent(attr a, std::string_view v) const {
    return !has_[a] || attrs_[a] == v;
  }

  void finish_product() {
    ++out_.products_read;
    std::string_view region;
    if (has_[a_regionCode]) {
      region = attrs_[a_regionCode];
    } else if (has_[a_location]) {
      for (const auto& [loc, code] : location_regions)
        if (attrs_[a_location] == loc) region = code;
    }
    if (region != region_) {
      if (out_.regions_seen.size() < 64 && !region.empty()) out_.regions_seen.emplace(region);
      return;
    }
    ++out_.products_in_region;
    // Local Zones, Wavelength and Outposts carry their parent region's code.
    if (!is_or_absent(a_locationType, "AWS Region")) return;
    const std::string_view service = has_[a_servicecode] ? std::string_view(attrs_[a_servicecode])
                                                         : std::string_view(out_.offer_code);
    const usage_parts usage = split_usage(attrs_[a_usagetype]);
    std::string key;
    if (service == "AmazonEC2") {
      // One SKU per instance type: Linux, shared tenancy, no SQL/other software, a used (not
      // reserved-capacity) on-demand box. Capacity Block SKUs (RunInstances:CB, $0) fail
      // marketoption and operation.
      if (family_.rfind("Compute Instance", 0) != 0 || !has_[a_instanceType]) return;
      if (!is(a_operatingSystem, "Linux") || !is(a_tenancy, "Shared") ||
          !is_or_absent(a_preInstalledSw, "NA") || !is_or_absent(a_capacitystatus, "Used") ||
          !is_or_absent(a_licenseModel, "No License required") ||
          !is_or_absent(a_marketoption, "OnDemand") || !is_or_absent(a_operation, "RunInstances") ||
          (has_[a_usagetype] && usage.core.rfind("BoxUsage:", 0) != 0))
        return;
      const std::string& type = attrs_[a_instanceType];
      if (base_types_.count(type) == 0) {
        out_.skipped_types.insert(type);
        return;
      }
      key = "ec2:" + type;
    } else if (service == "AmazonECS" || service == "AmazonEKS") {
      const std::string_view prefix = service == "AmazonECS" ? "fargate" : "eks_fargate";
      for (const auto& u : fargate_usages)
        if (usage.core == u.usage)
          key = std::string(prefix) + (usage.spot ? "_spot:" : ":") + std::string(u.key);
      if (service == "AmazonEKS" && !usage.spot)
        for (const auto& u : eks_usages)
          if (usage.core == u.usage) key = u.key;
    }
    if (key.empty()) return;
    out_.kept[sku_] = kept_product{std::move(key), {}};
  }

  const std::string& path_;
  std::uint64_t max_depth_;
  std::size_t bytes_;
  std::string_view region_;
  const name_set& base_types_;
  const chunk_file& in_;
  bool terms_only_;
  bool products_done_;
  offer_scan& out_;

  std::vector<ctx> stack_;
  std::string key_;
  // The product being read.
  std::string sku_, family_;
  std::string attrs_[n_attrs];
  bool has_[n_attrs] = {};
  kept_product* cur_ = nullptr;  // the kept product whose terms are being read
};

void scan_pass(const std::string& path, std::size_t bytes, std::string_view region,
               const name_set& base_types, bool terms_only, offer_scan& out, const input_limits& limits) {
  chunk_file in(path, limits);
  if (!in.is_open())
    throw io_error(errid::io_read, path,
                   std::string("cannot open the file: ") + std::strerror(errno));
  offer_handler handler(path, bytes, region, base_types, in, terms_only, out);
  sjson::sax_parse(chunk_iterator(&in), chunk_iterator(), &handler, sjson::input_format_t::json,
                   /*strict=*/true);
  if (in.failed()) throw io_error(errid::io_read, path, "read error");
}

offer_scan scan_offer(const std::string& path, std::string_view region, const name_set& base_types,
                      std::size_t& bytes, const input_limits& limits) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status))
    throw io_error(errid::io_read, path, "cannot read the file: it does not exist");
  if (fs::is_directory(status))
    throw io_error(errid::io_read, path, "cannot read the file: it is a directory");
  bytes = static_cast<std::size_t>(fs::file_size(path, ec));
  if (!ec && bytes == 0)
    throw input_error(errid::empty_input, path,
                      "the file is empty; expected an AWS Price List offer file");

  offer_scan scan;
  scan_pass(path, bytes, region, base_types, false, scan, limits);
  if (scan.offer_code.empty())
    throw input_error(errid::missing_field, path,
                      "no \"offerCode\": not an AWS Price List offer file (formats.md §2.2)");
  if (!scan.has_products)
    throw input_error(errid::missing_field, path,
                      "no \"products\": not an AWS Price List offer file (formats.md §2.2)");
  if (!scan.has_terms)
    throw input_error(errid::missing_field, path, "no \"terms\": the offer file has no prices");
  if (scan.terms_before_products) scan_pass(path, bytes, region, base_types, true, scan, limits);
  if (scan.products_in_region == 0) {
    std::string seen;
    for (const auto& r : scan.regions_seen) seen += (seen.empty() ? "" : ", ") + r;
    throw input_error(
        errid::empty_input, path,
        "no " + scan.offer_code + " product for region " + std::string(region) + " (" +
            std::to_string(scan.products_read) + " products read" +
            (seen.empty() ? std::string(")") : "; regions in the file: " + seen + ")"));
  }
  return scan;
}

// ---------------------------------------------------------------------------------------------
// From terms to one price per figure.

/// A decimal price string ("0.0404800000") as a double. Throws naming the JSON pointer.
double parse_price(const std::string& path, const std::string& pointer, const dimension& d) {
  if (d.usd_not_scalar || d.usd.empty())
    throw input_error(
        errid::wrong_type, path + ":" + pointer,
        "the USD price is not a number (expected a decimal string such as \"0.0404800000\")");
  double v = 0;
  const char* first = d.usd.data();
  const char* last = first + d.usd.size();
  const auto [ptr, ec] = std::from_chars(first, last, v);
  if (ec != std::errc() || ptr != last || !std::isfinite(v))
    throw input_error(
        errid::wrong_type, path + ":" + pointer,
        "\"" + clip(d.usd) +
            "\" is not a number (expected a decimal string such as \"0.0404800000\")");
  if (v < 0)
    throw input_error(errid::out_of_range, path + ":" + pointer,
                      "\"" + clip(d.usd) + "\" is negative");
  return v;
}

/// A price to 10 decimal places, as AWS publishes them (for a sum of two such prices).
double round10(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10f", v);
  double r = 0;
  std::from_chars(buf, buf + std::char_traits<char>::length(buf), r);
  return r;
}

std::string fmt(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  return std::string(buf, r.ptr);
}

struct priced {
  std::string sku;
  double usd = 0;
  std::string source_id;
  std::string note;
};

/// The figures one offer prices, by key; problems that are not errors go to `warnings`.
std::map<std::string, priced> resolve(const std::string& path, const offer_scan& scan,
                                      const std::string& source_id,
                                      std::vector<std::string>& warnings) {
  std::map<std::string, std::vector<priced>> candidates;
  if (!scan.has_on_demand && !scan.kept.empty()) {
    warnings.push_back(path + ": no terms.OnDemand, so none of its " +
                       std::to_string(scan.kept.size()) + " matching products has a price");
    return {};
  }
  for (const auto& [sku, kp] : scan.kept) {
    const std::string where = path + ": SKU " + clip(sku) + " (" + kp.key + ")";
    if (kp.terms.empty()) {
      warnings.push_back(where + " has no OnDemand term; not used");
      continue;
    }
    std::optional<double> price;
    bool usable = true;
    for (const term& t : kp.terms) {
      const std::string term_ptr = "/terms/OnDemand/" + clip(sku) + "/" + clip(t.key);
      if (t.dims.size() != 1) {
        warnings.push_back(where + ": term " + clip(t.key) + " has " +
                           std::to_string(t.dims.size()) +
                           " price dimensions (a tiered price); not used");
        usable = false;
        continue;
      }
      const dimension& d = t.dims.front();
      const std::string ptr =
          term_ptr + "/priceDimensions/" + clip(d.rate_code) + "/pricePerUnit/USD";
      if (!d.usd_seen)
        throw input_error(errid::missing_field, path + ":" + ptr.substr(0, ptr.size() - 4),
                          "no USD price (fleetcast catalogs are in USD)");
      const double v = parse_price(path, ptr, d);
      std::string unit = d.unit;
      std::transform(unit.begin(), unit.end(), unit.begin(),
                     [](unsigned char c) { return std::tolower(c); });
      if (unit.find("hour") == std::string::npos && unit != "hrs") {
        warnings.push_back(where + ": unit \"" + clip(d.unit) + "\" is not hourly; not used");
        usable = false;
      } else if ((!d.begin.empty() && d.begin != "0") || (!d.end.empty() && d.end != "Inf")) {
        warnings.push_back(where + ": price applies from " + clip(d.begin) + " to " + clip(d.end) +
                           " hours only; not used");
        usable = false;
      } else if (price && *price != v) {
        warnings.push_back(where + " has OnDemand terms with different prices; not used");
        usable = false;
      }
      price = v;
    }
    if (!usable || !price) continue;
    if (*price == 0) {
      warnings.push_back(where +
                         " costs $0 (a capacity-block, reservation or free-tier SKU); not used");
      continue;
    }
    candidates[kp.key].push_back(priced{sku, *price, source_id, {}});
  }
  std::map<std::string, priced> out;
  for (auto& [key, list] : candidates) {
    for (const auto& c : list) {
      if (c.usd != list.front().usd)
        throw input_error(errid::duplicate, path,
                          key +
                              " matches two SKUs with different prices: " + clip(list.front().sku) +
                              " $" + fmt(list.front().usd) + "/h and " + clip(c.sku) + " $" +
                              fmt(c.usd) + "/h; cannot tell which one applies");
    }
    out.emplace(key, list.front());  // SKU order: deterministic
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Writing the catalog in the style of pricing/aws-us-east-1.json: array elements and short
// flat objects on one line.

void write_scalar(std::string& out, const ojson& v) {
  if (v.is_number_float()) {
    std::string s = fmt(v.get<double>());
    if (s.find('.') == std::string::npos) s += ".0";  // stays a float when read back
    out += s;
  } else {
    out += v.dump(-1, ' ', false, ojson::error_handler_t::replace);
  }
}

void write_compact(std::string& out, const ojson& v) {
  if (!v.is_structured()) return write_scalar(out, v);
  const bool obj = v.is_object();
  out += obj ? '{' : '[';
  bool first = true;
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (!first) out += ", ";
    first = false;
    if (obj) {
      write_scalar(out, ojson(it.key()));
      out += ": ";
    }
    write_compact(out, *it);
  }
  out += obj ? '}' : ']';
}

void write_pretty(std::string& out, const ojson& v, int indent, bool in_array) {
  if (!v.is_structured() || v.empty()) return write_compact(out, v);
  std::string flat;
  write_compact(flat, v);
  const bool leaf =
      std::none_of(v.begin(), v.end(), [](const ojson& e) { return e.is_structured(); });
  if ((in_array && v.is_object()) ||
      (leaf && flat.size() + static_cast<std::size_t>(indent) <= 100)) {
    out += flat;
    return;
  }
  const bool obj = v.is_object();
  const std::string pad(static_cast<std::size_t>(indent) + 2, ' ');
  out += obj ? "{\n" : "[\n";
  bool first = true;
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (!first) out += ",\n";
    first = false;
    out += pad;
    if (obj) {
      write_scalar(out, ojson(it.key()));
      out += ": ";
    }
    write_pretty(out, *it, indent + 2, !obj);
  }
  out += '\n';
  out += std::string(static_cast<std::size_t>(indent), ' ');
  out += obj ? '}' : ']';
}

// ---------------------------------------------------------------------------------------------

/// A rate in the base catalog that an offer may replace.
struct slot {
  std::string key;
  ojson* rate;
};

std::vector<slot> rate_slots(ojson& cat) {
  std::vector<slot> s;
  auto add_group = [&](const char* prefix, ojson* group) {
    if (group == nullptr || !group->is_object()) return;
    for (auto os = group->begin(); os != group->end(); ++os) {
      if (!os->is_object() || os.key().rfind('$', 0) == 0) continue;
      for (auto dim = os->begin(); dim != os->end(); ++dim)
        if (dim->is_object() && dim.key().rfind('$', 0) != 0)
          s.push_back({std::string(prefix) + os.key() + ":" + dim.key(), &*dim});
    }
  };
  ojson& f = cat["fargate"];
  add_group("fargate:", f.contains("rates") ? &f["rates"] : nullptr);
  add_group("fargate_spot:", f.contains("spot_rates") ? &f["spot_rates"] : nullptr);
  if (f.contains("ephemeral_storage_gb"))
    s.push_back({"fargate:ephemeral_storage_gb", &f["ephemeral_storage_gb"]});
  for (auto& t : cat["ec2"]["instance_types"])
    if (t.is_object() && t.contains("name") && t.contains("on_demand"))
      s.push_back({"ec2:" + t["name"].get<std::string>(), &t["on_demand"]});
  ojson& cp = cat["eks"]["control_plane_per_cluster_hour"];
  for (const char* k : {"standard", "extended"})
    if (cp.contains(k)) s.push_back({std::string("eks:") + k, &cp[k]});
  return s;
}

double effective_per_hour(const ojson& r) {
  if (r.contains("usd_per_second") && r["usd_per_second"].is_number())
    return r["usd_per_second"].get<double>() * seconds_per_hour;
  if (r.contains("usd_per_hour") && r["usd_per_hour"].is_number())
    return r["usd_per_hour"].get<double>();
  return 0;
}

std::string date_of(const std::string& publication_date, const std::string& version) {
  if (publication_date.size() >= 10) return publication_date.substr(0, 10);
  if (version.size() >= 8 && std::all_of(version.begin(), version.begin() + 8,
                                         [](char c) { return c >= '0' && c <= '9'; }))
    return version.substr(0, 4) + "-" + version.substr(4, 2) + "-" + version.substr(6, 2);
  return "";
}

}  // namespace

price_list_import_report import_price_lists(const std::vector<std::string>& offer_paths,
                                            std::string_view region,
                                            std::string_view base_catalog_json,
                                            std::string_view base_source,
                                            const input_limits& limits) {
  if (offer_paths.empty())
    throw input_error(errid::missing_field, "--offer", "no offer file given");
  if (region.empty()) throw input_error(errid::missing_field, "--region", "no region given");
  const std::string_view base_text =
      base_catalog_json.empty() ? detail::embedded_catalog_json() : base_catalog_json;

  // The base must be a valid catalog before anything is replaced in it.
  price_catalog base;
  try {
    // The embedded catalog is no input: it is read under the defaults.
    base = parse_catalog(base_text, base_source, base_catalog_json.empty() ? input_limits{} : limits);
  } catch (const pricing_error& e) {
    // Syntax errors and limits found while parsing are already at source:line:column.
    if (e.code().number == errid::catalog_malformed.number ||
        e.place().rfind(std::string(base_source) + ":", 0) == 0)
      throw;
    throw pricing_error(e.code(), std::string(base_source) + ":" + e.place(), e.message());
  }
  name_set base_types;
  for (const auto& t : base.ec2.types) base_types.insert(t.name);

  price_list_import_report report;
  std::map<std::string, priced> prices;  // figure key → price, over all offers
  name_set skipped;
  std::set<std::string> codes;
  for (const auto& path : offer_paths) {
    price_list_offer info;
    info.path = path;
    const offer_scan scan = scan_offer(path, region, base_types, info.bytes, limits);
    if (!codes.insert(scan.offer_code).second)
      throw input_error(errid::duplicate, path,
                        "a second " + scan.offer_code + " offer file; give one per service");
    info.offer_code = scan.offer_code;
    info.version = scan.version;
    info.publication_date = scan.publication_date;
    info.source_id = "aws-price-list-" + scan.offer_code + "-" + std::string(region) + "-" +
                     (scan.version.empty() ? std::string("unversioned") : scan.version);
    info.products_read = scan.products_read;
    info.products_in_region = scan.products_in_region;
    info.products_kept = scan.kept.size();
    info.two_passes = scan.terms_before_products;
    report.products_read += info.products_read;
    report.products_kept += info.products_kept;
    skipped.insert(scan.skipped_types.begin(), scan.skipped_types.end());
    for (auto& [key, p] : resolve(path, scan, info.source_id, report.warnings)) prices[key] = p;
    report.offers.push_back(std::move(info));
  }
  report.skipped_types.assign(skipped.begin(), skipped.end());

  // EKS extended support is billed as standard + surcharge; the catalog holds the whole rate.
  if (auto ext = prices.find("eks:extended_support"); ext != prices.end()) {
    const auto std_rate = prices.find("eks:standard");
    if (std_rate == prices.end()) {
      report.warnings.push_back(
          "AmazonEKS: the extended-support surcharge was found but not the standard "
          "cluster-hour, so eks extended is not replaced");
    } else {
      priced p = ext->second;
      p.usd = round10(std_rate->second.usd + ext->second.usd);
      p.note = "standard $" + fmt(std_rate->second.usd) + " (SKU " + std_rate->second.sku +
               ") + extended-support surcharge $" + fmt(ext->second.usd) + " (SKU " +
               ext->second.sku + ")";
      prices["eks:extended"] = p;
    }
  }

  ojson cat = ojson::parse(base_text);
  std::set<std::string, std::less<>> used_sources;
  std::set<std::string, std::less<>> placed;
  for (const slot& s : rate_slots(cat)) {
    const auto it = prices.find(s.key);
    if (it == prices.end()) {
      report.not_replaced.push_back(s.key);
      continue;
    }
    const priced& p = it->second;
    report.changes.push_back({s.key, p.sku, effective_per_hour(*s.rate), p.usd, p.source_id});
    ojson r = ojson::object();
    r["usd_per_hour"] = p.usd;
    r["source"] = p.source_id;
    if (!p.note.empty()) r["note"] = p.note;
    *s.rate = std::move(r);
    used_sources.insert(p.source_id);
    placed.insert(s.key);
    if (s.key.rfind("ec2:", 0) == 0) ++report.instance_types_updated;
  }
  for (const auto& [key, p] : prices) {
    if (placed.count(key) || key == "eks:extended_support" || key.rfind("eks_fargate", 0) == 0)
      continue;
    report.warnings.push_back(key + " (SKU " + clip(p.sku) + ", $" + fmt(p.usd) +
                              "/h) has no place in the base catalog; not used");
  }
  // EKS Fargate is billed at the ECS Fargate rates; say so when the offers disagree.
  for (const auto& [key, p] : prices) {
    if (key.rfind("eks_fargate", 0) != 0) continue;
    const std::string ecs_key = key.substr(4);  // "fargate:…" / "fargate_spot:…"
    for (const slot& s : rate_slots(cat)) {
      if (s.key != ecs_key) continue;
      const double have = effective_per_hour(*s.rate);
      if (std::abs(have - p.usd) > 1e-12)
        report.warnings.push_back("AmazonEKS prices " + key + " at $" + fmt(p.usd) + "/h (SKU " +
                                  clip(p.sku) + ") but the catalog's " + ecs_key + " is $" +
                                  fmt(have) +
                                  "/h; fleetcast bills EKS Fargate at the catalog's Fargate rates");
    }
  }

  // A catalog is for one region: a base of another region is only acceptable when nothing of
  // it survives.
  if (base.region != region && !report.not_replaced.empty()) {
    std::string list;
    for (std::size_t i = 0; i < report.not_replaced.size() && i < 5; ++i)
      list += (i ? ", " : "") + report.not_replaced[i];
    if (report.not_replaced.size() > 5) list += ", …";
    throw input_error(errid::unsupported, std::string(base_source) + ":/region",
                      "the base catalog is for " + base.region + ", the import for " +
                          std::string(region) + "; " + std::to_string(report.not_replaced.size()) +
                          " of its rates have no price in the offers (" + list +
                          "), so the result would mix regions. Use a base catalog for " +
                          std::string(region));
  }

  // Sources: one per offer file that priced something; an offer imported again replaces its entry.
  std::string as_of = cat.value("as_of", std::string());
  ojson& sources = cat["sources"];
  for (const auto& o : report.offers) {
    if (!used_sources.count(o.source_id)) continue;
    ojson src = ojson::object();
    src["id"] = o.source_id;
    src["title"] =
        "AWS Price List, " + o.offer_code + " offer file version " +
        (o.version.empty() ? std::string("(none)") : o.version) + ", " + std::string(region) +
        ", OnDemand" +
        (o.publication_date.empty() ? std::string() : ", published " + o.publication_date);
    src["url"] = o.path;
    src["date"] = date_of(o.publication_date, o.version);
    src["confidence"] = "confirmed";
    as_of = std::max(as_of, src["date"].get<std::string>());
    auto same = std::find_if(sources.begin(), sources.end(), [&](const ojson& s) {
      return s.value("id", std::string()) == o.source_id;
    });
    if (same != sources.end()) {
      *same = std::move(src);
    } else {
      sources.push_back(std::move(src));
    }
  }
  cat["region"] = std::string(region);
  cat["as_of"] = as_of;

  // SKUs: the catalog format has no place for them; "$…" keys are ignored by the reader.
  ojson& pl = cat["$price_list"];
  if (!pl.is_object()) pl = ojson::object();
  pl["$comment"] =
      "Written by fleetcast pricing import: the AWS Price List SKU behind each imported figure.";
  pl["region"] = std::string(region);
  ojson& offers = pl["offers"];
  if (!offers.is_array()) offers = ojson::array();
  for (const auto& o : report.offers) {
    ojson e = ojson::object();
    e["source"] = o.source_id;
    e["offer_code"] = o.offer_code;
    e["version"] = o.version;
    e["publication_date"] = o.publication_date;
    e["file"] = o.path;
    auto same = std::find_if(offers.begin(), offers.end(), [&](const ojson& x) {
      return x.value("source", std::string()) == o.source_id;
    });
    if (same != offers.end()) {
      *same = std::move(e);
    } else {
      offers.push_back(std::move(e));
    }
  }
  ojson& skus = pl["skus"];
  if (!skus.is_object()) skus = ojson::object();
  for (const auto& c : report.changes) {
    if (c.key == "eks:extended") continue;  // two SKUs: standard and the surcharge below
    skus[c.key] = c.sku;
  }
  if (placed.count("eks:extended"))
    skus["eks:extended_support"] = prices["eks:extended_support"].sku;

  std::string text;
  write_pretty(text, cat, 0, false);
  text += '\n';
  try {
    (void)parse_catalog(text, "imported catalog", limits);
  } catch (const pricing_error& e) {
    // e.g. an imported on-demand Fargate rate now below the base catalog's Spot rate.
    throw pricing_error(
        e.code(), "imported catalog:" + e.place(),
        e.message() + " (after replacing the base catalog's prices with the offers')");
  }
  report.catalog_json = std::move(text);
  return report;
}

}  // namespace fleetcast
