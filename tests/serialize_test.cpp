// Exact binary save/load of the Monte Carlo accumulators (fleetcast/mc/serialize.hpp).
// Where the expected values come from: the byte layout of a few fields is pinned by hand
// (little-endian; 1.0 is IEEE 754 0x3FF0000000000000); everything else is checked against the
// in-memory objects themselves. There is no tolerance anywhere: load(save(x)) must equal x,
// save(load(save(x))) must be the same bytes, and merging loaded blocks in order must give the
// same bytes and the same summaries (compared bit by bit) as merging the originals.
// Random data comes from fleetcast's own streams with fixed seeds, so every run is the same.

#include <gtest/gtest.h>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fleetcast/billing/commitments.hpp"
#include "fleetcast/core/error.hpp"
#include "fleetcast/core/random.hpp"
#include "fleetcast/examples.hpp"
#include "fleetcast/io/scenario_json.hpp"
#include "fleetcast/mc/accumulator.hpp"
#include "fleetcast/mc/serialize.hpp"
#include "fleetcast/sim/simulate.hpp"

namespace fleetcast::mc {
namespace {

std::uint64_t bits(double x) {
  return std::bit_cast<std::uint64_t>(x);
}

/// n values of scenario-like data: lognormal costs (mean 100, cv 0.8), with every 7th value
/// shifted negative, every 11th exactly 0 and every 13th tiny (|v| < 1e-9, the zero bucket),
/// so both histogram sides and the zero bucket are used.
std::vector<double> sample(std::uint64_t seed, std::size_t n) {
  std::vector<double> v;
  for (std::size_t i = 0; i < n; ++i) {
    auto g = make_stream(seed, i, stream_purpose::other);
    double x = lognormal_mean_cv(g, 100.0, 0.8);
    if (i % 7 == 3) x -= 150.0;
    if (i % 11 == 5) x = 0.0;
    if (i % 13 == 6) x = 1e-12;
    v.push_back(x);
  }
  return v;
}

/// Splits [0, n) into uneven blocks (one of a single value, one empty) as bounds.
std::vector<std::size_t> block_bounds(std::size_t n) {
  return {0, 1, 1, n / 3, n / 2 + 7, n};
}

template <class T>
T round_trip(const T& x, T into = T{}) {
  from_bytes(to_bytes(x), "round-trip", into);
  return into;
}

/// Every field the same bits (NaNs included).
void expect_same(const summary& a, const summary& b) {
  EXPECT_EQ(a.count, b.count);
  for (auto f : {&summary::mean, &summary::stddev, &summary::ci95_lo, &summary::ci95_hi,
                 &summary::p50, &summary::p90, &summary::p95, &summary::p99, &summary::cvar95,
                 &summary::min, &summary::max}) {
    EXPECT_EQ(bits(a.*f), bits(b.*f));
  }
  EXPECT_EQ(a.exact_quantiles, b.exact_quantiles);
}
void expect_same(const paired::summary& a, const paired::summary& b) {
  EXPECT_EQ(a.count, b.count);
  using S = paired::summary;
  for (auto f : {&S::mean_diff, &S::stddev_diff, &S::ci95_lo, &S::ci95_hi, &S::prob_cheaper,
                 &S::prob_cheaper_lo, &S::prob_cheaper_hi}) {
    EXPECT_EQ(bits(a.*f), bits(b.*f));
  }
}
/// Summaries of copies: with kept values the first query sorts them in place, which would
/// change later bytes of the object itself.
summary summary_of(const statistic& s) {
  return statistic(s).summarise();
}

void expect_same(const statistic& a, const statistic& b) {
  EXPECT_EQ(to_bytes(a), to_bytes(b));
  EXPECT_EQ(a.moments(), b.moments());
  EXPECT_EQ(a.histogram(), b.histogram());
  EXPECT_EQ(a.exact() != nullptr, b.exact() != nullptr);
  expect_same(summary_of(a), summary_of(b));
}
void expect_same(const std::vector<statistic>& a, const std::vector<statistic>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) expect_same(a[i], b[i]);
}
void expect_same(const scenario_accumulator& a, const scenario_accumulator& b) {
  EXPECT_EQ(to_bytes(a), to_bytes(b));
  EXPECT_EQ(a.count(), b.count());
  EXPECT_EQ(a.baseline(), b.baseline());
  EXPECT_EQ(bits(a.worst_relative_ci()), bits(b.worst_relative_ci()));
  expect_same(a.demand(), b.demand());
  ASSERT_EQ(a.options().size(), b.options().size());
  for (std::size_t i = 0; i < a.options().size(); ++i) {
    const option_statistics& x = a.options()[i];
    const option_statistics& y = b.options()[i];
    SCOPED_TRACE(x.name);
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.line_names, y.line_names);
    EXPECT_EQ(x.allocation_names, y.allocation_names);
    EXPECT_EQ(x.commitment_names, y.commitment_names);
    for (auto f : {&option_statistics::cost, &option_statistics::unserved_task_seconds,
                   &option_statistics::interruptions, &option_statistics::task_hours,
                   &option_statistics::utilisation, &option_statistics::unplaceable_tasks,
                   &option_statistics::coverage, &option_statistics::covered_usd}) {
      expect_same(x.*f, y.*f);
    }
    expect_same(x.lines, y.lines);
    expect_same(x.allocation, y.allocation);
    expect_same(x.commitment_utilisation, y.commitment_utilisation);
    expect_same(x.commitment_unused, y.commitment_unused);
    EXPECT_EQ(x.vs_baseline.difference(), y.vs_baseline.difference());
    EXPECT_EQ(x.vs_baseline.cheaper_count(), y.vs_baseline.cheaper_count());
    expect_same(x.vs_baseline.summarise(), y.vs_baseline.summarise());
    ASSERT_EQ(x.vs_option.size(), y.vs_option.size());  // every pair of options, for the verdict
    for (std::size_t j = 0; j < x.vs_option.size(); ++j) {
      EXPECT_EQ(x.vs_option[j].difference(), y.vs_option[j].difference());
      EXPECT_EQ(x.vs_option[j].cheaper_count(), y.vs_option[j].cheaper_count());
    }
  }
}

