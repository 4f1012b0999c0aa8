#include "fleetcast/billing/fleet_quote.hpp"

#include <cmath>
#include <cstdio>
#include <string>

#include "fleetcast/billing/eks.hpp"
#include "fleetcast/billing/validate.hpp"
#include "fleetcast/core/error.hpp"

namespace fleetcast {
namespace {

std::string num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

std::string size_text(int cpu_units, int memory_mib) {
  return num(cpu_units / double(cpu_units_per_vcpu)) + " vCPU / " +
         num(memory_mib / double(mib_per_gib)) + " GB";
}

// Largest number of unit-seconds fleetcast bills exactly (doubles hold integers up to 2^53).
constexpr double max_exact = 9007199254740992.0;

/// count × runs × seconds of entry `i` of `array`, refused (at that entry) past 2^53.
double checked_product(double a, double b, double c, place_style style, std::string_view array, std::size_t i) {
  const double v = a * b * c;
  if (!(v <= max_exact))
    throw input_error(errid::out_of_range, place(style).field(array).index(i).str(),
                      "count × runs × seconds = " + num(v) +
                          " is too large to bill exactly (limit 2^53 task-seconds)");
  return v;
}

std::string fargate_label(const fargate_request& r) {
  std::string s = r.spot ? "Fargate Spot" : "Fargate";
  s += r.on == platform::eks ? " (EKS)" : " (ECS)";
  return s;
}

std::string os_arch_label(const fargate_request& r) {
  if (r.os == os_family::windows_os) return "Windows/x86_64";
  return r.arch == cpu_arch::arm64 ? "Linux/ARM64" : "Linux/x86_64";
}

/// Seconds a public IPv4 address is billed for one run: whole seconds, with the minimum.
std::int64_t ipv4_billed_seconds(const vpc_prices& v, double run_seconds) {
  const auto s = static_cast<std::int64_t>(std::ceil(run_seconds));
  return s < v.public_ipv4_min_billed_seconds ? v.public_ipv4_min_billed_seconds : s;
}

void ipv4_line(invoice& inv, const std::string& name, const price_catalog& cat, double address_hours,
               std::string detail) {
  inv.lines.push_back({name, "Public IPv4 address", address_hours, "Hours", cat.vpc.public_ipv4.effective_per_hour(),
                       cat.vpc.public_ipv4.cost_of_hours(address_hours), std::move(detail)});
}

void quote_fargate(const fleet& f, const price_catalog& cat, invoice& inv, place_style style) {
  const fargate_prices& p = cat.fargate;
  for (std::size_t i = 0; i < f.fargate.size(); ++i) {
    const auto& e = f.fargate[i];
    const fargate_size size = fargate_billed_size(p, e.task);  // billing::validate checked it exists
    const std::int64_t per_run = fargate_billed_seconds(p, e.task.os, e.run_seconds);
    const double task_seconds =
        checked_product(double(e.count), double(e.runs), double(per_run), style, "fargate", i);
    const fargate_charge c = fargate_charges(p, e.task, size, task_seconds);
    const fargate_rates& rates = p.rates_for(e.task.os, e.task.arch, e.task.spot);

    std::string detail = size_text(size.cpu_units, size.memory_mib) + " per task";
    if (size.rounded)
      detail += " (rounded up from " +
                size_text(size.requested_cpu_units, size.requested_memory_mib) +
                (e.task.on == platform::eks ? ", incl. the EKS +256 MiB" : "") + ")";
    detail += "; " + std::to_string(e.count) + " × " + std::to_string(e.runs) + " runs × " +
              std::to_string(per_run) + " s billed";

    const std::string label = fargate_label(e.task);
    inv.lines.push_back({e.name, label + " vCPU, " + os_arch_label(e.task),
                         c.vcpu_seconds / seconds_per_hour, "vCPU-Hours",
                         rates.vcpu.effective_per_hour(), c.vcpu_usd, detail});
    inv.lines.push_back({e.name, label + " memory, " + os_arch_label(e.task),
                         c.gb_seconds / seconds_per_hour, "GB-Hours",
                         rates.memory_gb.effective_per_hour(), c.memory_usd, detail});
    if (rates.os_licence_vcpu)
      inv.lines.push_back({e.name, label + " Windows OS licence",
                           c.licence_vcpu_seconds / seconds_per_hour, "vCPU-Hours",
                           rates.os_licence_vcpu->effective_per_hour(), c.licence_usd, detail});
    if (c.storage_gb_seconds > 0)
      inv.lines.push_back({e.name, label + " ephemeral storage above " +
                                       std::to_string(p.free_storage_gib) + " GB",
                           c.storage_gb_seconds / seconds_per_hour, "GB-Hours",
                           p.ephemeral_storage_gb.effective_per_hour(), c.storage_usd,
                           std::to_string(e.task.ephemeral_storage_gib - p.free_storage_gib) +
                               " GB billed per task"});
    if (e.public_ipv4) {
      const std::int64_t ip_s = ipv4_billed_seconds(cat.vpc, e.run_seconds);
      const double address_seconds =
          checked_product(double(e.count), double(e.runs), double(ip_s), style, "fargate", i);
      ipv4_line(inv, e.name, cat, address_seconds / seconds_per_hour,
                "1 per task; " + std::to_string(e.count) + " × " + std::to_string(e.runs) + " runs × " +
                    std::to_string(ip_s) + " s billed");
    }
  }
}

void quote_ec2(const fleet& f, const price_catalog& cat, invoice& inv, place_style style) {
  for (std::size_t i = 0; i < f.ec2.size(); ++i) {
    const auto& e = f.ec2[i];
    const instance_type* t = cat.ec2.find(e.instance_type);  // billing::validate: in the catalog
    const std::int64_t per_run = ec2_billed_seconds(cat.ec2, e.purchase, e.run_seconds, e.ended_by);
    const double inst_seconds =
        checked_product(double(e.count), double(e.runs), double(per_run), style, "ec2", i);
    std::string detail = std::to_string(e.count) + " × " + std::to_string(e.runs) + " runs × " +
                         std::to_string(per_run) + " s billed";
    if (per_run == 0) detail += " (Spot interrupted by EC2 within its first hour: no charge)";
    if (e.purchase == purchase_option::spot)
      detail += "; Spot assumed " + num(t->spot.discount * 100) + "% below on-demand";
    const std::string what = e.purchase == purchase_option::spot ? " Spot" : " on-demand";
    inv.lines.push_back({e.name, "EC2 " + t->name + what + " (Linux)",
                         inst_seconds / seconds_per_hour, "Hours",
                         ec2_usd_per_hour(*t, e.purchase), ec2_cost(*t, e.purchase, inst_seconds),
                         detail});
    if (e.eks_auto_mode) {
      const double fee_h = eks_auto_mode_usd_per_hour(cat.eks, *t);
      inv.lines.push_back({e.name, "EKS Auto Mode fee " + t->name,
                           inst_seconds / seconds_per_hour, "Hours", fee_h,
                           inst_seconds * fee_h / seconds_per_hour,
                           num(cat.eks.auto_mode_fee_fraction * 100) +
                               "% of on-demand (estimate)"});
    }
    // Addresses and volumes exist for the whole run, whether or not EC2 charges the instance.
    const auto run_s = static_cast<std::int64_t>(std::ceil(e.run_seconds));
    if (e.public_ipv4 > 0) {
      const std::int64_t ip_s = ipv4_billed_seconds(cat.vpc, e.run_seconds);
      const double address_seconds =
          checked_product(double(e.count * e.public_ipv4), double(e.runs), double(ip_s), style, "ec2", i);
      ipv4_line(inv, e.name, cat, address_seconds / seconds_per_hour,
                std::to_string(e.public_ipv4) + " per instance; " + std::to_string(e.count) + " × " +
                    std::to_string(e.runs) + " runs × " + std::to_string(ip_s) + " s billed");
    }
    if (e.root_volume_gib > 0) {
      const double volume_seconds = checked_product(double(e.count), double(e.runs), double(run_s), style, "ec2", i);
      const double gb_months = double(e.root_volume_gib) * volume_seconds / (cat.ebs.hours_per_month * seconds_per_hour);
      inv.lines.push_back({e.name, "EBS gp3 root volume", gb_months, "GB-Mo", cat.ebs.gp3_gb_month.usd,
                           cat.ebs.gp3_cost(double(e.root_volume_gib), volume_seconds),
                           std::to_string(e.root_volume_gib) + " GiB per instance; " + std::to_string(e.count) +
                               " × " + std::to_string(e.runs) + " runs × " + std::to_string(run_s) + " s; a month is " +
                               num(cat.ebs.hours_per_month) + " h"});
    }
  }
}

void quote_eks(const fleet& f, const price_catalog& cat, invoice& inv) {
  for (std::size_t i = 0; i < f.eks_clusters.size(); ++i) {
    const auto& e = f.eks_clusters[i];
    const double cluster_hours = double(e.count) * e.hours;
    const rate& r = eks_control_plane_rate(cat.eks, e.support);
    inv.lines.push_back({e.name,
                         "EKS control plane (" + std::string(to_string(e.support)) + " support)",
                         cluster_hours, "Hours", r.effective_per_hour(),
                         eks_control_plane_cost(cat.eks, e.support, cluster_hours),
                         std::to_string(e.count) + " cluster(s) × " + num(e.hours) + " h"});
  }
}

void quote_network(const fleet& f, const price_catalog& cat, invoice& inv) {
  for (const auto& e : f.public_ipv4_addresses)
    ipv4_line(inv, e.name, cat, double(e.count) * e.hours,
              std::to_string(e.count) + " address(es) × " + num(e.hours) + " h, in use or idle");
  for (const auto& e : f.nat_gateways) {
    const double hours = double(e.count) * e.hours;
    inv.lines.push_back({e.name, "NAT gateway", hours, "Hours", cat.vpc.nat_gateway.effective_per_hour(),
                         cat.vpc.nat_gateway.cost_of_hours(hours),
                         std::to_string(e.count) + " gateway(s) × " + num(e.hours) + " h"});
    if (e.processed_gib > 0)
      inv.lines.push_back({e.name, "NAT gateway data processed", e.processed_gib, "GB", cat.vpc.nat_gateway_gb.usd,
                           e.processed_gib * cat.vpc.nat_gateway_gb.usd, "every GB through the gateways, either way"});
  }
  for (const auto& e : f.load_balancers) {
    const double hours = double(e.count) * e.hours;
    inv.lines.push_back({e.name, "Application Load Balancer", hours, "Hours", cat.elb.alb.effective_per_hour(),
                         cat.elb.alb.cost_of_hours(hours),
                         std::to_string(e.count) + " ALB(s) × " + num(e.hours) + " h"});
    if (e.lcus > 0)
      inv.lines.push_back({e.name, "Application Load Balancer LCUs", hours * e.lcus, "LCU-Hours",
                           cat.elb.alb_lcu.effective_per_hour(), cat.elb.alb_lcu.cost_of_hours(hours * e.lcus),
                           num(e.lcus) + " LCU per ALB-hour"});
  }
}

}  // namespace

invoice quote_fleet(const fleet& f, const price_catalog& catalog, place_style style) {
  billing::validate(f, catalog, style);
  invoice inv;
  quote_fargate(f, catalog, inv, style);
  quote_ec2(f, catalog, inv, style);
  quote_eks(f, catalog, inv);
  quote_network(f, catalog, inv);
  return inv;
}

}  // namespace fleetcast
