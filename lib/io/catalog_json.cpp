#include "fleetcast/io/catalog_json.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "fleetcast/io/files.hpp"
#include "json_reader.hpp"

namespace fleetcast {
namespace {

using detail::node;
constexpr double max_price = 1e6;  // $/hour; any real instance costs far less

void check_source(const node& n, const std::set<std::string, std::less<>>& ids) {
  const auto& s = n.string();
  if (ids.count(s) == 0)
    n.fail(errid::catalog_unknown, "source \"" + s + "\" is not listed in /sources");
}

rate read_rate(const node& n, const std::set<std::string, std::less<>>& ids) {
  n.expect_object({"usd_per_second", "usd_per_hour", "source", "note"});
  rate r;
  if (auto s = n.find("usd_per_second")) r.usd_per_second = s->number(0, max_price / 3600);
  if (auto h = n.find("usd_per_hour")) r.usd_per_hour = h->number(0, max_price);
  if (!r.has_per_second() && !r.has_per_hour())
    n.fail(errid::catalog_missing, "a rate needs usd_per_second or usd_per_hour");
  if (r.has_per_second() && r.has_per_hour()) {
    // Both published: they must agree to 0.5% (AWS's per-second figures are rounded).
    const double h = r.usd_per_second * seconds_per_hour;
    if (std::abs(h - r.usd_per_hour) > 0.005 * std::max(h, r.usd_per_hour))
      n.fail(errid::catalog_inconsistent,
             "usd_per_second × 3600 = " + node::num(h) + " disagrees with usd_per_hour " +
                 node::num(r.usd_per_hour) + " by more than 0.5%");
  }
  const node src = n.at("source");
  check_source(src, ids);
  r.source = src.string();
  return r;
}

fargate_rates read_fargate_rates(const node& n, const std::set<std::string, std::less<>>& ids,
                                 bool licence) {
  if (licence) {
    n.expect_object({"vcpu", "memory_gb", "os_licence_vcpu"});
  } else {
    n.expect_object({"vcpu", "memory_gb"});
  }
  fargate_rates r;
  r.vcpu = read_rate(n.at("vcpu"), ids);
  r.memory_gb = read_rate(n.at("memory_gb"), ids);
  if (licence) r.os_licence_vcpu = read_rate(n.at("os_licence_vcpu"), ids);
  return r;
}

void read_sizes(const node& n, fargate_prices& fp, const std::set<std::string, std::less<>>& ids) {
  const std::size_t rows = n.array_size(false);
  for (std::size_t i = 0; i < rows; ++i) {
    const node row = n[i];
    row.expect_object({"cpu", "memory", "os", "eks", "source"});
    fargate_size_row r;
    r.cpu_units = static_cast<int>(row.at("cpu").integer(1, 1 << 20));
    const node mem = row.at("memory");
    if (mem.value().is_array()) {
      const std::size_t m = mem.array_size(false);
      for (std::size_t j = 0; j < m; ++j)
        r.memory_mib.push_back(static_cast<int>(mem[j].integer(1, 1 << 24)));
    } else {
      mem.expect_object({"from", "to", "step"});
      const auto from = mem.at("from").integer(1, 1 << 24);
      const auto to = mem.at("to").integer(from, 1 << 24);
      const auto step = mem.at("step").integer(1, 1 << 24);
      for (auto v = from; v <= to; v += step) r.memory_mib.push_back(static_cast<int>(v));
    }
    if (!std::is_sorted(r.memory_mib.begin(), r.memory_mib.end()) ||
        std::adjacent_find(r.memory_mib.begin(), r.memory_mib.end()) != r.memory_mib.end())
      mem.fail(errid::catalog_inconsistent, "memory sizes must be strictly ascending");
    const node os = row.at("os");
    r.linux_ok = r.windows_ok = false;
    for (std::size_t j = 0, k = os.array_size(false); j < k; ++j) {
      const auto v = os[j].enumeration<os_family>("linux, windows");
      (v == os_family::linux_os ? r.linux_ok : r.windows_ok) = true;
    }
    if (auto e = row.find("eks")) r.eks_ok = e->boolean();
    if (auto s = row.find("source")) check_source(*s, ids);
    if (!fp.sizes.empty() && fp.sizes.back().cpu_units >= r.cpu_units)
      row.at("cpu").fail(errid::catalog_inconsistent, "rows must be in ascending cpu order");
    fp.sizes.push_back(std::move(r));
  }
}

/// `{"source": id, offer: fraction off on-demand, …}`.
void read_discounts(const node& cd, const std::set<std::string, std::less<>>& ids,
                    std::vector<std::pair<std::string, double>>& discounts, std::string& source) {
  if (!cd.value().is_object()) cd.fail(errid::catalog_type, "expected an object");
  for (const auto& [k, v] : cd.value().items()) {
    if (k == "source") {
      check_source(cd.at("source"), ids);
      source = v.get<std::string>();
      continue;
    }
    discounts.emplace_back(k, cd.at(k).number(0, 0.99));
  }
  if (!discounts.empty() && source.empty()) cd.fail(errid::catalog_missing, "missing required field \"source\"");
}

void read_fargate(const node& n, price_catalog& c, const std::set<std::string, std::less<>>& ids) {
  n.expect_object({"rates", "spot_rates", "ephemeral_storage_gb", "free_storage_gib",
                   "max_storage_gib", "min_billed_seconds", "eks_pod_overhead_mib",
                   "eks_default_size", "sizes_source", "sizes", "commitment_discounts"});
  fargate_prices& fp = c.fargate;
  const node rates = n.at("rates");
  rates.expect_object({"linux_x86_64", "linux_arm64", "windows_x86_64"});
  fp.linux_x86_64 = read_fargate_rates(rates.at("linux_x86_64"), ids, false);
  fp.linux_arm64 = read_fargate_rates(rates.at("linux_arm64"), ids, false);
  fp.windows_x86_64 = read_fargate_rates(rates.at("windows_x86_64"), ids, true);
  const node spot = n.at("spot_rates");
  spot.expect_object({"linux_x86_64", "linux_arm64"});
  fp.spot_linux_x86_64 = read_fargate_rates(spot.at("linux_x86_64"), ids, false);
  fp.spot_linux_arm64 = read_fargate_rates(spot.at("linux_arm64"), ids, false);
  fp.ephemeral_storage_gb = read_rate(n.at("ephemeral_storage_gb"), ids);
  fp.free_storage_gib = static_cast<int>(n.at("free_storage_gib").integer(0, 100000));
  const node maxs = n.at("max_storage_gib");
  maxs.expect_object({"ecs", "eks"});
  fp.max_storage_gib_ecs = static_cast<int>(maxs.at("ecs").integer(fp.free_storage_gib, 100000));
  fp.max_storage_gib_eks = static_cast<int>(maxs.at("eks").integer(fp.free_storage_gib, 100000));
  const node mins = n.at("min_billed_seconds");
  mins.expect_object({"linux", "windows"});
  fp.min_billed_seconds_linux = static_cast<int>(mins.at("linux").integer(0, 86400));
  fp.min_billed_seconds_windows = static_cast<int>(mins.at("windows").integer(0, 86400));
  fp.eks_pod_overhead_mib = static_cast<int>(n.at("eks_pod_overhead_mib").integer(0, 1 << 20));
  const node def = n.at("eks_default_size");
  def.expect_object({"cpu", "memory"});
  fp.eks_default_cpu_units = static_cast<int>(def.at("cpu").integer(1, 1 << 20));
  fp.eks_default_memory_mib = static_cast<int>(def.at("memory").integer(1, 1 << 24));
  check_source(n.at("sizes_source"), ids);
  read_sizes(n.at("sizes"), fp, ids);
  if (auto cd = n.find("commitment_discounts")) read_discounts(*cd, ids, fp.commitment_discounts, fp.commitment_source);
  // Spot must be cheaper than on-demand, or the catalog has a typo.
  if (!(fp.spot_linux_x86_64.vcpu.effective_per_hour() < fp.linux_x86_64.vcpu.effective_per_hour()))
    n.at("spot_rates").fail(errid::catalog_inconsistent,
                            "Fargate Spot vCPU rate is not below the on-demand rate");
}

void read_ec2(const node& n, price_catalog& c, const std::set<std::string, std::less<>>& ids) {
  n.expect_object({"min_billed_seconds", "min_billed_seconds_source",
                   "spot_free_if_interrupted_within_seconds", "spot_billing_source",
                   "network_source", "spot_default", "commitment_discounts", "instance_types"});
  ec2_prices& e = c.ec2;
  e.min_billed_seconds = static_cast<int>(n.at("min_billed_seconds").integer(0, 86400));
  check_source(n.at("min_billed_seconds_source"), ids);
  e.spot_free_if_interrupted_within_seconds =
      static_cast<int>(n.at("spot_free_if_interrupted_within_seconds").integer(0, 86400));
  check_source(n.at("spot_billing_source"), ids);
  check_source(n.at("network_source"), ids);

  const node sd = n.at("spot_default");
  sd.expect_object({"discount", "interruption_bucket", "source"});
  spot_assumption spot_default;
  spot_default.discount = sd.at("discount").number(0, 0.99);
  spot_default.interruption_bucket = sd.at("interruption_bucket").string();
  check_source(sd.at("source"), ids);
  spot_default.source = sd.at("source").string();

  // Commitment discounts: fractions off on-demand, expanded into per-type hourly rates.
  std::vector<std::pair<std::string, double>> discounts;
  std::string discount_source;
  if (auto cd = n.find("commitment_discounts")) read_discounts(*cd, ids, discounts, discount_source);

  const node types = n.at("instance_types");
  const std::size_t count = types.array_size(false);
  types.check_count(limit::instance_types, count, "instance types");
  std::set<std::string, std::less<>> seen;
  for (std::size_t i = 0; i < count; ++i) {
    const node t = types[i];
    t.expect_object({"name", "vcpu", "memory_gib", "arch", "max_enis", "ipv4_per_eni",
                     "eks_max_pods", "gpus", "gpu_name", "on_demand", "spot", "commitments"});
    instance_type it;
    const node name = t.at("name");
    it.name = name.string();
    const auto dot = it.name.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == it.name.size())
      name.fail(errid::catalog_value, "\"" + it.name + "\" is not of the form family.size");
    if (!seen.insert(it.name).second)
      name.fail(errid::catalog_duplicate, "instance type \"" + it.name + "\" is listed twice");
    it.family = it.name.substr(0, dot);
    it.size = it.name.substr(dot + 1);
    it.vcpu = static_cast<int>(t.at("vcpu").integer(1, 4096));
    it.memory_mib = static_cast<int>(t.at("memory_gib").number(0.25, 65536) * mib_per_gib);
    it.arch = t.at("arch").enumeration<cpu_arch>("x86_64, arm64");
    it.max_enis = static_cast<int>(t.at("max_enis").integer(1, 1024));
    it.ipv4_per_eni = static_cast<int>(t.at("ipv4_per_eni").integer(1, 1024));
    const node mp = t.at("eks_max_pods");
    it.eks_max_pods = static_cast<int>(mp.integer(1, 100000));
    if (it.eks_max_pods != it.max_enis * (it.ipv4_per_eni - 1) + 2)
      mp.fail(errid::catalog_inconsistent,
              std::to_string(it.eks_max_pods) + " disagrees with the VPC CNI formula ENIs × (IPv4 per ENI − 1) + 2 = " +
                  std::to_string(it.max_enis * (it.ipv4_per_eni - 1) + 2));
    // GPUs: a count and the model name, both or neither (a GPU type's name is what an analyst
    // reads in reports; a name without a count would be a GPU type that packs no GPU pod).
    if (auto g = t.find("gpus")) {
      it.gpus = static_cast<int>(g->integer(1, 64));
      it.gpu_name = t.at("gpu_name").string();
      if (it.gpu_name.empty()) t.at("gpu_name").fail(errid::catalog_value, "a GPU type needs its GPU model name");
    } else if (auto gn = t.find("gpu_name")) {
      gn->fail(errid::catalog_inconsistent, "gpu_name without gpus (the GPU count)");
    }
    it.on_demand = read_rate(t.at("on_demand"), ids);
    if (!(it.on_demand.effective_per_hour() > 0))
      t.at("on_demand").fail(errid::catalog_value, "an on-demand price must be above 0");
    it.spot = spot_default;
    if (auto s = t.find("spot")) {
      s->expect_object({"discount", "interruption_bucket", "source"});
      if (auto d = s->find("discount")) it.spot.discount = d->number(0, 0.99);
      if (auto b = s->find("interruption_bucket")) it.spot.interruption_bucket = b->string();
      check_source(s->at("source"), ids);
      it.spot.source = s->at("source").string();
    }
    for (const auto& [offer, d] : discounts)
      it.commitments.push_back({offer, it.on_demand.effective_per_hour() * (1.0 - d), discount_source});
    if (auto cm = t.find("commitments")) {
      if (!cm->value().is_object()) cm->fail(errid::catalog_type, "expected an object");
      for (const auto& item : cm->value().items()) {
        const std::string offer = item.key();  // a plain name: clang 14 cannot capture bindings
        const rate r = read_rate(cm->at(offer), ids);
        auto pos = std::find_if(it.commitments.begin(), it.commitments.end(),
                                [&](const commitment_rate& x) { return x.offer == offer; });
        commitment_rate cr{offer, r.effective_per_hour(), r.source};
        if (pos == it.commitments.end()) {
          it.commitments.push_back(cr);
        } else {
          *pos = cr;
        }
      }
    }
    e.types.push_back(std::move(it));
  }
  std::sort(e.types.begin(), e.types.end(),
            [](const instance_type& a, const instance_type& b) { return a.name < b.name; });
}

void read_eks(const node& n, price_catalog& c, const std::set<std::string, std::less<>>& ids) {
  n.expect_object({"control_plane_per_cluster_hour", "auto_mode_fee_fraction", "auto_mode_source"});
  const node cp = n.at("control_plane_per_cluster_hour");
  cp.expect_object({"standard", "extended"});
  c.eks.control_plane_standard = read_rate(cp.at("standard"), ids);
  c.eks.control_plane_extended = read_rate(cp.at("extended"), ids);
  c.eks.auto_mode_fee_fraction = n.at("auto_mode_fee_fraction").number(0, 10);
  check_source(n.at("auto_mode_source"), ids);
  c.eks.auto_mode_source = n.at("auto_mode_source").string();
}

/// `{"<unit_key>": x, "source": id}`: a price per GB, per GB-month, ….
unit_rate read_unit_rate(const node& n, const char* unit_key, const std::set<std::string, std::less<>>& ids) {
  n.expect_object({unit_key, "source", "note"});
  unit_rate r;
  r.usd = n.at(unit_key).number(0, max_price);
  const node src = n.at("source");
  check_source(src, ids);
  r.source = src.string();
  return r;
}

void read_vpc(const node& n, price_catalog& c, const std::set<std::string, std::less<>>& ids) {
  n.expect_object({"public_ipv4_per_address", "public_ipv4_min_billed_seconds", "nat_gateway",
                   "nat_gateway_data", "interface_endpoint", "interface_endpoint_data"});
  c.vpc.public_ipv4 = read_rate(n.at("public_ipv4_per_address"), ids);
  c.vpc.public_ipv4_min_billed_seconds = static_cast<int>(n.at("public_ipv4_min_billed_seconds").integer(0, 86400));
  c.vpc.nat_gateway = read_rate(n.at("nat_gateway"), ids);
  c.vpc.nat_gateway_gb = read_unit_rate(n.at("nat_gateway_data"), "usd_per_gb", ids);
  c.vpc.interface_endpoint = read_rate(n.at("interface_endpoint"), ids);
  c.vpc.interface_endpoint_gb = read_unit_rate(n.at("interface_endpoint_data"), "usd_per_gb", ids);
}

void read_ebs(const node& n, price_catalog& c, const std::set<std::string, std::less<>>& ids) {
  n.expect_object({"gp3_storage", "hours_per_month", "hours_per_month_source"});
  c.ebs.gp3_gb_month = read_unit_rate(n.at("gp3_storage"), "usd_per_gb_month", ids);
  c.ebs.hours_per_month = n.at("hours_per_month").number(672, 744);  // 28 to 31 days
  check_source(n.at("hours_per_month_source"), ids);
}

void read_elb(const node& n, price_catalog& c, const std::set<std::string, std::less<>>& ids) {
  n.expect_object({"alb", "alb_lcu"});
  c.elb.alb = read_rate(n.at("alb"), ids);
  c.elb.alb_lcu = read_rate(n.at("alb_lcu"), ids);
}

}  // namespace