/// Expects `f` to throw input_error [fleetcast.input.1] whose message names the place.
template <class F>
void expect_corrupt(F&& f, std::string_view place = "blob") {
  try {
    f();
    ADD_FAILURE() << "no exception";
  } catch (const input_error& e) {
    EXPECT_EQ(e.id(), "fleetcast.input.1");
    EXPECT_NE(e.place().find(std::string(place) + " @ byte "), std::string::npos) << e.what();
    EXPECT_NE(e.message().find("truncated or corrupt partial-state data"), std::string::npos);
  }
}

// ------------------------------------------------------------------------- bytes and reader

TEST(SerializeBytes, LittleEndianExactBits) {
  byte_writer w;
  w.u64(0x0102030405060708);
  w.f64(1.0);
  w.i64(-2);
  w.u8(0xab);
  w.str(std::string_view("a\0b", 3));
  const std::string expected = std::string("\x08\x07\x06\x05\x04\x03\x02\x01", 8) +
                               std::string("\0\0\0\0\0\0\xf0\x3f", 8) +
                               std::string("\xfe\xff\xff\xff\xff\xff\xff\xff", 8) + "\xab" +
                               std::string("\x03\0\0\0\0\0\0\0", 8) + std::string("a\0b", 3);
  EXPECT_EQ(w.bytes(), expected);

  // Every bit pattern survives, including −0, infinities, a NaN payload and a subnormal.
  const std::vector<double> specials = {-0.0,
                                        std::numeric_limits<double>::infinity(),
                                        -std::numeric_limits<double>::infinity(),
                                        std::bit_cast<double>(std::uint64_t{0x7ff8dead0000beef}),
                                        std::numeric_limits<double>::denorm_min(),
                                        std::numeric_limits<double>::max()};
  for (double x : specials) w.f64(x);
  w.i64(std::numeric_limits<std::int64_t>::min());
  const std::string blob = w.take();
  EXPECT_TRUE(w.bytes().empty());

  byte_reader r(blob, "blob");
  EXPECT_EQ(r.u64(), 0x0102030405060708u);
  EXPECT_EQ(r.f64(), 1.0);
  EXPECT_EQ(r.i64(), -2);
  EXPECT_EQ(r.u8(), 0xab);
  EXPECT_EQ(r.str(), std::string("a\0b", 3));
  for (double x : specials) EXPECT_EQ(bits(r.f64()), bits(x));
  EXPECT_EQ(r.i64(), std::numeric_limits<std::int64_t>::min());
  EXPECT_TRUE(r.at_end());
  EXPECT_EQ(r.offset(), blob.size());
}

