#include "fleetcast/io/pack_json.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

#include "fleetcast/packing/capacity.hpp"
#include "fleetcast/packing/from_catalog.hpp"
#include "json_reader.hpp"

namespace fleetcast {
namespace {

using detail::node;
using packing::platform_dims;
using res = packing::resources<platform_dims>;

// Bounds that keep every load and sum exact in int64 (see the README's limits).
constexpr std::int64_t max_size = 1'000'000'000;
constexpr std::int64_t max_items = 100'000'000;
// Counts of entries (bin and instance types, item shapes) are input limits.

void read_bin_types(const node& arr, pack_request& r) {
  const std::size_t n = arr.array_size(false);
  arr.check_count(limit::instance_types, n, "bin types");
  std::set<std::string, std::less<>> names;
  for (std::size_t i = 0; i < n; ++i) {
    const node b = arr[i];
    b.expect_object({"name", "cpu", "memory", "pods", "gpus", "price_per_hour", "extra_per_node"});
    packing::bin_type<platform_dims> t;
    t.name = b.at("name").string();
    if (!names.insert(t.name).second) b.at("name").fail(errid::duplicate, "bin type \"" + t.name + "\" is listed twice");
    t.capacity[0] = b.at("cpu").integer(1, max_size);
    t.capacity[1] = b.at("memory").integer(1, max_size);
    if (auto p = b.find("pods")) t.capacity[2] = p->integer(0, max_size);
    if (auto g = b.find("gpus")) t.capacity[3] = g->integer(0, max_size);
    t.price_per_hour = b.at("price_per_hour").number(0, 1e9);
    if (auto e = b.find("extra_per_node")) t.extra_per_node = e->number(0, 1e9);
    r.problem.bin_types.push_back(std::move(t));
  }
}

void read_instance_types(const node& root, pack_request& r, const price_catalog& cat) {
  const node plat = root.at("platform");
  r.platform = plat.string();
  if (r.platform != "ecs" && r.platform != "eks")
    plat.fail(errid::bad_enum, "\"" + r.platform + "\" is not one of ecs, eks");
  packing::platform_setup setup;
  setup.platform = r.platform == "eks" ? platform::eks : platform::ecs;
  packing::eks_node_options& eks = setup.eks;
  packing::ecs_instance_options& ecs = setup.ecs;
  bool& auto_mode = setup.eks_auto_mode;
  if (auto e = root.find("eks")) {
    if (r.platform != "eks") e->fail(errid::unsupported, "eks options need \"platform\": \"eks\"");
    e->expect_object({"prefix_delegation", "max_pods", "daemonsets", "auto_mode"});
    if (auto p = e->find("prefix_delegation")) eks.cni.prefix_delegation = p->boolean();
    if (auto m = e->find("max_pods")) eks.max_pods_override = m->integer(1, 100000);
    if (auto d = e->find("daemonsets")) {
      d->expect_object({"cpu_millicores", "memory_mib", "pods"});
      if (auto x = d->find("cpu_millicores")) eks.daemonsets.cpu_millicores = x->integer(0, max_size);
      if (auto x = d->find("memory_mib")) eks.daemonsets.memory_mib = x->integer(0, max_size);
      if (auto x = d->find("pods")) eks.daemonsets.pods = x->integer(0, 100000);
    }
    if (auto a = e->find("auto_mode")) auto_mode = a->boolean();
  }
  if (auto e = root.find("ecs")) {
    if (r.platform != "ecs") e->fail(errid::unsupported, "ecs options need \"platform\": \"ecs\"");
    e->expect_object({"network_mode", "eni_trunking", "reserved_memory_mib"});
    if (auto m = e->find("network_mode")) ecs.network_mode = m->enumeration_among(packing::all_ecs_network_modes);
    if (auto t = e->find("eni_trunking")) ecs.eni_trunking = t->boolean();
    if (auto m = e->find("reserved_memory_mib")) ecs.reserved_memory_mib = m->integer(0, max_size);
  }
  r.cpu_unit = r.platform == "eks" ? "millicores" : "units";
  const node arr = root.at("instance_types");
  const std::size_t n = arr.array_size(false);
  arr.check_count(limit::instance_types, n, "instance types");
  std::set<std::string, std::less<>> names;
  for (std::size_t i = 0; i < n; ++i) {
    const node v = arr[i];
    const std::string& name = v.string();
    const instance_type* t = cat.ec2.find(name);
    if (t == nullptr) v.fail(errid::unknown_instance, "\"" + name + "\" is not in the catalog for " + cat.region);
    if (!names.insert(name).second) v.fail(errid::duplicate, "\"" + name + "\" is listed twice");
    packing::catalog_bin b = packing::bin_type_from_catalog(*t, setup, cat);
    if (!b.daemonsets_fit) v.fail(errid::out_of_range, "the DaemonSets do not fit on " + name);
    b.type.name = name;
    r.problem.bin_types.push_back(std::move(b.type));
  }
}

void read_items(const node& arr, pack_request& r) {
  const std::size_t n = arr.array_size(false);
  arr.check_count(limit::pack_shapes, n, "items entries");
  std::int64_t total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const node it = arr[i];
    it.expect_object({"name", "cpu", "memory", "pods", "gpus", "count"});
    res s{};
    const std::int64_t cpu = it.at("cpu").integer(0, max_size);
    s[0] = r.platform.empty() ? cpu
                              : packing::task_cpu(r.platform == "eks" ? platform::eks
                                                                      : platform::ecs,
                                                  cpu);  // EKS: ECS units → millicores, up
    s[1] = it.at("memory").integer(0, max_size);
    if (!r.platform.empty()) {
      s[2] = 1;  // a pod slot (EKS) or an ENI / task slot (ECS)
      if (it.has("pods")) it.at("pods").fail(errid::unsupported, "pods are counted by the platform (one per item)");
    } else if (auto p = it.find("pods")) {
      s[2] = p->integer(0, max_size);
    }
    if (auto g = it.find("gpus")) s[3] = g->integer(0, max_size);
    std::int64_t count = 1;
    if (auto c = it.find("count")) count = c->integer(0, max_items);
    total += count;
    if (total > max_items)
      it.fail(errid::out_of_range, "more than " + std::to_string(max_items) + " items in all");
    r.item_names.push_back(it.has("name") ? it.at("name").string() : std::string());
    r.problem.add(s, count);
  }
}

std::string item_label(const pack_request& r, std::uint32_t s) {
  return r.item_names[s].empty() ? "#" + std::to_string(s) : r.item_names[s];
}

}  // namespace