price_catalog parse_catalog(std::string_view json_text, std::string_view source, const input_limits& limits) {
  const detail::error_family errors = detail::with_limits(detail::catalog_errors, limits);
  const detail::json doc = detail::parse_json(json_text, source, errors);
  const node root(doc, "", errors);
  root.expect_object({"schema_version", "region", "currency", "as_of", "sources", "fargate", "ec2", "eks", "vpc",
                      "ebs", "elb"});
  const auto version = root.at("schema_version").integer(1, 1000);
  if (version != 1)
    root.at("schema_version").fail(errid::catalog_value,
                                   std::to_string(version) + " is not supported (this fleetcast reads version 1)");
  price_catalog c;
  c.region = root.at("region").string();
  c.currency = root.at("currency").string();
  if (c.currency != "USD")
    root.at("currency").fail(errid::catalog_value, "\"" + c.currency + "\" is not supported; use USD");
  c.as_of = root.at("as_of").string();

  std::set<std::string, std::less<>> ids;
  const node sources = root.at("sources");
  for (std::size_t i = 0, k = sources.array_size(false); i < k; ++i) {
    const node s = sources[i];
    s.expect_object({"id", "title", "url", "date", "confidence"});
    price_source ps{s.at("id").string(), s.at("title").string(), s.at("url").string(),
                    s.at("date").string(), s.at("confidence").string()};
    if (ps.confidence != "confirmed" && ps.confidence != "secondary" && ps.confidence != "estimate")
      s.at("confidence").fail(errid::catalog_value,
                              "\"" + ps.confidence + "\" is not one of confirmed, secondary, estimate");
    if (!ids.insert(ps.id).second)
      s.at("id").fail(errid::catalog_duplicate, "source \"" + ps.id + "\" is listed twice");
    c.sources.push_back(std::move(ps));
  }
  read_fargate(root.at("fargate"), c, ids);
  read_ec2(root.at("ec2"), c, ids);
  read_eks(root.at("eks"), c, ids);
  // Network and storage rates are optional: a catalog without them prices compute only, and
  // the validators refuse a scenario or quote that needs them.
  if (auto v = root.find("vpc")) read_vpc(*v, c, ids);
  if (auto e = root.find("ebs")) read_ebs(*e, c, ids);
  if (auto l = root.find("elb")) read_elb(*l, c, ids);
  // SKU ids recorded by `pricing import` (a "$" key: optional, and only strings are taken).
  if (root.value().contains("$price_list") && root.value()["$price_list"].is_object()) {
    const auto& pl = root.value()["$price_list"];
    if (pl.contains("skus") && pl["skus"].is_object())
      for (const auto& [k, v] : pl["skus"].items())
        if (v.is_string()) c.skus.emplace_back(k, v.get<std::string>());
  }
  return c;
}

price_catalog load_catalog(const std::string& path, const input_limits& limits) {
  const std::string text = read_text_file(path, limits);
  try {
    return parse_catalog(text, path, limits);
  } catch (const pricing_error& e) {
    // Syntax errors and limits found while parsing are already at path:line:column.
    if (e.code().number == errid::catalog_malformed.number || e.place().rfind(path + ":", 0) == 0)
      throw;
    throw pricing_error(e.code(), path + ":" + e.place(), e.message());  // file and pointer
  }
}

}  // namespace fleetcast
