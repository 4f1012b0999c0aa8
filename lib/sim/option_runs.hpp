#pragma once
/// @file
/// One option over one path, by compute kind: `simulate_path_on` runs every option of a path
/// through one of these. Each is a short loop over the steps composing the simulator's parts
/// (docs/simulator.md).

#include <cmath>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "fleetcast/pricing/catalog.hpp"
#include "fleetcast/sim/scenario.hpp"
#include "fleetcast/sim/simulate.hpp"

namespace fleetcast::sim::detail {

/// A path's steps: step i is [t0(i), t1(i)) seconds into the run; the run ends at `end`.
struct path_clock {
  std::int64_t step;   ///< seconds per step
  std::int64_t steps;  ///< steps in the path
  std::int64_t end;    ///< steps × step

  path_clock(const scenario& s, const std::vector<std::vector<double>>& demand)
      : step(s.horizon.step_seconds),
        steps(std::int64_t(demand.empty() ? 0 : demand[0].size())),
        end(steps * step) {}
  [[nodiscard]] double t0(std::int64_t i) const { return double(i * step); }
  [[nodiscard]] double t1(std::int64_t i) const { return double((i + 1) * step); }
  [[nodiscard]] std::int64_t hours() const { return (end + 3599) / 3600; }
  /// The first step i >= from that starts at or after t (t0(i) >= t); `steps` if none.
  [[nodiscard]] std::int64_t first_starting_at(double t, std::int64_t from) const {
    return first_multiple_at(t, from, steps);
  }
  /// The first step i >= from that ends at or after t (t1(i) >= t); `steps` if none.
  [[nodiscard]] std::int64_t first_ending_at(double t, std::int64_t from) const {
    return first_multiple_at(t, from + 1, steps + 1) - 1;
  }

 private:
  // The least k in [lo, hi) with double(k × step) >= t, hi if none. Exact: the division only
  // guesses, the comparisons decide (as the steps' own times compare with t).
  [[nodiscard]] std::int64_t first_multiple_at(double t, std::int64_t lo, std::int64_t hi) const {
    if (lo >= hi || !(double((hi - 1) * step) >= t)) return hi;  // none (NaN: none)
    if (double(lo * step) >= t) return lo;
    const double guess = std::ceil(t / double(step));  // lo × step < t <= (hi − 1) × step
    std::int64_t k = guess <= double(lo + 1) ? lo + 1 : guess >= double(hi - 1) ? hi - 1 : std::int64_t(guess);
    while (k > lo + 1 && double((k - 1) * step) >= t) --k;
    while (double(k * step) < t) ++k;
    return k;
  }
};

/// max(0, x) as std::max(0.0, x) computes it ((0 < x) ? x : 0, so −0 and NaN give +0), and
/// min(a, b) as std::min(a, b) does ((b < a) ? b : a): the SSE2 instructions compute exactly
/// these, without the branch GCC otherwise emits.
inline double max0(double x) {
#if defined(__SSE2__)
  return _mm_cvtsd_f64(_mm_max_sd(_mm_set_sd(x), _mm_setzero_pd()));
#else
  return x > 0.0 ? x : 0.0;
#endif
}
inline double min_of(double a, double b) {
#if defined(__SSE2__)
  return _mm_cvtsd_f64(_mm_min_sd(_mm_set_sd(b), _mm_set_sd(a)));
#else
  return b < a ? b : a;
#endif
}

/// `demand` is each service's demand per step; `in_tasks` the same divided by the service's
/// capacity per task (divided once for every option).
using trace_sink = std::function<void(const trace_row&)>;

/// Whether an option's run keeps its hourly usage ledger (option_result::usage): its
/// commitments are billed from it; a caller that reads only costs may go without.
enum class hourly_usage : bool { skip, keep };

/// Fargate (ECS or EKS): each task is its own billed unit (fargate_option.cpp).
option_result run_fargate(const scenario& s, const option& o, const price_catalog& cat, std::uint64_t index,
                          const std::vector<std::vector<double>>& demand,
                          const std::vector<std::vector<double>>& in_tasks, const trace_sink& trace,
                          hourly_usage usage = hourly_usage::keep);

/// Whether Fargate options `a` and `b` scale every service alike on every path: the same
/// capacity-provider strategy, the same Spot hazard when a provider is Fargate Spot, and the
/// same autoscaler kind for each service (an EKS-only HPA tells ECS from EKS). Their tasks
/// then launch, start and stop at the same times (the streams are keyed by service), so only
/// their bills differ: task size (EKS adds its pod overhead), public addresses, fees.
bool fargate_alike(const scenario& s, const option& a, const option& b);

/// Fargate options that are `fargate_alike` the first of `group`, over one path: one fleet
/// per service scales as the first does and bills every option, each exactly as it would be
/// billed alone. Writes `out[k]` for `group[k]`. A trace receives the first option's rows.
void run_fargate(const scenario& s, std::span<const option* const> group, const price_catalog& cat,
                 std::uint64_t index, const std::vector<std::vector<double>>& demand,
                 const std::vector<std::vector<double>>& in_tasks, const trace_sink& trace,
                 std::span<option_result> out, hourly_usage usage = hourly_usage::keep);

/// EC2 (ECS or EKS) and EKS Auto Mode: tasks packed onto instances (ec2_option.cpp).
option_result run_ec2(const scenario& s, const option& o, const price_catalog& cat, std::uint64_t index,
                      const std::vector<std::vector<double>>& demand,
                      const std::vector<std::vector<double>>& in_tasks, const trace_sink& trace,
                      hourly_usage usage = hourly_usage::keep);

}  // namespace fleetcast::sim::detail
