#include "fleetcast/io/bill_scenario.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include <nlohmann/json.hpp>

#include "fleetcast/core/error.hpp"
#include "fleetcast/packing/from_catalog.hpp"

namespace fleetcast {
namespace {

using ojson = nlohmann::ordered_json;

/// Whole tasks for one hour of `x` task-hours, minute by minute: ⌊x⌋ + 1 for the first
/// round(60 · frac) minutes, ⌊x⌋ for the rest. The bill says how many task-hours ran in the
/// hour, not when in it, so the extra task runs at the start of the hour.
struct minute_split {
  std::int64_t base = 0;
  int extra_minutes = 0;
  double rounding = 0;  ///< |extra_minutes / 60 − frac|, task-hours
};
minute_split split_hour(double x) noexcept {
  minute_split m;
  const double fl = std::floor(x + 1e-9);
  m.base = std::int64_t(fl);
  const double frac = std::max(0.0, x - fl);
  m.extra_minutes = int(std::lround(frac * 60.0));
  m.rounding = std::abs(m.extra_minutes / 60.0 - frac);
  return m;
}

/// The on-demand price of one of the service's tasks (EC2: its node) for an hour.
double task_price_per_hour(const replay_service& s, const price_catalog& cat, bool spot) {
  if (!s.fargate) {
    const instance_type* t = cat.ec2.find(s.instance_type);
    if (!t) return 0;
    return t->on_demand.effective_per_hour() * (spot ? 1.0 - t->spot.discount : 1.0);
  }
  const fargate_rates& r = cat.fargate.rates_for(s.os, s.arch, spot && s.os == os_family::linux_os);
  double p = s.billed_cpu_units / double(cpu_units_per_vcpu) * r.vcpu.effective_per_hour() +
             s.billed_memory_mib / double(mib_per_gib) * r.memory_gb.effective_per_hour();
  if (s.os == os_family::windows_os && cat.fargate.windows_x86_64.os_licence_vcpu)
    p += s.billed_cpu_units / double(cpu_units_per_vcpu) * cat.fargate.windows_x86_64.os_licence_vcpu->effective_per_hour();
  return p;
}

std::string file_safe(std::string_view name) {
  std::string r;
  for (char c : name) r.push_back((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ? c : '_');
  return r;
}

std::string iso_hour(std::int64_t hour) {
  // civil_from_days (H. Hinnant).
  std::int64_t z = (hour >= 0 ? hour / 24 : (hour - 23) / 24) + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = unsigned(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = std::int64_t(yoe) + era * 400 + (m <= 2);
  char b[40];
  std::snprintf(b, sizeof b, "%04lld-%02u-%02uT%02lld:00:00Z", static_cast<long long>(y), m, d,
                static_cast<long long>(((hour % 24) + 24) % 24));
  return b;
}

std::string pct(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%g", v);
  return b;
}

}  // namespace

double replay_tolerance_usd(const bill_workload& w, const price_catalog& cat) {
  double tol = 0;
  const bool spot_mix = w.as_is_spot_percent > 0 && w.as_is_spot_percent < 100;
  for (const auto& s : w.services) {
    const double p = task_price_per_hour(s, cat, false);
    double rounding = 0;
    for (double x : s.task_hours) rounding += split_hour(x).rounding;
    const double first = s.task_hours.empty() ? 0 : std::ceil(s.task_hours.front() - 1e-9);
    const double last = s.task_hours.empty() ? 0 : std::ceil(s.task_hours.back() - 1e-9);
    tol += p * (rounding + std::max(first, last) / 60.0);
    if (spot_mix && s.fargate == w.as_is_fargate)
      tol += double(w.hours) * (p - task_price_per_hour(s, cat, true));
    if (s.fargate) {
      const fargate_rates& r = cat.fargate.rates_for(s.os, s.arch, false);
      tol += std::abs(s.gb_hours_implied - s.gb_hours) * r.memory_gb.effective_per_hour();
    }
  }
  if (w.as_is_platform == platform::eks && w.eks_clusters > 0) {
    const rate& r = w.eks_extended_support ? cat.eks.control_plane_extended : cat.eks.control_plane_standard;
    tol += std::abs(double(w.eks_clusters) * double(w.hours) - w.eks_cluster_hours) * r.effective_per_hour();
  }
  return tol;
}

bill_scenario_files bill_to_scenario(bill_workload w, const price_catalog& cat, const bill_scenario_settings& st,
                                     const std::string& stem) {
  const double u = st.replay.utilisation;
  // EC2 node slices: the utilisation's share of the node's allocatable on its platform.
  for (auto& s : w.services) {
    if (s.fargate) continue;
    const instance_type* t = cat.ec2.find(s.instance_type);
    packing::platform_setup setup;
    setup.platform = s.on;
    const auto bin = packing::bin_type_from_catalog(*t, setup, cat);
    const auto cpu = std::int64_t(std::floor(u * double(bin.type.capacity[0])));
    const auto mem = std::int64_t(std::floor(u * double(bin.type.capacity[1])));
    if (cpu < 1 || mem < 1)
      throw input_error(errid::out_of_range, "--utilisation",
                        pct(u) + " leaves nothing of a " + s.instance_type + " node's allocatable; give a share in (0, 1]");
    if (s.on == platform::eks) {
      s.cpu_millicores = cpu;
      s.cpu_units = int(millicores_to_cpu_units(cpu));
    } else {
      s.cpu_units = int(cpu);
    }
    s.memory_mib = int(mem);
  }
  bill_scenario_files out;
  out.tolerance_usd = replay_tolerance_usd(w, cat);

  bool windows = false, arm = false, x86 = false, big_for_fargate = false;
  for (const auto& s : w.services) {
    windows |= s.os == os_family::windows_os;
    (s.arch == cpu_arch::arm64 ? arm : x86) = true;
    big_for_fargate |= !s.fargate && (s.cpu_units > cat.fargate.sizes.back().cpu_units ||
                                      s.memory_mib > cat.fargate.sizes.back().memory_mib.back());
  }

  ojson services = ojson::array();
  for (const auto& s : w.services) {
    const double c = s.cpu_units / double(cpu_units_per_vcpu);  // vCPU per task: the demand's unit
    std::string csv = "vcpu\n";
    csv.reserve(std::size_t(w.hours) * 60 * 8);
    std::int64_t peak = 1, first = -1;
    char line[64];
    for (double x : s.task_hours) {
      const minute_split m = split_hour(x);
      for (int k = 0; k < 60; ++k) {
        const std::int64_t n = m.base + (k < m.extra_minutes ? 1 : 0);
        if (first < 0) first = n;
        peak = std::max(peak, n);
        std::snprintf(line, sizeof line, "%.17g\n", double(n) * c);
        csv += line;
      }
    }
    const std::string file = stem + "." + file_safe(s.name) + ".csv";
    out.traces.emplace_back(file, std::move(csv));
    ojson task = {{"cpu", s.cpu_units}, {"memory", s.memory_mib}};
    if (s.os == os_family::windows_os) task["os"] = "windows";
    if (s.arch == cpu_arch::arm64) task["arch"] = "arm64";
    if (s.cpu_millicores > 0) task["cpu_millicores"] = s.cpu_millicores;
    ojson trace = {{"file", file}, {"column", "vcpu"}, {"interval_seconds", 60}};
    if (st.block_hours > 0) trace["block_hours"] = std::min(st.block_hours, double(w.hours));
    services.push_back({{"name", s.name},
                        {"$from_bill", {{"identity", to_string(s.identity)},
                                        {"cluster", s.cluster},
                                        {"service", s.service},
                                        {"size", s.size_basis},
                                        {"size_ambiguous", s.size_ambiguous},
                                        {"paid_usd", s.paid_usd},
                                        {"at_catalog_usd", s.catalog_usd},
                                        {"spot_share", s.spot_share}}},
                        {"task", std::move(task)},
                        {"capacity_per_task", c},
                        {"scaling", {{"type", "exact"}, {"min", 0}, {"max", std::min<std::int64_t>(peak, 100'000)}, {"initial", std::min<std::int64_t>(std::max<std::int64_t>(first, 0), peak)}}},
                        {"demand", {{"trace", std::move(trace)}}}});
  }

  // The options. The as-is first, then the others on the same services and demand.
  ojson options = ojson::array();
  ojson not_generated = ojson::array();
  std::string as_is_words;
  const std::int64_t clusters = std::max<std::int64_t>(1, w.eks_clusters);
  auto ec2_types = [&](bool with_bill_types) {
    std::set<std::string> t;
    if (with_bill_types) t.insert(w.as_is_instance_types.begin(), w.as_is_instance_types.end());
    for (const char* n : {"m6i.large", "m6i.xlarge", "m6i.2xlarge", "c6i.xlarge", "r6i.xlarge"})
      if (x86 && cat.ec2.find(n)) t.insert(n);
    for (const char* n : {"m7g.large", "m7g.xlarge", "m7g.2xlarge", "c7g.xlarge", "r7g.xlarge"})
      if (arm && cat.ec2.find(n)) t.insert(n);
    // The bill's own node types, so every slice fits somewhere.
    for (const auto& s : w.services)
      if (!s.fargate) t.insert(s.instance_type);
    return ojson(std::vector<std::string>(t.begin(), t.end()));
  };
  {
    ojson a = {{"name", "as-is"}, {"platform", std::string(to_string(w.as_is_platform))}};
    if (w.as_is_fargate) {
      a["compute"] = "fargate";
      as_is_words = std::string(w.as_is_platform == platform::eks ? "EKS" : "ECS") + " on Fargate";
      if (w.as_is_spot_percent > 0 && w.as_is_platform == platform::ecs && !windows) {
        const auto spot = std::int64_t(std::lround(w.as_is_spot_percent));
        ojson strat = ojson::array();
        if (spot < 100) strat.push_back({{"provider", "FARGATE"}, {"weight", 100 - spot}});
        strat.push_back({{"provider", "FARGATE_SPOT"}, {"weight", spot}});
        a["capacity_provider_strategy"] = std::move(strat);
        as_is_words += ", " + pct(double(spot)) + " % Fargate Spot";
      }
    } else {
      a["compute"] = "ec2";
      a["instance_types"] = w.as_is_instance_types;
      a["spot_percent"] = w.as_is_spot_percent;
      // Nodes come and go as the bill's instance-hours say: no warm-up hold, no idle delay.
      a["instance_warmup_seconds"] = 0;
      a["scale_in_after_seconds"] = 0;
      a["root_volume_gib"] = 0;  // EBS is not part of the replayed cost
      as_is_words = std::string(w.as_is_platform == platform::eks ? "EKS" : "ECS") + " on EC2 (";
      for (std::size_t i = 0; i < w.as_is_instance_types.size(); ++i) as_is_words += (i ? ", " : "") + w.as_is_instance_types[i];
      as_is_words += ")";
      if (w.as_is_spot_percent > 0) as_is_words += ", " + pct(w.as_is_spot_percent) + " % Spot";
      as_is_words += ", one slice of " + pct(u * 100) + " % of a node per billed node-hour";
    }
    if (w.as_is_platform == platform::eks) {
      // The bill's own control planes (none when another account pays for them).
      a["clusters"] = w.eks_clusters;
      if (w.eks_extended_support) a["support"] = "extended";
    }
    options.push_back(std::move(a));
  }
  auto skip = [&](const std::string& name, const std::string& why) {
    not_generated.push_back({{"option", name}, {"reason", why}});
  };
  const bool as_is_plain_ecs_fargate = w.as_is_fargate && w.as_is_platform == platform::ecs && w.as_is_spot_percent == 0;
  if (big_for_fargate) {
    skip("ecs-fargate", "a node slice is larger than the largest Fargate size");
  } else {
    if (!as_is_plain_ecs_fargate) options.push_back({{"name", "ecs-fargate"}, {"platform", "ecs"}, {"compute", "fargate"}});
    if (windows)
      skip("ecs-fargate-spot-70", "Fargate Spot runs Linux tasks only");
    else
      options.push_back({{"name", "ecs-fargate-spot-70"},
                         {"platform", "ecs"},
                         {"compute", "fargate"},
                         {"capacity_provider_strategy",
                          {{{"provider", "FARGATE"}, {"weight", 30}}, {{"provider", "FARGATE_SPOT"}, {"weight", 70}}}}});
    if (windows || arm)
      skip("eks-fargate", "EKS on Fargate runs Linux x86_64 pods only");
    else if (!(w.as_is_fargate && w.as_is_platform == platform::eks))
      options.push_back({{"name", "eks-fargate"}, {"platform", "eks"}, {"compute", "fargate"}, {"clusters", clusters}});
  }
  if (windows) {
    for (const char* n : {"ecs-ec2", "eks-ec2", "eks-ec2-spot-70"}) skip(n, "Windows tasks are not simulated on EC2");
  } else {
    options.push_back({{"name", "ecs-ec2"}, {"platform", "ecs"}, {"compute", "ec2"}, {"instance_types", ec2_types(true)}});
    options.push_back({{"name", "eks-ec2"}, {"platform", "eks"}, {"compute", "ec2"}, {"instance_types", ec2_types(true)}, {"clusters", clusters}});
    options.push_back({{"name", "eks-ec2-spot-70"},
                       {"platform", "eks"},
                       {"compute", "ec2"},
                       {"instance_types", ec2_types(true)},
                       {"spot_percent", 70},
                       {"clusters", clusters}});
  }

  std::vector<std::string> notes = w.notes;
  {
    std::string by_cluster, by_account;
    for (const auto& s : w.services) {
      if (s.identity == replay_identity::cluster) by_cluster += (by_cluster.empty() ? "" : ", ") + s.name;
      if (s.identity == replay_identity::account) by_account += (by_account.empty() ? "" : ", ") + s.name;
    }
    if (!by_cluster.empty())
      notes.push_back("Grouped by cluster (the bill names no ECS service or EKS deployment for them): " + by_cluster + ".");
    if (!by_account.empty())
      notes.push_back("Grouped account-wide (the bill names no cluster: no tags, task ARNs or split cost allocation rows): " +
                      by_account + ".");
  }
  if (w.as_is_platform == platform::eks && w.eks_clusters == 0)
    notes.push_back("The bill has no EKS cluster-hours (another account may pay them): the as-is option bills no control "
                    "plane, the other EKS options one cluster.");
  for (const auto& s : w.services)
    if (s.size_ambiguous)
      notes.push_back("Service " + s.name + ": task size " + pct(s.billed_cpu_units / 1024.0) + " vCPU / " +
                      pct(s.billed_memory_mib / 1024.0) + " GB " + s.size_basis +
                      "; Fargate's cost is the same for every size of that ratio, EC2 packing is not.");
  if (!w.as_is_fargate || w.mixed) {
    bool ec2 = false;
    for (const auto& s : w.services) ec2 |= !s.fargate;
    if (ec2)
      notes.push_back("EC2 nodes: the bill says which instances ran, not what ran on them. The demand is " + pct(u * 100) +
                      " % of each billed node's allocatable CPU and memory (--utilisation " + pct(u) + ")" +
                      (u <= 0.5 ? "; at 50 % or less two slices fit on one node, so the as-is option packs them and costs "
                                  "less than the bill" : "") +
                      ". A slice is a node-sized piece of work, not one of your tasks: Fargate options price each "
                      "slice as one task rounded up to a valid Fargate size, so edit the services' task size and "
                      "capacity_per_task to your task definitions for a closer Fargate figure.");
  }
  if (w.commitment_list_usd > 0)
    notes.push_back("Usage that Savings Plans or Reserved Instances covered is counted at its on-demand price (" +
                    pct(std::round(w.commitment_list_usd * 100) / 100) +
                    " USD); the options carry no commitment, and the bill's commitment fees are not part of the replay.");
  for (const auto& [reason, usd] : w.not_replayed)
    notes.push_back("Not replayed: " + reason + " (" + pct(std::round(usd * 100) / 100) + " USD billed).");

  const bool replay_only = st.block_hours <= 0;
  ojson doc = {{"name", "bill-replay"},
               {"description",
                "The bill's container usage replayed as demand (fleetcast actuals --scenario): the as-is option reproduces "
                "what was paid, the others price the same demand."},
               {"region", cat.region},
               {"horizon", {{"days", double(w.hours) / 24.0}, {"step_seconds", 60}, {"start_hour", double(((w.first_hour % 24) + 24) % 24)}}},
               {"network", {{"egress", "none"}}},
               {"monte_carlo", {{"scenarios", replay_only ? 1 : st.trials}, {"seed", st.seed}}},
               {"services", std::move(services)},
               {"options", std::move(options)},
               {"$actuals",
                {{"paid_usd", w.paid_usd},
                 {"at_catalog_usd", w.catalog_usd},
                 {"hours", double(w.hours)},
                 {"as_is_option", "as-is"},
                 {"tolerance_usd", out.tolerance_usd},
                 {"first_hour", iso_hour(w.first_hour)},
                 {"description", as_is_words},
                 {"notes", notes}}}};
  if (!not_generated.empty()) doc["$not_generated"] = std::move(not_generated);
  out.scenario_json = doc.dump(2) + "\n";

  char b[512];
  std::snprintf(b, sizeof b,
                "%zu service(s) over %lld billed hours from %s; paid %.2f USD (%.2f USD at the catalog's prices); "
                "as-is: %s; tolerance %.2f USD.",
                w.services.size(), static_cast<long long>(w.hours), iso_hour(w.first_hour).c_str(), w.paid_usd,
                w.catalog_usd, as_is_words.c_str(), out.tolerance_usd);
  out.summary = b;
  return out;
}

}  // namespace fleetcast