TEST(SerializeBytes, ReadPastTheEndThrowsWithPlaceAndOffset) {
  const std::string seven(7, '\0');
  byte_reader r(seven, "part-3.bin");
  EXPECT_EQ(r.u8(), 0);
  try {
    (void)r.u64();
    ADD_FAILURE() << "no exception";
  } catch (const input_error& e) {
    EXPECT_EQ(e.id(), "fleetcast.input.1");
    EXPECT_EQ(e.place(), "part-3.bin @ byte 1");
    EXPECT_EQ(e.message(), "truncated or corrupt partial-state data (a u64 needs 8 bytes, 6 left)");
  }
  byte_reader empty("", "blob");
  expect_corrupt([&] { (void)empty.u8(); });
  expect_corrupt([&] { (void)empty.f64(); });
  expect_corrupt([&] { (void)empty.str(); });
}

TEST(SerializeBytes, HugeLengthsThrowBeforeAllocating) {
  // A declared length of 2^60: an attempt to allocate it would throw std::length_error or
  // std::bad_alloc, not input_error, so these also show that the check comes first.
  constexpr std::uint64_t huge = std::uint64_t{1} << 60;
  const auto blob = [](auto&& write) {
    byte_writer w;
    write(w);
    w.u64(huge);
    w.u64(0);  // a few bytes of "content"
    return w.take();
  };
  const std::string str_blob = blob([](byte_writer&) {});
  expect_corrupt([&] {
    byte_reader r(str_blob, "blob");
    (void)r.str();
  });
  // Kept values: tag, version, sorted flag, then the count.
  const std::string values_blob = blob([](byte_writer& w) {
    w.u8('Q');
    w.u8(1);
    w.u8(0);
  });
  expect_corrupt([&] {
    exact_quantiles e;
    from_bytes(values_blob, "blob", e);
  });
  // Histogram buckets: the positive side's count.
  const std::string hist_blob = blob([](byte_writer& w) {
    w.u8('H');
    w.u8(2);
    w.f64(detail::hist_log_gamma);
    w.f64(log_histogram::zero_threshold);
    w.u64(1);
    w.u64(0);
    w.f64(1.0);
    w.f64(1.0);
    w.i64(0);
  });
  expect_corrupt([&] {
    log_histogram h;
    from_bytes(hist_blob, "blob", h);
  });
  // The number of options of an accumulator.
  const std::string acc_blob = blob([](byte_writer& w) {
    w.u8('A');
    w.u8(1);
    w.u64(0);
    w.u8(0);
    w.u64(0);
    save(w, statistic());
  });
  expect_corrupt([&] {
    sim::scenario s;
    scenario_accumulator acc(s, false, 0);
    from_bytes(acc_blob, "blob", acc);
  });
}

// ------------------------------------------------------------------------------ the parts

