#pragma once
/// @file
/// The Fargate fleet: one service's tasks on a Fargate option, split between capacity
/// providers (FARGATE, FARGATE_SPOT) by the option's strategy. Costs accrue lazily: a task is
/// billed when it stops, readiness is tracked through a short list of starting tasks, and Spot
/// notices are drawn as times when a task launches, so a step where nothing changes is O(1).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "fargate_billing.hpp"
#include "fleetcast/core/random.hpp"
#include "fleetcast/sim/scenario.hpp"
#include "option_vocabulary.hpp"
#include "spot_process.hpp"
#include "task_startup.hpp"

namespace fleetcast::sim::detail {

/// ECS capacity-provider split of n tasks into `c` (one count per provider): the provider with
/// a base gets up to `base` tasks first; each further task goes to the provider furthest below
/// its weighted share of the tasks beyond the base (exact integer comparison; ties to the
/// provider listed first). `beyond` is scratch. No strategy: all on one provider.
inline void split_tasks(const std::vector<provider_share>& st, std::int64_t n, std::vector<std::int64_t>& c,
                        std::vector<std::int64_t>& beyond) {
  if (st.empty()) {
    c.assign(1, n);
    return;
  }
  c.assign(st.size(), 0);
  beyond.assign(st.size(), 0);
  std::int64_t left = n, total_weight = 0;
  for (std::size_t i = 0; i < st.size(); ++i) {
    const std::int64_t b = std::min(left, st[i].base);
    c[i] += b;
    left -= b;
    total_weight += st[i].weight;
  }
  if (total_weight == 0) {
    c[0] += left;  // no weights: everything on the first provider
    return;
  }
  // The choices repeat every `total_weight` tasks: while m < W the chosen provider has a
  // positive deficit, w_i (m + 1) > W b_i, so b_i < w_i before and b_i <= w_i after; after W
  // tasks Σ b_i = W = Σ w_i, hence b_i = w_i, and from there the deficits (and the ties) are
  // those of m − W. So each whole round gives every provider its weight, and only the rest
  // (< W tasks) goes through the loop: O(W), not O(n), per change (docs/scaling.md).
  const std::int64_t rounds = left / total_weight;
  if (rounds > 0) {
    for (std::size_t i = 0; i < st.size(); ++i) c[i] += rounds * st[i].weight;
    left -= rounds * total_weight;
  }
  for (std::int64_t m = 0; m < left; ++m) {
    std::size_t best = 0;
    std::int64_t best_deficit = INT64_MIN;
    for (std::size_t i = 0; i < st.size(); ++i) {
      if (st[i].weight == 0) continue;
      const std::int64_t deficit = st[i].weight * (m + 1) - total_weight * beyond[i];
      if (deficit > best_deficit) {
        best_deficit = deficit;
        best = i;
      }
    }
    ++beyond[best];
    ++c[best];
  }
}

/// An option's capacity providers, the same for every service.
struct fargate_providers {
  const std::vector<provider_share>* strategy;
  std::vector<bool> spot_of;  ///< per provider (one, on-demand, without a strategy)
  double rate;                ///< Fargate Spot interruptions per task-second

  explicit fargate_providers(const option& o)
      : strategy(&o.strategy),
        spot_of(std::max<std::size_t>(1, o.strategy.size()), false),
        rate(hazard_per_second(o.spot_interruption_probability_per_month.value_or(0.05))) {
    for (std::size_t j = 0; j < o.strategy.size(); ++j) spot_of[j] = is_fargate_spot(o.strategy[j]);
  }
};

class fargate_fleet {
 public:
  /// Service `si` of path `index`, billed for each option of `billed` into its usage ledger
  /// (`usage[k]` for `billed[k]`). The options scale the service alike (`fargate_alike`), so
  /// one fleet serves them all and only their bills differ; `p` is their providers. Its streams
  /// are keyed by service, not option (common random numbers): options that launch alike draw
  /// the same latencies and Spot notices, so their difference is their design alone.
  fargate_fleet(const scenario& s, std::span<const option* const> billed, const price_catalog& cat,
                std::uint64_t index, std::size_t si, const fargate_providers& p, std::span<usage_ledger* const> usage)
      : sv_(&s.services[si]),
        p_(&p),
        g_(make_stream(s.seed, index, stream_purpose::startup, si)),
        spot_(make_stream(s.seed, index, stream_purpose::spot, si)),
        by_provider_(p.spot_of.size()) {
    billing_.reserve(billed.size());
    for (std::size_t k = 0; k < billed.size(); ++k)
      billing_.emplace_back(request_of(*sv_, *billed[k]), p.spot_of, cat, *usage[k],
                            fargate_task_extras{has_public_ipv4(s, *billed[k]), sv_->image_size_mib / double(mib_per_gib),
                                                egress_usd_per_gb(s, cat), data_key_of(s.network.egress)});
  }