pack_request parse_pack_request(std::string_view json_text, std::string_view source,
                                const price_catalog& catalog, const input_limits& limits) {
  const detail::error_family errors = detail::with_limits(detail::input_errors, limits);
  const detail::json doc = detail::parse_json(json_text, source, errors);
  const node root(doc, "", errors);
  root.expect_object({"bin_types", "instance_types", "platform", "eks", "ecs", "items", "heuristic",
                      "type_choice", "fixed_type", "seed", "name", "description"});
  pack_request r;
  const bool explicit_types = root.has("bin_types");
  if (explicit_types == root.has("instance_types"))
    root.fail(errid::missing_field, "give exactly one of \"bin_types\" and \"instance_types\"");
  if (explicit_types) {
    if (root.has("platform")) root.at("platform").fail(errid::unsupported, "\"platform\" goes with \"instance_types\"");
    read_bin_types(root.at("bin_types"), r);
  } else {
    read_instance_types(root, r, catalog);
  }
  read_items(root.at("items"), r);
  if (auto h = root.find("heuristic")) r.heuristic = h->string();
  if (auto t = root.find("type_choice")) {
    const auto p = packing::parse_type_policy(t->string());
    if (!p) t->fail(errid::bad_enum, "\"" + t->string() + "\" is not one of fixed, cheapest, karpenter, least-waste, price");
    r.choice.policy = *p;
  }
  if (auto f = root.find("fixed_type")) {
    const std::string& name = f->string();
    const auto& types = r.problem.bin_types;
    const auto it = std::find_if(types.begin(), types.end(), [&](const auto& t) { return t.name == name; });
    if (it == types.end()) f->fail(errid::unknown_instance, "\"" + name + "\" is not one of the bin types");
    r.choice.policy = packing::type_policy::fixed;
    r.choice.fixed_type = std::uint32_t(it - types.begin());
  }
  if (auto s = root.find("seed")) r.seed = std::uint64_t(s->integer(0, INT64_MAX));
  return r;
}