TEST(SerializeParts, MomentsRoundTripExactly) {
  for (std::size_t n : {0, 1, 2, 3, 1000}) {
    moments m;
    for (double x : sample(11, n)) m.add(x);
    const moments back = round_trip(m);
    EXPECT_EQ(back, m);
    EXPECT_EQ(bits(back.variance()), bits(m.variance()));
    EXPECT_EQ(bits(back.min()), bits(m.min()));  // +inf when empty
    EXPECT_EQ(to_bytes(back), to_bytes(m));
    EXPECT_EQ(to_bytes(m).size(), 2u + 5u * 8u);
  }
}

TEST(SerializeParts, HistogramRoundTripsAndMergesIdentically) {
  const std::vector<double> v = sample(12, 5000);
  const std::vector<std::size_t> b = block_bounds(v.size());
  std::vector<log_histogram> blocks(b.size() - 1);
  for (std::size_t k = 0; k + 1 < b.size(); ++k) {
    for (std::size_t i = b[k]; i < b[k + 1]; ++i) blocks[k].add(v[i]);
  }
  log_histogram merged, merged_loaded;
  for (const auto& h : blocks) {
    const log_histogram back = round_trip(h);
    EXPECT_TRUE(back == h);
    EXPECT_EQ(to_bytes(back), to_bytes(h));
    merged.merge(h);
    merged_loaded.merge(back);
  }
  EXPECT_TRUE(merged_loaded == merged);
  EXPECT_EQ(to_bytes(merged_loaded), to_bytes(merged));
  const log_histogram back = round_trip(merged);
  for (double q : {0.0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 1.0}) {
    EXPECT_EQ(bits(back.quantile(q)), bits(merged.quantile(q)));
    EXPECT_EQ(bits(back.tail_mean(q)), bits(merged.tail_mean(q)));
  }
  // The loaded buffer is trimmed, so it grows differently; the content must not care.
  log_histogram grown = merged, grown_loaded = back;
  for (double x : sample(13, 300)) {
    grown.add(x * 1e6);
    grown_loaded.add(x * 1e6);
  }
  grown.merge(merged);
  grown_loaded.merge(back);
  EXPECT_TRUE(grown_loaded == grown);
  EXPECT_EQ(to_bytes(grown_loaded), to_bytes(grown));
  EXPECT_TRUE(round_trip(log_histogram()) == log_histogram());
}

TEST(SerializeParts, KeptValuesKeepTheirOrderAndSortedFlag) {
  const std::vector<double> v = sample(14, 500);
  exact_quantiles unsorted, sorted;
  for (double x : v) {
    unsorted.add(x);
    sorted.add(x);
  }
  sorted.sort();
  const exact_quantiles empty;
  for (const exact_quantiles* e : std::vector<const exact_quantiles*>{&unsorted, &sorted, &empty}) {
    const exact_quantiles original = *e;
    const exact_quantiles back = round_trip(original);
    EXPECT_EQ(to_bytes(back), to_bytes(original));
    EXPECT_EQ(back.count(), original.count());
    // Appending after load gives the same order as appending to the original.
    exact_quantiles a = original, b = back;
    a.merge(unsorted);
    b.merge(unsorted);
    EXPECT_EQ(to_bytes(a), to_bytes(b));
    for (double q : {0.0, 0.5, 0.99, 1.0}) {
      EXPECT_EQ(bits(back.quantile(q)), bits(original.quantile(q)));
      EXPECT_EQ(bits(back.tail_mean(q)), bits(original.tail_mean(q)));
    }
  }
  // Unsorted and sorted states differ in bytes (the order is state: later appends follow it).
  EXPECT_NE(to_bytes(unsorted), to_bytes(sorted));
}

