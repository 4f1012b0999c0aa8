// Demand models against closed forms and, for the random parts, moments within 5 standard
// errors (a fixed seed, so the test is deterministic; the tolerance says what it checks).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "fleetcast/demand/correlation.hpp"
#include "fleetcast/demand/demand_model.hpp"

namespace fleetcast::demand {
namespace {

std::vector<double> path(const demand_model& m, const horizon& h, std::uint64_t scenario = 0) {
  std::vector<double> v(std::size_t(h.steps()));
  auto g = make_stream(42, scenario, stream_purpose::demand);
  generate(m, h, g, v);
  return v;
}

TEST(Demand, NoVariationIsExactlyBase) {
  demand_model m;
  m.base = 2.0;
  const horizon h{7.0, 60};
  for (double d : path(m, h)) ASSERT_EQ(d, 2.0);
  EXPECT_EQ(path(m, h).size(), 7u * 1440u);
}

TEST(Demand, DiurnalWeeklyAndTrendFollowTheirFormulas) {
  demand_model m;
  m.base = 2.0;
  m.diurnal = {0.5, 15.0};
  const horizon h{1.0, 3600};
  // Peak at 15:00: 2 × (1 + 0.5) = 3; trough at 03:00: 2 × (1 − 0.5) = 1.
  EXPECT_DOUBLE_EQ(deterministic_level(m, h, 15 * 3600.0), 3.0);
  EXPECT_NEAR(deterministic_level(m, h, 3 * 3600.0), 1.0, 1e-12);
  m.diurnal = {};
  m.weekly.weekend_factor = 0.7;
  // Starting on a Monday, day 5 is a Saturday and day 6 a Sunday.
  EXPECT_DOUBLE_EQ(deterministic_level(m, h, 4 * 86400.0 + 100), 2.0);
  EXPECT_DOUBLE_EQ(deterministic_level(m, h, 5 * 86400.0 + 100), 1.4);
  EXPECT_DOUBLE_EQ(deterministic_level(m, h, 6 * 86400.0 + 100), 1.4);
  EXPECT_DOUBLE_EQ(deterministic_level(m, h, 7 * 86400.0 + 100), 2.0);
  horizon sat = h;
  sat.start_weekday = 5;
  EXPECT_DOUBLE_EQ(deterministic_level(m, sat, 100), 1.4);
  m.weekly = {};
  m.trend_per_month = 0.1;
  // Compound: after one month (730 h) ×1.1, after two ×1.21.
  EXPECT_NEAR(deterministic_level(m, h, 730 * 3600.0), 2.2, 1e-12);
  EXPECT_NEAR(deterministic_level(m, h, 1460 * 3600.0), 2.42, 1e-12);
}

TEST(Demand, NoiseHasMeanOneTheRequestedCvAndAutocorrelation) {
  demand_model m;
  m.base = 1.0;
  m.noise = {0.3, 0.0};
  const horizon h{200.0, 60};  // 288 000 independent steps
  const auto v = path(m, h);
  double sum = 0, sq = 0;
  for (double d : v) {
    sum += d;
    sq += d * d;
  }
  const double n = double(v.size()), mean = sum / n, var = sq / n - mean * mean;
  // Mean 1 and sd = cv = 0.3: standard error of the mean 0.3 / √n ≈ 0.00056.
  EXPECT_NEAR(mean, 1.0, 5 * 0.3 / std::sqrt(n));
  EXPECT_NEAR(std::sqrt(var), 0.3, 0.01);
  // AR(1) on the log scale: lag-one correlation of log-noise = φ.
  m.noise = {0.3, 0.9};
  const auto w = path(m, h, 1);
  double a = 0, b = 0, ab = 0, aa = 0, bb = 0;
  for (std::size_t i = 1; i < w.size(); ++i) {
    const double x = std::log(w[i - 1]), y = std::log(w[i]);
    a += x, b += y, ab += x * y, aa += x * x, bb += y * y;
  }
  const double k = double(w.size() - 1);
  const double r = (ab / k - a / k * b / k) / std::sqrt((aa / k - a / k * a / k) * (bb / k - b / k * b / k));
  EXPECT_NEAR(r, 0.9, 0.01);  // sd of r̂ ≈ (1 − φ²)/√n ≈ 0.0004
}

TEST(Demand, BurstsAddTheirExpectedArea) {
  // Each burst adds size × (1 − u/1200) at step starts u seconds after its arrival; with
  // uniform arrival times the expected sum over 60 s steps is (1/60)∫₀¹²⁰⁰(1 − u/1200)du = 10
  // times its size. 30 days × 4 per day × mean size 2 → expected total 30·4·2·10 = 2400 per
  // path (truncation at the horizon's end changes it by < 0.05%).
  demand_model m;
  m.bursts = {4.0, 2.0, 20.0, 2.5};
  const horizon h{30.0, 60};
  double total = 0, total_sq = 0;
  const int paths = 400;
  for (int s = 0; s < paths; ++s) {
    double t = 0;
    for (double d : path(m, h, std::uint64_t(s))) t += d;
    total += t;
    total_sq += t * t;
  }
  const double mean = total / paths, sd = std::sqrt(total_sq / paths - mean * mean);
  EXPECT_NEAR(mean, 2400.0, 5 * sd / std::sqrt(double(paths)));
}

TEST(Demand, SamePathFromTheSameStream) {
  demand_model m;
  m.base = 3.0;
  m.diurnal = {0.4, 14.0};
  m.noise = {0.2, 0.8};
  m.bursts = {2.0, 1.0, 15.0, 2.5};
  const horizon h{2.0, 60};
  EXPECT_EQ(path(m, h, 7), path(m, h, 7));
  EXPECT_NE(path(m, h, 7), path(m, h, 8));
}

TEST(DemandCorrelation, CorrelatedNoiseAcrossServices) {
  const double c[] = {1.0, 0.8, 0.8, 1.0};
  const correlation_root root = correlation_square_root(c, 2, "/correlation");
  demand_model m;
  m.base = 1.0;
  m.noise = {0.3, 0.0};
  const demand_model models[] = {m, m};
  const horizon h{100.0, 60};
  std::vector<double> a(std::size_t(h.steps())), b(a.size()), z(2), x(2);
  const std::span<double> outs[] = {a, b};
  auto g = make_stream(1, 0, stream_purpose::demand);
  generate_correlated<decltype(g)>(models, h, root, g, outs, z, x);
  double sa = 0, sb = 0, sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double p = std::log(a[i]), q = std::log(b[i]);
    sa += p, sb += q, sab += p * q, saa += p * p, sbb += q * q;
  }
  const double n = double(a.size());
  const double r = (sab / n - sa / n * sb / n) / std::sqrt((saa / n - sa / n * sa / n) * (sbb / n - sb / n * sb / n));
  EXPECT_NEAR(r, 0.8, 0.01);  // sd of r̂ ≈ (1 − 0.64)/√144000 ≈ 0.001
}

TEST(DemandCorrelation, RejectsMatricesThatAreNotCorrelations) {
  auto id = [](std::vector<double> c, std::size_t n) -> std::string {
    try {
      (void)correlation_square_root(c, n, "/correlation");
    } catch (const input_error& e) {
      return e.id() + " " + e.place();
    }
    return "ok";
  };
  // Not PSD: pairwise 0.9, 0.9 but −0.9 between the first and last (eigenvalue −0.8).
  EXPECT_EQ(id({1, 0.9, -0.9, 0.9, 1, 0.9, -0.9, 0.9, 1}, 3), "fleetcast.input.5 /correlation");
  EXPECT_EQ(id({1, 0.5, 0.4, 1}, 2), "fleetcast.input.5 /correlation/0/1");  // not symmetric
  EXPECT_EQ(id({1, 1.5, 1.5, 1}, 2), "fleetcast.input.5 /correlation/0/1");
  EXPECT_EQ(id({0.9, 0, 0, 1}, 2), "fleetcast.input.5 /correlation/0/0");
  EXPECT_EQ(id({1, NAN, NAN, 1}, 2), "fleetcast.input.5 /correlation/0/1");
  EXPECT_EQ(id({1, 0, 1}, 2), "fleetcast.input.5 /correlation");
  EXPECT_EQ(id({1, 1, 1, 1}, 2), "ok");  // perfectly correlated: PSD, singular
}

}  // namespace
}  // namespace fleetcast::demand
