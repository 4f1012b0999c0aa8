#pragma once
/// @file
/// Exact binary save and load of the Monte Carlo accumulators, so that blocks (or a merged
/// prefix, for a checkpoint) computed in one process can be merged in another with results
/// identical to the bit: `load(save(x))` restores every bit that any later query, merge or
/// `save` reads.
///
/// Encoding: u64 and i64 are 8 bytes little-endian (i64 two's complement), f64 the 8 bytes of
/// its IEEE bits (`std::bit_cast`, so −0, NaN payloads and infinities survive), a string a u64
/// byte length and the bytes, a bool a u8 0 or 1. Every object starts with a tag byte and a
/// version byte, so that reading the wrong thing fails loudly:
///
/// | object               | tag | then                                                          |
/// |----------------------|-----|---------------------------------------------------------------|
/// | moments              | 'M' | u64 n, f64 mean, f64 M2, f64 min, f64 max                     |
/// | log_histogram        | 'H' | f64 ln γ, f64 zero threshold (the layout; must match), u64    |
/// |                      |     | count, u64 zero count, f64 min, f64 max, positive side,       |
/// |                      |     | negative side; a side is i64 first bucket, u64 n, n × u64     |
/// |                      |     | counts (the non-empty range, trimmed; n = 0 ⇒ first = 0)      |
/// | exact_quantiles      | 'Q' | bool sorted, u64 n, n × f64 values (in their stored order)    |
/// | statistic            | 'S' | moments, log_histogram, bool kept, [u64 limit, exact_quant.]  |
/// | paired               | 'P' | moments of the difference, u64 cheaper count                  |
/// | option_statistics    | 'O' | name, cost, line names, lines, unserved, interruptions,       |
/// |                      |     | task-hours, utilisation, unplaceable, vs_baseline, allocation |
/// |                      |     | names, allocation, coverage, covered USD, commitment names,   |
/// |                      |     | commitment utilisation, commitment unused, binding shares     |
/// |                      |     | (lists: u64 n + n), density (u64 n, n × density row),         |
/// |                      |     | vs each option (u64 n, n × paired) — version 3                |
/// | density row          |     | u64 service, u64 type, i64 tasks, u8 binds, i64 without ENI   |
/// |                      |     | limit, i64 with trunking (−1: none)                           |
/// | scenario_accumulator | 'A' | u64 baseline, bool exact, u64 count, demand statistic, u64 n, |
/// |                      |     | n × option_statistics                                         |
///
/// The histogram is written as its logical content, not its storage: a loaded histogram
/// compares `==` to the original and gives the same quantiles and merges, though its buffer
/// may be smaller. Kept values are written in their stored order with the sorted flag, so the
/// order later merges append to is the original's.
///
/// Corrupt or truncated data throws `input_error` (`errid::malformed_json`, place
/// "<place> @ byte N"), never reads out of bounds, and never allocates more than a few times
/// the size of the data: every length is checked against the bytes left before anything is
/// reserved, and lists of objects grow only as their elements are actually read.
/// A failed `load` leaves its target unchanged. Loading checks the invariants later code
/// relies on (counts that agree, bucket indices in range, finite kept values, list sizes,
/// baseline index); it does not check that a blob came from the same scenario or run
/// configuration — a file header is the caller's business.

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fleetcast/core/error.hpp"
#include "fleetcast/mc/accumulator.hpp"
#include "fleetcast/mc/exact_quantiles.hpp"
#include "fleetcast/mc/log_histogram.hpp"
#include "fleetcast/mc/moments.hpp"
#include "fleetcast/mc/statistic.hpp"

namespace fleetcast::mc {

static_assert(std::numeric_limits<double>::is_iec559, "f64 is written as IEEE 754 bits");

/// Appends little-endian fields to a byte string. Never throws except std::bad_alloc.
class byte_writer {
 public:
  /// 8 bytes, least significant first.
  void u64(std::uint64_t x) {
    for (int k = 0; k < 8; ++k) bytes_.push_back(static_cast<char>((x >> (8 * k)) & 0xffU));
  }
  /// Two's complement, as u64.
  void i64(std::int64_t x) { u64(std::bit_cast<std::uint64_t>(x)); }
  /// The exact IEEE 754 bits, as u64.
  void f64(double x) { u64(std::bit_cast<std::uint64_t>(x)); }
  /// u64 byte length, then the bytes (any content, NULs included).
  void str(std::string_view s) {
    u64(s.size());
    bytes_.append(s);
  }
  void u8(std::uint8_t x) { bytes_.push_back(static_cast<char>(x)); }

