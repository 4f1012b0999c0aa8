// Monte Carlo statistics: moments, log histogram, exact quantiles, statistic and paired.
// Where each expected value comes from:
//  - moments: hand calculations ({2,4,4,4,5,5,7,9}: mean 5, sample variance 32/7; 1e9 + {4, 7,
//    13, 16}: variance 30, the cancellation example of Welford-vs-naive write-ups) and a
//    compensated two-pass computation on fixed pseudo-random data;
//  - Student t quantiles: published tables (t_{0.975,7} = 2.364624, t_{0.975,9} = 2.262157,
//    t_{0.995,9} = 3.249836, t_{0.975,99} = 1.984217);
//  - histogram and exact quantiles: order statistics of a sorted copy (rank ceil(q n), computed
//    in integers here), and hand counts for {1..100} (p50 = 50, p90 = 90, p99 = 99, CVaR95 =
//    mean(96..100) = 98); bucket bounds pinned from ceil(ln x / ln γ) evaluated in Python;
//  - Wilson intervals: the closed form evaluated in Python with z = 1.959963984540054.
// Statistical checks use fixed seeds, so every run sees the same numbers; the CI coverage
// check allows 4 binomial standard errors.

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "fleetcast/core/money.hpp"
#include "fleetcast/core/random.hpp"
#include "sample_draws.hpp"
#include "fleetcast/mc/exact_quantiles.hpp"
#include "fleetcast/mc/log_histogram.hpp"
#include "fleetcast/mc/moments.hpp"
#include "fleetcast/mc/statistic.hpp"

namespace fc = fleetcast;
namespace mc = fleetcast::mc;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double alpha = mc::log_histogram::relative_accuracy;
// The bucket bounds are exp(i ln γ), a few ulps from γ^i: allow that much beyond a.
constexpr double hist_tolerance = alpha * (1.0 + 1e-12);

std::uint64_t bits(double x) {
  return std::bit_cast<std::uint64_t>(x);
}

using fleetcast::test::lognormal_sample;
using fleetcast::test::normal_sample;

double reference_quantile_permille(const std::vector<double>& sorted, std::uint64_t p) {
  return fleetcast::test::order_statistic_permille(sorted, p);
}

/// Mean of the largest k values of a sorted vector.
double reference_top_mean(const std::vector<double>& sorted, std::size_t k) {
  fc::compensated_sum s;
  for (std::size_t i = sorted.size() - k; i < sorted.size(); ++i) s.add(sorted[i]);
  return s.value() / static_cast<double>(k);
}

/// Piece boundaries for seven uneven pieces of n values (one of a single value).
std::vector<std::size_t> seven_pieces(std::size_t n) {
  return {0, 1, 50, 1234, n / 5, n / 5 + 1, (7 * n) / 9, n};
}

// ------------------------------------------------------------------------------------ moments

TEST(StatsMoments, HandCheckedSmallData) {
  mc::moments m;
  for (double x : {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0}) m.add(x);
  EXPECT_EQ(m.count(), 8u);
  EXPECT_DOUBLE_EQ(m.mean(), 5.0);
  EXPECT_DOUBLE_EQ(m.variance(), 32.0 / 7.0);  // squared deviations sum to 32
  EXPECT_DOUBLE_EQ(m.stddev(), std::sqrt(32.0 / 7.0));
  EXPECT_DOUBLE_EQ(m.standard_error(), std::sqrt(4.0 / 7.0));
  EXPECT_EQ(m.min(), 2.0);
  EXPECT_EQ(m.max(), 9.0);
  EXPECT_NEAR(m.ci95_halfwidth() / m.standard_error(), 2.364624, 5e-7);  // t_{0.975, 7}
  const mc::interval ci = m.ci95();
  EXPECT_DOUBLE_EQ(ci.lo, 5.0 - m.ci95_halfwidth());
  EXPECT_DOUBLE_EQ(ci.hi, 5.0 + m.ci95_halfwidth());
}

