// Commitments: each hour of the option's usage ledger is a set of usage lines (one per rate
// key) that the option's Savings Plans and RIs are applied to, in AWS's order.
#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "fleetcast/billing/commitments.hpp"
#include "fleetcast/core/money.hpp"
#include "fleetcast/sim/simulate.hpp"

namespace fleetcast::sim {
namespace {

/// The usage line a ledger key stands for, with its catalog rates (quantity set per hour).
usage_line line_for_key(const std::string& key, const scenario& s, const option& o, const price_catalog& cat) {
  usage_line u;
  u.name = key;
  u.region = s.region;
  const commitment *compute = nullptr, *instance = nullptr;
  for (const auto& c : o.commitments) {
    if (!compute && c.type == commitment_type::compute_sp) compute = &c;
    if (!instance && c.type == commitment_type::ec2_instance_sp) instance = &c;
  }
  auto offer_rate = [](const instance_type& it, const commitment* c) {
    if (c)
      for (const auto& r : it.commitments)
        if (r.offer == catalog_offer(*c)) return r.usd_per_hour;
    return std::numeric_limits<double>::quiet_NaN();
  };
  const auto first = key.find(':'), second = key.find(':', first + 1);
  // Network and storage: billed, never covered by a commitment. Rates per unit-hour (data: per GB).
  if (key.compare(0, first, "vpc") == 0 || key.compare(0, first, "ebs") == 0) {
    u.kind = usage_kind::other;
    if (key == "vpc:public_ipv4") u.on_demand_rate = cat.vpc.public_ipv4.effective_per_hour();
    if (key == "vpc:nat_data") u.on_demand_rate = cat.vpc.nat_gateway_gb.usd;
    if (key == "vpc:endpoint_data") u.on_demand_rate = cat.vpc.interface_endpoint_gb.usd;
    if (key == "ebs:gp3:root") u.on_demand_rate = cat.ebs.gp3_gb_month.usd / cat.ebs.hours_per_month;
    return u;
  }
  if (key.compare(0, first, "ec2") == 0) {  // ec2:<type>:on_demand|spot
    u.kind = usage_kind::ec2;
    u.instance_type = key.substr(first + 1, second - first - 1);
    u.spot = key.compare(second + 1, std::string::npos, "spot") == 0;
    const instance_type& it = *cat.ec2.find(u.instance_type);
    u.on_demand_rate = u.spot ? it.spot_usd_per_hour() : it.on_demand.effective_per_hour();
    if (!u.spot) {
      u.compute_sp_rate = offer_rate(it, compute);
      u.ec2_instance_sp_rate = offer_rate(it, instance);
    }
    return u;
  }
  // fargate:<os_arch>:<on_demand|spot>:<vcpu|memory>
  const auto third = key.find(':', second + 1);
  const std::string os_arch = key.substr(first + 1, second - first - 1);
  u.spot = key.compare(second + 1, third - second - 1, "spot") == 0;
  const std::string dim = key.substr(third + 1);
  const bool vcpu = dim == "vcpu";
  u.kind = vcpu ? usage_kind::fargate_vcpu : usage_kind::fargate_memory;
  u.os = os_arch.rfind("windows", 0) == 0 ? os_family::windows_os : os_family::linux_os;
  const cpu_arch arch = os_arch.find("arm64") != std::string::npos ? cpu_arch::arm64 : cpu_arch::x86_64;
  const fargate_rates& fr = cat.fargate.rates_for(u.os, arch, u.spot);
  if (dim == "storage" || dim == "licence") {  // billed, never covered by a commitment
    u.kind = usage_kind::other;
    u.on_demand_rate = dim == "storage" ? cat.fargate.ephemeral_storage_gb.effective_per_hour()
                                        : fr.os_licence_vcpu->effective_per_hour();
    return u;
  }
  u.on_demand_rate = (vcpu ? fr.vcpu : fr.memory_gb).effective_per_hour();
  if (!u.spot && compute)
    if (const auto d = cat.fargate.commitment_discount(catalog_offer(*compute))) u.compute_sp_rate = u.on_demand_rate * (1.0 - *d);
  return u;
}

}  // namespace

std::vector<usage_line> ledger_usage_lines(const scenario& s, const option& o, const price_catalog& cat,
                                           const usage_ledger& led) {
  std::vector<usage_line> lines;
  for (const auto& k : led.keys) lines.push_back(line_for_key(k, s, o, cat));
  return lines;
}

void apply_option_commitments(const scenario& s, const option& o, const price_catalog& cat, option_result& r) {
  const usage_ledger& led = r.usage;
  const std::size_t n = led.keys.size();
  std::vector<usage_line> lines = ledger_usage_lines(s, o, cat, led);
  r.commitments.clear();
  for (const auto& c : o.commitments) r.commitments.push_back({c.name, 0.0, 0.0});
  double charge = 0, covered = 0, eligible = 0;
  for (std::int64_t h = 0; h < led.hours; ++h) {
    for (std::size_t k = 0; k < n; ++k) {
      lines[k].quantity = led.quantity[std::size_t(h) * n + k] / 3600.0;  // unit-seconds → unit-hours
      if (!lines[k].spot && lines[k].kind != usage_kind::other) eligible += lines[k].quantity * lines[k].on_demand_rate;
    }
    const hour_application a = apply_commitments(lines, o.commitments);
    charge += a.commitment_charge;
    covered += a.covered_on_demand_equivalent;
    for (std::size_t c = 0; c < o.commitments.size(); ++c) {
      r.commitments[c].charge += o.commitments[c].hourly_charge();
      r.commitments[c].used += a.used[c];
    }
  }
  r.eligible_on_demand_equivalent = eligible;
  r.covered_on_demand_equivalent = covered;
  for (auto& l : r.lines)
    if (l.kind == cost_line_kind::compute_on_demand) l.usd = std::max(0.0, l.usd - covered);
  r.lines.push_back({std::string(to_string(cost_line_kind::commitment)), charge, cost_line_kind::commitment});
  r.allocation.push_back({"(commitments)", charge - covered});
  compensated_sum t;
  for (const auto& l : r.lines) t.add(l.usd);
  r.total_usd = t.value();
}

}  // namespace fleetcast::sim
