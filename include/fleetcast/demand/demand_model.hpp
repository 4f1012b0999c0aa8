#pragma once
/// @file
/// Demand models: a service's demand over time, in units of task capacity (demand D with
/// capacity_per_task c needs D / c tasks at 100 % CPU). A model writes one path into a buffer
/// the caller owns, so Monte Carlo loops allocate nothing.
///
///   D(t) = base × diurnal(t) × weekly(t) × trend(t) × noise(t) + bursts(t)
///
/// - diurnal(t) = 1 + amplitude · cos(2π (hour(t) − peak_hour) / 24), amplitude in [0, 1];
/// - weekly(t) = weekend_factor on Saturdays and Sundays, 1 otherwise;
/// - trend(t) = (1 + trend_per_month)^(t / 730 h), compound growth;
/// - noise(t) = exp(x_t − σ²/2) with σ² = ln(1 + cv²) and x an AR(1) process on the log scale,
///   x_t = φ x_{t−1} + √(1 − φ²) σ ε_t, x_0 ~ N(0, σ²): stationary, mean 1, coefficient of
///   variation `cv`, lag-one autocorrelation φ = `ar1` on the log scale;
/// - bursts: Poisson arrivals (`per_day`), sizes Pareto with tail index `tail_alpha` and mean
///   `size_mean`, each adding its size at arrival and decaying linearly to 0 over
///   `duration_minutes` (a triangular pulse).
/// With amplitude 0, weekend_factor 1, trend 0, cv 0 and no bursts, D(t) = base exactly.

#include <cmath>
#include <cstdint>
#include <numbers>
#include <span>
#include <vector>

#include "fleetcast/core/random.hpp"

namespace fleetcast::demand {

struct diurnal_profile {
  double amplitude = 0.0;  ///< in [0, 1]: peak = base × (1 + amplitude)
  double peak_hour = 12.0;  ///< local hour of the peak, [0, 24)
};
struct weekly_profile {
  double weekend_factor = 1.0;  ///< multiplier on Saturdays and Sundays, >= 0
};
struct noise_spec {
  double cv = 0.0;   ///< coefficient of variation of the multiplicative noise, >= 0
  double ar1 = 0.0;  ///< autocorrelation of the log-noise from one step to the next, [0, 1)
};
struct burst_spec {
  double per_day = 0.0;           ///< mean arrivals per day (Poisson)
  double size_mean = 0.0;         ///< mean extra demand at a burst's start, in task capacity
  double duration_minutes = 0.0;  ///< time for a burst to decay to 0
  double tail_alpha = 2.5;        ///< Pareto tail index of sizes (> 1 so the mean exists)
};

struct demand_model {
  double base = 0.0;  ///< in task capacity, >= 0
  diurnal_profile diurnal;
  weekly_profile weekly;
  double trend_per_month = 0.0;  ///< compound growth per 730 h, > −1
  noise_spec noise;
  burst_spec bursts;
};

/// The time grid of a scenario. Step i covers [i·step, (i+1)·step) seconds from the start.
struct horizon {
  double days = 1.0;
  std::int64_t step_seconds = 60;
  int start_weekday = 0;    ///< 0 = Monday … 6 = Sunday
  double start_hour = 0.0;  ///< hour of day at t = 0

