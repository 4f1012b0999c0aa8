#pragma once
/// @file
/// Random numbers whose results reproduce bit for bit on every compiler and standard library:
/// the xoshiro256++ engine, streams keyed by (seed, scenario, purpose, sub), and our own draws
/// (no `std::` distribution: their algorithms differ between standard libraries).
///
/// Reproducibility contract: a draw is a pure function of the engine state, and a stream's
/// state is a pure function of its keys, so scenario i draws the same numbers whichever thread,
/// block, shard or process runs it. The draws use only +, -, *, / (exact in IEEE double, and
/// the build forbids FMA contraction) and `std::exp`, `std::log`, `std::log1p`, `std::sqrt`.
/// sqrt is exact; exp/log/log1p come from the C library, so bit identity across *different*
/// C libraries (glibc vs macOS) is only as good as their agreement (glibc's are < 1 ulp).
///
/// Every draw takes any engine `G` satisfying `random_engine64` (64 uniformly random bits per
/// call: `xoshiro256pp`, `splitmix64`, `std::mt19937_64`) by reference; all are noexcept and
/// never allocate. How many engine outputs a draw consumes is stated for each, because common
/// random numbers across options rely on streams staying aligned.

#include <array>
#include <bit>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>

#include "fleetcast/core/detail/ziggurat_tables.hpp"

namespace fleetcast {

// ------------------------------------------------------------------------------------ engines

namespace detail {
inline constexpr std::uint64_t splitmix64_gamma = 0x9e3779b97f4a7c15;  ///< 2^64 / golden ratio

/// splitmix64's output function (Steele, Lea & Flood 2014; Stafford's "Mix13" constants).
/// A bijection on 64-bit words with full avalanche.
[[nodiscard]] constexpr std::uint64_t splitmix64_mix(std::uint64_t z) noexcept {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}
}  // namespace detail

/// splitmix64 (Vigna's reference splitmix64.c): the generator that seeds xoshiro256++.
/// Period 2^64; fine for seeding, too weak a state for the simulation itself.
class splitmix64 {
 public:
  using result_type = std::uint64_t;
  explicit constexpr splitmix64(std::uint64_t seed) noexcept : state_(seed) {}
  [[nodiscard]] static constexpr result_type min() noexcept { return 0; }
  [[nodiscard]] static constexpr result_type max() noexcept {
    return std::numeric_limits<result_type>::max();
  }
  constexpr result_type operator()() noexcept {
    state_ += detail::splitmix64_gamma;
    return detail::splitmix64_mix(state_);
  }

 private:
  std::uint64_t state_;
};

/// xoshiro256++ 1.0 (Blackman & Vigna 2019, reference xoshiro256plusplus.c): 256-bit state,
/// period 2^256 - 1, every output bit of good quality (so bits of one output may be split
/// between uses, as `standard_normal` does). Satisfies std::uniform_random_bit_generator.
/// A plain value: copy it to fork, compare with ==.
class xoshiro256pp {
 public:
  using result_type = std::uint64_t;
  using state_type = std::array<std::uint64_t, 4>;

  /// State = the first four outputs of splitmix64(seed), as the authors recommend. Never the
  /// all-zero state (four consecutive splitmix64 outputs are distinct, so at most one is 0).
  explicit constexpr xoshiro256pp(std::uint64_t seed) noexcept {
    splitmix64 sm(seed);
    for (auto& w : s_) w = sm();
  }
  /// A given state. Pre: not all zero (the one state the engine never leaves).
  explicit constexpr xoshiro256pp(const state_type& state) noexcept : s_(state) {}

  [[nodiscard]] static constexpr result_type min() noexcept { return 0; }
  [[nodiscard]] static constexpr result_type max() noexcept {
    return std::numeric_limits<result_type>::max();
  }

  /// Next 64 bits. O(1): a few adds, shifts, xors and two rotations.
  constexpr result_type operator()() noexcept {
    const std::uint64_t result = std::rotl(s_[0] + s_[3], 23) + s_[0];
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = std::rotl(s_[3], 45);
    return result;
  }