TEST(StatsMoments, EmptyAndSingleValue) {
  mc::moments m;
  EXPECT_EQ(m.count(), 0u);
  EXPECT_EQ(m.mean(), 0.0);
  EXPECT_EQ(m.variance(), 0.0);
  EXPECT_EQ(m.min(), inf);
  EXPECT_EQ(m.max(), -inf);
  EXPECT_EQ(m.standard_error(), inf);
  EXPECT_EQ(m.ci95_halfwidth(), inf);
  m.add(3.5);
  EXPECT_EQ(m.mean(), 3.5);
  EXPECT_EQ(m.variance(), 0.0);
  EXPECT_EQ(m.stddev(), 0.0);
  EXPECT_EQ(m.standard_error(), inf);
  EXPECT_EQ(m.ci95_halfwidth(), inf);
  EXPECT_EQ(m.ci95(), (mc::interval{-inf, inf}));
  // Merging with empty accumulators changes nothing, either way round.
  mc::moments e;
  mc::moments copy = m;
  copy.merge(e);
  EXPECT_EQ(copy, m);
  e.merge(m);
  EXPECT_EQ(e, m);
}

TEST(StatsMoments, LargeOffsetDoesNotCancel) {
  // Naive sum-of-squares gives garbage here; the deviations 4, 7, 13, 16 have variance 30.
  mc::moments m;
  for (double x : {4.0, 7.0, 13.0, 16.0}) m.add(1e9 + x);
  EXPECT_DOUBLE_EQ(m.mean(), 1e9 + 10.0);
  EXPECT_NEAR(m.variance(), 30.0, 30.0 * 1e-9);
}

TEST(StatsMoments, MatchesCompensatedTwoPass) {
  const std::vector<double> x = lognormal_sample(11, 10'000, 250.0, 0.8);
  mc::moments m;
  for (double v : x) m.add(v);

  fc::compensated_sum s1;
  for (double v : x) s1.add(v);
  const double mean = s1.value() / static_cast<double>(x.size());
  fc::compensated_sum s2;
  for (double v : x) s2.add((v - mean) * (v - mean));
  const double var = s2.value() / static_cast<double>(x.size() - 1);

  EXPECT_NEAR(m.mean(), mean, 1e-12 * mean);
  EXPECT_NEAR(m.variance(), var, 1e-12 * var);
  EXPECT_EQ(m.min(), *std::min_element(x.begin(), x.end()));
  EXPECT_EQ(m.max(), *std::max_element(x.begin(), x.end()));
}

TEST(StatsMoments, MergeOfUnevenPiecesMatchesOnePass) {
  const std::vector<double> x = lognormal_sample(12, 100'000, 80.0, 1.5);
  mc::moments one_pass;
  for (double v : x) one_pass.add(v);

  const std::vector<std::size_t> cut = seven_pieces(x.size());
  mc::moments merged;
  for (std::size_t p = 0; p + 1 < cut.size(); ++p) {
    mc::moments piece;
    for (std::size_t i = cut[p]; i < cut[p + 1]; ++i) piece.add(x[i]);
    merged.merge(piece);
  }
  EXPECT_EQ(merged.count(), one_pass.count());
  EXPECT_NEAR(merged.mean(), one_pass.mean(), 1e-12 * one_pass.mean());
  EXPECT_NEAR(merged.variance(), one_pass.variance(), 1e-12 * one_pass.variance());
  EXPECT_EQ(merged.min(), one_pass.min());
  EXPECT_EQ(merged.max(), one_pass.max());

  // Self-merge is allowed and equals merging a copy.
  mc::moments twice = one_pass;
  twice.merge(twice);
  mc::moments twice_ref = one_pass;
  twice_ref.merge(one_pass);
  EXPECT_EQ(twice, twice_ref);
  EXPECT_EQ(twice.count(), 2 * one_pass.count());
}

TEST(StatsMoments, SameBlocksSameMergeOrderGiveIdenticalBitsOnAnyThreadCount) {
  constexpr std::size_t blocks = 64, block_size = 997;
  const auto run = [&](unsigned threads) {
    std::vector<mc::moments> acc(blocks);
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        for (std::size_t b = t; b < blocks; b += threads) {  // blocks go to threads round-robin
          for (std::size_t i = b * block_size; i < (b + 1) * block_size; ++i) {
            auto g = fc::make_stream(13, i, fc::stream_purpose::other);
            acc[b].add(fc::lognormal_mean_cv(g, 1000.0, 0.3));
          }
        }
      });
    }
    for (auto& th : pool) th.join();
    mc::moments total;
    for (const auto& a : acc) total.merge(a);  // block index order
    return total;
  };
  const mc::moments one = run(1), four = run(4), again = run(3);
  for (const mc::moments* m : {&four, &again}) {
    EXPECT_EQ(m->count(), one.count());
    EXPECT_EQ(bits(m->mean()), bits(one.mean()));
    EXPECT_EQ(bits(m->variance()), bits(one.variance()));
    EXPECT_EQ(bits(m->ci95_halfwidth()), bits(one.ci95_halfwidth()));
  }
}

