#pragma once
/// @file
/// Cost allocation on EC2 (in the OpenCost manner): each instance-hour's price (with the Auto
/// Mode fee; a Spot instance's at its Spot price) is split into a CPU and a memory part in the ratio of Fargate's on-demand vCPU and
/// GB prices; each step a service pays the parts its placed tasks request, DaemonSets the parts
/// they request on every node, and what no one requests is idle. Also the paid CPU, for
/// utilisation.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "ec2_cluster.hpp"
#include "ec2_services.hpp"
#include "fleetcast/billing/eks.hpp"
#include "fleetcast/core/money.hpp"

namespace fleetcast::sim::detail {

class ec2_allocation {
 public:
  ec2_allocation(const option& o, const price_catalog& cat, const ec2_cluster& c, std::size_t services)
      : daemonset_cpu_(double(o.daemonset_cpu_millicores)),
        daemonset_mib_(double(o.daemonset_memory_mib)),
        daemonsets_(o.daemonset_cpu_millicores > 0 || o.daemonset_memory_mib > 0),
        cpu_per_vcpu_(o.on == platform::eks ? 1000.0 : double(cpu_units_per_vcpu)),  // shape units
        cpu_part_(2 * c.types().size()),
        mem_part_(2 * c.types().size()),
        service_rate_(services, 0.0),
        service_share_(services, 0.0) {
    const double fargate_vcpu_h = cat.fargate.linux_x86_64.vcpu.effective_per_hour();
    const double fargate_gb_h = cat.fargate.linux_x86_64.memory_gb.effective_per_hour();
    for (std::size_t t = 0; t < c.types().size(); ++t) {
      const instance_type& it = *c.itypes()[t];
      const double cpu = double(it.vcpu) * fargate_vcpu_h, m = double(it.memory_mib) / 1024.0 * fargate_gb_h;
      // [2t]: on demand, [2t + 1]: Spot — each instance's shares at the price it is billed at.
      for (const bool spot : {false, true}) {
        double price = spot ? it.on_demand.effective_per_hour() * (1.0 - it.spot.discount)
                            : it.on_demand.effective_per_hour();
        if (c.auto_mode()) price += eks_auto_mode_usd_per_hour(cat.eks, it);
        cpu_part_[2 * t + std::size_t(spot)] = price * cpu / (cpu + m);
        mem_part_[2 * t + std::size_t(spot)] = price * m / (cpu + m);
      }
    }
  }

  /// The running instances changed: new rates per requested CPU unit and MiB, and paid CPU.
  void reprice(const ec2_cluster& c) {
    const auto& cl = c.packing();
    // The rates depend only on the running instances' types and purchases: unchanged while
    // none launched or went (then the same sums in the same order would give the same bits).
    if (cl.members_version() == priced_version_) return;
    priced_version_ = cl.members_version();
    paid_cpu_ = 0;
    double cpu_usd = 0, mem_usd = 0, cpu_units = 0, mem_mib = 0;
    for (std::size_t j = 0; j < cl.instance_count(); ++j) {
      const std::uint32_t t = cl.instance_type(j);
      const std::size_t k = 2 * std::size_t(t) + std::size_t(c.instance(j).spot);
      paid_cpu_ += double(c.types()[t].capacity[0]);
      cpu_usd += cpu_part_[k];
      mem_usd += mem_part_[k];
      cpu_units += double(c.itypes()[t]->vcpu) * cpu_per_vcpu_;
      mem_mib += double(c.itypes()[t]->memory_mib);
    }
    cpu_rate_ = cpu_units > 0 ? cpu_usd / cpu_units : 0.0;
    mem_rate_ = mem_mib > 0 ? mem_usd / mem_mib : 0.0;
    for (std::size_t si = 0; si < service_rate_.size(); ++si) {
      const res& sh = c.shape(si);
      service_rate_[si] = double(sh[0]) * cpu_rate_ + double(sh[1]) * mem_rate_;
    }
    daemonset_rate_ = daemonset_cpu_ * cpu_rate_ + daemonset_mib_ * mem_rate_;
  }
  /// CPU of the running instances (shape units).
  [[nodiscard]] double paid_cpu() const { return paid_cpu_; }

  /// A step of `step_s` seconds at the instances' current rates (USD per hour → per step).
  void accrue(std::int64_t step_s, const ec2_cluster& c, const std::vector<ec2_service_tasks>& st) {
    const double hours = double(step_s) / 3600.0;
    for (std::size_t si = 0; si < st.size(); ++si) service_share_[si] += service_step(si, st[si].placed(), hours);
    if (daemonsets_) daemonset_share_ += daemonset_step(c.instance_count(), hours);
  }
  /// What one step of `hours` adds to service si's share with `placed` tasks, and to the
  /// DaemonSets' on `instances` nodes (0 without DaemonSets), at the current rates: constant
  /// while the cluster and the counts are, so a quiet stretch adds it to `share` step by step.
  [[nodiscard]] double service_step(std::size_t si, std::int64_t placed, double hours) const {
    return double(placed) * service_rate_[si] * hours;
  }
  [[nodiscard]] double daemonset_step(std::size_t instances, double hours) const {
    return daemonsets_ ? double(instances) * daemonset_rate_ * hours : 0.0;
  }
  [[nodiscard]] double& share(std::size_t si) { return service_share_[si]; }
  [[nodiscard]] double& daemonset_share() { return daemonset_share_; }

  /// The shares of the option's `compute` cost (instances and fees): services, DaemonSets,
  /// and the rest as idle.
  void add_shares(const scenario& s, double compute, option_result& r) const {
    compensated_sum requested;
    for (std::size_t si = 0; si < service_share_.size(); ++si) {
      r.allocation.push_back({s.services[si].name, service_share_[si]});
      requested.add(service_share_[si]);
    }
    if (daemonset_share_ > 0) {
      r.allocation.push_back({"(daemonsets)", daemonset_share_});
      requested.add(daemonset_share_);
    }
    // Spot instances EC2 interrupts within their first hour are not charged: the requests were
    // accrued at the price, so they may exceed what was paid. The refund is then shared in
    // proportion and nothing is idle, rather than a negative idle share.
    const double over = requested.value() > compute && requested.value() > 0 ? compute / requested.value() : 1.0;
    if (over != 1.0) {
      for (std::size_t k = r.allocation.size() - service_share_.size() - (daemonset_share_ > 0 ? 1 : 0);
           k < r.allocation.size(); ++k)
        r.allocation[k].usd *= over;
    }
    r.allocation.push_back({"(idle)", over != 1.0 ? 0.0 : compute - requested.value()});
  }

 private:
  double daemonset_cpu_, daemonset_mib_;  // DaemonSet requests per node (millicores, MiB)
  bool daemonsets_;
  double cpu_per_vcpu_;
  std::vector<double> cpu_part_, mem_part_;  // USD per hour, per type
  double cpu_rate_ = 0, mem_rate_ = 0;  // USD per hour per requested CPU unit / MiB, across running instances
  std::vector<double> service_rate_;     // USD per hour per placed task of each service, at those rates
  double daemonset_rate_ = 0;            // USD per hour per node for the DaemonSets
  std::vector<double> service_share_;
  double daemonset_share_ = 0;
  double paid_cpu_ = 0;
  std::uint64_t priced_version_ = UINT64_MAX;  // the cluster's members_version() last priced
};

}  // namespace fleetcast::sim::detail