  /// Everything written so far.
  [[nodiscard]] const std::string& bytes() const noexcept { return bytes_; }
  /// Moves the bytes out; the writer is empty afterwards.
  std::string take() {
    std::string out = std::move(bytes_);
    bytes_.clear();
    return out;
  }

 private:
  std::string bytes_;
};

/// Reads what `byte_writer` wrote. Every read past the end, and every count that cannot fit
/// in the bytes left, throws `input_error` (`errid::malformed_json`) at "<place> @ byte N",
/// N the offset of the field, before anything is allocated. Does not own the data.
class byte_reader {
 public:
  /// `place` names the data in error messages (a file name).
  explicit byte_reader(std::string_view data, std::string place)
      : data_(data), place_(std::move(place)) {}

  std::uint64_t u64() {
    need(8, "a u64");
    std::uint64_t x = 0;
    for (int k = 0; k < 8; ++k) {
      x |= std::uint64_t{static_cast<unsigned char>(data_[pos_ + std::size_t(k)])} << (8 * k);
    }
    pos_ += 8;
    return x;
  }
  std::int64_t i64() { return std::bit_cast<std::int64_t>(u64()); }
  double f64() { return std::bit_cast<double>(u64()); }
  /// A u64 length, then that many bytes; the length is checked before allocating.
  std::string str() {
    const std::size_t n = count(1, "string length");
    std::string s(data_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  std::uint8_t u8() {
    need(1, "a u8");
    return static_cast<std::uint8_t>(data_[pos_++]);
  }
  /// Reads a u64 element count and checks that n elements of at least `min_bytes_each`
  /// (>= 1) bytes fit in the bytes left; `what` names the count in the error message.
  std::size_t count(std::size_t min_bytes_each, std::string_view what) {
    const std::size_t at = pos_;
    const std::uint64_t n = u64();
    if (n > remaining() / std::max<std::size_t>(min_bytes_each, 1)) {
      fail(at, std::string(what) + " " + std::to_string(n) + " exceeds the " +
                   std::to_string(remaining()) + " bytes left");
    }
    return static_cast<std::size_t>(n);
  }

  /// True when every byte has been read.
  [[nodiscard]] bool at_end() const noexcept { return pos_ == data_.size(); }
  /// Bytes read so far.
  [[nodiscard]] std::size_t offset() const noexcept { return pos_; }
  /// Bytes not read yet.
  [[nodiscard]] std::size_t remaining() const noexcept { return data_.size() - pos_; }

  /// Throws input_error at "<place> @ byte at": "truncated or corrupt partial-state data
  /// (<what>)".
  [[noreturn]] void fail(std::size_t at, std::string_view what) const {
    throw input_error(errid::malformed_json, place_ + " @ byte " + std::to_string(at),
                      "truncated or corrupt partial-state data (" + std::string(what) + ")");
  }

 private:
  void need(std::size_t n, std::string_view what) const {
    if (remaining() < n) {
      fail(pos_, std::string(what) + " needs " + std::to_string(n) + " bytes, " +
                     std::to_string(remaining()) + " left");
    }
  }

  std::string_view data_;
  std::string place_;
  std::size_t pos_ = 0;
};

/// Writes x exactly. O(size of x).
inline void save(byte_writer& w, const moments& x);
inline void save(byte_writer& w, const log_histogram& x);
inline void save(byte_writer& w, const exact_quantiles& x);
inline void save(byte_writer& w, const statistic& x);
inline void save(byte_writer& w, const paired& x);
inline void save(byte_writer& w, const option_statistics& x);
inline void save(byte_writer& w, const scenario_accumulator& x);

/// Replaces x by the object `save` wrote at the reader's position (for a
/// scenario_accumulator: everything, options included, whatever scenario x was built from).
/// Throws input_error on truncated, corrupt or mismatched data; x is then unchanged.
/// O(bytes read).
inline void load(byte_reader& r, moments& x);
inline void load(byte_reader& r, log_histogram& x);
inline void load(byte_reader& r, exact_quantiles& x);
inline void load(byte_reader& r, statistic& x);
inline void load(byte_reader& r, paired& x);
inline void load(byte_reader& r, option_statistics& x);
inline void load(byte_reader& r, scenario_accumulator& x);

/// `save(w, x)` into a new byte string.
template <class T>
[[nodiscard]] std::string to_bytes(const T& x) {
  byte_writer w;
  save(w, x);
  return w.take();
}

/// Loads x from `data`, which must hold exactly one such object (trailing bytes throw);
/// `place` names the data in errors. x is unchanged on error. Works on a copy of x, so load
/// into a fresh (empty) object.
template <class T>
void from_bytes(std::string_view data, std::string place, T& x) {
  byte_reader r(data, std::move(place));
  T loaded = x;
  load(r, loaded);
  if (!r.at_end()) r.fail(r.offset(), std::to_string(r.remaining()) + " bytes after the object");
  x = std::move(loaded);
}

namespace detail {

/// Tag and version of one encoded type.
struct serial_kind {
  std::uint8_t tag;
  std::uint8_t version;
  std::string_view name;
};
inline constexpr serial_kind serial_moments{'M', 1, "moments"};
// Version 2 of the histogram: 0.1 % buckets (version 1 had 1 %); statistic 2: the limit of
// kept values.
inline constexpr serial_kind serial_histogram{'H', 2, "log_histogram"};
inline constexpr serial_kind serial_exact{'Q', 1, "exact_quantiles"};
inline constexpr serial_kind serial_statistic{'S', 2, "statistic"};
inline constexpr serial_kind serial_paired{'P', 1, "paired"};
inline constexpr serial_kind serial_option{'O', 3, "option_statistics"};
inline constexpr serial_kind serial_accumulator{'A', 1, "scenario_accumulator"};
/// Smallest encoding of any object (tag and version), for count checks.
inline constexpr std::size_t serial_min_object_bytes = 2;

struct serial_access {
  static void header(byte_writer& w, const serial_kind& k) {
    w.u8(k.tag);
    w.u8(k.version);
  }
  static std::string tag_text(std::uint8_t tag) {
    if (tag >= 0x20 && tag < 0x7f) return std::string{'\'', static_cast<char>(tag), '\''};
    return "byte " + std::to_string(tag);
  }
  static void expect(byte_reader& r, const serial_kind& k) {
    const std::size_t at = r.offset();
    const std::uint8_t tag = r.u8();
    if (tag != k.tag) {
      r.fail(at, "expected " + std::string(k.name) + " (tag " + tag_text(k.tag) + "), found tag " +
                     tag_text(tag));
    }
    const std::uint8_t version = r.u8();
    if (version != k.version) {
      r.fail(at + 1, std::string(k.name) + " format version " + std::to_string(version) +
                         "; this build reads version " + std::to_string(k.version));
    }
  }
  static bool flag(byte_reader& r) {
    const std::size_t at = r.offset();
    const std::uint8_t b = r.u8();
    if (b > 1) r.fail(at, "a bool is " + std::to_string(b) + ", not 0 or 1");
    return b == 1;
  }
  static void names(byte_writer& w, const std::vector<std::string>& v) {
    w.u64(v.size());
    for (const auto& s : v) w.str(s);
  }
  static std::vector<std::string> names(byte_reader& r) {
    const std::size_t n = r.count(8, "name count");  // each name has its 8-byte length
    std::vector<std::string> v;  // grows with what was actually read, not with n
    for (std::size_t i = 0; i < n; ++i) v.push_back(r.str());
    return v;
  }
  static void statistics(byte_writer& w, const std::vector<statistic>& v) {
    w.u64(v.size());
    for (const auto& s : v) mc::save(w, s);
  }
  static std::vector<statistic> statistics(byte_reader& r) {
    const std::size_t n = r.count(serial_min_object_bytes, "statistic count");
    std::vector<statistic> v;  // grows with what was actually read, not with n
    for (std::size_t i = 0; i < n; ++i) mc::load(r, v.emplace_back());
    return v;
  }
  /// a + b, failing on overflow (a corrupt count).
  static std::uint64_t checked_sum(byte_reader& r, std::size_t at, std::uint64_t a,
                                   std::uint64_t b) {
    if (b > std::numeric_limits<std::uint64_t>::max() - a) r.fail(at, "histogram counts overflow");
    return a + b;
  }

  // ---------------------------------------------------------------------------- moments
  static void save(byte_writer& w, const moments& x) {
    header(w, serial_moments);
    w.u64(x.n_);
    w.f64(x.mean_);
    w.f64(x.m2_);
    w.f64(x.min_);
    w.f64(x.max_);
  }
  static void load(byte_reader& r, moments& x) {
    expect(r, serial_moments);
    moments m;
    m.n_ = r.u64();
    m.mean_ = r.f64();
    m.m2_ = r.f64();
    m.min_ = r.f64();
    m.max_ = r.f64();
    x = m;
  }

  // ---------------------------------------------------------------------- log_histogram
  static void save_side(byte_writer& w, const hist_side& s) {
    int first = 0, last = 0;
    s.used_range(first, last);
    if (first == last) {
      w.i64(0);
      w.u64(0);
      return;
    }
    w.i64(first);
    w.u64(static_cast<std::uint64_t>(last - first));
    for (int i = first; i < last; ++i) w.u64(s.at(i));
  }
  static hist_side load_side(byte_reader& r, std::uint64_t& total) {
    const std::size_t at = r.offset();
    const std::int64_t first = r.i64();
    const std::size_t n = r.count(8, "histogram bucket count");
    hist_side s;
    if (n == 0) {
      if (first != 0)
        r.fail(at, "an empty histogram side starts at bucket " + std::to_string(first));
      return s;
    }
    if (first < hist_index_min || first > hist_index_max ||
        n > static_cast<std::size_t>(hist_index_max + 1 - first)) {
      r.fail(at, "histogram buckets [" + std::to_string(first) + ", " + std::to_string(first) +
                     " + " + std::to_string(n) + ") outside [" + std::to_string(hist_index_min) +
                     ", " + std::to_string(hist_index_max) + "]");
    }
    s.offset = static_cast<int>(first);
    s.counts.resize(n);  // n × 8 <= the bytes left
    for (auto& c : s.counts) {
      c = r.u64();
      total = checked_sum(r, at, total, c);
    }
    if (s.counts.front() == 0 || s.counts.back() == 0) {
      r.fail(at, "histogram bucket range not trimmed to its non-empty buckets");
    }
    return s;
  }
  static void save(byte_writer& w, const log_histogram& x) {
    header(w, serial_histogram);
    w.f64(hist_log_gamma);
    w.f64(log_histogram::zero_threshold);
    w.u64(x.count_);
    w.u64(x.zero_);
    w.f64(x.min_);
    w.f64(x.max_);
    save_side(w, x.pos_);
    save_side(w, x.neg_);
  }
  static void load(byte_reader& r, log_histogram& x) {
    const std::size_t at = r.offset();
    expect(r, serial_histogram);
    const double log_gamma = r.f64();
    const double zero_threshold = r.f64();
    if (std::bit_cast<std::uint64_t>(log_gamma) != std::bit_cast<std::uint64_t>(hist_log_gamma) ||
        std::bit_cast<std::uint64_t>(zero_threshold) !=
            std::bit_cast<std::uint64_t>(log_histogram::zero_threshold)) {
      r.fail(at + 2,
             "histogram bucket layout (ln gamma, zero threshold) differs from this build's");
    }
    log_histogram h;
    h.count_ = r.u64();
    h.zero_ = r.u64();
    h.min_ = r.f64();
    h.max_ = r.f64();
    std::uint64_t total = h.zero_;
    h.pos_ = load_side(r, total);
    h.neg_ = load_side(r, total);
    if (total != h.count_) {
      r.fail(at, "histogram count " + std::to_string(h.count_) + " but its buckets hold " +
                     std::to_string(total));
    }
    if (h.count_ != 0 && !(h.min_ <= h.max_)) r.fail(at, "histogram min above max");
    x = std::move(h);
  }

  // -------------------------------------------------------------------- exact_quantiles
  static void save(byte_writer& w, const exact_quantiles& x) {
    header(w, serial_exact);
    w.u8(x.sorted_ ? 1 : 0);
    w.u64(x.values_.size());
    for (const double v : x.values_) w.f64(v);
  }
  static void load(byte_reader& r, exact_quantiles& x) {
    const std::size_t at = r.offset();
    expect(r, serial_exact);
    exact_quantiles e;
    e.sorted_ = flag(r);
    const std::size_t n = r.count(8, "kept value count");
    e.values_.resize(n);  // n × 8 <= the bytes left
    for (auto& v : e.values_) {
      v = r.f64();
      // A NaN would break the sort (not a strict weak order): reject it here.
      if (!std::isfinite(v)) r.fail(r.offset() - 8, "a kept value is not finite");
    }
    if (e.sorted_ && !std::is_sorted(e.values_.begin(), e.values_.end())) {
      r.fail(at, "kept values flagged sorted are not sorted");
    }
    x = std::move(e);
  }

  // -------------------------------------------------------------------------- statistic
  static void save(byte_writer& w, const statistic& x) {
    header(w, serial_statistic);
    save(w, x.moments_);
    save(w, x.histogram_);
    w.u8(x.exact_ ? 1 : 0);
    if (x.exact_) {
      w.u64(x.exact_limit_);
      save(w, *x.exact_);
    }
  }
  static void load(byte_reader& r, statistic& x) {
    const std::size_t at = r.offset();
    expect(r, serial_statistic);
    statistic s;
    load(r, s.moments_);
    load(r, s.histogram_);
    if (flag(r)) {
      s.exact_limit_ = r.u64();
      load(r, s.exact_.emplace());
    }
    const std::uint64_t n = s.moments_.count();
    if (s.exact_ && n > s.exact_limit_) r.fail(at, "statistic keeps more values than its limit");
    if (s.histogram_.count() != n || (s.exact_ && s.exact_->count() != n)) {
      r.fail(at, "statistic parts disagree on the count (moments " + std::to_string(n) +
                     ", histogram " + std::to_string(s.histogram_.count()) + ")");
    }
    x = std::move(s);
  }

  // ----------------------------------------------------------------------------- paired
  static void save(byte_writer& w, const paired& x) {
    header(w, serial_paired);
    save(w, x.difference_);
    w.u64(x.cheaper_);
  }
  static void load(byte_reader& r, paired& x) {
    const std::size_t at = r.offset();
    expect(r, serial_paired);
    paired p;
    load(r, p.difference_);
    p.cheaper_ = r.u64();
    if (p.cheaper_ > p.difference_.count()) {
      r.fail(at, "paired cheaper count " + std::to_string(p.cheaper_) + " above its count " +
                     std::to_string(p.difference_.count()));
    }
    x = p;
  }

  // ------------------------------------------------------------------ option_statistics
  static void save(byte_writer& w, const option_statistics& x) {
    header(w, serial_option);
    w.str(x.name);
    save(w, x.cost);
    names(w, x.line_names);
    statistics(w, x.lines);
    save(w, x.unserved_task_seconds);
    save(w, x.interruptions);
    save(w, x.task_hours);
    save(w, x.utilisation);
    save(w, x.unplaceable_tasks);
    save(w, x.vs_baseline);
    names(w, x.allocation_names);
    statistics(w, x.allocation);
    save(w, x.coverage);
    save(w, x.covered_usd);
    names(w, x.commitment_names);
    statistics(w, x.commitment_utilisation);
    statistics(w, x.commitment_unused);
    statistics(w, x.binding);
    w.u64(x.density.size());
    for (const auto& d : x.density) {
      w.u64(d.service);
      w.u64(d.instance_type);
      w.i64(d.tasks_per_instance);
      w.u8(static_cast<std::uint8_t>(d.binds));
      w.i64(d.without_eni_limit);
      w.i64(d.with_trunking.value_or(-1));
    }
    w.u64(x.vs_option.size());
    for (const auto& p : x.vs_option) save(w, p);
  }
  static void load(byte_reader& r, option_statistics& x) {
    const std::size_t at = r.offset();
    expect(r, serial_option);
    option_statistics o;
    o.name = r.str();
    load(r, o.cost);
    o.line_names = names(r);
    o.lines = statistics(r);
    load(r, o.unserved_task_seconds);
    load(r, o.interruptions);
    load(r, o.task_hours);
    load(r, o.utilisation);
    load(r, o.unplaceable_tasks);
    load(r, o.vs_baseline);
    o.allocation_names = names(r);
    o.allocation = statistics(r);
    load(r, o.coverage);
    load(r, o.covered_usd);
    o.commitment_names = names(r);
    o.commitment_utilisation = statistics(r);
    o.commitment_unused = statistics(r);
    o.binding = statistics(r);
    if (!o.binding.empty() && o.binding.size() != sim::all_binding_resources.size())
      r.fail(at, "option '" + o.name + "': " + std::to_string(o.binding.size()) + " binding shares, not " +
                     std::to_string(sim::all_binding_resources.size()));
    const std::size_t n_density = r.count(5 * 8 + 1, "density count");
    for (std::size_t i = 0; i < n_density; ++i) {
      sim::task_density d;
      const std::uint64_t service = r.u64(), type = r.u64();
      if (service > std::numeric_limits<std::uint32_t>::max() || type > std::numeric_limits<std::uint32_t>::max()) r.fail(at, "a density row's index is out of range");
      d.service = std::uint32_t(service);
      d.instance_type = std::uint32_t(type);
      d.tasks_per_instance = r.i64();
      const std::size_t binds_at = r.offset();
      const std::uint8_t binds = r.u8();
      if (binds >= sim::all_binding_resources.size()) r.fail(binds_at, "binding resource " + std::to_string(binds));
      d.binds = sim::all_binding_resources[binds];
      d.without_eni_limit = r.i64();
      if (const std::int64_t w = r.i64(); w >= 0) d.with_trunking = w;
      o.density.push_back(d);
    }
    const std::size_t n_pairs = r.count(2 + 2 + 4 * 8 + 8, "paired count");
    for (std::size_t i = 0; i < n_pairs; ++i) {
      paired p;
      load(r, p);
      o.vs_option.push_back(p);
    }
    // The accumulator indexes each statistics list by its names' positions.
    if (o.lines.size() != o.line_names.size() || o.allocation.size() != o.allocation_names.size() ||
        o.commitment_utilisation.size() != o.commitment_names.size() ||
        o.commitment_unused.size() != o.commitment_names.size()) {
      r.fail(at, "option '" + o.name + "': a statistics list and its names differ in length");
    }
    x = std::move(o);
  }

  // --------------------------------------------------------------- scenario_accumulator
  static void save(byte_writer& w, const scenario_accumulator& x) {
    header(w, serial_accumulator);
    w.u64(x.baseline_);
    w.u8(x.exact_ ? 1 : 0);
    w.u64(x.count_);
    save(w, x.demand_);
    w.u64(x.options_.size());
    for (const auto& o : x.options_) save(w, o);
  }
  static void load(byte_reader& r, scenario_accumulator& x) {
    const std::size_t at = r.offset();
    expect(r, serial_accumulator);
    const std::uint64_t baseline = r.u64();
    const bool exact = flag(r);
    const std::uint64_t count = r.u64();
    statistic demand;
    load(r, demand);
    const std::size_t n = r.count(serial_min_object_bytes, "option count");
    std::vector<option_statistics> options;  // grows with what was actually read
    for (std::size_t i = 0; i < n; ++i) load(r, options.emplace_back());
    if (!options.empty() && baseline >= options.size()) {
      r.fail(at, "baseline option " + std::to_string(baseline) + " of " +
                     std::to_string(options.size()) + " options");
    }
    for (const auto& o : options)
      if (o.vs_option.size() != options.size())
        r.fail(at, "option '" + o.name + "': " + std::to_string(o.vs_option.size()) + " paired comparisons for " +
                       std::to_string(options.size()) + " options");
    if (demand.count() != count) {
      r.fail(at, "accumulator count " + std::to_string(count) + " but demand count " +
                     std::to_string(demand.count()));
    }
    // Nothing below throws: x changes only once everything has been read.
    x.options_ = std::move(options);
    x.demand_ = std::move(demand);
    x.baseline_ = static_cast<std::size_t>(baseline);
    x.exact_ = exact;
    x.count_ = count;
  }
};

}  // namespace detail

inline void save(byte_writer& w, const moments& x) {
  detail::serial_access::save(w, x);
}
inline void save(byte_writer& w, const log_histogram& x) {
  detail::serial_access::save(w, x);
}
inline void save(byte_writer& w, const exact_quantiles& x) {
  detail::serial_access::save(w, x);
}
inline void save(byte_writer& w, const statistic& x) {
  detail::serial_access::save(w, x);
}
inline void save(byte_writer& w, const paired& x) {
  detail::serial_access::save(w, x);
}
inline void save(byte_writer& w, const option_statistics& x) {
  detail::serial_access::save(w, x);
}
inline void save(byte_writer& w, const scenario_accumulator& x) {
  detail::serial_access::save(w, x);
}

inline void load(byte_reader& r, moments& x) {
  detail::serial_access::load(r, x);
}
inline void load(byte_reader& r, log_histogram& x) {
  detail::serial_access::load(r, x);
}
inline void load(byte_reader& r, exact_quantiles& x) {
  detail::serial_access::load(r, x);
}
inline void load(byte_reader& r, statistic& x) {
  detail::serial_access::load(r, x);
}
inline void load(byte_reader& r, paired& x) {
  detail::serial_access::load(r, x);
}
inline void load(byte_reader& r, option_statistics& x) {
  detail::serial_access::load(r, x);
}
inline void load(byte_reader& r, scenario_accumulator& x) {
  detail::serial_access::load(r, x);
}

}  // namespace fleetcast::mc