TEST(SerializeParts, StatisticAndPairedBlocksMergeToTheSameBits) {
  const std::vector<double> v = sample(15, 4000);
  const std::vector<double> base = sample(16, 4000);
  const std::vector<std::size_t> b = block_bounds(v.size());
  for (bool keep : {false, true}) {
    SCOPED_TRACE(keep ? "kept values" : "histogram only");
    statistic merged(keep), merged_loaded(keep);
    paired pmerged, pmerged_loaded;
    for (std::size_t k = 0; k + 1 < b.size(); ++k) {
      statistic s(keep);
      paired p;
      for (std::size_t i = b[k]; i < b[k + 1]; ++i) {
        s.add(v[i]);
        p.add(v[i], base[i]);
      }
      const statistic s_back = round_trip(s);
      const paired p_back = round_trip(p);
      expect_same(s_back, s);
      EXPECT_EQ(to_bytes(p_back), to_bytes(p));
      EXPECT_EQ(p_back.difference(), p.difference());
      EXPECT_EQ(p_back.cheaper_count(), p.cheaper_count());
      merged.merge(s);
      merged_loaded.merge(s_back);
      pmerged.merge(p);
      pmerged_loaded.merge(p_back);
      // A merged prefix (a checkpoint) saved and loaded continues the same way.
      merged_loaded = round_trip(merged_loaded);
      pmerged_loaded = round_trip(pmerged_loaded);
    }
    expect_same(merged_loaded, merged);
    EXPECT_EQ(to_bytes(pmerged_loaded), to_bytes(pmerged));
    expect_same(pmerged_loaded.summarise(), pmerged.summarise());
    EXPECT_EQ(merged.count(), v.size());
  }
  // Merging a part without kept values drops them; that state survives too.
  statistic with(true), without(false);
  with.add(1.0);
  without.add(2.0);
  with.merge(without);
  ASSERT_EQ(with.exact(), nullptr);
  expect_same(round_trip(with), with);
}

// -------------------------------------------------------------------- scenario accumulator

/// The example scenario plus a twin of ecs-fargate with a $0.05/h Compute Savings Plan, so
/// that commitment statistics exist.
const sim::scenario& scenario_with_plan() {
  static const sim::scenario s = [] {
    sim::scenario x = parse_scenario(example_scenario_json(), "x", default_catalog());
    sim::option twin = x.options[0];
    twin.name = "ecs-fargate-csp";
    commitment plan;
    plan.name = "csp";
    plan.type = commitment_type::compute_sp;
    plan.hourly_commitment = 0.05;
    twin.commitments = {plan};
    x.options.push_back(twin);
    return x;
  }();
  return s;
}

/// Block k of `per_block` scenarios, as the engine fills it.
scenario_accumulator block(bool exact, std::size_t baseline, std::uint64_t k,
                           std::uint64_t per_block) {
  const sim::scenario& s = scenario_with_plan();
  scenario_accumulator acc(s, exact, baseline);
  for (std::uint64_t i = k * per_block; i < (k + 1) * per_block; ++i) {
    acc.add(sim::simulate_path(s, default_catalog(), i), double(i));
  }
  return acc;
}