std::string pack_reports_to_json(const pack_request& req, const std::vector<pack_report>& reports,
                                 bool as_array) {
  detail::json out = detail::json::array();
  const char* dim_names[] = {"cpu", "memory", req.platform == "ecs" ? "task_slots" : "pods", "gpus"};
  for (const auto& rep : reports) {
    const auto& r = rep.result;
    detail::json bins = detail::json::array();
    for (const auto& b : r.bins) {
      detail::json items = detail::json::array();
      for (auto [s, n] : b.items) items.push_back({{"item", item_label(req, s)}, {"count", n}});
      detail::json load = detail::json::object();
      for (std::size_t k = 0; k < platform_dims; ++k)
        if (req.problem.bin_types[b.type].capacity[k] > 0 || b.load[k] > 0) load[dim_names[k]] = b.load[k];
      bins.push_back({{"type", req.problem.bin_types[b.type].name}, {"load", load}, {"items", items}});
    }
    detail::json unplaced = detail::json::array();
    for (std::size_t s = 0; s < r.unplaced.size(); ++s)
      if (r.unplaced[s] > 0) unplaced.push_back({{"item", item_label(req, std::uint32_t(s))}, {"count", r.unplaced[s]}});
    detail::json o = {{"heuristic", r.heuristic},
                      {"status", std::string(packing::to_string(r.status))},
                      {"bins_used", r.bins_used()},
                      {"cost_per_hour", r.cost_per_hour},
                      {"lower_bound_bins", r.lower.bins},
                      {"lower_bound_cost_per_hour", r.lower.cost_per_hour},
                      {"gap_bins", r.lower.bins > 0 ? double(r.bins_used() - r.lower.bins) / double(r.lower.bins) : 0.0},
                      {"gap_cost", r.lower.cost_per_hour > 0 ? (r.cost_per_hour - r.lower.cost_per_hour) / r.lower.cost_per_hour : 0.0},
                      {"bins", bins},
                      {"unplaced", unplaced},
                      {"seconds", rep.seconds}};
    if (!req.cpu_unit.empty()) o["cpu_unit"] = req.cpu_unit;
    if (const auto& im = rep.improvement)
      o["improve"] = {{"bins_before", im->bins_before},       {"bins_after", im->bins_after},
                      {"cost_per_hour_before", im->cost_before}, {"cost_per_hour_after", im->cost_after},
                      {"seconds", im->seconds},               {"moves", im->iterations},
                      {"bins_emptied", im->successes},        {"bins_resized", im->resized},
                      {"reached_lower_bound", im->reached_bound}, {"stopped_by_budget", im->out_of_budget}};
    if (rep.exact) {
      const auto& e = *rep.exact;
      o["exact"] = {{"status", e.status},
                    {"optimal", e.status == "optimal"},
                    {"lower_bound_cost_per_hour", e.cost_bound},
                    {"lower_bound_bins", e.bins_bound},
                    {"lp_bound", e.lp_bound},
                    {"lp_converged", e.lp_converged},
                    {"gap_cost", e.gap},
                    {"time_limit_seconds", e.time_limit_seconds},
                    {"time_limit_reached", e.time_limit_reached},
                    {"columns", e.columns},
                    {"start", e.start}};
    }
    out.push_back(std::move(o));
  }
  if (!as_array && out.size() == 1) return out[0].dump(2) + "\n";
  return out.dump(2) + "\n";
}

