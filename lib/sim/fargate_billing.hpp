#pragma once
/// @file
/// What one service's Fargate tasks bill on one option: per capacity provider, the billed
/// task-seconds (charged at the end, with the minimum per run) and each run's usage in the
/// hourly ledger (vCPU, memory, storage above the free 20 GB, the Windows licence). A new
/// per-task cost line is billed here: per run in `bill`, charged in `charge`.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "cost_ledger.hpp"
#include "fleetcast/billing/fargate.hpp"
#include "fleetcast/core/money.hpp"
#include "fleetcast/pricing/catalog.hpp"
#include "fleetcast/sim/usage_ledger.hpp"

namespace fleetcast::sim::detail {

/// What a task costs beyond its size: its public IPv4 address, and its image pull (Fargate
/// caches nothing, so every task start pulls the whole image through the egress).
struct fargate_task_extras {
  bool public_ipv4 = false;
  double pull_gb = 0;         ///< per task start: the image's compressed size
  double usd_per_gb = 0;      ///< the egress's data price (0: pulls not charged)
  const char* data_key = "";  ///< the ledger key of the egress's data
};

class fargate_billing {
 public:
  /// `req` is the service's task on the option's platform; `spot_of` tells, per provider,
  /// whether it is Fargate Spot. Registers the ledger keys the runs will use.
  fargate_billing(const fargate_request& req, const std::vector<bool>& spot_of, const price_catalog& cat,
                  usage_ledger& usage, fargate_task_extras extras = {})
      : extras_(extras),
        cat_(&cat),
        usage_(&usage),
        req_(req),
        spot_of_(&spot_of),
        size_(fargate_billed_size(cat.fargate, req)),
        extra_storage_gib_(req.ephemeral_storage_gib - cat.fargate.free_storage_gib),
        vcpus_(size_.cpu_units / double(cpu_units_per_vcpu)),
        gbs_(size_.memory_mib / double(mib_per_gib)),
        billed_(spot_of.size(), 0.0) {
    register_keys();
    per_second_.resize(spot_of.size());
    for (std::size_t j = 0; j < spot_of.size(); ++j) {
      fargate_request rq = req_;
      rq.spot = spot_of[j];
      per_second_[j] = fargate_charges(cat.fargate, rq, size_, 1.0).total_usd();
    }
  }

  /// Bills a run on provider j from `launch` to `at`. Inlined by force: it runs once per task.
  [[gnu::always_inline]] void bill(std::size_t j, double launch, double at) {
    const auto secs = fargate_billed_seconds(cat_->fargate, req_.os, std::max(at - launch, 1e-9));
    billed_[j] += double(secs);
    ++runs_;
    const double ip_s = std::max(std::ceil(at - launch), double(cat_->vpc.public_ipv4_min_billed_seconds));
    if (extras_.public_ipv4) ipv4_seconds_ += ip_s;
    if (!usage_->recording()) return;  // the rest is the ledger's
    const usage_ledger::run_span run = usage_ledger::span(launch, at);  // one for the run's keys
    if (extras_.public_ipv4) usage_->add_run(ipv4_key_, run, ip_s, 1.0);
    if (data_key_ != none) usage_->add_run(data_key_, launch, launch, 3600.0, extras_.pull_gb);
    usage_->add_run(vcpu_key_[j], run, double(secs), vcpus_);
    usage_->add_run(mem_key_[j], run, double(secs), gbs_);
    if (storage_key_[j] != none) usage_->add_run(storage_key_[j], run, double(secs), double(extra_storage_gib_));
    if (licence_key_[j] != none) usage_->add_run(licence_key_[j], run, double(secs), vcpus_);
  }
  /// Task-seconds billed so far on provider j, and what one costs there (for the trace).
  [[nodiscard]] double billed(std::size_t j) const { return billed_[j]; }
  [[nodiscard]] double per_second(std::size_t j) const { return per_second_[j]; }

  /// Charges every provider's billed seconds to the cost lines; returns the service's cost.
  double charge(cost_ledger& l, double& task_hours) const {
    compensated_sum service_cost;
    for (std::size_t j = 0; j < billed_.size(); ++j) {
      fargate_request rq = req_;
      rq.spot = (*spot_of_)[j];
      const fargate_charge ch = fargate_charges(cat_->fargate, rq, size_, billed_[j]);
      (rq.spot ? l.compute_spot : l.compute_od).add(ch.vcpu_usd + ch.memory_usd + ch.licence_usd);
      l.storage.add(ch.storage_usd);
      service_cost.add(ch.total_usd());
      task_hours += billed_[j] / 3600.0;
    }
    if (extras_.public_ipv4) {
      const double ipv4 = cat_->vpc.public_ipv4.cost_of_seconds(ipv4_seconds_);
      l.public_ipv4.add(ipv4);
      service_cost.add(ipv4);
    }
    if (pulls_charged()) {
      const double pulls = double(runs_) * extras_.pull_gb * extras_.usd_per_gb;
      l.network_data.add(pulls);
      service_cost.add(pulls);
    }
    return service_cost.value();
  }

 private:
  static constexpr std::size_t none = SIZE_MAX;

  // Each start pulls the image, charged per GB where data costs (NAT gateway egress).
  [[nodiscard]] bool pulls_charged() const { return extras_.usd_per_gb > 0 && extras_.pull_gb > 0; }

  void register_keys() {
    const std::vector<bool>& spot_of = *spot_of_;
    if (!usage_->recording()) return;  // no keys: `bill` reads none then
    const std::string os_arch = req_.os == os_family::windows_os ? "windows_x86_64"
                                : req_.arch == cpu_arch::arm64  ? "linux_arm64"
                                                                : "linux_x86_64";
    const bool licensed = cat_->fargate.rates_for(req_.os, req_.arch, false).os_licence_vcpu.has_value();
    if (extras_.public_ipv4) ipv4_key_ = usage_->key(public_ipv4_key);
    if (pulls_charged()) data_key_ = usage_->key(extras_.data_key);
    vcpu_key_.resize(spot_of.size());
    mem_key_.resize(spot_of.size());
    storage_key_.assign(spot_of.size(), none);
    licence_key_.assign(spot_of.size(), none);
    for (std::size_t j = 0; j < spot_of.size(); ++j) {
      const std::string base = "fargate:" + os_arch + (spot_of[j] ? ":spot" : ":on_demand");
      vcpu_key_[j] = usage_->key(base + ":vcpu");
      mem_key_[j] = usage_->key(base + ":memory");
      if (extra_storage_gib_ > 0) storage_key_[j] = usage_->key(base + ":storage");  // GB above the free 20
      if (licensed && !spot_of[j]) licence_key_[j] = usage_->key(base + ":licence");  // Windows, per vCPU
    }
  }

  fargate_task_extras extras_;
  std::int64_t runs_ = 0;       // task starts, each an image pull
  double ipv4_seconds_ = 0;     // billed address-seconds
  const price_catalog* cat_;
  usage_ledger* usage_;
  fargate_request req_;
  const std::vector<bool>* spot_of_;
  fargate_size size_;
  int extra_storage_gib_;
  double vcpus_, gbs_;  // per task: the billed size's vCPUs and GB (the usage's units)
  std::vector<double> billed_;      // task-seconds per provider
  std::vector<double> per_second_;  // USD per billed task-second per provider
  std::vector<std::size_t> vcpu_key_, mem_key_, storage_key_, licence_key_;
  std::size_t ipv4_key_ = none, data_key_ = none;
};

}  // namespace fleetcast::sim::detail
