#pragma once
/// @file
/// The EC2 cluster of one option over one path: instances of the option's types that persist
/// across steps, with tasks packed onto them by the packing engine's online cluster. This part
/// launches instances (on-demand or Spot, by the option's mix and Spot allocation), keeps their
/// records (launch, warm-up, when they became empty), terminates idle ones (never below a node
/// group's minimum, never within the warm-up; ECS managed scaling keeps its spare ones), bills
/// the instances that are gone and takes Spot instances back at their notice. Instance-level
/// work runs only on steps where the cluster changed or a timer falls due; a quiet step is O(1).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "cost_ledger.hpp"
#include "fleetcast/billing/ec2.hpp"
#include "fleetcast/billing/eks.hpp"
#include "fleetcast/core/random.hpp"
#include "fleetcast/packing/capacity.hpp"
#include "fleetcast/packing/cluster.hpp"
#include "fleetcast/pricing/catalog.hpp"
#include "fleetcast/sim/scenario.hpp"
#include "fleetcast/sim/usage_ledger.hpp"
#include "option_vocabulary.hpp"
#include "spot_process.hpp"

namespace fleetcast::sim::detail {

using packing::platform_dims;
using res = packing::resources<platform_dims>;

/// What the simulator knows of an instance (the packing cluster knows its tasks).
struct ec2_instance {
  std::uint32_t type;
  double launch;
  bool spot;
  double empty_since = -1;     ///< when it last became empty (−1: it runs tasks)
  double unneeded_since = -1;  ///< cluster autoscaler: when it became unneeded
  double notice = never;       ///< Spot: the interruption notice
  bool alive = true;
};

class ec2_cluster {
 public:
  ec2_cluster(const scenario& s, const option& o, const price_catalog& cat, std::uint64_t index, cost_ledger& l,
              usage_ledger& usage);

  // --- the option's types and shapes ----------------------------------------------------------
  [[nodiscard]] const option& opt() const { return *o_; }
  [[nodiscard]] const std::vector<const instance_type*>& itypes() const { return itypes_; }
  [[nodiscard]] const std::vector<packing::bin_type<platform_dims>>& types() const { return types_; }
  [[nodiscard]] const res& shape(std::size_t si) const { return shapes_[si]; }
  [[nodiscard]] bool auto_mode() const { return auto_mode_; }
  [[nodiscard]] packing::cluster<platform_dims>& packing() { return cl_; }
  [[nodiscard]] const packing::cluster<platform_dims>& packing() const { return cl_; }
  [[nodiscard]] const packing::type_choice& choice() const { return choice_; }
  [[nodiscard]] std::size_t instance_count() const { return cl_.instance_count(); }
  /// The record of the cluster's j-th running instance.
  [[nodiscard]] ec2_instance& instance(std::size_t j) { return recs_[cl_.instance_id(j) - 1]; }
  [[nodiscard]] const ec2_instance& instance(std::size_t j) const { return recs_[cl_.instance_id(j) - 1]; }
  [[nodiscard]] std::int64_t group_min(std::uint32_t type) const { return group_min_[type]; }
  [[nodiscard]] double warmup_s() const { return warmup_; }
  [[nodiscard]] double scale_in_after_s() const { return scale_in_after_; }