std::string pack_reports_to_table(const pack_request& req, const std::vector<pack_report>& reports) {
  std::string s;
  char line[256];
  int width = 16;  // the heuristic column: wider for names like ffd_sum+improve
  for (const auto& rep : reports) width = std::max(width, int(std::min<std::size_t>(rep.result.heuristic.size(), 40)));
  std::snprintf(line, sizeof line, "%-*s %-15s %8s %12s %8s %12s %8s %9s %10s\n", width, "heuristic", "status",
                "bins", "cost $/h", "LB bins", "LB cost $/h", "gap %", "unplaced", "ms");
  s += line;
  s += std::string(std::size_t(88 + width), '-') + "\n";
  for (const auto& rep : reports) {
    const auto& r = rep.result;
    const double gap = r.lower.cost_per_hour > 0 ? (r.cost_per_hour / r.lower.cost_per_hour - 1) * 100 : 0;
    std::snprintf(line, sizeof line, "%-*s %-15s %8lld %12.6g %8lld %12.6g %8.2f %9lld %10.3f\n", width,
                  r.heuristic.c_str(), std::string(packing::to_string(r.status)).c_str(),
                  static_cast<long long>(r.bins_used()), r.cost_per_hour,
                  static_cast<long long>(r.lower.bins), r.lower.cost_per_hour, gap,
                  static_cast<long long>(r.unplaced_count()), rep.seconds * 1e3);
    s += line;
    if (const auto& im = rep.improvement) {
      std::snprintf(line, sizeof line,
                    "  improve: bins %lld -> %lld, cost %.6g -> %.6g $/h in %.3f s (%lld move%s; %s)\n",
                    static_cast<long long>(im->bins_before), static_cast<long long>(im->bins_after),
                    im->cost_before, im->cost_after, im->seconds, static_cast<long long>(im->iterations),
                    im->iterations == 1 ? "" : "s",
                    im->reached_bound   ? "bins at their lower bound"
                    : im->out_of_budget ? "stopped by the budget"
                                        : "no further move found");
      s += line;
    }
  }
  if (reports.size() == 1) {
    const auto& r = reports.front().result;
    s += "\nbins (type: item × count)\n";
    const std::size_t shown = std::min<std::size_t>(r.bins.size(), 50);
    for (std::size_t b = 0; b < shown; ++b) {
      s += "  " + std::to_string(b) + " " + req.problem.bin_types[r.bins[b].type].name + ":";
      for (auto [sh, n] : r.bins[b].items) s += " " + item_label(req, sh) + " × " + std::to_string(n);
      s += "\n";
    }
    if (shown < r.bins.size()) s += "  … " + std::to_string(r.bins.size() - shown) + " more (see --format json)\n";
    for (std::size_t sh = 0; sh < r.unplaced.size(); ++sh)
      if (r.unplaced[sh] > 0)
        s += "unplaced: " + item_label(req, std::uint32_t(sh)) + " × " + std::to_string(r.unplaced[sh]) +
             " (fits no bin type)\n";
  }
  for (const auto& rep : reports) {
    if (!rep.exact) continue;
    const auto& e = *rep.exact;
    char block[1024];
    std::snprintf(block, sizeof block,
                  "\nexact: %s — %s\n  lower bound: %lld bins, $%.6g/hour (column generation LP %.6g, %s)\n"
                  "  %.3f s of the %.6g s time limit%s; %lld bin fillings generated; started from %s\n",
                  e.status.c_str(),
                  e.status == "optimal"      ? "no cheaper packing exists"
                  : e.status == "time_limit" ? "stopped at the time limit; the cost may be above the optimum by up to the gap"
                                             : "finished, but the gap to the bound could not be closed",
                  static_cast<long long>(e.bins_bound), e.cost_bound, e.lp_bound,
                  e.lp_converged ? "solved to optimality" : "not converged: Farley's bound", rep.seconds,
                  e.time_limit_seconds, e.time_limit_reached ? " (reached)" : "",
                  static_cast<long long>(e.columns), e.start.c_str());
    s += block;
    if (e.status != "optimal") {
      std::snprintf(line, sizeof line, "  gap: %.2f%% above the lower bound at most\n", e.gap * 100);
      s += line;
    }
  }
  s += "gap % = cost over the fractional LP cost bound; ";
  s += req.cpu_unit.empty() ? "units as in the file.\n"
                            : "cpu in " + req.cpu_unit + ", memory in MiB.\n";
  return s;
}

}  // namespace fleetcast