TEST(SerializeAccumulator, SimulatedBlocksAndCheckpointsMergeToTheSameBits) {
  const sim::scenario& s = scenario_with_plan();
  for (const auto& [exact, baseline] :
       {std::pair{true, std::size_t{0}}, std::pair{false, std::size_t{2}}}) {
    SCOPED_TRACE(exact ? "exact quantiles" : "histograms");
    std::vector<scenario_accumulator> blocks;
    for (std::uint64_t k = 0; k < 4; ++k) blocks.push_back(block(exact, baseline, k, 3));
    {
      const option_statistics& plan = blocks[0].options().back();
      ASSERT_EQ(plan.commitment_names, std::vector<std::string>{"csp"});
      ASSERT_EQ(plan.commitment_utilisation.size(), 1u);
      ASSERT_EQ(plan.commitment_utilisation[0].count(), 3u);
      ASSERT_FALSE(plan.lines.empty());
      ASSERT_FALSE(plan.allocation.empty());
      // The cost is kept either way (up to statistic::default_exact_limit); the lines only
      // with exact quantiles.
      ASSERT_NE(plan.cost.exact(), nullptr);
      ASSERT_EQ(plan.lines[0].exact() != nullptr, exact);
      ASSERT_EQ(plan.vs_option.size(), s.options.size());
      ASSERT_EQ(plan.vs_option[0].count(), 3u);
    }
    // One process: merge in block order into an empty accumulator, as the engine does.
    scenario_accumulator single(s, exact, baseline);
    for (const auto& b : blocks) single.merge(b);

    // Blocks written and read back, into accumulators built from another scenario and
    // configuration: load replaces everything.
    sim::scenario other;
    scenario_accumulator multi(s, exact, baseline);
    for (const auto& b : blocks) {
      scenario_accumulator back(other, !exact, 0);
      from_bytes(to_bytes(b), "block.bin", back);
      expect_same(back, b);
      multi.merge(back);
    }
    expect_same(multi, single);

    // A checkpoint after two blocks, resumed in "another process".
    scenario_accumulator prefix(s, exact, baseline);
    prefix.merge(blocks[0]);
    prefix.merge(blocks[1]);
    scenario_accumulator resumed(other, false, 0);
    from_bytes(to_bytes(prefix), "checkpoint.bin", resumed);
    resumed.merge(blocks[2]);
    resumed.merge(round_trip(blocks[3], scenario_accumulator(other, false, 0)));
    expect_same(resumed, single);

    // The empty accumulator (no scenario yet) round-trips too.
    const scenario_accumulator empty(s, exact, baseline);
    expect_same(round_trip(empty, scenario_accumulator(other, false, 0)), empty);
  }
}

TEST(SerializeAccumulator, EveryPrefixOfABlobThrows) {
  const scenario_accumulator b = block(true, 0, 5, 1);
  const std::string blob = to_bytes(b);
  const sim::scenario& s = scenario_with_plan();
  scenario_accumulator target(s, true, 0);
  const std::string before = to_bytes(target);
  for (std::size_t n = 0; n < blob.size(); ++n) {
    try {
      from_bytes(std::string_view(blob).substr(0, n), "blob", target);
      ADD_FAILURE() << "prefix of " << n << " bytes loaded";
    } catch (const input_error& e) {
      if (e.id() != "fleetcast.input.1") ADD_FAILURE() << e.what();
    }
  }
  EXPECT_EQ(to_bytes(target), before);  // a failed load leaves its target unchanged
  // And one trailing byte too many.
  expect_corrupt([&] { from_bytes(blob + '\0', "blob", target); });
  from_bytes(blob, "blob", target);
  expect_same(target, b);
}

TEST(SerializeAccumulator, CorruptBytesThrowOrLoadCanonically) {
  // Any byte changed: load either throws input_error or accepts data it writes back
  // identically (nothing it accepts breaks a later summary or save).
  const std::string blob = to_bytes(block(true, 1, 0, 2));
  const sim::scenario& s = scenario_with_plan();
  auto g = make_stream(99, 0, stream_purpose::other);
  int accepted = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    std::string bad = blob;
    const auto at = static_cast<std::size_t>(uniform_below(g, bad.size()));
    bad[at] = static_cast<char>(bad[at] ^ static_cast<char>(1 + uniform_below(g, 255)));
    scenario_accumulator acc(s, true, 1);
    try {
      from_bytes(bad, "blob", acc);
    } catch (const input_error& e) {
      if (e.id() != "fleetcast.input.1") ADD_FAILURE() << e.what();
      continue;
    }
    ++accepted;
    ASSERT_EQ(to_bytes(acc), bad) << "byte " << at;
    for (const auto& o : acc.options()) (void)statistic(o.cost).summarise();
  }
  EXPECT_GT(accepted, 0);  // most bytes are doubles: changing one is not detectable
}

