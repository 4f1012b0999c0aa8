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

  /// `n` tasks serving from t = 0.
  void start(std::int64_t n) {
    split_tasks(*p_->strategy, n, target_, scratch_);
    for (std::size_t j = 0; j < target_.size(); ++j)
      for (std::int64_t k = 0; k < target_[j]; ++k) launch(j, 0.0, 0.0), ++ready_;
  }
  /// Starting tasks whose start-up has ended by t0 now serve.
  void count_ready(double t0) {
    for (std::size_t q = 0; q < starting_.size();) {
      if (by_provider_[starting_[q].first][starting_[q].second].ready <= t0) {
        ++ready_;
        starting_[q] = starting_.back();
        starting_.pop_back();
      } else {
        ++q;
      }
    }
  }
  [[nodiscard]] std::int64_t ready() const { return ready_; }  ///< tasks serving
  [[nodiscard]] std::int64_t total() const { return total_; }  ///< tasks launched, not stopped

  /// Launches or stops (newest first) tasks at t1 until `desired` run, split by the strategy.
  void scale_to(std::int64_t desired, double t1) {
    split_tasks(*p_->strategy, desired, target_, scratch_);
    for (std::size_t j = 0; j < target_.size(); ++j) {
      while (std::int64_t(by_provider_[j].size()) < target_[j]) {
        launch(j, t1, t1 + draw_startup(sv_->startup, g_));
        starting_.emplace_back(j, by_provider_[j].size() - 1);
      }
      while (std::int64_t(by_provider_[j].size()) > target_[j]) stop_newest(j, t1);
    }
  }

  [[nodiscard]] bool spot_due(double t1) const { return spot_.due(t1); }
  /// Spot interruptions due by t1: two minutes' notice, then the task stops (billed until
  /// then) and the service launches a replacement on the same provider (Fargate does not fall
  /// back to on-demand). Adds the notices to `interruptions`.
  void interrupt_due(double t1, std::int64_t& interruptions) {
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
  [[nodiscard]] double cost_so_far(double t1) const {
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

 private:
  struct task {
    double launch, ready;
    double notice = never;  // Fargate Spot: the interruption notice
    double stop = never;    // two minutes after the notice
  };

  static fargate_request request_of(const service& sv, const option& o) {
    fargate_request req = sv.task;
    req.on = o.on;
    return req;
  }
  // Inlined by force (as the lambda it was): it runs once per task, and with 10 000 tasks a
  // call per launch cost 6 % of a path.
  [[gnu::always_inline]] void launch(std::size_t j, double at, double ready_at) {
    task t{at, ready_at};
    if (p_->spot_of[j]) t.notice = spot_.launch(p_->rate, at);
    by_provider_[j].push_back(t);
    ++total_;
  }
  // A run on provider j, billed to every option: in the same order for each as alone.
  [[gnu::always_inline]] void bill(std::size_t j, double launch, double at) {
    for (auto& b : billing_) b.bill(j, launch, at);
  }
  // Removes (j, i) from `starting_`; false if the task was already serving.
  bool unstart(std::size_t j, std::size_t i) {
    for (auto& p : starting_)
      if (p.first == j && p.second == i) {
        p = starting_.back();
        starting_.pop_back();
        return true;
      }
    return false;
  }
  void stop_newest(std::size_t j, double at) {
    auto& v = by_provider_[j];
    if (!unstart(j, v.size() - 1)) --ready_;
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
      if (!unstart(j, q)) --ready_;
      t = task{at, at + draw_startup(sv_->startup, g_)};
      t.notice = spot_.notice(p_->rate, at);
      starting_.emplace_back(j, q);
    }
  }

  const service* sv_;
  const fargate_providers* p_;
  xoshiro256pp g_;  // start-up latencies
  spot_process spot_;
  std::vector<std::vector<task>> by_provider_;
  // Tasks launched but not yet serving: (provider, index). Indices are stable: tasks leave
  // only from the back, and a replaced Spot task keeps its slot.
  std::vector<std::pair<std::size_t, std::size_t>> starting_;
  std::int64_t ready_ = 0, total_ = 0;
  std::vector<std::int64_t> target_, scratch_;  // reused: no allocation per change
  std::vector<fargate_billing> billing_;  // one per billed option
};

}  // namespace fleetcast::sim::detail
