#include "fleetcast/billing/actuals.hpp"

#include <algorithm>
#include <cmath>

#include "fleetcast/billing/ec2.hpp"

namespace fleetcast {
namespace {

bool starts(std::string_view s, std::string_view p) noexcept { return s.substr(0, p.size()) == p; }
bool has(std::string_view s, std::string_view p) noexcept { return s.find(p) != std::string_view::npos; }

/// The `i`-th ':'-separated part of `key` ("" when it has fewer).
std::string_view part(std::string_view key, int i) noexcept {
  for (int k = 0; k < i; ++k) {
    const auto c = key.find(':');
    if (c == std::string_view::npos) return {};
    key.remove_prefix(c + 1);
  }
  return key.substr(0, key.find(':'));
}

bool commitment_service(std::string_view service) noexcept {
  // Savings Plans fees ("Savings Plans for AWS Compute usage") and EC2 Reserved Instances; an
  // RDS or ElastiCache commitment is not container-related.
  return starts(service, "Savings Plans for AWS Compute") || starts(service, "Savings Plans for Amazon EC2") ||
         service == "Amazon Elastic Compute Cloud";
}

/// fleetcast's own ledger keys (lib/io/focus.cpp writes them as x_RateKey).
recognised_line from_rate_key(const bill_line& l) {
  recognised_line r;
  const std::string_view k = l.rate_key;
  const std::string_view head = part(k, 0);
  if (head == "ec2") {
    r.category = actual_category::ec2_instance;
    r.detail = std::string(part(k, 1));
    r.purchase = part(k, 2) == "spot" ? actual_purchase::spot : actual_purchase::on_demand;
    r.linux_known = true;  // fleetcast bills EC2 nodes at Linux prices
  } else if (head == "fargate") {
    const std::string_view os_arch = part(k, 1), dim = part(k, 3);
    r.arm = has(os_arch, "arm64");
    r.windows = starts(os_arch, "windows");
    r.purchase = part(k, 2) == "spot" ? actual_purchase::spot : actual_purchase::on_demand;
    r.category = dim == "vcpu"      ? actual_category::fargate_vcpu
                 : dim == "memory"  ? actual_category::fargate_memory
                 : dim == "storage" ? actual_category::fargate_ephemeral_storage
                 : dim == "licence" ? actual_category::fargate_windows_licence
                                    : actual_category::not_container;
  } else if (starts(k, "vpc:public_ipv4")) {
    r.category = actual_category::public_ipv4;
  } else if (k == "vpc:nat_data") {
    r.category = actual_category::nat_gateway_data;
  } else if (k == "vpc:nat_gateway") {
    r.category = actual_category::nat_gateway_hours;
  } else if (k == "vpc:endpoint_data") {
    r.category = actual_category::vpc_endpoint_data;
  } else if (k == "vpc:interface_endpoint") {
    r.category = actual_category::vpc_endpoint_hours;
  } else if (head == "ebs") {
    r.category = actual_category::ebs_volume;
    r.detail = std::string(part(k, 1));
  } else if (starts(k, "elb:alb_lcu:")) {
    r.category = actual_category::load_balancer_lcu;
    r.detail = "application";
  } else if (starts(k, "elb:alb:")) {
    r.category = actual_category::load_balancer_hours;
    r.detail = "application";
  } else if (k == "eks:control_plane") {
    r.category = has(l.charge_description, "extended") ? actual_category::eks_cluster_extended
                                                       : actual_category::eks_cluster_standard;
  } else if (starts(k, "eks:auto_mode:")) {
    r.category = actual_category::eks_auto_mode;
    r.detail = std::string(part(k, 2));
  } else if (head == "commitment") {
    r.category = part(k, 2) == "unused" ? actual_category::unused_commitment : actual_category::commitment_fee;
    r.purchase = actual_purchase::commitment;
  }
  return r;
}

/// AWS usage types (docs/actuals.md lists them with their sources).
recognised_line from_usage_type(const bill_line& l) {
  recognised_line r;
  const std::string_view u = strip_usage_type_region(l.usage_type);
  const bool spot = starts(u, "SpotUsage:");
  r.purchase = spot || l.pricing_category == "Dynamic" ? actual_purchase::spot : actual_purchase::on_demand;
  if (has(u, "Fargate-")) {
    r.arm = has(u, "-ARM-");
    r.windows = has(u, "-Windows-");
    if (has(u, "Fargate-EphemeralStorage-GB-Hours")) r.category = actual_category::fargate_ephemeral_storage;
    else if (has(u, "Fargate-Windows-OS-Hours")) r.category = actual_category::fargate_windows_licence;
    else if (has(u, "vCPU-Hours")) r.category = actual_category::fargate_vcpu;
    else if (has(u, "GB-Hours")) r.category = actual_category::fargate_memory;
  } else if (starts(u, "BoxUsage") || spot || starts(u, "DedicatedUsage:")) {
    r.category = actual_category::ec2_instance;
    const auto c = u.find(':');
    r.detail = c == std::string_view::npos ? "m1.small" : std::string(u.substr(c + 1));  // bare BoxUsage: m1.small
    r.linux_known = l.operation == "RunInstances" && !starts(u, "DedicatedUsage:");
  } else if (starts(u, "AmazonEKS-Hours:perCluster")) {
    r.category = actual_category::eks_cluster_standard;
  } else if (starts(u, "AmazonEKS-Hours:extendedSupport")) {
    r.category = actual_category::eks_cluster_extended;
  } else if (has(u, "AutoMode") && has(l.service_name, "Kubernetes")) {
    r.category = actual_category::eks_auto_mode;
    const auto c = u.find(':');
    if (c != std::string_view::npos) r.detail = std::string(u.substr(c + 1));
  } else if (starts(u, "PublicIPv4:")) {
    r.category = actual_category::public_ipv4;
  } else if (starts(u, "NatGateway-Hours")) {
    r.category = actual_category::nat_gateway_hours;
  } else if (starts(u, "NatGateway-Bytes")) {
    r.category = actual_category::nat_gateway_data;
  } else if (starts(u, "VpcEndpoint-Hours")) {
    r.category = actual_category::vpc_endpoint_hours;
  } else if (starts(u, "VpcEndpoint-Bytes")) {
    r.category = actual_category::vpc_endpoint_data;
  } else if (starts(u, "EBS:VolumeUsage")) {
    r.category = actual_category::ebs_volume;
    r.detail = u.size() > 16 && u[15] == '.' ? std::string(u.substr(16)) : "standard";
  } else if (starts(u, "LoadBalancerUsage") || starts(u, "LCUUsage")) {
    r.category = starts(u, "LCUUsage") ? actual_category::load_balancer_lcu : actual_category::load_balancer_hours;
    r.detail = l.operation == "LoadBalancing:Application" ? "application"
               : l.operation == "LoadBalancing:Network"   ? "network"
                                                          : "";
  }
  return r;
}

}  // namespace

std::string_view to_string(actual_category c) noexcept {
  switch (c) {
    case actual_category::fargate_vcpu: return "fargate_vcpu";
    case actual_category::fargate_memory: return "fargate_memory";
    case actual_category::fargate_ephemeral_storage: return "fargate_ephemeral_storage";
    case actual_category::fargate_windows_licence: return "fargate_windows_licence";
    case actual_category::ec2_instance: return "ec2_instance";
    case actual_category::eks_cluster_standard: return "eks_cluster_standard";
    case actual_category::eks_cluster_extended: return "eks_cluster_extended";
    case actual_category::eks_auto_mode: return "eks_auto_mode";
    case actual_category::public_ipv4: return "public_ipv4";
    case actual_category::nat_gateway_hours: return "nat_gateway_hours";
    case actual_category::nat_gateway_data: return "nat_gateway_data";
    case actual_category::vpc_endpoint_hours: return "vpc_endpoint_hours";
    case actual_category::vpc_endpoint_data: return "vpc_endpoint_data";
    case actual_category::ebs_volume: return "ebs_volume";
    case actual_category::load_balancer_hours: return "load_balancer_hours";
    case actual_category::load_balancer_lcu: return "load_balancer_lcu";
    case actual_category::commitment_fee: return "commitment_fee";
    case actual_category::unused_commitment: return "unused_commitment";
    case actual_category::not_container: return "not_container";
  }
  return "not_container";
}

std::string_view describe(actual_category c) noexcept {
  switch (c) {
    case actual_category::fargate_vcpu: return "Fargate vCPU-hours";
    case actual_category::fargate_memory: return "Fargate memory GB-hours";
    case actual_category::fargate_ephemeral_storage: return "Fargate ephemeral storage above 20 GB";
    case actual_category::fargate_windows_licence: return "Fargate Windows licence";
    case actual_category::ec2_instance: return "EC2 instance-hours (nodes)";
    case actual_category::eks_cluster_standard: return "EKS cluster-hours, standard support";
    case actual_category::eks_cluster_extended: return "EKS cluster-hours, extended support";
    case actual_category::eks_auto_mode: return "EKS Auto Mode fee";
    case actual_category::public_ipv4: return "Public IPv4 address-hours";
    case actual_category::nat_gateway_hours: return "NAT gateway-hours";
    case actual_category::nat_gateway_data: return "NAT gateway GB processed";
    case actual_category::vpc_endpoint_hours: return "VPC interface endpoint-hours";
    case actual_category::vpc_endpoint_data: return "VPC interface endpoint GB processed";
    case actual_category::ebs_volume: return "EBS volumes of nodes";
    case actual_category::load_balancer_hours: return "Load balancer-hours";
    case actual_category::load_balancer_lcu: return "Load balancer capacity units (LCU-hours)";
    case actual_category::commitment_fee: return "Savings Plan / Reserved Instance fees";
    case actual_category::unused_commitment: return "Unused commitment";
    case actual_category::not_container: return "Not container-related";
  }
  return "Not container-related";
}

std::string_view to_string(actual_purchase p) noexcept {
  switch (p) {
    case actual_purchase::on_demand: return "on_demand";
    case actual_purchase::spot: return "spot";
    case actual_purchase::commitment: return "commitment";
  }
  return "on_demand";
}

std::string_view strip_usage_type_region(std::string_view u) noexcept {
  // Region prefixes are 2–3 capital letters and a digit ("USE1", "APN1", "EUC1", "UGW1") or,
  // for eu-west-1 alone, "EU"; a usage type's own first word is never of that shape.
  const auto dash = u.find('-');
  if (dash == std::string_view::npos || dash < 2 || dash > 4) return u;
  const std::string_view p = u.substr(0, dash);
  if (p == "EU") return u.substr(dash + 1);
  for (std::size_t i = 0; i + 1 < p.size(); ++i)
    if (p[i] < 'A' || p[i] > 'Z') return u;
  if (p.size() < 3 || p.back() < '0' || p.back() > '9') return u;
  return u.substr(dash + 1);
}

recognised_line recognise(const bill_line& l) {
  recognised_line r;
  const bool unused = l.commitment_status == "Unused";
  if ((l.charge_category == "Purchase" || unused) && !l.commitment_id.empty()) {
    if (commitment_service(l.service_name)) {
      r.category = unused ? actual_category::unused_commitment : actual_category::commitment_fee;
      r.purchase = actual_purchase::commitment;
    }
    return r;
  }
  if (!l.rate_key.empty()) r = from_rate_key(l);
  if (r.category == actual_category::not_container && !l.usage_type.empty()) r = from_usage_type(l);
  if (r.category != actual_category::not_container && !l.commitment_id.empty())
    r.purchase = actual_purchase::commitment;
  return r;
}

double catalog_list_price(const price_catalog& cat, const recognised_line& r, std::string_view unit) {
  auto per_hour = [](const rate& x) { return x.known() ? x.effective_per_hour() : -1.0; };
  const os_family os = r.windows ? os_family::windows_os : os_family::linux_os;
  const cpu_arch arch = r.arm ? cpu_arch::arm64 : cpu_arch::x86_64;
  switch (r.category) {
    case actual_category::fargate_vcpu: return per_hour(cat.fargate.rates_for(os, arch, false).vcpu);
    case actual_category::fargate_memory: return per_hour(cat.fargate.rates_for(os, arch, false).memory_gb);
    case actual_category::fargate_ephemeral_storage: return per_hour(cat.fargate.ephemeral_storage_gb);
    case actual_category::fargate_windows_licence: {
      const auto& l = cat.fargate.windows_x86_64.os_licence_vcpu;
      return l ? per_hour(*l) : -1.0;
    }
    case actual_category::ec2_instance: {
      const instance_type* t = cat.ec2.find(r.detail);
      return t && r.linux_known ? per_hour(t->on_demand) : -1.0;
    }
    case actual_category::eks_auto_mode: {
      const instance_type* t = cat.ec2.find(r.detail);
      return t && cat.eks.auto_mode_fee_fraction > 0 ? eks_auto_mode_usd_per_hour(cat.eks, *t) : -1.0;
    }
    case actual_category::eks_cluster_standard: return per_hour(cat.eks.control_plane_standard);
    case actual_category::eks_cluster_extended: return per_hour(cat.eks.control_plane_extended);
    case actual_category::public_ipv4: return per_hour(cat.vpc.public_ipv4);
    case actual_category::nat_gateway_hours: return per_hour(cat.vpc.nat_gateway);
    case actual_category::nat_gateway_data: return cat.vpc.nat_gateway_gb.known() ? cat.vpc.nat_gateway_gb.usd : -1.0;
    case actual_category::vpc_endpoint_hours: return per_hour(cat.vpc.interface_endpoint);
    case actual_category::vpc_endpoint_data:
      return cat.vpc.interface_endpoint_gb.known() ? cat.vpc.interface_endpoint_gb.usd : -1.0;
    case actual_category::ebs_volume: {
      if (r.detail != "gp3" || !cat.ebs.known()) return -1.0;
      if (unit == "GB-Hours") return cat.ebs.gp3_gb_month.usd / cat.ebs.hours_per_month;
      if (unit == "GB-Mo" || unit == "GB-Month" || unit == "GB-Months") return cat.ebs.gp3_gb_month.usd;
      return -1.0;
    }
    case actual_category::load_balancer_hours: return r.detail == "application" ? per_hour(cat.elb.alb) : -1.0;
    case actual_category::load_balancer_lcu: return r.detail == "application" ? per_hour(cat.elb.alb_lcu) : -1.0;
    case actual_category::commitment_fee:
    case actual_category::unused_commitment:
    case actual_category::not_container: return -1.0;
  }
  return -1.0;
}

actuals_accumulator::actuals_accumulator(catalog_lookup catalog_of, double relative_tolerance)
    : catalog_of_(std::move(catalog_of)), tolerance_(relative_tolerance) {}

void actuals_accumulator::add(const bill_line& l) {
  ++s_.rows;
  s_.billed_usd += l.billed_cost;
  if (!l.option.empty()) {
    auto it = options_.find(l.option);
    if (it == options_.end()) it = options_.emplace(std::string(l.option), 0.0).first;
    it->second += l.billed_cost;
  }
  const recognised_line r = recognise(l);
  if (r.category == actual_category::not_container) {
    ++s_.not_container_rows;
    s_.not_container_billed_usd += l.billed_cost;
    return;
  }
  ++s_.container_rows;
  auto key = std::make_tuple(int(r.category), std::string(l.region), std::string(l.pricing_unit));
  auto git = groups_.find(key);
  if (git == groups_.end()) {
    actuals_group g;
    g.category = r.category;
    g.region = std::get<1>(key);
    g.unit = std::get<2>(key);
    git = groups_.emplace(std::move(key), std::move(g)).first;
  }
  actuals_group& g = git->second;
  ++g.rows;
  g.usage_quantity += l.pricing_quantity;
  g.billed_cost_usd += l.billed_cost;
  g.list_cost_usd += l.list_cost;
  g.billed_by_purchase[std::size_t(r.purchase)] += l.billed_cost;

  // The region's catalog, looked up once per region.
  auto cit = catalogs_.find(l.region);
  if (cit == catalogs_.end()) {
    const price_catalog* c = l.region.empty() ? nullptr : catalog_of_(l.region);
    cit = catalogs_.emplace(std::string(l.region), c).first;
    if (!c && !l.region.empty()) s_.regions_without_catalog.push_back(std::string(l.region));
  }
  const double price = cit->second ? catalog_list_price(*cit->second, r, l.pricing_unit) : -1.0;
  if (price < 0) {
    g.not_repriced_list_cost_usd += l.list_cost;
    return;
  }
  ++g.repriced_rows;
  g.repriced_list_cost_usd += price * l.pricing_quantity;
  if (l.list_unit_price < 0) return;
  const double diff = price > 0 ? (l.list_unit_price - price) / price : (l.list_unit_price > 0 ? 1.0 : 0.0);
  if (std::abs(diff) <= tolerance_) return;
  std::string detail = !r.detail.empty() ? r.detail : !l.usage_type.empty() ? std::string(l.usage_type) : std::string(l.rate_key);
  auto mkey = std::make_tuple(int(r.category), std::string(l.region), detail, l.list_unit_price);
  auto mit = mismatches_.find(mkey);
  if (mit == mismatches_.end()) {
    if (mismatches_.size() >= max_mismatches) {
      ++s_.mismatched_rows_not_listed;
      return;
    }
    price_mismatch m;
    m.category = r.category;
    m.region = std::string(l.region);
    m.detail = std::move(detail);
    m.unit = std::string(l.pricing_unit);
    m.bill_unit_price = l.list_unit_price;
    m.catalog_unit_price = price;
    m.relative_difference = diff;
    mit = mismatches_.emplace(std::move(mkey), std::move(m)).first;
  }
  ++mit->second.rows;
}

actuals_summary actuals_accumulator::summary() const {
  actuals_summary s = s_;
  for (const auto& [k, g] : groups_) s.groups.push_back(g);
  for (const auto& [k, m] : mismatches_) s.mismatches.push_back(m);
  for (const auto& [k, v] : options_) s.billed_by_option.emplace_back(k, v);
  std::sort(s.regions_without_catalog.begin(), s.regions_without_catalog.end());
  return s;
}

}  // namespace fleetcast