  // --- tasks ------------------------------------------------------------------------------------
  /// A warm start: `k` tasks of service si and the instances they need run from t = 0.
  /// Returns the tasks placed.
  std::int64_t warm_start(std::uint32_t si, std::int64_t k) { return cl_.place(si, k, policy_, choice_, true); }
  /// Tasks placed at once: on running instances, on new ones, and held back by ECS managed
  /// scaling's warm-up (they fit, but no instance may launch yet).
  struct placement {
    std::int64_t on_running = 0, on_new = 0, held = 0;
  };
  /// Places `k` tasks of service si at t1: on running instances first, the rest on new
  /// instances, whose type follows the Spot allocation when the next instance is Spot — unless
  /// ECS managed scaling holds scale-out while an instance it launched is in its warm-up.
  placement place(std::uint32_t si, std::int64_t k, double t1) {
    placement p;
    p.on_running = cl_.place(si, k, policy_, choice_, false);
    if (p.on_running == k) return p;
    if (scale_out_held(t1)) {
      p.held = k - p.on_running;
      return p;
    }
    p.on_new = next_is_spot() ? cl_.place(si, k - p.on_running, policy_, spot_choice_, true, spot_rank_)
                              : cl_.place(si, k - p.on_running, policy_, choice_, true);
    record_new(t1);
    return p;
  }
  /// ECS capacity-provider managed scaling launches no instance while a running one it
  /// launched is within `instanceWarmupPeriod` (fidelity-facts §12: "all existing instances");
  /// instances of the warm start count as warmed up. O(instances), on scale-out only.
  [[nodiscard]] bool scale_out_held(double t1) {
    if (t1 >= warm_until_) return false;  // past every launch's warm-up
    // Newest first: instances are appended as they launch, so one in its warm-up is near the end.
    for (std::size_t j = cl_.instance_count(); j-- > 0;) {
      if (cl_.instance_id(j) > recs_.size()) continue;  // launched in this call: no record yet
      const ec2_instance& rec = instance(j);
      if (rec.launch > 0 && t1 < rec.launch + warmup_) return true;
    }
    return false;
  }
  /// Removes up to `k` tasks of service si, from the least utilised instances first.
  std::int64_t remove(std::uint32_t si, std::int64_t k) {
    return cl_.remove(si, k, packing::removal_policy::least_utilised_first);
  }

  // --- instances ----------------------------------------------------------------------------
  /// Node groups start at their minimum size.
  void fill_node_groups() {
    for (std::uint32_t t = 0; t < types_.size(); ++t)
      for (std::int64_t n = cl_.instances_of(t); n < group_min_[t]; ++n) cl_.add_instance(t);
  }
  /// Gives the instances the cluster launched since the last call a record, launched at `at`:
  /// Spot or not by the option's mix, and a notice time if Spot.
  void record_new(double at);
  /// Empty instances: marks when each became empty, keeps ECS managed scaling's spare ones,
  /// terminates those empty for `scale_in_after_s` past their warm-up.
  void scale_in_idle(double t1);
  /// Charges an image pull for each service that has tasks on an instance for the first time
  /// (a node keeps the images it pulled). Call after `record_new`, whenever tasks moved.
  /// O(services) per instance that gained a service since the last call.
  void note_image_pulls(double at);
  /// Bills the instances the cluster no longer has (terminated, drained, consolidated).
  void reconcile(double at);
  /// A timer (an empty or unneeded instance's due time) falls due by t1.
  [[nodiscard]] bool timer_due(double t1) const { return t1 >= next_timer_; }
  void expect_timer(double at) { next_timer_ = std::min(next_timer_, at); }
  void set_timer(double at) { next_timer_ = at; }

  [[nodiscard]] bool spot_due(double t1) const { return spot_.due(t1); }
  /// The earliest time `timer_due` or `spot_due` turns true (`never`: none pending).
  [[nodiscard]] double next_event() const { return std::min(next_timer_, spot_.next()); }
  /// Spot interruptions due by t1: the instance goes two minutes after its notice (free if
  /// EC2 takes it back within its first hour); its tasks are evicted at the notice and
  /// `requeue(evicted)` gets their count per service. True if any instance went.
  template <class F>
  bool interrupt_due(double t1, std::int64_t& interruptions, F&& requeue) {
    bool any = false;
    spot_.rescan();
    for (std::size_t j = 0; j < cl_.instance_count();) {
      ec2_instance& rec = instance(j);
      if (rec.notice > t1) {
        spot_.expect(rec.notice);
        ++j;
        continue;
      }
      ++interruptions;
      cl_.evict(j, evicted_);
      bill(rec, rec.notice + spot_notice_s, run_end::by_ec2_interruption);
      any = true;
      requeue(evicted_);
    }
    return any;
  }