  [[nodiscard]] std::int64_t steps() const noexcept {
    return std::int64_t(std::ceil(days * 86400.0 / double(step_seconds)));
  }
};

inline constexpr double hours_per_month = 730.0;

/// base × diurnal × weekly × trend at `t_seconds` from the start (no randomness).
[[nodiscard]] inline double deterministic_level(const demand_model& m, const horizon& h,
                                                double t_seconds) noexcept {
  const double hours = h.start_hour + t_seconds / 3600.0;
  double level = m.base;
  if (m.diurnal.amplitude != 0.0)
    level *= 1.0 + m.diurnal.amplitude *
                       std::cos(2.0 * std::numbers::pi * (hours - m.diurnal.peak_hour) / 24.0);
  if (m.weekly.weekend_factor != 1.0) {
    const auto day = static_cast<std::int64_t>(std::floor(hours / 24.0));
    const int weekday = int((day + h.start_weekday) % 7);
    if (weekday >= 5) level *= m.weekly.weekend_factor;
  }
  if (m.trend_per_month != 0.0)
    level *= std::pow(1.0 + m.trend_per_month, t_seconds / 3600.0 / hours_per_month);
  return level;
}

/// `deterministic_level` at each step's start (step i at i × step seconds): the part of a path
/// that is the same for every path, which a Monte Carlo run computes once.
inline void deterministic_levels(const demand_model& m, const horizon& h, std::span<double> out) noexcept {
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = deterministic_level(m, h, double(i) * double(h.step_seconds));
}

namespace detail {
/// x[i] = levels[i] × std::exp(x[i] − h) for every i, with the same bits as that loop: on
/// x86-64 with AVX2 and FMA four at a time by the C library's own algorithm when a start-up
/// check finds it identical to std::exp (lib/demand/noise_exp.cpp), else by std::exp.
/// Pre: levels.size() >= x.size(); they do not overlap.
void scale_by_exp(std::span<const double> levels, std::span<double> x, double h) noexcept;
/// Whether `scale_by_exp` runs four at a time on this machine (for benchmarks and tests).
[[nodiscard]] bool scale_by_exp_is_vectorised() noexcept;
}  // namespace detail

/// Multiplies `out` by the AR(1) lognormal noise, drawing one normal per step from `g`.
template <class G>
void apply_noise(const noise_spec& n, G& g, std::span<double> out) noexcept {
  if (n.cv <= 0.0) return;
  const double s2 = std::log1p(n.cv * n.cv);
  const double s = std::sqrt(s2);
  const double innov = std::sqrt(1.0 - n.ar1 * n.ar1) * s;
  double x = s * standard_normal(g);
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (i > 0) x = n.ar1 * x + innov * standard_normal(g);
    out[i] *= std::exp(x - 0.5 * s2);
  }
}

/// Adds bursts to `out`: a Poisson number over the horizon, each at a uniform time with a
/// Pareto size, decaying linearly to zero over its duration (evaluated at step starts).
template <class G>
void add_bursts(const burst_spec& b, const horizon& h, G& g, std::span<double> out) noexcept {
  if (b.per_day <= 0.0 || b.size_mean <= 0.0 || b.duration_minutes <= 0.0) return;
  const double span_s = double(out.size()) * double(h.step_seconds);
  const std::uint64_t n = poisson(g, b.per_day * span_s / 86400.0);
  const double xm = b.size_mean * (b.tail_alpha - 1.0) / b.tail_alpha;  // Pareto mean = size_mean
  const double dur_s = b.duration_minutes * 60.0;
  for (std::uint64_t k = 0; k < n; ++k) {
    const double t0 = uniform01(g) * span_s;
    const double size = pareto(g, xm, b.tail_alpha);
    auto i = static_cast<std::size_t>(std::ceil(t0 / double(h.step_seconds)));
    for (; i < out.size(); ++i) {
      const double dt = double(i) * double(h.step_seconds) - t0;
      if (dt >= dur_s) break;
      out[i] += size * (1.0 - dt / dur_s);
    }
  }
}

/// Writes one demand path (one value per step, at the step's start) into `out`.
/// Draws, in this order: the noise path, then the bursts, from `g` — so a path is a pure
/// function of the model, the horizon and the stream.
template <class G>
void generate(const demand_model& m, const horizon& h, G& g, std::span<double> out) noexcept {
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = deterministic_level(m, h, double(i) * double(h.step_seconds));
  apply_noise(m.noise, g, out);
  add_bursts(m.bursts, h, g, out);
}

/// `generate` on `levels` that `deterministic_levels(m, h, levels)` wrote (the caller keeps them
/// for every path): the same draws in the same order and the same arithmetic, so the path is
/// identical bit for bit. The noise runs in two passes: the AR(1) log-noise x_i (a dependent
/// chain, one normal per step) into `out`, then out[i] = levels[i] × exp(x_i − σ²/2), whose
/// exponentials are independent of one another (`detail::scale_by_exp`: four at a time).
/// Pre: levels.size() == out.size(); they do not overlap.
template <class G>
void generate_on_levels(const demand_model& m, const horizon& h, std::span<const double> levels, G& g,
                        std::span<double> out) noexcept {
  const noise_spec& n = m.noise;
  const std::size_t steps = out.size();
  if (n.cv <= 0.0 || steps == 0) {
    for (std::size_t i = 0; i < steps; ++i) out[i] = levels[i];
  } else {
    const double s2 = std::log1p(n.cv * n.cv);
    const double s = std::sqrt(s2);
    const double innov = std::sqrt(1.0 - n.ar1 * n.ar1) * s;
    G r = g;  // the engine in registers through the chain (standard_normal_in)
    double x = s * standard_normal_in(r, g);
    out[0] = x;
    for (std::size_t i = 1; i < steps; ++i) out[i] = x = n.ar1 * x + innov * standard_normal_in(r, g);
    g = r;
    detail::scale_by_exp(levels, out, 0.5 * s2);
  }
  add_bursts(m.bursts, h, g, out);
}