TEST(StatsMoments, StudentTQuantileMatchesPublishedTable) {
  mc::moments m;
  for (int i = 1; i <= 10; ++i) m.add(static_cast<double>(i * i));
  EXPECT_NEAR(m.ci95_halfwidth() / m.standard_error(), 2.262157, 5e-7);    // t_{0.975, 9}
  EXPECT_NEAR(m.ci_halfwidth(0.99) / m.standard_error(), 3.249836, 5e-7);  // t_{0.995, 9}
}

TEST(StatsMoments, Ci95CoversTheMeanOfNormalData) {
  // 4000 intervals from n = 10 normal values, exact t intervals: coverage 0.95, binomial
  // standard error sqrt(0.95 · 0.05 / 4000) = 0.00345; allow 4 standard errors.
  constexpr int reps = 4000, n = 10;
  constexpr double mu = 10.0;
  int covered = 0;
  for (int r = 0; r < reps; ++r) {
    auto g = fc::make_stream(14, static_cast<std::uint64_t>(r), fc::stream_purpose::other);
    mc::moments m;
    for (int i = 0; i < n; ++i) m.add(fc::normal(g, mu, 2.0));
    const mc::interval ci = m.ci95();
    if (ci.lo <= mu && mu <= ci.hi) ++covered;
  }
  const double se = std::sqrt(0.95 * 0.05 / reps);
  EXPECT_NEAR(static_cast<double>(covered) / reps, 0.95, 4.0 * se);
}

// ------------------------------------------------------------------------------ log histogram

TEST(StatsLogHistogram, LayoutConstants) {
  // γ = exp(ln γ), ln γ from its series, agrees with (1 + a) / (1 − a).
  EXPECT_NEAR(mc::log_histogram::bucket_upper(1), (1 + alpha) / (1 - alpha), 1e-15);
  EXPECT_EQ(mc::log_histogram::bucket_upper(0), 1.0);
  // Representative = 2 γ^i / (γ + 1): within a of both ends of its bucket.
  for (int i : {-20000, -1, 0, 1, 7000, 600000}) {
    const double rep = mc::log_histogram::bucket_representative(i);
    const double lo = mc::log_histogram::bucket_upper(i - 1);
    const double hi = mc::log_histogram::bucket_upper(i);
    EXPECT_NEAR(rep / hi, 1 - alpha, 1e-12) << i;
    EXPECT_NEAR(rep / lo, 1 + alpha, 1e-12) << i;
  }
  // ceil(ln x / ln γ) for the extreme magnitudes (evaluated in Python with a = 0.0005):
  // -20723.26 and 709782.65.
  EXPECT_EQ(mc::log_histogram::bucket_index(1e-9), -20723);
  EXPECT_EQ(mc::log_histogram::bucket_index(std::numeric_limits<double>::max()), 709783);
}