  /// Billed instances as billed plus running ones by elapsed seconds (for the trace).
  [[nodiscard]] double cost_so_far(double t1) const;
  /// Bills the instances still running at `end`; their hours go to `r`.
  void finish(double end, option_result& r);

 private:
  // Whether the next instance launched is Spot: the on-demand base first, then
  // `spot_percent` of the instances above it.
  [[nodiscard]] bool next_is_spot() const {
    if (alive_od_ < o_->on_demand_base) return false;
    const std::int64_t above = alive_od_ + alive_spot_ - o_->on_demand_base;
    return double(alive_spot_ + 1) <= std::floor(o_->spot_percent / 100.0 * double(above + 1) + 1e-9);
  }
  void bill(ec2_instance& rec, double at, run_end how = run_end::by_user);
  // The billed run in the hourly ledger (when it records): address-, volume- and
  // instance-seconds, each under its key.
  void record_usage(const ec2_instance& rec, double at, double ip_s, double life, double secs);

  const option* o_;
  const price_catalog* cat_;
  cost_ledger* l_;
  usage_ledger* usage_;
  bool auto_mode_;
  double warmup_, scale_in_after_;
  bool holds_scale_out_;     // ECS managed scaling: no launch during a warm-up
  double warm_until_ = -1;   // the end of the latest launch's warm-up (with holds_scale_out_)
  std::vector<const instance_type*> itypes_;
  std::vector<packing::bin_type<platform_dims>> types_;
  std::vector<res> shapes_;
  packing::cluster<platform_dims> cl_;
  std::vector<std::int64_t> group_min_;
  std::vector<double> spot_rank_;  // per type: the Spot allocation's key
  std::vector<double> spot_rate_;  // per type: interruptions per second
  std::uint32_t cheapest_type_ = 0;  // spare instances for ECS managed scaling
  packing::placement_policy policy_;
  packing::type_choice choice_, spot_choice_;
  spot_process spot_;

  std::vector<ec2_instance> recs_;  // by id − 1
  std::vector<std::uint64_t> alive_ids_;
  std::vector<double> inst_hours_;  // billed, per type
  std::vector<std::size_t> usage_key_;  // 2 × type + spot: its ledger key, once used (SIZE_MAX: not yet)
  std::int64_t alive_od_ = 0, alive_spot_ = 0;
  bool public_ipv4_;                // one public IPv4 address per node
  double root_gib_;                 // gp3 root volume per node
  bool pulls_ = false;              // image pulls are charged (NAT or endpoints)
  double usd_per_gb_ = 0;           // the egress's data price
  const char* data_key_name_ = "";
  std::vector<double> pull_gb_;     // per service: one pull of its image
  std::size_t ipv4_key_ = SIZE_MAX, ebs_key_ = SIZE_MAX, data_key_ = SIZE_MAX;  // ledger keys, once used
  std::vector<char> pulled_;        // (id − 1) × services + service: the node has the image
  double next_timer_ = never;  // the earliest time an idle or unneeded instance may go
  // Reused: no allocation once grown.
  std::vector<std::pair<std::uint64_t, std::uint32_t>> fresh_;  // (id, type) of new instances
  std::vector<std::uint64_t> gone_;       // reconcile: ids gone since the last call
  std::vector<std::int64_t> per_type_;    // scale_in_idle: running instances per type
  std::vector<std::size_t> going_;        // scale_in_idle: indices of the instances to terminate
  std::vector<std::uint64_t> was_empty_;  // scale_in_idle: the ids empty at the last call
  std::vector<std::size_t> at_;           // note_image_pulls: indices of instances that gained a shape
  std::vector<std::int64_t> evicted_;
};

}  // namespace fleetcast::sim::detail