/// A square root A of a correlation matrix (row-major, n × n).
struct correlation_root {
  std::size_t n = 0;
  std::vector<double> a;
  [[nodiscard]] double at(std::size_t i, std::size_t j) const noexcept { return a[i * n + j]; }
};

/// Writes correlated paths for n services: out[s] receives service s. Draws, in order: per
/// step, n standard normals (the z of every service), then each service's bursts. `z` and
/// `x` are caller-owned scratch of size n.
template <class G>
void generate_correlated(std::span<const demand_model> models, const horizon& h,
                         const correlation_root& root, G& g, std::span<const std::span<double>> out,
                         std::span<double> z, std::span<double> x) noexcept {
  const std::size_t n = models.size();
  for (std::size_t s = 0; s < n; ++s)
    for (std::size_t i = 0; i < out[s].size(); ++i)
      out[s][i] = deterministic_level(models[s], h, double(i) * double(h.step_seconds));
  const std::size_t steps = n ? out[0].size() : 0;
  for (std::size_t i = 0; i < steps; ++i) {
    for (std::size_t s = 0; s < n; ++s) z[s] = standard_normal(g);
    for (std::size_t s = 0; s < n; ++s) {
      double e = 0;
      for (std::size_t j = 0; j < n; ++j) e += root.at(s, j) * z[j];
      const noise_spec& ns = models[s].noise;
      if (ns.cv <= 0.0) continue;
      const double s2 = std::log1p(ns.cv * ns.cv);
      const double sd = std::sqrt(s2);
      x[s] = i == 0 ? sd * e : ns.ar1 * x[s] + std::sqrt(1.0 - ns.ar1 * ns.ar1) * sd * e;
      out[s][i] *= std::exp(x[s] - 0.5 * s2);
    }
  }
  for (std::size_t s = 0; s < n; ++s) add_bursts(models[s].bursts, h, g, out[s]);
}

/// `generate_correlated` on levels computed once (`levels[s]` by `deterministic_levels` for
/// service s), with each service's σ², σ and innovation scale computed once rather than per
/// step: the same draws and the same arithmetic, identical bit for bit. `x` and `noise` are
/// caller-owned scratch of size n (`noise` as 3 n: σ², σ, √(1 − φ²) σ per service).
template <class G>
void generate_correlated_on_levels(std::span<const demand_model> models, const horizon& h,
                                   std::span<const std::span<const double>> levels, const correlation_root& root,
                                   G& g, std::span<const std::span<double>> out, std::span<double> z,
                                   std::span<double> x, std::span<double> noise) noexcept {
  const std::size_t n = models.size();
  for (std::size_t s = 0; s < n; ++s) {
    for (std::size_t i = 0; i < out[s].size(); ++i) out[s][i] = levels[s][i];
    const noise_spec& ns = models[s].noise;
    const double s2 = ns.cv > 0.0 ? std::log1p(ns.cv * ns.cv) : 0.0;
    const double sd = std::sqrt(s2);
    noise[3 * s] = s2;
    noise[3 * s + 1] = sd;
    noise[3 * s + 2] = std::sqrt(1.0 - ns.ar1 * ns.ar1) * sd;
  }
  const std::size_t steps = n ? out[0].size() : 0;
  for (std::size_t i = 0; i < steps; ++i) {
    for (std::size_t s = 0; s < n; ++s) z[s] = standard_normal(g);
    for (std::size_t s = 0; s < n; ++s) {
      if (models[s].noise.cv <= 0.0) continue;
      double e = 0;
      for (std::size_t j = 0; j < n; ++j) e += root.at(s, j) * z[j];
      const double s2 = noise[3 * s], sd = noise[3 * s + 1];
      x[s] = i == 0 ? sd * e : models[s].noise.ar1 * x[s] + noise[3 * s + 2] * e;
      out[s][i] *= std::exp(x[s] - 0.5 * s2);
    }
  }
  for (std::size_t s = 0; s < n; ++s) add_bursts(models[s].bursts, h, g, out[s]);
}

}  // namespace fleetcast::demand
