#include "fleetcast/io/quote_json.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <set>

#include "fleetcast/billing/validate.hpp"
#include "json_reader.hpp"
#include "text_format.hpp"

namespace fleetcast {
namespace {

using detail::node;

// The bounds live with the rules, in billing::validate; the reader refuses a value as it reads
// it, with the value's own place. Names are checked there (non-empty, short, unique).
using namespace billing::bounds;

std::string read_name(const node& e) { return e.at("name").string(); }

double read_run_seconds(const node& e) {
  const node n = e.at("run_seconds");
  const double s = n.number(0, max_run_seconds);
  if (!(s > 0)) n.fail(errid::out_of_range, node::num(s) + " must be above 0");
  return s;
}

fargate_fleet_entry read_fargate(const node& e) {
  e.expect_object({"name", "platform", "count", "cpu", "memory", "os", "arch",
                   "ephemeral_storage_gib", "spot", "run_seconds", "runs", "public_ipv4"});
  fargate_fleet_entry f;
  f.name = read_name(e);
  fargate_request& t = f.task;
  if (auto p = e.find("platform")) t.on = p->enumeration<platform>("ecs, eks");
  if (auto c = e.find("count")) f.count = c->integer(0, max_count);
  // ECS task definitions must state cpu and memory for Fargate; EKS pods may have none.
  if (t.on == platform::ecs) {
    t.cpu_units = static_cast<int>(e.at("cpu").integer(1, 1 << 20));
    t.memory_mib = static_cast<int>(e.at("memory").integer(1, 1 << 24));
  } else {
    if (auto c = e.find("cpu")) t.cpu_units = static_cast<int>(c->integer(0, 1 << 20));
    if (auto m = e.find("memory")) t.memory_mib = static_cast<int>(m->integer(0, 1 << 24));
  }
  if (auto o = e.find("os")) t.os = o->enumeration<os_family>("linux, windows");
  if (auto a = e.find("arch")) t.arch = a->enumeration<cpu_arch>("x86_64, arm64");
  if (auto s = e.find("ephemeral_storage_gib")) t.ephemeral_storage_gib = static_cast<int>(s->integer(0, 100000));
  if (auto s = e.find("spot")) t.spot = s->boolean();
  f.run_seconds = read_run_seconds(e);
  if (auto r = e.find("runs")) f.runs = r->integer(0, max_runs);
  if (auto p = e.find("public_ipv4")) f.public_ipv4 = p->boolean();
  return f;
}

ec2_fleet_entry read_ec2(const node& e) {
  e.expect_object({"name", "count", "instance_type", "purchase", "run_seconds", "runs",
                   "interrupted_by_ec2", "eks_auto_mode", "public_ipv4", "root_volume_gib"});
  ec2_fleet_entry x;
  x.name = read_name(e);
  if (auto c = e.find("count")) x.count = c->integer(0, max_count);
  x.instance_type = e.at("instance_type").string();
  if (auto p = e.find("purchase")) x.purchase = p->enumeration<purchase_option>("on_demand, spot");
  x.run_seconds = read_run_seconds(e);
  if (auto r = e.find("runs")) x.runs = r->integer(0, max_runs);
  if (auto i = e.find("interrupted_by_ec2")) {
    const bool by_ec2 = i->boolean();
    if (by_ec2 && x.purchase != purchase_option::spot)
      i->fail(errid::unsupported, "only Spot instances are interrupted by EC2 (purchase is on_demand)");
    x.ended_by = by_ec2 ? run_end::by_ec2_interruption : run_end::by_user;
  }
  if (auto a = e.find("eks_auto_mode")) x.eks_auto_mode = a->boolean();
  if (auto p = e.find("public_ipv4")) x.public_ipv4 = p->integer(0, max_ipv4_per_instance);
  if (auto v = e.find("root_volume_gib")) x.root_volume_gib = v->integer(0, max_root_volume_gib);
  return x;
}

/// The keys every entry billed by the hour has, in the order they are read: `name`, `count`
/// (default the entry's), `hours`.
template <class Entry>
void read_hourly(const node& e, Entry& x) {
  x.name = read_name(e);
  if (auto c = e.find("count")) x.count = c->integer(0, max_count);
  x.hours = e.at("hours").number(0, max_hours);
}

eks_cluster_entry read_eks(const node& e) {
  e.expect_object({"name", "count", "hours", "support"});
  eks_cluster_entry k;
  read_hourly(e, k);
  if (auto s = e.find("support")) k.support = s->enumeration<support_tier>("standard, extended");
  return k;
}

public_ipv4_entry read_ipv4(const node& e) {
  e.expect_object({"name", "count", "hours"});
  public_ipv4_entry x;
  read_hourly(e, x);
  return x;
}

nat_gateway_entry read_nat(const node& e) {
  e.expect_object({"name", "count", "hours", "processed_gib"});
  nat_gateway_entry x;
  read_hourly(e, x);
  if (auto g = e.find("processed_gib")) x.processed_gib = g->number(0, max_processed_gib);
  return x;
}

load_balancer_entry read_alb(const node& e) {
  e.expect_object({"name", "count", "hours", "lcus"});
  load_balancer_entry x;
  read_hourly(e, x);
  if (auto l = e.find("lcus")) x.lcus = l->number(0, max_lcus);
  return x;
}

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}
std::string cents(std::int64_t c) {
  char buf[40];
  const std::int64_t a = c < 0 ? -c : c;
  std::snprintf(buf, sizeof buf, "%s%lld.%02lld", c < 0 ? "-" : "", static_cast<long long>(a / 100),
                static_cast<long long>(a % 100));
  return buf;
}
std::string short_num(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

// Display width of UTF-8 text (counts code points; "×" and "–" are one column each).
std::size_t width(const std::string& s) {
  std::size_t w = 0;
  for (unsigned char c : s) w += (c & 0xC0) != 0x80;
  return w;
}

}  // namespace

fleet parse_fleet(std::string_view json_text, std::string_view source, const input_limits& limits) {
  const detail::error_family errors = detail::with_limits(detail::input_errors, limits);
  const detail::json doc = detail::parse_json(json_text, source, errors);
  const node root(doc, "", errors);
  root.expect_object({"region", "fargate", "ec2", "eks_clusters", "public_ipv4_addresses", "nat_gateways",
                      "load_balancers", "name", "description"});
  fleet f;
  if (auto r = root.find("region")) f.region = r->string();
  std::uint64_t lines = 0;
  for (const char* k : {"fargate", "ec2", "eks_clusters", "public_ipv4_addresses", "nat_gateways", "load_balancers"})
    if (auto a = root.find(k)) lines += a->array_size();
  root.check_count(limit::fleet_lines, lines, "fleet entries");
  if (auto a = root.find("fargate"))
    for (std::size_t i = 0, n = a->array_size(); i < n; ++i) f.fargate.push_back(read_fargate((*a)[i]));
  if (auto a = root.find("ec2"))
    for (std::size_t i = 0, n = a->array_size(); i < n; ++i) f.ec2.push_back(read_ec2((*a)[i]));
  if (auto a = root.find("eks_clusters"))
    for (std::size_t i = 0, n = a->array_size(); i < n; ++i) f.eks_clusters.push_back(read_eks((*a)[i]));
  if (auto a = root.find("public_ipv4_addresses"))
    for (std::size_t i = 0, n = a->array_size(); i < n; ++i) f.public_ipv4_addresses.push_back(read_ipv4((*a)[i]));
  if (auto a = root.find("nat_gateways"))
    for (std::size_t i = 0, n = a->array_size(); i < n; ++i) f.nat_gateways.push_back(read_nat((*a)[i]));
  if (auto a = root.find("load_balancers"))
    for (std::size_t i = 0, n = a->array_size(); i < n; ++i) f.load_balancers.push_back(read_alb((*a)[i]));
  if (f.fargate.empty() && f.ec2.empty() && f.eks_clusters.empty() && f.public_ipv4_addresses.empty() &&
      f.nat_gateways.empty() && f.load_balancers.empty())
    root.fail(errid::missing_field,
              "nothing to price: give at least one of fargate, ec2, eks_clusters, public_ipv4_addresses, "
              "nat_gateways, load_balancers");
  return f;
}

std::string invoice_to_json(const invoice& inv) {
  detail::json lines = detail::json::array();
  for (const auto& l : inv.lines) {
    lines.push_back({{"name", l.name},
                     {"item", l.item},
                     {"quantity", l.quantity},
                     {"unit", l.unit},
                     {"unit_price_usd", l.unit_price_usd},
                     {"cost_usd", l.cost_usd},
                     {"invoice_usd", l.invoice_usd()},
                     {"detail", l.detail}});
  }
  detail::json out = {{"total_usd", inv.total_usd()},
                      {"invoice_total_usd", inv.invoice_total_usd()},
                      {"lines", std::move(lines)}};
  return out.dump(2) + "\n";
}

std::string invoice_to_csv(const invoice& inv) {
  std::string s = "name,item,quantity,unit,unit_price_usd,cost_usd,invoice_usd,detail\n";
  for (const auto& l : inv.lines) {
    s += detail::csv_field(l.name) + ',' + detail::csv_field(l.item) + ',' + detail::shortest_number(l.quantity) + ',' +
         detail::csv_field(l.unit) + ',' + detail::shortest_number(l.unit_price_usd) + ',' + detail::shortest_number(l.cost_usd) + ',' +
         cents(l.invoice_cents()) + ',' + detail::csv_field(l.detail) + '\n';
  }
  s += "TOTAL,,,,," + detail::shortest_number(inv.total_usd()) + ',' + cents(inv.invoice_total_cents()) + ",\n";
  return s;
}

std::string invoice_to_table(const invoice& inv) {
  std::vector<std::array<std::string, 7>> rows;
  rows.push_back({"name", "item", "quantity", "unit", "unit price $", "cost $", "invoice $"});
  for (const auto& l : inv.lines)
    rows.push_back({l.name, l.item, short_num(l.quantity), l.unit, short_num(l.unit_price_usd),
                    fixed(l.cost_usd, 6), cents(l.invoice_cents())});
  rows.push_back({"total", "", "", "", "", fixed(inv.total_usd(), 6), cents(inv.invoice_total_cents())});
  std::array<std::size_t, 7> w{};
  for (const auto& r : rows)
    for (std::size_t c = 0; c < 7; ++c) w[c] = std::max(w[c], width(r[c]));
  std::string s;
  auto emit = [&](const std::array<std::string, 7>& r) {
    for (std::size_t c = 0; c < 7; ++c) {
      const bool right = c == 2 || c >= 4;
      const std::string pad(w[c] - width(r[c]), ' ');
      if (c) s += "  ";
      s += right ? pad + r[c] : (c == 6 ? r[c] : r[c] + pad);
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    s += '\n';
  };
  emit(rows.front());
  std::size_t total_w = 0;
  for (auto x : w) total_w += x;
  s += std::string(total_w + 12, '-') + '\n';
  for (std::size_t i = 1; i + 1 < rows.size(); ++i) emit(rows[i]);
  s += std::string(total_w + 12, '-') + '\n';
  emit(rows.back());
  s += "invoice $ rounds each line to cents and sums the rounded lines, as AWS invoices do;\n"
       "cost $ is exact. Per-line details: --format json.\n";
  return s;
}

}  // namespace fleetcast