  /// `n` tasks serving from t = 0, on a path of `steps` steps of `step_s` seconds (step i
  /// starts at t0(i) = i × step_s).
  [[gnu::noinline]] void start(std::int64_t n, std::int64_t steps, std::int64_t step_s) {
    steps_ = steps;
    step_s_ = step_s;
    counted_ = -1;
    next_serving_ = -1;
    uncounted_ = 0;
    becoming_ready_.assign(std::size_t(steps) + 1, 0);
    split_tasks(*p_->strategy, n, target_, scratch_);
    for (std::size_t j = 0; j < target_.size(); ++j)
      for (std::int64_t k = 0; k < target_[j]; ++k) launch(j, 0.0, -1), ++ready_;
  }
  /// Step i begins: the starting tasks whose start-up has ended by t0(i) now serve. O(1): a
  /// task's start-up end is counted, when it launches, at the first step it serves.
  void count_ready(std::int64_t i) {
    ready_ += becoming_ready_[std::size_t(i)];
    uncounted_ -= becoming_ready_[std::size_t(i)];
    counted_ = i;
  }
  [[nodiscard]] std::int64_t ready() const { return ready_; }  ///< tasks serving
  [[nodiscard]] std::int64_t total() const { return total_; }  ///< tasks launched, not stopped

  // The events (start, scale_to, interrupt_due, cost_so_far) are out of line: the step loop
  // (fargate_option.cpp) inlines everything else it calls.

  /// Launches or stops (newest first) tasks at t1 until `desired` run, split by the strategy.
  [[gnu::noinline]] void scale_to(std::int64_t desired, double t1) {
    split_tasks(*p_->strategy, desired, target_, scratch_);
    for (std::size_t j = 0; j < target_.size(); ++j) {
      std::vector<task>& v = by_provider_[j];
      while (std::int64_t(v.size()) < target_[j]) launch(j, t1, serving_step(t1 + draw_startup(sv_->startup, g_)));
      while (std::int64_t(v.size()) > target_[j]) stop_newest(j, t1);
    }
  }

  [[nodiscard]] bool spot_due(double t1) const { return spot_.due(t1); }
  /// The earliest pending Spot event (a notice or a stop; `never`: none).
  [[nodiscard]] double next_spot_event() const { return spot_.next(); }
  /// The first step after i at which launched tasks start serving (`steps` if none): steps
  /// i + 1 … that − 1 count no task ready. Remembered until a launch counts one earlier (a
  /// stop that takes a count back only makes it early); found only while a task starts up
  /// within the path, so the search ends within its start-up.
  [[nodiscard]] std::int64_t next_serving_step(std::int64_t i) {
    if (uncounted_ == 0) return steps_;
    if (next_serving_ <= i) {
      std::int64_t j = i + 1;
      while (j < steps_ && becoming_ready_[std::size_t(j)] == 0) ++j;
      next_serving_ = std::min(j, steps_);
    }
    return next_serving_;
  }
  /// Spot interruptions due by t1: two minutes' notice, then the task stops (billed until
  /// then) and the service launches a replacement on the same provider (Fargate does not fall
  /// back to on-demand). Adds the notices to `interruptions`.
  [[gnu::noinline]] void interrupt_due(double t1, std::int64_t& interruptions) {
    spot_.rescan();
    for (std::size_t j = 0; j < by_provider_.size(); ++j) {
      if (!p_->spot_of[j]) continue;
      for (std::size_t q = 0; q < by_provider_[j].size(); ++q) {
        task& t = by_provider_[j][q];
        interrupt(j, q, t1, interruptions);
        spot_.expect(std::min(t.notice, t.stop));
      }
    }
  }

  /// Finished runs as billed plus running tasks by elapsed seconds, on the first billed
  /// option (for the trace).
  [[nodiscard, gnu::noinline]] double cost_so_far(double t1) const {
    double so_far = 0;
    const fargate_billing& b = billing_.front();
    for (std::size_t j = 0; j < by_provider_.size(); ++j) {
      so_far += b.billed(j) * b.per_second(j);
      for (const auto& t : by_provider_[j]) so_far += (t1 - t.launch) * b.per_second(j);
    }
    return so_far;
  }

