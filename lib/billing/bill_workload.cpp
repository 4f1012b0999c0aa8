#include "fleetcast/billing/bill_workload.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "fleetcast/core/error.hpp"

namespace fleetcast {
namespace {

bool has(std::string_view s, std::string_view p) noexcept { return s.find(p) != std::string_view::npos; }

/// The cluster in an ECS task ARN of the long format ("arn:aws:ecs:REGION:ACCOUNT:task/CLUSTER/ID")
/// or an EKS pod ARN ("…:pod/CLUSTER/…"); empty for the short format ("task/ID") and others.
std::string_view cluster_of_arn(std::string_view arn) noexcept {
  for (std::string_view kind : {":task/", ":pod/"}) {
    const auto at = arn.find(kind);
    if (at == std::string_view::npos) continue;
    std::string_view rest = arn.substr(at + kind.size());
    const auto slash = rest.find('/');
    return slash == std::string_view::npos ? std::string_view{} : rest.substr(0, slash);
  }
  return {};
}

/// What a row cost for the replay: BilledCost, or its list cost when a commitment covered it
/// (a Savings Plan negation row, whose list cost the reader zeroes, adds its negative cost to
/// the covered row's list cost + billed cost, and so nets to the list cost).
double replay_cost(const bill_line& l, const recognised_line& r) noexcept {
  return r.purchase == actual_purchase::commitment ? l.list_cost : l.billed_cost;
}

std::string os_arch_key(const recognised_line& r) {
  return r.windows ? "windows/x86_64" : r.arm ? "linux/arm64" : "linux/x86_64";
}

std::string join_name(std::string_view cluster, std::string_view service) {
  if (cluster.empty()) return std::string(service.empty() ? "account" : service);
  return service.empty() ? std::string(cluster) : std::string(cluster) + "/" + std::string(service);
}

std::string num(double v, int digits = 4) {
  char b[64];
  std::snprintf(b, sizeof b, "%.*g", digits, v);
  return b;
}

void not_replayed_const_add(bill_workload& w, const std::string& reason, double usd) {
  for (auto& [r, v] : w.not_replayed)
    if (r == reason) {
      v += usd;
      return;
    }
  w.not_replayed.emplace_back(reason, usd);
}

}  // namespace

std::string_view to_string(replay_identity i) noexcept {
  switch (i) {
    case replay_identity::service: return "service";
    case replay_identity::cluster: return "cluster";
    case replay_identity::account: return "account";
  }
  return "account";
}

void bill_workload_accumulator::add(const bill_line& l) {
  // Split cost allocation rows (usage types such as ECS-EC2-vCPU-Hours, which carry no cost of
  // their own) say which cluster an instance served: split_line_item_parent_resource_id.
  if (!l.parent_resource_id.empty() && !l.cluster_tag.empty())
    instance_cluster_.insert_or_assign(std::string(l.parent_resource_id),
                                       std::make_pair(std::string(l.cluster_tag), std::string(l.platform_tag)));
  if (!l.option.empty() && options_.size() < 2 && !options_.count(l.option)) options_.emplace(l.option);
  const recognised_line r = recognise(l);
  const double cost = replay_cost(l, r);
  switch (r.category) {
    case actual_category::fargate_vcpu:
    case actual_category::fargate_memory:
    case actual_category::fargate_windows_licence: {
      std::string cluster(l.cluster_tag);
      if (cluster.empty()) cluster = std::string(cluster_of_arn(l.resource_id));
      std::string plat(l.platform_tag);
      if (plat.empty()) {
        if (has(l.resource_id, ":pod/") || has(l.service_name, "Kubernetes")) plat = "eks";
        else if (has(l.resource_id, ":task/") || has(l.service_name, "Container Service")) plat = "ecs";
      }
      group& g = fargate_[{cluster, std::string(l.service_tag), plat, os_arch_key(r)}];
      g.paid += cost;
      g.list += l.list_cost;
      if (r.purchase == actual_purchase::commitment) g.commitment_list += l.list_cost;
      if (r.category == actual_category::fargate_windows_licence) return;
      hourly& h = g.hours[l.hour];
      const bool arn = has(l.resource_id, ":task/") || has(l.resource_id, ":pod/");
      if (r.category == actual_category::fargate_vcpu) {
        h.vcpu += l.pricing_quantity;
        if (r.purchase == actual_purchase::spot) h.spot_vcpu += l.pricing_quantity;
        if (arn) g.max_task_vcpu = std::max(g.max_task_vcpu, l.pricing_quantity);
      } else {
        h.gb += l.pricing_quantity;
        if (r.purchase == actual_purchase::spot) h.spot_gb += l.pricing_quantity;
        if (arn) g.max_task_gb = std::max(g.max_task_gb, l.pricing_quantity);
      }
      return;
    }
    case actual_category::ec2_instance: {
      // The catalogs price Linux; an instance whose operation names another OS
      // (RunInstances:0002 is Windows) or that runs on dedicated hardware is not replayed.
      const std::string_view u = strip_usage_type_region(l.usage_type);
      const bool linux_os = r.linux_known || (l.operation.empty() && !u.starts_with("DedicatedUsage:"));
      if (!linux_os) {
        not_replayed_["EC2 instances not known to run Linux on shared tenancy (x_Operation other than RunInstances)"] +=
            l.billed_cost;
        return;
      }
      group& g = ec2_[{std::string(l.resource_id), r.detail, "", ""}];
      g.paid += cost;
      g.list += l.list_cost;
      if (r.purchase == actual_purchase::commitment) g.commitment_list += l.list_cost;
      if (!l.cluster_tag.empty()) {
        g.resource_cluster = std::string(l.cluster_tag);
        g.resource_platform = std::string(l.platform_tag);
      }
      hourly& h = g.hours[l.hour];
      h.instance += l.pricing_quantity;
      if (r.purchase == actual_purchase::spot) h.spot_instance += l.pricing_quantity;
      return;
    }
    case actual_category::eks_cluster_standard:
    case actual_category::eks_cluster_extended:
      eks_cluster_hours_[l.hour] += l.pricing_quantity;
      (r.category == actual_category::eks_cluster_extended ? eks_extended_hours_ : eks_standard_hours_) +=
          l.pricing_quantity;
      eks_paid_ += cost;
      eks_extended_ |= r.category == actual_category::eks_cluster_extended;
      return;
    case actual_category::not_container: return;
    default: not_replayed_[std::string(describe(r.category))] += l.billed_cost; return;
  }
}

bill_workload bill_workload_accumulator::summary(const price_catalog& cat, const replay_settings& settings) const {
  bill_workload w;
  if (options_.size() > 1)
    throw input_error(errid::unsupported, "",
                      "the bill is fleetcast's own output for several options (x_Option \"" + *options_.begin() +
                          "\", \"" + *options_.rbegin() +
                          "\", ...): replaying it would add their usage up; write one option's bill (simulate --focus FILE "
                          "--focus-option NAME)");
  std::int64_t lo = INT64_MAX, hi = INT64_MIN;
  for (const auto* m : {&fargate_, &ec2_})
    for (const auto& [k, g] : *m)
      for (const auto& [h, v] : g.hours) lo = std::min(lo, h), hi = std::max(hi, h);
  if (lo > hi)
    throw input_error(errid::empty_input, "",
                      "the bills have no Fargate vCPU-hours or EC2 instance-hours to replay (usage types "
                      "Fargate-vCPU-Hours:perCPU, BoxUsage:TYPE, SpotUsage:TYPE); fleetcast actuals without "
                      "--scenario still compares their prices");
  for (const auto& [h, v] : eks_cluster_hours_) lo = std::min(lo, h), hi = std::max(hi, h);
  // Each service's trace holds a row per minute of the span: a quarter is the most replayed, so
  // a stray row years away cannot make the scenario huge.
  if (hi - lo + 1 > max_replay_hours)
    throw input_error(errid::out_of_range, "",
                      "the bills' compute rows span " + std::to_string(hi - lo + 1) +
                          " hours; the replay takes at most " + std::to_string(max_replay_hours) +
                          " (93 days): give it one month's bill, or check for rows dated far from the rest");
  w.first_hour = lo;
  w.hours = hi - lo + 1;
  const bool bill_has_eks = !eks_cluster_hours_.empty();
  std::set<std::string> names;
  auto unique = [&](std::string n) {
    std::string u = n;
    for (int k = 2; names.count(u); ++k) u = n + "-" + std::to_string(k);
    names.insert(u);
    return u;
  };

  // Fargate: one service per (cluster, service, platform, OS/architecture).
  bool fargate_unknown_platform = false;
  for (const auto& [key, g] : fargate_) {
    const auto& [cluster, service, plat, os_arch] = key;
    replay_service s;
    s.cluster = cluster;
    s.service = service;
    s.identity = !service.empty() ? replay_identity::service
                 : !cluster.empty() ? replay_identity::cluster
                                    : replay_identity::account;
    if (plat.empty()) fargate_unknown_platform = true;
    s.on = plat == "eks" || (plat.empty() && bill_has_eks) ? platform::eks : platform::ecs;
    s.os = os_arch.starts_with("windows") ? os_family::windows_os : os_family::linux_os;
    s.arch = os_arch.ends_with("arm64") ? cpu_arch::arm64 : cpu_arch::x86_64;
    for (const auto& [h, v] : g.hours) s.vcpu_hours += v.vcpu, s.gb_hours += v.gb;
    if (!(s.vcpu_hours > 0)) {
      not_replayed_const_add(w, "Fargate rows with memory but no vCPU-hours", g.paid);
      continue;
    }
    // The task size. Rows per task and hour (ResourceId = the task or pod ARN) show it: a task
    // that ran the whole hour bills its vCPU and GB as the hour's quantity. Otherwise only the
    // ratio GB-hours / vCPU-hours is known, which several sizes share.
    const double ratio = s.gb_hours / s.vcpu_hours;  // GB per vCPU
    int best_cpu = 0, best_mem = 0;
    auto row_ok = [&](const fargate_size_row& row) {
      return (s.os == os_family::windows_os ? row.windows_ok : row.linux_ok) && (s.on == platform::ecs || row.eks_ok);
    };
    if (g.max_task_vcpu > 0 && g.max_task_gb > 0) {
      for (const auto& row : cat.fargate.sizes) {
        if (!row_ok(row) || row.cpu_units < g.max_task_vcpu * cpu_units_per_vcpu * (1 - 1e-6)) continue;
        for (int m : row.memory_mib)
          if (m >= g.max_task_gb * mib_per_gib * (1 - 1e-6)) {
            best_cpu = row.cpu_units, best_mem = m;
            break;
          }
        if (best_cpu) break;
      }
      s.size_basis = "from the largest task-hour on the bill (ResourceId = task ARN): " + num(g.max_task_vcpu) +
                     " vCPU-hours, " + num(g.max_task_gb) + " GB-hours";
    }
    if (!best_cpu) {
      // Preference: 1 vCPU, then 0.5, 2, 0.25, 4, 8, 16 — the first whose memory options hold
      // the bill's GB per vCPU within 2 %; else the pair nearest to it.
      double near_err = INFINITY;
      int accepted = 0, near_cpu = 0, near_mem = 0;
      for (int cpu : {1024, 512, 2048, 256, 4096, 8192, 16384}) {
        for (const auto& row : cat.fargate.sizes) {
          if (row.cpu_units != cpu || !row_ok(row)) continue;
          const double want = ratio * cpu / double(cpu_units_per_vcpu) * mib_per_gib;
          bool row_accepted = false;
          for (int m : row.memory_mib) {
            const double err = std::abs(m - want) / want;
            if (err <= 0.02 && !row_accepted) {
              row_accepted = true;
              ++accepted;
              if (!best_cpu) best_cpu = cpu, best_mem = m;
            }
            if (err < near_err) near_err = err, near_cpu = cpu, near_mem = m;
          }
        }
      }
      if (!best_cpu) best_cpu = near_cpu, best_mem = near_mem;
      s.size_ambiguous = accepted > 1;
      s.size_basis = "from the bill's " + num(ratio) + " GB per vCPU" +
                     (s.size_ambiguous ? " (ambiguous: " + std::to_string(accepted) +
                                             " Fargate sizes have it; the bill has no per-task rows)"
                                       : "");
    }
    if (!best_cpu) {
      not_replayed_const_add(w, "Fargate usage with no valid Fargate size for its OS", g.paid);
      continue;
    }
    s.billed_cpu_units = best_cpu;
    s.billed_memory_mib = best_mem;
    s.cpu_units = best_cpu;
    s.memory_mib = s.on == platform::eks ? best_mem - cat.fargate.eks_pod_overhead_mib : best_mem;
    const double task_vcpu = best_cpu / double(cpu_units_per_vcpu);
    s.task_hours.assign(std::size_t(w.hours), 0.0);
    double spot = 0;
    for (const auto& [h, v] : g.hours) {
      s.task_hours[std::size_t(h - lo)] += v.vcpu / task_vcpu;
      spot += v.spot_vcpu;
    }
    s.spot_share = spot / s.vcpu_hours;
    {
      double sv = 0, sg = 0;
      for (const auto& [h, v] : g.hours) sv += v.spot_vcpu, sg += v.spot_gb;
      const fargate_rates& od = cat.fargate.rates_for(s.os, s.arch, false);
      const fargate_rates& sp = cat.fargate.rates_for(s.os, s.arch, true);
      s.catalog_usd = (s.vcpu_hours - sv) * od.vcpu.effective_per_hour() + (s.gb_hours - sg) * od.memory_gb.effective_per_hour() +
                      sv * sp.vcpu.effective_per_hour() + sg * sp.memory_gb.effective_per_hour();
      if (s.os == os_family::windows_os && cat.fargate.windows_x86_64.os_licence_vcpu)
        s.catalog_usd += s.vcpu_hours * cat.fargate.windows_x86_64.os_licence_vcpu->effective_per_hour();
    }
    s.gb_hours_implied = s.vcpu_hours / task_vcpu * (best_mem / double(mib_per_gib));
    s.paid_usd = g.paid;
    s.list_usd = g.list;
    s.commitment_list_usd = g.commitment_list;
    s.name = unique(join_name(cluster, service) + (s.os == os_family::windows_os ? "-windows" : "") +
                    (s.arch == cpu_arch::arm64 ? "-arm64" : ""));
    w.services.push_back(std::move(s));
  }
  if (fargate_unknown_platform)
    w.notes.push_back(std::string("Some Fargate rows name neither ECS nor EKS (no cluster tag, task ARN or service name): "
                                  "they are taken as ") +
                      (bill_has_eks ? "EKS, as the bill has EKS cluster-hours." : "ECS."));

  // EC2: per (cluster, platform, instance type), the instances resolved to their cluster.
  std::map<std::tuple<std::string, std::string, std::string>, group> nodes;
  bool ec2_unknown_platform = false;
  for (const auto& [key, g] : ec2_) {
    const std::string& id = std::get<0>(key);
    const std::string& type = std::get<1>(key);
    std::string cluster = g.resource_cluster, plat = g.resource_platform;
    if (auto it = instance_cluster_.find(id); it != instance_cluster_.end()) {
      cluster = it->second.first;
      if (!it->second.second.empty()) plat = it->second.second;
    }
    if (plat.empty()) {
      ec2_unknown_platform = true;
      plat = bill_has_eks ? "eks" : "ecs";
    }
    group& n = nodes[{cluster, plat, type}];
    for (const auto& [h, v] : g.hours) {
      hourly& x = n.hours[h];
      x.instance += v.instance;
      x.spot_instance += v.spot_instance;
    }
    n.paid += g.paid;
    n.list += g.list;
    n.commitment_list += g.commitment_list;
  }
  if (ec2_unknown_platform)
    w.notes.push_back(std::string("Some EC2 instances carry no cluster tag and no split cost allocation row names their "
                                  "cluster: they are taken as nodes of ") +
                      (bill_has_eks ? "EKS, as the bill has EKS cluster-hours." : "ECS, as the bill has no EKS cluster-hours.") +
                      " Every Linux instance on the bill counts as a container node.");
  for (const auto& [key, g] : nodes) {
    const auto& [cluster, plat, type] = key;
    const instance_type* t = cat.ec2.find(type);
    if (!t) {
      not_replayed_const_add(w, "EC2 instance types the catalog does not list (" + type + ")", g.paid);
      continue;
    }
    replay_service s;
    s.fargate = false;
    s.cluster = cluster;
    s.identity = cluster.empty() ? replay_identity::account : replay_identity::cluster;
    s.on = plat == "eks" ? platform::eks : platform::ecs;
    s.arch = t->arch;
    s.instance_type = type;
    s.task_hours.assign(std::size_t(w.hours), 0.0);
    double total = 0, spot = 0;
    for (const auto& [h, v] : g.hours) {
      s.task_hours[std::size_t(h - lo)] += v.instance;
      total += v.instance;
      spot += v.spot_instance;
    }
    s.spot_share = total > 0 ? spot / total : 0;
    s.catalog_usd = (total - spot) * t->on_demand.effective_per_hour() +
                    spot * t->on_demand.effective_per_hour() * (1.0 - t->spot.discount);
    s.paid_usd = g.paid;
    s.list_usd = g.list;
    s.commitment_list_usd = g.commitment_list;
    char pct[32];
    std::snprintf(pct, sizeof pct, "%g", settings.utilisation * 100);
    s.size_basis = std::string("a slice of ") + pct + " % of one " + type + "'s allocatable CPU and memory per node-hour";
    s.name = unique((cluster.empty() ? std::string() : cluster + "/") + "nodes-" + type);
    w.services.push_back(std::move(s));
  }
  if (w.services.empty())
    throw input_error(errid::empty_input, "",
                      "none of the bills' Fargate or EC2 usage can be replayed (see the reasons listed by fleetcast "
                      "actuals); nothing to write");

  // The as-is option: the compute kind with the larger cost, on its larger platform.
  double fargate_paid = 0, ec2_paid = 0, fargate_ecs = 0, fargate_eks = 0, ec2_ecs = 0, ec2_eks = 0;
  for (const auto& s : w.services) {
    (s.fargate ? fargate_paid : ec2_paid) += s.paid_usd;
    (s.fargate ? (s.on == platform::eks ? fargate_eks : fargate_ecs) : (s.on == platform::eks ? ec2_eks : ec2_ecs)) +=
        s.paid_usd;
  }
  w.as_is_fargate = fargate_paid >= ec2_paid && fargate_paid > 0 ? true : ec2_paid == 0;
  w.mixed = fargate_paid > 0 && ec2_paid > 0;
  w.as_is_platform = w.as_is_fargate ? (fargate_eks > fargate_ecs ? platform::eks : platform::ecs)
                                     : (ec2_eks > ec2_ecs ? platform::eks : platform::ecs);
  double kind_hours = 0, kind_spot = 0;
  std::set<std::string> types;
  bool platforms_mixed = false;
  for (const auto& s : w.services) {
    if (s.fargate != w.as_is_fargate) continue;
    platforms_mixed |= s.on != w.as_is_platform;
    double th = 0;
    for (double x : s.task_hours) th += x;
    kind_hours += th;
    kind_spot += th * s.spot_share;
    if (!s.fargate) types.insert(s.instance_type);
  }
  w.as_is_spot_percent = kind_hours > 0 ? std::round(1000.0 * kind_spot / kind_hours) / 10.0 : 0;
  if (w.as_is_fargate && w.as_is_platform == platform::eks && w.as_is_spot_percent > 0) w.as_is_spot_percent = 0;
  w.as_is_instance_types.assign(types.begin(), types.end());
  if (w.mixed)
    w.notes.push_back("The bill mixes Fargate (" + num(fargate_paid, 8) + " USD) and EC2 nodes (" + num(ec2_paid, 8) +
                      " USD); a fleetcast option runs every service on one kind of compute, so the as-is option runs "
                      "all of them on " + (w.as_is_fargate ? "Fargate" : "EC2") +
                      " and does not reproduce the bill's cost.");
  if (platforms_mixed)
    w.notes.push_back(std::string("The bill mixes ECS and EKS; the as-is option runs everything on ") +
                      std::string(to_string(w.as_is_platform)) + ".");

  // EKS control planes: the mean number of clusters billed per hour.
  double cluster_hours = 0;
  for (const auto& [h, v] : eks_cluster_hours_) cluster_hours += v;
  w.eks_clusters = cluster_hours > 0 ? std::max<std::int64_t>(1, std::llround(cluster_hours / double(w.hours))) : 0;
  w.eks_extended_support = eks_extended_;
  w.eks_cluster_hours = cluster_hours;
  w.eks_paid_usd = eks_paid_;

  for (const auto& s : w.services) {
    w.paid_usd += s.paid_usd;
    w.commitment_list_usd += s.commitment_list_usd;
    w.catalog_usd += s.catalog_usd;
  }
  if (eks_paid_ != 0) {
    if (w.as_is_platform == platform::eks) {
      w.paid_usd += eks_paid_;
      w.catalog_usd += eks_standard_hours_ * cat.eks.control_plane_standard.effective_per_hour() +
                       eks_extended_hours_ * cat.eks.control_plane_extended.effective_per_hour();
    }
    else w.not_replayed.emplace_back("EKS cluster-hours (the as-is option runs on ECS)", eks_paid_);
  }
  for (const auto& [reason, usd] : not_replayed_) w.not_replayed.emplace_back(reason, usd);
  return w;
}

}  // namespace fleetcast