TEST(StatsLogHistogram, ValuesAtBucketBoundsLandDeterministically) {
  // Every finite bound: γ^i itself closes bucket i, the next double opens bucket i + 1.
  for (int i = -20723; i <= 709782; ++i) {
    const double b = mc::log_histogram::bucket_upper(i);
    ASSERT_EQ(mc::log_histogram::bucket_index(b), i) << i;
    ASSERT_EQ(mc::log_histogram::bucket_index(std::nextafter(b, inf)), i + 1) << i;
    ASSERT_EQ(mc::log_histogram::bucket_index(std::nextafter(b, 0.0)), i) << i;
  }
}

TEST(StatsLogHistogram, QuantilesWithinHalfPercentOfExactOrderStatistics) {
  std::vector<double> x = lognormal_sample(21, 100'000, 100.0, 1.0);
  mc::log_histogram h;
  for (double v : x) h.add(v);
  std::sort(x.begin(), x.end());
  EXPECT_EQ(h.count(), x.size());
  EXPECT_EQ(h.min(), x.front());
  EXPECT_EQ(h.max(), x.back());
  EXPECT_EQ(h.quantile(0.0), x.front());
  EXPECT_EQ(h.quantile(1.0), x.back());
  for (std::uint64_t p = 1; p <= 1000; ++p) {
    const double exact = reference_quantile_permille(x, p);
    ASSERT_NEAR(h.quantile(static_cast<double>(p) / 1000.0), exact, hist_tolerance * exact)
        << "q = " << p << "/1000";
  }
}

TEST(StatsLogHistogram, TailMeanWithinHalfPercentOfExact) {
  std::vector<double> x = lognormal_sample(22, 100'000, 100.0, 1.0);
  mc::log_histogram h;
  for (double v : x) h.add(v);
  std::sort(x.begin(), x.end());
  // (1 − q) n is a whole number for these q and n = 1e5.
  for (const auto& [q, k] :
       {std::tuple{0.95, 5000}, {0.99, 1000}, {0.999, 100}, {0.5, 50'000}, {0.0, 100'000}}) {
    const double exact = reference_top_mean(x, static_cast<std::size_t>(k));
    EXPECT_NEAR(h.tail_mean(q), exact, hist_tolerance * exact) << "q = " << q;
  }
  EXPECT_EQ(h.tail_mean(1.0), x.back());
}

TEST(StatsLogHistogram, MergeOfSevenUnevenPiecesEqualsOnePass) {
  const std::vector<double> x = lognormal_sample(23, 100'000, 100.0, 1.0);
  mc::log_histogram one_pass;
  for (double v : x) one_pass.add(v);

  const std::vector<std::size_t> cut = seven_pieces(x.size());
  std::vector<mc::log_histogram> pieces(cut.size() - 1);
  for (std::size_t p = 0; p + 1 < cut.size(); ++p) {
    for (std::size_t i = cut[p]; i < cut[p + 1]; ++i) pieces[p].add(x[i]);
  }
  mc::log_histogram forward, backward;
  for (const auto& p : pieces) forward.merge(p);
  for (auto it = pieces.rbegin(); it != pieces.rend(); ++it) backward.merge(*it);
  EXPECT_EQ(forward, one_pass);
  EXPECT_EQ(backward, one_pass);

  // Bucket by bucket, through the public view.
  using bucket = std::tuple<double, double, std::uint64_t>;
  const auto buckets = [](const mc::log_histogram& h) {
    std::vector<bucket> out;
    h.for_each_bucket([&](double lo, double hi, std::uint64_t c) { out.emplace_back(lo, hi, c); });
    return out;
  };
  EXPECT_EQ(buckets(forward), buckets(one_pass));

  std::vector<double> sorted = x;
  std::sort(sorted.begin(), sorted.end());
  for (std::uint64_t p = 1; p <= 1000; ++p) {
    const double q = static_cast<double>(p) / 1000.0;
    ASSERT_EQ(bits(forward.quantile(q)), bits(one_pass.quantile(q))) << p;
    ASSERT_EQ(bits(backward.quantile(q)), bits(one_pass.quantile(q))) << p;
    const double exact = reference_quantile_permille(sorted, p);
    ASSERT_NEAR(forward.quantile(q), exact, hist_tolerance * exact) << p;
  }
  EXPECT_EQ(bits(forward.tail_mean(0.95)), bits(one_pass.tail_mean(0.95)));

  // Self-merge doubles every count.
  mc::log_histogram twice = one_pass;
  twice.merge(twice);
  mc::log_histogram twice_ref = one_pass;
  twice_ref.merge(one_pass);
  EXPECT_EQ(twice, twice_ref);
  EXPECT_EQ(twice.count(), 2 * x.size());
}

TEST(StatsLogHistogram, NegativeAndZeroValuesHandCounted) {
  mc::log_histogram h;
  // Sorted: -5, -1, -1e-12, 0, 0, 1e-12, 2, 3; the middle four are in the zero bucket.
  for (double v : {2.0, -1.0, 0.0, 3.0, 1e-12, -5.0, 0.0, -1e-12}) h.add(v);
  EXPECT_EQ(h.count(), 8u);
  EXPECT_EQ(h.quantile(1.0 / 8), -5.0);  // rank 1: the exact minimum
  EXPECT_NEAR(h.quantile(2.0 / 8), -1.0, hist_tolerance);
  for (int r = 3; r <= 6; ++r) EXPECT_EQ(h.quantile(r / 8.0), 0.0) << r;
  EXPECT_NEAR(h.quantile(7.0 / 8), 2.0, 2.0 * hist_tolerance);
  EXPECT_EQ(h.quantile(1.0), 3.0);  // rank n: the exact maximum
  // Top quarter: {2, 3}, mean 2.5; each term within a·|v|.
  EXPECT_NEAR(h.tail_mean(0.75), 2.5, (2.0 + 3.0) * hist_tolerance / 2);
  // Every value: (-5 - 1 + 0 + 2 + 3) / 8 = -1/8; each term within a·|v|, zeros within 1e-12.
  EXPECT_NEAR(h.tail_mean(0.0), -1.0 / 8, (5.0 + 1.0 + 2.0 + 3.0) * hist_tolerance / 8 + 1e-12);

  std::vector<double> bounds;
  h.for_each_bucket([&](double lo, double hi, std::uint64_t) {
    bounds.push_back(lo);
    bounds.push_back(hi);
  });
  EXPECT_TRUE(std::is_sorted(bounds.begin(), bounds.end()));
}

TEST(StatsLogHistogram, SymmetricDataWithinHalfPercentOrTinyAbsolute) {
  // Differences of paired costs are centred near 0: both sides and the zero bucket are used.
  std::vector<double> x = normal_sample(24, 100'000, 0.0, 50.0);
  for (std::size_t i = 0; i < 100; ++i) x[i * 997] = 0.0;  // exact zeros as well
  mc::log_histogram h;
  for (double v : x) h.add(v);
  std::sort(x.begin(), x.end());
  for (std::uint64_t p = 1; p <= 1000; ++p) {
    const double exact = reference_quantile_permille(x, p);
    ASSERT_NEAR(h.quantile(static_cast<double>(p) / 1000.0), exact,
                std::max(hist_tolerance * std::abs(exact), 1e-9))
        << p;
  }
  for (const auto& [q, k] : {std::tuple{0.95, 5000}, {0.5, 50'000}, {0.0, 100'000}}) {
    const double exact = reference_top_mean(x, static_cast<std::size_t>(k));
    // Error bound: a × mean of |v| over the tail + 1e-9.
    std::vector<double> top(x.end() - k, x.end());
    fc::compensated_sum abs_sum;
    for (double v : top) abs_sum.add(std::abs(v));
    const double bound = hist_tolerance * abs_sum.value() / k + 1e-9;
    EXPECT_NEAR(h.tail_mean(q), exact, bound) << q;
  }
}

TEST(StatsLogHistogram, EmptyAndSingleValue) {
  mc::log_histogram h;
  EXPECT_EQ(h.count(), 0u);
  EXPECT_TRUE(std::isnan(h.quantile(0.5)));
  EXPECT_TRUE(std::isnan(h.tail_mean(0.95)));
  mc::log_histogram e;
  h.merge(e);
  EXPECT_EQ(h, e);
  h.add(42.0);
  for (double q : {0.0, 0.3, 0.5, 1.0}) EXPECT_EQ(h.quantile(q), 42.0);
  EXPECT_DOUBLE_EQ(h.tail_mean(0.95), 42.0);  // a fractional tail of one value
  h.add(1.0);                                 // 1 = γ^0 closes bucket 0
  std::vector<std::tuple<double, double, std::uint64_t>> seen;
  h.for_each_bucket([&](double lo, double hi, std::uint64_t c) { seen.emplace_back(lo, hi, c); });
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(std::get<1>(seen[0]), 1.0);
  EXPECT_EQ(std::get<0>(seen[0]), mc::log_histogram::bucket_upper(-1));
  EXPECT_EQ(std::get<2>(seen[1]), 1u);
}

// ----------------------------------------------------------------------------- exact quantiles

TEST(StatsExactQuantiles, OneToHundredHandComputed) {
  mc::exact_quantiles e;
  for (int i = 0; i < 100; ++i) e.add(static_cast<double>((i * 37) % 100 + 1));  // shuffled
  EXPECT_EQ(e.count(), 100u);
  EXPECT_EQ(e.quantile(0.50), 50.0);
  EXPECT_EQ(e.quantile(0.90), 90.0);
  EXPECT_EQ(e.quantile(0.95), 95.0);
  EXPECT_EQ(e.quantile(0.99), 99.0);
  EXPECT_EQ(e.quantile(0.07), 7.0);     // 0.07 · 100 is 7.000000000000001 in doubles
  EXPECT_EQ(e.quantile(0.001), 1.0);    // rank ceil(0.1) = 1
  EXPECT_EQ(e.quantile(0.995), 100.0);  // rank ceil(99.5) = 100
  EXPECT_EQ(e.quantile(0.0), 1.0);
  EXPECT_EQ(e.quantile(1.0), 100.0);
  EXPECT_DOUBLE_EQ(e.tail_mean(0.95), 98.0);   // mean(96..100)
  EXPECT_DOUBLE_EQ(e.tail_mean(0.90), 95.5);   // mean(91..100)
  EXPECT_DOUBLE_EQ(e.tail_mean(0.975), 99.2);  // (100 + 99 + 0.5 · 98) / 2.5
  EXPECT_DOUBLE_EQ(e.tail_mean(0.0), 50.5);
  EXPECT_EQ(e.tail_mean(1.0), 100.0);
  EXPECT_EQ(e.min(), 1.0);
  EXPECT_EQ(e.max(), 100.0);
}

TEST(StatsExactQuantiles, MergeDependsOnlyOnTheValues) {
  mc::exact_quantiles a, b, c, one;
  for (int i = 1; i <= 100; ++i) {
    one.add(i);
    (i % 3 == 0 ? a : i < 50 ? b : c).add(i);
  }
  mc::exact_quantiles merged;
  merged.merge(c);
  merged.merge(a);
  merged.merge(b);
  for (double q : {0.01, 0.5, 0.9, 0.99}) {
    EXPECT_EQ(merged.quantile(q), one.quantile(q));
    EXPECT_EQ(bits(merged.tail_mean(q)), bits(one.tail_mean(q)));
  }
  merged.merge(merged);  // every value twice: rank 100 of 200 is still 50
  EXPECT_EQ(merged.count(), 200u);
  EXPECT_EQ(merged.quantile(0.5), 50.0);
  EXPECT_DOUBLE_EQ(merged.tail_mean(0.95), 98.0);  // top 10 of {1,1,…,100,100}: 96..100 twice

  mc::exact_quantiles empty;
  EXPECT_TRUE(std::isnan(empty.quantile(0.5)));
  EXPECT_TRUE(std::isnan(empty.tail_mean(0.5)));
}

// ---------------------------------------------------------------------------------- statistic

TEST(StatsStatistic, ExactSummaryOfOneToHundred) {
  mc::statistic s(true);
  for (int i = 1; i <= 100; ++i) s.add(i);
  const mc::summary r = s.summarise();
  EXPECT_TRUE(r.exact_quantiles);
  EXPECT_EQ(r.count, 100u);
  EXPECT_DOUBLE_EQ(r.mean, 50.5);
  const double sd = std::sqrt(100.0 * 101.0 / 12.0);  // sample variance of 1..n: n(n+1)/12
  EXPECT_DOUBLE_EQ(r.stddev, sd);
  EXPECT_NEAR(r.ci95_hi - 50.5, 1.984217 * sd / 10.0, 1e-6);  // t_{0.975, 99}
  EXPECT_NEAR(50.5 - r.ci95_lo, 1.984217 * sd / 10.0, 1e-6);
  EXPECT_EQ(r.p50, 50.0);
  EXPECT_EQ(r.p90, 90.0);
  EXPECT_EQ(r.p95, 95.0);
  EXPECT_EQ(r.p99, 99.0);
  EXPECT_DOUBLE_EQ(r.cvar95, 98.0);
  EXPECT_EQ(r.min, 1.0);
  EXPECT_EQ(r.max, 100.0);
}

TEST(StatsStatistic, HistogramSummaryWithinHalfPercentOfExact) {
  const std::vector<double> x = lognormal_sample(31, 50'000, 1200.0, 0.6);
  mc::statistic with_values(true), without;
  for (double v : x) {
    with_values.add(v);
    without.add(v);
  }
  const mc::summary e = with_values.summarise();
  const mc::summary h = without.summarise();
  EXPECT_FALSE(h.exact_quantiles);
  EXPECT_EQ(without.exact(), nullptr);
  EXPECT_EQ(h.count, e.count);
  EXPECT_EQ(bits(h.mean), bits(e.mean));
  EXPECT_EQ(bits(h.ci95_lo), bits(e.ci95_lo));
  EXPECT_EQ(h.min, e.min);
  EXPECT_EQ(h.max, e.max);
  for (const auto& [hv, ev] : {std::pair{h.p50, e.p50},
                               {h.p90, e.p90},
                               {h.p95, e.p95},
                               {h.p99, e.p99},
                               {h.cvar95, e.cvar95}}) {
    EXPECT_NEAR(hv, ev, hist_tolerance * ev);
  }
}

TEST(StatsStatistic, MergeKeepsValuesOnlyIfEveryPartKeptThem) {
  mc::statistic a(true), b(true), c;
  for (int i = 1; i <= 50; ++i) a.add(i);
  for (int i = 51; i <= 100; ++i) b.add(i);
  for (int i = 51; i <= 100; ++i) c.add(i);
  mc::statistic ab = a;
  ab.merge(b);
  EXPECT_TRUE(ab.summarise().exact_quantiles);
  EXPECT_EQ(ab.summarise().p90, 90.0);
  mc::statistic ac = a;
  ac.merge(c);
  const mc::summary r = ac.summarise();
  EXPECT_FALSE(r.exact_quantiles);
  EXPECT_EQ(r.count, 100u);
  EXPECT_NEAR(r.p90, 90.0, 90.0 * hist_tolerance);
  EXPECT_EQ(ab.histogram(), ac.histogram());
  EXPECT_EQ(ab.moments(), ac.moments());
}

TEST(StatsStatistic, EmptySummaryIsNoData) {
  const mc::summary r = mc::statistic(true).summarise();
  EXPECT_EQ(r.count, 0u);
  for (double v : {r.mean, r.stddev, r.ci95_lo, r.ci95_hi, r.p50, r.p90, r.p95, r.p99, r.cvar95,
                   r.min, r.max}) {
    EXPECT_TRUE(std::isnan(v));
  }
}

// ------------------------------------------------------------------------------------- paired

TEST(StatsPaired, HandData) {
  mc::paired p;
  for (double option : {1.0, 2.0, 3.0, 4.0, 5.0}) p.add(option, 2.0);
  // d = {-1, 0, 1, 2, 3}: mean 1, sample variance (4 + 1 + 0 + 1 + 4) / 4 = 2.5; only 1 < 2
  // is cheaper (the tie 2 = 2 is not).
  EXPECT_EQ(p.count(), 5u);
  EXPECT_EQ(p.cheaper_count(), 1u);
  EXPECT_DOUBLE_EQ(p.prob_cheaper(), 0.2);
  const mc::paired::summary s = p.summarise();
  EXPECT_DOUBLE_EQ(s.mean_diff, 1.0);
  EXPECT_DOUBLE_EQ(s.stddev_diff, std::sqrt(2.5));
  EXPECT_NEAR(s.ci95_hi - 1.0, 2.776445 * std::sqrt(2.5 / 5), 1e-6);  // t_{0.975, 4}
  EXPECT_DOUBLE_EQ(s.prob_cheaper, 0.2);
  EXPECT_NEAR(s.prob_cheaper_lo, 0.036224108632430085, 1e-12);  // Wilson, 1 of 5
  EXPECT_NEAR(s.prob_cheaper_hi, 0.6244653702374747, 1e-12);

  // Merging two halves gives the same comparison.
  mc::paired a, b;
  a.add(1.0, 2.0);
  a.add(2.0, 2.0);
  b.add(3.0, 2.0);
  b.add(4.0, 2.0);
  b.add(5.0, 2.0);
  a.merge(b);
  EXPECT_EQ(a.cheaper_count(), 1u);
  EXPECT_EQ(a.count(), 5u);
  EXPECT_DOUBLE_EQ(a.difference().mean(), 1.0);
  EXPECT_DOUBLE_EQ(a.difference().variance(), 2.5);
}

TEST(StatsPaired, WilsonIntervalClosedForms) {
  mc::paired eight_of_ten;
  for (int i = 0; i < 10; ++i) eight_of_ten.add(i < 8 ? 1.0 : 3.0, 2.0);
  const mc::interval w = eight_of_ten.prob_cheaper_wilson95();
  EXPECT_NEAR(w.lo, 0.4901624715366418, 1e-12);
  EXPECT_NEAR(w.hi, 0.9433178485456248, 1e-12);

  // None cheaper: [0, z² / (n + z²)].
  mc::paired none;
  for (int i = 0; i < 10; ++i) none.add(3.0, 2.0);
  const mc::interval z = none.prob_cheaper_wilson95();
  EXPECT_EQ(z.lo, 0.0);
  EXPECT_NEAR(z.hi, 0.2775327998628892, 1e-12);

  mc::paired empty;
  EXPECT_EQ(empty.prob_cheaper_wilson95(), (mc::interval{0.0, 1.0}));
  EXPECT_TRUE(std::isnan(empty.prob_cheaper()));
  EXPECT_EQ(empty.summarise().count, 0u);
  EXPECT_TRUE(std::isnan(empty.summarise().mean_diff));
}

}  // namespace