  /// Stops every task at `end`; then `charge` each billed option.
  void finish(double end) {
    for (std::size_t j = 0; j < by_provider_.size(); ++j)
      while (!by_provider_[j].empty()) stop_newest(j, end);
  }
  /// Charges the service's bill on billed option k; returns its cost. After `finish`.
  double charge(std::size_t k, cost_ledger& l, double& task_hours) const { return billing_[k].charge(l, task_hours); }

  /// The first step whose start t0(i) is at or after `ready_at` (at most `steps`: never
  /// within the path). Exact: the division only guesses, the comparisons decide.
  [[nodiscard]] std::int64_t serving_step(double ready_at) const {
    const double guess = std::ceil(ready_at / double(step_s_));
    std::int64_t i = guess >= double(steps_) ? steps_ : guess > 0 ? std::int64_t(guess) : 0;
    while (i < steps_ && double(i * step_s_) < ready_at) ++i;
    while (i > 0 && double((i - 1) * step_s_) >= ready_at) --i;
    return i;
  }

 private:
  struct task {
    double launch;
    std::int64_t serves_from;  // the step from which it serves (-1: from the start)
    double notice = never;     // Fargate Spot: the interruption notice
    double stop = never;       // two minutes after the notice
  };

  static fargate_request request_of(const service& sv, const option& o) {
    fargate_request req = sv.task;
    req.on = o.on;
    return req;
  }
  // Inlined by force (as the lambda it was): it runs once per task, and with 10 000 tasks a
  // call per launch cost 6 % of a path. A task launched during the path serves from a later
  // step (its start-up ends after the step's start): counted there.
  [[gnu::always_inline]] void launch(std::size_t j, double at, std::int64_t serves_from) {
    task t{at, serves_from};
    if (p_->spot_of[j]) t.notice = spot_.launch(p_->rate, at);
    by_provider_[j].push_back(t);
    if (serves_from >= 0) count_serving_at(serves_from);
    ++total_;
  }
  // A run on provider j, billed to every option: in the same order for each as alone.
  [[gnu::always_inline]] void bill(std::size_t j, double launch, double at) {
    for (auto& b : billing_) b.bill(j, launch, at);
  }
  void count_serving_at(std::int64_t step) {
    ++becoming_ready_[std::size_t(step)];
    if (step < steps_) ++uncounted_;
    next_serving_ = std::min(next_serving_, step);
  }
  // A task leaves: the serving count, or its count-to-come if it was still starting.
  void leave(const task& t) {
    if (t.serves_from > counted_) {
      --becoming_ready_[std::size_t(t.serves_from)];
      if (t.serves_from < steps_) --uncounted_;
    } else
      --ready_;
  }
  void stop_newest(std::size_t j, double at) {
    auto& v = by_provider_[j];
    leave(v.back());
    bill(j, v.back().launch, at);
    v.pop_back();
    --total_;
  }
  // Task (j, q)'s notice, stop and replacement, as often as they fall due by t1 (the
  // replacement keeps the slot, so indices stay stable).
  void interrupt(std::size_t j, std::size_t q, double t1, std::int64_t& interruptions) {
    task& t = by_provider_[j][q];
    for (;;) {
      if (t.stop == never && t.notice <= t1) {
        t.stop = t.notice + spot_notice_s;
        ++interruptions;
      }
      if (t.stop > t1) break;
      const double at = t.stop;
      bill(j, t.launch, at);
      leave(t);
      t = task{at, serving_step(at + draw_startup(sv_->startup, g_))};
      t.notice = spot_.notice(p_->rate, at);
      count_serving_at(t.serves_from);
    }
  }

  const service* sv_;
  const fargate_providers* p_;
  xoshiro256pp g_;  // start-up latencies
  spot_process spot_;
  std::vector<std::vector<task>> by_provider_;
  // Per step (and one past the end: never within the path), how many tasks launched so far
  // start serving at that step. A task that stops before its step takes its count back.
  std::vector<std::int64_t> becoming_ready_;
  std::int64_t steps_ = 0, step_s_ = 1;
  std::int64_t counted_ = -1;  // the last step `count_ready` counted
  std::int64_t next_serving_ = -1;  // see next_serving_step (-1: to be found)
  std::int64_t uncounted_ = 0;  // tasks that start serving at a step within the path not yet counted
  std::int64_t ready_ = 0, total_ = 0;
  std::vector<std::int64_t> target_, scratch_;  // reused: no allocation per change
  std::vector<fargate_billing> billing_;  // one per billed option
};

}  // namespace fleetcast::sim::detail