TEST(SerializeAccumulator, WrongObjectsAndBrokenInvariantsFailLoudly) {
  moments m;
  m.add(1.0);
  const std::string moments_blob = to_bytes(m);
  expect_corrupt([&] {
    log_histogram h;
    from_bytes(moments_blob, "blob", h);
  });
  std::string newer = moments_blob;
  newer[1] = 2;  // a later format version
  expect_corrupt([&] {
    moments x;
    from_bytes(newer, "blob", x);
  });

  // Hand-built objects that break an invariant later code relies on.
  const auto expect_rejected = [](auto&& write, auto target) {
    byte_writer w;
    write(w);
    expect_corrupt([&] { from_bytes(w.bytes(), "blob", target); });
  };
  const auto hist = [](byte_writer& w, std::uint64_t count, std::int64_t first,
                       std::vector<std::uint64_t> counts) {
    w.u8('H');
    w.u8(2);
    w.f64(detail::hist_log_gamma);
    w.f64(log_histogram::zero_threshold);
    w.u64(count);
    w.u64(0);
    w.f64(1.0);
    w.f64(2.0);
    w.i64(first);
    w.u64(counts.size());
    for (auto c : counts) w.u64(c);
    w.i64(0);
    w.u64(0);
  };
  {  // the valid one, to show the rejections below are about the one thing changed
    byte_writer w;
    hist(w, 3, 10, {1, 0, 2});
    log_histogram h;
    from_bytes(w.bytes(), "blob", h);
    EXPECT_EQ(h.count(), 3u);
    EXPECT_EQ(to_bytes(h), w.bytes());
  }
  expect_rejected([&](byte_writer& w) { hist(w, 4, 10, {1, 0, 2}); }, log_histogram());
  expect_rejected([&](byte_writer& w) { hist(w, 3, 10, {0, 1, 2}); }, log_histogram());
  expect_rejected([&](byte_writer& w) { hist(w, 3, 710000, {1, 2}); }, log_histogram());
  expect_rejected([&](byte_writer& w) { hist(w, 3, -21001, {1, 2}); }, log_histogram());
  expect_rejected([&](byte_writer& w) { hist(w, 0, 5, {}); }, log_histogram());
  expect_rejected(
      [](byte_writer& w) {  // another bucket layout
        w.u8('H');
        w.u8(2);
        w.f64(0.01);
        w.f64(log_histogram::zero_threshold);
      },
      log_histogram());
  expect_rejected(
      [](byte_writer& w) {  // a NaN kept value would break the sort
        w.u8('Q');
        w.u8(1);
        w.u8(0);
        w.u64(1);
        w.f64(std::numeric_limits<double>::quiet_NaN());
      },
      exact_quantiles());
  expect_rejected(
      [](byte_writer& w) {  // flagged sorted, but not
        w.u8('Q');
        w.u8(1);
        w.u8(1);
        w.u64(2);
        w.f64(2.0);
        w.f64(1.0);
      },
      exact_quantiles());
  expect_rejected(
      [](byte_writer& w) {  // a bool that is 2
        w.u8('Q');
        w.u8(1);
        w.u8(2);
        w.u64(0);
      },
      exact_quantiles());
  expect_rejected(
      [&](byte_writer& w) {  // moments and histogram disagree on the count
        w.u8('S');
        w.u8(2);
        save(w, m);
        save(w, log_histogram());
        w.u8(0);
      },
      statistic());
  expect_rejected(
      [&](byte_writer& w) {  // cheaper than the number of pairs
        w.u8('P');
        w.u8(1);
        save(w, m);
        w.u64(2);
      },
      paired());
  expect_rejected(
      [&](byte_writer& w) {  // two line names, one line statistic
        option_statistics o;
        o.line_names = {"a", "b"};
        o.lines.resize(1);
        save(w, o);
      },
      option_statistics());

  // The baseline must name an option.
  const sim::scenario& s = scenario_with_plan();
  scenario_accumulator acc(s, false, 0);
  std::string blob = to_bytes(acc);
  blob[2] = static_cast<char>(s.options.size());  // baseline, low byte
  expect_corrupt([&] { from_bytes(blob, "blob", acc); });
}

}  // namespace
}  // namespace fleetcast::mc