  /// Advances by 2^128 outputs (256 steps of work): 2^128 non-overlapping subsequences.
  constexpr void jump() noexcept {
    apply_jump({0x180ec6d33cfd0aba, 0xd5a61266f0c9392c, 0xa9582618e03fc9aa, 0x39abdc4529b1661c});
  }
  /// Advances by 2^192 outputs.
  constexpr void long_jump() noexcept {
    apply_jump({0x76e15d3efefdcbbf, 0xc5004e441c522fb3, 0x77710069854ee241, 0x39109bb02acbe635});
  }

  [[nodiscard]] constexpr const state_type& state() const noexcept { return s_; }
  friend constexpr bool operator==(const xoshiro256pp&, const xoshiro256pp&) = default;

 private:
  // The reference jump: the state after 2^k steps is a GF(2)-linear function of the current
  // one, given by the polynomial in `poly`.
  constexpr void apply_jump(const state_type& poly) noexcept {
    state_type acc{};
    for (const std::uint64_t word : poly) {
      for (int b = 0; b < 64; ++b) {
        if (word & (std::uint64_t{1} << b)) {
          for (std::size_t i = 0; i < 4; ++i) acc[i] ^= s_[i];
        }
        (*this)();
      }
    }
    s_ = acc;
  }

  state_type s_{};
};

namespace detail {
template <class G>
inline constexpr bool full_64_bit_range =
    G::min() == 0 && G::max() == std::numeric_limits<std::uint64_t>::max();
}  // namespace detail

/// An engine giving 64 uniformly random bits per call, which every draw below assumes.
template <class G>
concept random_engine64 = std::uniform_random_bit_generator<G> &&
    std::same_as<typename G::result_type, std::uint64_t> && detail::full_64_bit_range<G>;

static_assert(random_engine64<xoshiro256pp>);
static_assert(random_engine64<splitmix64>);

// ------------------------------------------------------------------------------------ streams

/// What a stream is for; a scenario's streams never overlap. The values are part of the
/// stream derivation: never renumber them.
enum class stream_purpose : std::uint32_t {
  demand = 1,     ///< demand paths, noise, bursts
  startup = 2,    ///< task start and instance launch latencies
  spot = 3,       ///< Spot / Fargate Spot interruptions (sub = option index)
  bootstrap = 4,  ///< block bootstrap of replayed traces
  placement = 5,  ///< randomised placement policies
  other = 15,
};

namespace detail {
/// The key-to-state map of `make_stream` (derivation version 1; tests pin its outputs).
/// w = (seed, scenario, purpose, sub); two rounds of, for i = 0, 1, 2, 3 in turn,
///   w[i] ^= splitmix64_mix(w[(i + 3) mod 4] + gamma * (4 r + i + 1)),   r = 0, 1.
/// Each step is invertible (it changes w[i] by a function of another word), so the map is a
/// bijection on 256 bits: distinct keys give distinct states. After two rounds every output
/// word depends on every key bit through at least one full-avalanche mix, so neighbouring
/// keys (scenario i and i + 1) give unrelated states. The single key mapping to the all-zero
/// state has a purpose word above 2^32, which no `stream_purpose` produces (checked in tests).
[[nodiscard]] constexpr xoshiro256pp::state_type stream_state(std::uint64_t seed,
                                                              std::uint64_t scenario,
                                                              std::uint64_t purpose,
                                                              std::uint64_t sub) noexcept {
  xoshiro256pp::state_type w{seed, scenario, purpose, sub};
  std::uint64_t round_key = 0;
  for (int r = 0; r < 2; ++r) {
    for (std::size_t i = 0; i < 4; ++i) {
      round_key += splitmix64_gamma;
      w[i] ^= splitmix64_mix(w[(i + 3) & 3] + round_key);
    }
  }
  return w;
}
}  // namespace detail

/// The stream keyed by (seed, scenario, purpose, sub): a pure function of the four keys,
/// independent of threads and of how many other streams exist. `sub` separates streams of one
/// purpose, e.g. services or options. Streams start at unrelated points of one 2^256 - 1
/// cycle; for n streams of L draws the chance that any two overlap is about n^2 L / 2^256,
/// 2^-136 for 2^40 streams of 2^40 draws. O(1): eight mixes.
[[nodiscard]] constexpr xoshiro256pp make_stream(std::uint64_t seed, std::uint64_t scenario,
                                                 stream_purpose purpose,
                                                 std::uint64_t sub = 0) noexcept {
  return xoshiro256pp(
      detail::stream_state(seed, scenario, static_cast<std::uint64_t>(purpose), sub));
}

// ------------------------------------------------------------------------------ uniform draws

/// Uniform on [0, 1): the top 53 bits of one output, times 2^-53 (every multiple of 2^-53 in
/// [0, 1) with equal probability). One engine call.
template <random_engine64 G>
[[nodiscard]] constexpr double uniform01(G& g) noexcept {
  return static_cast<double>(g() >> 11) * 0x1.0p-53;
}

/// Uniform on [a, b): a + (b - a) u, with the rare result rounded up to b moved to the double
/// just below b. Pre: a <= b, both finite (a == b gives a). One engine call.
template <random_engine64 G>
[[nodiscard]] double uniform(G& g, double a, double b) noexcept {
  const double r = a + (b - a) * uniform01(g);
  return r < b ? r : std::nextafter(b, a);
}

namespace detail {
/// 64 x 64 -> 128-bit product as (high, low) words.
struct u128_parts {
  std::uint64_t hi;
  std::uint64_t lo;
};
/// Schoolbook product from 32-bit halves: the portable definition.
[[nodiscard]] constexpr u128_parts mul_64x64_portable(std::uint64_t a, std::uint64_t b) noexcept {
  const std::uint64_t a_lo = a & 0xffffffff, a_hi = a >> 32;
  const std::uint64_t b_lo = b & 0xffffffff, b_hi = b >> 32;
  const std::uint64_t ll = a_lo * b_lo, lh = a_lo * b_hi, hl = a_hi * b_lo, hh = a_hi * b_hi;
  const std::uint64_t mid = (ll >> 32) + (lh & 0xffffffff) + (hl & 0xffffffff);
  return {hh + (lh >> 32) + (hl >> 32) + (mid >> 32), (mid << 32) | (ll & 0xffffffff)};
}
/// The same product with the compiler's 128-bit integer where there is one (one instruction).
[[nodiscard]] constexpr u128_parts mul_64x64(std::uint64_t a, std::uint64_t b) noexcept {
#ifdef __SIZEOF_INT128__
  __extension__ using u128 = unsigned __int128;
  const u128 m = static_cast<u128>(a) * b;
  return {static_cast<std::uint64_t>(m >> 64), static_cast<std::uint64_t>(m)};
#else
  return mul_64x64_portable(a, b);
#endif
}
}  // namespace detail

/// Uniform on {0, ..., n - 1}, exactly unbiased: Lemire's multiply-and-reject (Lemire 2019,
/// "Fast random integer generation in an interval", Algorithm 5). Pre: n >= 1. One engine
/// call, plus a retry with probability (2^64 mod n) / 2^64 < n / 2^64.
template <random_engine64 G>
[[nodiscard]] constexpr std::uint64_t uniform_below(G& g, std::uint64_t n) noexcept {
  detail::u128_parts m = detail::mul_64x64(g(), n);
  if (m.lo < n) {
    const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
    while (m.lo < threshold) m = detail::mul_64x64(g(), n);
  }
  return m.hi;
}

/// true with probability p (p <= 0: never; p >= 1: always). One engine call.
template <random_engine64 G>
[[nodiscard]] constexpr bool bernoulli(G& g, double p) noexcept {
  return uniform01(g) < p;
}

// --------------------------------------------------------------------- continuous draws

namespace detail {
/// Standard exponential by inversion, -log(1 - u) with u uniform on [0, 1): exact input to
/// log1p, so the only error is log1p's own. Largest value 53 log 2 = 36.74 (a cut at
/// probability 2^-53). One engine call.
template <random_engine64 G>
[[nodiscard]] double standard_exponential(G& g) noexcept {
  return -std::log1p(-uniform01(g));
}

/// The normal tail beyond r > 0, exactly (Marsaglia 1964): x = E1 / r, y = E2, accept when
/// 2 y >= x^2, return r + x. Acceptance probability 0.94 for r = 3.65.
template <random_engine64 G>
[[nodiscard]] double normal_tail(G& g, double r) noexcept {
  for (;;) {
    const double x = standard_exponential(g) / r;
    const double y = standard_exponential(g);
    if (y + y >= x * x) return r + x;
  }
}
}  // namespace detail

namespace detail {
/// x with its sign bit set from bit 8 of `bits`: exactly `bit 8 ? -x : x` for x >= 0 (negation
/// only flips the sign bit), without a branch on a random bit (half of them mispredicted).
[[nodiscard]] inline double signed_by_bit8(double x, std::uint64_t bits) noexcept {
  return std::bit_cast<double>(std::bit_cast<std::uint64_t>(x) ^ ((bits & 0x100) << 55));
}

/// The rest of `standard_normal` after a first output `bits` that fell outside its layer's
/// rectangle: the tail or the wedge test, then further tries as in the full loop.
template <random_engine64 G>
[[nodiscard, gnu::noinline]] double standard_normal_slow(G& g, std::uint64_t bits) noexcept {
  for (;;) {
    const auto i = static_cast<std::size_t>(bits & 0xff);
    const bool negative = ((bits >> 8) & 1) != 0;
    const double x = static_cast<double>(bits >> 11) * 0x1.0p-53 * zig_norm_x[i];
    if (x < zig_norm_x[i + 1]) return negative ? -x : x;  // inside the layer's rectangle
    if (i == 0) {                                         // base strip beyond R: the tail
      const double t = normal_tail(g, zig_norm_r);
      return negative ? -t : t;
    }
    // Wedge: a uniform height in the layer, accepted under the density.
    const double y = zig_norm_f[i] + (zig_norm_f[i + 1] - zig_norm_f[i]) * uniform01(g);
    if (y < std::exp(-0.5 * x * x)) return negative ? -x : x;
    bits = g();
  }
}
}  // namespace detail

/// Standard normal N(0, 1) by the ziggurat of Marsaglia & Tsang (2000) with 256 layers
/// (tables and their formula in detail/ziggurat_tables.hpp) and an exact tail (Marsaglia 1964).
/// One output supplies the layer (bits 0-7), the sign (bit 8) and a 53-bit uniform (bits
/// 11-63): disjoint bits, which avoids the layer/value correlation Doornik (2005) found in the
/// original 32-bit version. Wedges are tested against the exact density. 98.5% of draws take
/// one engine call and no transcendental function; on average 1.022 calls per draw. That
/// common case is inline; the rest (`detail::standard_normal_slow`) is not.
template <random_engine64 G>
[[nodiscard]] inline double standard_normal(G& g) noexcept {
  const std::uint64_t bits = g();
  const auto i = static_cast<std::size_t>(bits & 0xff);
  const double x = static_cast<double>(bits >> 11) * 0x1.0p-53 * detail::zig_norm_x[i];
  if (x < detail::zig_norm_x[i + 1]) [[likely]]
    return detail::signed_by_bit8(x, bits);  // inside the layer's rectangle
  return detail::standard_normal_slow(g, bits);
}

/// `standard_normal(r)` for a draw loop that keeps a copy `r` of the engine `g` (whose address
/// it never takes, so the compiler keeps its state in registers through the loop): the rare
/// draw that leaves the first rectangle goes through `g` (synchronised before and after), the
/// common one never touches memory. Same values and engine outputs as `standard_normal(r)`;
/// on return `r` holds the state (copy it back to `g` after the loop).
template <random_engine64 G>
[[nodiscard]] inline double standard_normal_in(G& r, G& g) noexcept {
  const std::uint64_t bits = r();
  const auto i = static_cast<std::size_t>(bits & 0xff);
  const double x = static_cast<double>(bits >> 11) * 0x1.0p-53 * detail::zig_norm_x[i];
  if (x < detail::zig_norm_x[i + 1]) [[likely]]
    return detail::signed_by_bit8(x, bits);
  g = r;
  const double z = detail::standard_normal_slow(g, bits);
  r = g;
  return z;
}

/// Normal with the given mean and standard deviation: mean + sd Z. Pre: sd >= 0 (sd = 0
/// gives mean and still consumes the draw, so streams stay aligned as sd varies).
template <random_engine64 G>
[[nodiscard]] double normal(G& g, double mean, double sd) noexcept {
  return mean + sd * standard_normal(g);
}

/// Lognormal exp(mu + sigma Z): mu and sigma are the mean and sd of the log. Pre: sigma >= 0.
template <random_engine64 G>
[[nodiscard]] double lognormal(G& g, double mu, double sigma) noexcept {
  return std::exp(mu + sigma * standard_normal(g));
}

/// Lognormal with the given mean and coefficient of variation (sd / mean):
/// sigma^2 = log(1 + cv^2), mu = log(mean) - sigma^2 / 2, computed as
/// mean * exp(sigma Z - sigma^2 / 2) so that cv = 0 gives exactly `mean`. Always consumes one
/// standard normal, so a sweep over cv keeps common random numbers. Pre: mean >= 0, cv >= 0.
template <random_engine64 G>
[[nodiscard]] double lognormal_mean_cv(G& g, double mean, double cv) noexcept {
  const double s2 = std::log1p(cv * cv);
  const double sigma = std::sqrt(s2);
  return mean * std::exp(sigma * standard_normal(g) - 0.5 * s2);
}

/// Exponential with the given rate (mean 1 / rate) by inversion: -log1p(-u) / rate, u uniform
/// on [0, 1). Largest value 36.74 / rate (cut at probability 2^-53). Pre: rate > 0. One engine
/// call.
template <random_engine64 G>
[[nodiscard]] double exponential(G& g, double rate) noexcept {
  return detail::standard_exponential(g) / rate;
}

/// Pareto (type I) with scale xm and shape alpha: P(X > x) = (xm / x)^alpha for x >= xm, by
/// inversion, xm * exp(E / alpha) with E standard exponential. Mean is finite for alpha > 1,
/// variance for alpha > 2. Pre: xm > 0, alpha > 0. One engine call.
template <random_engine64 G>
[[nodiscard]] double pareto(G& g, double xm, double alpha) noexcept {
  return xm * std::exp(detail::standard_exponential(g) / alpha);
}

// ------------------------------------------------------------------------------------ Poisson

namespace detail {
/// Means below this use inversion; PTRS is valid from 10 on (Hörmann 1993).
inline constexpr double poisson_ptrs_min_mean = 10.0;

/// stirlerr(n) = log(n!) - log(sqrt(2 pi n) (n / e)^n) for n = 0..15 (0 for n = 0 by
/// convention). Generated with mpmath at 60 digits: loggamma(n+1) - (n+1/2) log n + n -
/// log(2 pi)/2; they agree with the table in R's nmath/stirlerr.c (Loader 2000).
// clang-format off
inline constexpr double stirlerr_table[16] = {
    0.0,                  0.08106146679532726,  0.0413406959554093,   0.02767792568499834,
    0.020790672103765093, 0.016644691189821193, 0.013876128823070748, 0.01189670994589177,
    0.010411265261972096, 0.009255462182712733, 0.00833056343336287,  0.007573675487951841,
    0.00694284010720953,  0.006408994188004207, 0.0059513701127588475, 0.005554733551962801};
// clang-format on

/// stirlerr(n) for an integer n >= 0: the table, then the Stirling series to n^-9 (the first
/// omitted term is below 1.2e-16 for n >= 16).
[[nodiscard]] inline double stirlerr(double n) noexcept {
  if (n < 16.0) return stirlerr_table[static_cast<std::size_t>(n)];
  constexpr double s0 = 1.0 / 12, s1 = 1.0 / 360, s2 = 1.0 / 1260, s3 = 1.0 / 1680, s4 = 1.0 / 1188;
  const double nn = n * n;
  return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n;
}

/// bd0(x, m) = x log(x / m) + m - x, without cancellation when x is near m (Loader 2000):
/// a series in v = (x - m) / (x + m) when |x - m| < (x + m) / 10. Pre: x > 0, m > 0.
[[nodiscard]] inline double bd0(double x, double m) noexcept {
  if (std::abs(x - m) < 0.1 * (x + m)) {
    double v = (x - m) / (x + m);
    double s = (x - m) * v;
    double ej = 2 * x * v;
    v *= v;  // < 0.01: each term is 100 times smaller than the last
    for (int j = 1; j < 64; ++j) {
      ej *= v;
      const double s1 = s + ej / (2 * j + 1);
      if (s1 == s) return s1;
      s = s1;
    }
    return s;
  }
  return x * std::log(x / m) + m - x;
}

/// log P(K = k) for K ~ Poisson(m), accurate to a few ulps of its magnitude for any size of
/// m (Loader's saddle-point form; the naive k log m - m - log k! loses all digits for large m).
[[nodiscard]] inline double poisson_log_pmf(double k, double m) noexcept {
  constexpr double log_two_pi = 1.8378770664093454836;
  if (k == 0) return -m;
  return -stirlerr(k) - bd0(k, m) - 0.5 * (log_two_pi + std::log(k));
}

/// Inversion by sequential search from 0 (Devroye 1986, X.3.3): one engine call; O(mean)
/// steps. Exact up to rounding of the running CDF: a u beyond where the sum stops growing
/// (probability ~1e-16) gets the k reached there.
template <random_engine64 G>
[[nodiscard]] std::uint64_t poisson_inversion(G& g, double mean) noexcept {
  const double u = uniform01(g);
  double p = std::exp(-mean);
  double cdf = p;
  std::uint64_t k = 0;
  while (u >= cdf) {
    ++k;
    p *= mean / static_cast<double>(k);
    const double next = cdf + p;
    if (next == cdf) break;
    cdf = next;
  }
  return k;
}

/// PTRS, transformed rejection with squeeze (Hörmann 1993, "The transformed rejection method
/// for generating Poisson random variables", Algorithm PTRS), exact for mean >= 10: two
/// uniforms per try; 1.33 tries on average at mean 10, 1.14 at 1000, 1.12 at 10^6.
template <random_engine64 G>
[[nodiscard]] std::uint64_t poisson_ptrs(G& g, double mean) noexcept {
  const double slam = std::sqrt(mean);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  const double alpha = 1.1239 + 1.1328 / (b - 3.4);
  const double vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const double u = uniform01(g) - 0.5;
    const double v = uniform01(g);
    const double us = 0.5 - std::abs(u);
    const double kd = std::floor((2 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return static_cast<std::uint64_t>(kd);  // squeeze: kd >= 0
    if (!(kd >= 0) || (us < 0.013 && v > us)) continue;
    if (!(kd < 0x1.0p63)) continue;  // us = 0 gives an infinite kd: outside the support
    if (std::log(v * alpha / (a / (us * us) + b)) <= poisson_log_pmf(kd, mean)) {
      return static_cast<std::uint64_t>(kd);
    }
  }
}
}  // namespace detail

/// Poisson with the given mean. Exact (up to double rounding) for 0 <= mean <= 2^52:
/// inversion for mean < 10 (one engine call; mean 0 gives 0), PTRS (Hörmann 1993) above.
/// Up to 2^62 the result is still Poisson-shaped but only as fine as doubles are (spacing
/// > 1 above 2^53). Out of contract: a negative mean gives 0, NaN gives 0, a mean >= 2^62
/// (or +inf) gives the largest uint64.
template <random_engine64 G>
[[nodiscard]] std::uint64_t poisson(G& g, double mean) noexcept {
  if (mean < detail::poisson_ptrs_min_mean) return detail::poisson_inversion(g, mean);
  if (mean < 0x1.0p62) return detail::poisson_ptrs(g, mean);
  return mean > 0 ? std::numeric_limits<std::uint64_t>::max() : 0;
}

}  // namespace fleetcast
