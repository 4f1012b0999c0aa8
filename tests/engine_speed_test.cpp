// The engine's speed-ups must change no bit; each is checked against the computation it
// replaced (EXPECT_EQ on doubles, deliberately):
//   - the noise's exponentials four at a time (demand::detail::scale_by_exp) against the
//     std::exp loop they replaced, over the arguments the noise produces and the edge cases
//     the C library handles apart (tiny, huge, infinite, NaN);
//   - standard_normal's inline common case against the ziggurat loop as it was written before
//     (copied below), a million draws;
//   - the histogram's remembered bucket: bucket_index's bounds hold every magnitude they admit;
//   - the Monte Carlo engine's reused per-block buffers (sim::detail::path_workspace) against
//     fresh ones for every trial.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "fleetcast/core/random.hpp"
#include "fleetcast/demand/demand_model.hpp"
#include "fleetcast/examples.hpp"
#include "fleetcast/io/scenario_json.hpp"
#include "fleetcast/mc/log_histogram.hpp"
#include "fleetcast/sim/simulate.hpp"

namespace fleetcast {
namespace {

bool same_bits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

TEST(EngineSpeed, ExponentialsFourAtATimeAreStdExp) {
  xoshiro256pp g(11);
  const double inf = std::numeric_limits<double>::infinity();
  // Lengths around the vector width, and a day of minutes; AR(1) log-noise with σ from 0.01
  // to 3 (the model's range of cv), shifted by σ²/2 as generate_on_levels does.
  for (const std::size_t n : {0, 1, 3, 4, 5, 7, 8, 9, 1440}) {
    for (const double sd : {0.01, 0.1, 0.5, 3.0}) {
      std::vector<double> levels(n), x(n);
      for (std::size_t i = 0; i < n; ++i) {
        levels[i] = 0.5 + uniform01(g) * 10;
        x[i] = sd * standard_normal(g);
      }
      const double h = 0.5 * sd * sd;
      std::vector<double> expect(n);
      for (std::size_t i = 0; i < n; ++i) expect[i] = levels[i] * std::exp(x[i] - h);
      demand::detail::scale_by_exp(levels, x, h);
      for (std::size_t i = 0; i < n; ++i) ASSERT_TRUE(same_bits(x[i], expect[i])) << "n " << n << " i " << i;
    }
  }
  // Arguments glibc treats apart (|v| < 2^-54, |v| >= 512, overflow, underflow, ±inf, NaN),
  // mixed with ordinary ones in every lane position.
  const std::vector<double> edge = {0.0,   -0.0,    0x1p-60, -0x1p-60, 0x1p-54, 511.9, 512.0, -700.0, -745.2,
                                    709.0, 709.8,   710.0,   -1e300,   1e300,   inf,   -inf,  1.0,    -1.0,
                                    std::numeric_limits<double>::quiet_NaN(), 1e-310, 0.25};
  for (std::size_t shift = 0; shift < 4; ++shift) {
    std::vector<double> x(shift, 0.5);
    x.insert(x.end(), edge.begin(), edge.end());
    std::vector<double> levels(x.size(), 1.0), expect(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) expect[i] = levels[i] * std::exp(x[i] - 0.0);
    demand::detail::scale_by_exp(levels, x, 0.0);
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (std::isnan(expect[i])) {
        EXPECT_TRUE(std::isnan(x[i])) << i;
      } else {
        EXPECT_TRUE(same_bits(x[i], expect[i])) << "shift " << shift << " value " << edge[i - shift];
      }
    }
  }
}

// standard_normal as written before its common case was made inline (the loop, verbatim).
template <class G>
double standard_normal_before(G& g) noexcept {
  using detail::zig_norm_f;
  using detail::zig_norm_x;
  for (;;) {
    const std::uint64_t bits = g();
    const auto i = static_cast<std::size_t>(bits & 0xff);
    const bool negative = ((bits >> 8) & 1) != 0;
    const double x = static_cast<double>(bits >> 11) * 0x1.0p-53 * zig_norm_x[i];
    if (x < zig_norm_x[i + 1]) return negative ? -x : x;
    if (i == 0) {
      const double t = detail::normal_tail(g, detail::zig_norm_r);
      return negative ? -t : t;
    }
    const double y = zig_norm_f[i] + (zig_norm_f[i + 1] - zig_norm_f[i]) * uniform01(g);
    if (y < std::exp(-0.5 * x * x)) return negative ? -x : x;
  }
}

TEST(EngineSpeed, InlineStandardNormalDrawsAsBefore) {
  xoshiro256pp a = make_stream(42, 3, stream_purpose::demand, 0);
  xoshiro256pp b = a;
  for (int k = 0; k < 1'000'000; ++k) {
    const double x = standard_normal(a), y = standard_normal_before(b);
    ASSERT_TRUE(same_bits(x, y)) << "draw " << k;
  }
  EXPECT_TRUE(a == b);  // the same engine outputs consumed
}

TEST(EngineSpeed, HistogramBucketBoundsAdmitOnlyTheirBucket) {
  xoshiro256pp g(5);
  for (int k = 0; k < 20'000; ++k) {
    const double m = std::exp(uniform(g, -20.0, 40.0));
    double lo = 0, hi = 0;
    const int i = mc::log_histogram::bucket_index(m, lo, hi);
    ASSERT_EQ(i, mc::log_histogram::bucket_index(m));
    ASSERT_EQ(lo, mc::log_histogram::bucket_upper(i - 1));
    ASSERT_EQ(hi, mc::log_histogram::bucket_upper(i));
    ASSERT_TRUE(lo < m && m <= hi);
    // The ends of the interval the memo answers from (lo, hi] belong to bucket i; just outside, not.
    ASSERT_EQ(mc::log_histogram::bucket_index(std::nextafter(lo, hi)), i);
    ASSERT_EQ(mc::log_histogram::bucket_index(hi), i);
    ASSERT_EQ(mc::log_histogram::bucket_index(lo), i - 1);
    ASSERT_EQ(mc::log_histogram::bucket_index(std::nextafter(hi, 2 * hi)), i + 1);
  }
  // Repeated and alternating values through add (the memo's hits and misses) count as
  // bucket_index places them: quantiles of a two-point sample.
  mc::log_histogram h;
  for (int k = 0; k < 1000; ++k) h.add(k % 4 == 0 ? 3.0 : 7.0);
  // Rank 200 is a 3 and rank 500 a 7 (250 threes, 750 sevens); each is reported within the
  // histogram's relative accuracy (its class comment), and the count of each is exact.
  EXPECT_NEAR(h.quantile(0.2), 3.0, 3.0 * mc::log_histogram::relative_accuracy);
  EXPECT_NEAR(h.quantile(0.25), 3.0, 3.0 * mc::log_histogram::relative_accuracy);
  EXPECT_NEAR(h.quantile(0.251), 7.0, 7.0 * mc::log_histogram::relative_accuracy);
  EXPECT_NEAR(h.quantile(0.5), 7.0, 7.0 * mc::log_histogram::relative_accuracy);
}

TEST(EngineSpeed, ReusedPathBuffersGiveTheSameResults) {
  const sim::scenario s = parse_scenario(example_scenario_json(), "payments-api.json", default_catalog());
  const sim::detail::demand_plan plan(s);
  std::vector<std::vector<double>> demand;
  sim::detail::path_workspace ws;
  std::vector<sim::option_result> reused;
  for (std::uint64_t i = 0; i < 12; ++i) {
    plan.generate(i, demand);
    sim::detail::simulate_path_unchecked(s, default_catalog(), i, demand, ws, reused);
    const std::vector<sim::option_result> fresh = sim::detail::simulate_path_unchecked(s, default_catalog(), i, demand);
    ASSERT_EQ(reused.size(), fresh.size());
    for (std::size_t k = 0; k < fresh.size(); ++k) {
      EXPECT_EQ(reused[k].option, fresh[k].option);
      EXPECT_EQ(reused[k].total_usd, fresh[k].total_usd) << i << " " << fresh[k].option;
      EXPECT_EQ(reused[k].task_hours, fresh[k].task_hours);
      EXPECT_EQ(reused[k].unserved_task_seconds, fresh[k].unserved_task_seconds);
      ASSERT_EQ(reused[k].lines.size(), fresh[k].lines.size());
      for (std::size_t j = 0; j < fresh[k].lines.size(); ++j) EXPECT_EQ(reused[k].lines[j].usd, fresh[k].lines[j].usd);
      ASSERT_EQ(reused[k].allocation.size(), fresh[k].allocation.size());
      for (std::size_t j = 0; j < fresh[k].allocation.size(); ++j)
        EXPECT_EQ(reused[k].allocation[j].usd, fresh[k].allocation[j].usd);
    }
  }
}

}  // namespace
}  // namespace fleetcast
