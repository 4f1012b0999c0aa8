#include "fleetcast/io/commit_json.hpp"

#include <cmath>
#include <cstdio>
#include <set>

#include "commitment_reader.hpp"
#include "json_reader.hpp"
#include "text_format.hpp"

namespace fleetcast {
namespace {

using detail::json;
using detail::node;

constexpr std::size_t max_lines_per_hour = 10'000;
constexpr std::size_t max_commitments = 1'000;
constexpr double max_rate = 1e6;
constexpr double max_quantity = 1e12;

std::string in_quotes(std::string_view s) { return "\"" + std::string(s) + "\""; }

const commitment_rate* find_offer(const instance_type& t, const std::string& offer) {
  for (const auto& c : t.commitments)
    if (c.offer == offer) return &c;
  return nullptr;
}

}  // namespace

namespace detail {
commitment read_commitment(const node& n, std::size_t index, std::set<std::string, std::less<>>& names,
                           const price_catalog& cat, std::string_view default_region) {
  n.expect_object({"name", "type", "hourly_commitment", "family", "region", "instance_type", "scope",
                   "availability_zone", "os", "tenancy", "count", "hourly_rate", "term", "payment"});
  commitment c;
  c.type = n.at("type").enumeration_among(all_commitment_types);
  c.name = n.has("name") ? n.at("name").string() : std::string(to_string(c.type)) + "-" + std::to_string(index);
  if (!names.insert(c.name).second) n.at("name").fail(errid::duplicate, in_quotes(c.name) + " is used twice");
  if (auto t = n.find("term")) {
    const std::string& v = t->string();
    if (v == "1y" || v == "1yr")
      c.term_years = 1;
    else if (v == "3y" || v == "3yr")
      c.term_years = 3;
    else
      t->fail(errid::bad_enum, in_quotes(v) + " is not one of 1y, 3y");
  }
  if (auto p = n.find("payment")) c.payment = p->enumeration_among(all_payment_options);
  c.region = n.has("region") ? n.at("region").string() : std::string(default_region);
  const bool ri = c.type == commitment_type::reserved_instance;
  auto refuse = [&](std::initializer_list<std::string_view> keys, const char* what) {
    for (auto k : keys)
      if (auto v = n.find(k)) v->fail(errid::unsupported, in_quotes(k) + " applies to " + what + " only");
  };
  if (!ri) {
    refuse({"instance_type", "scope", "availability_zone", "os", "tenancy", "count", "hourly_rate"},
           "Reserved Instances");
    c.hourly_commitment = n.at("hourly_commitment").number(0.001, max_rate);  // AWS's minimum is $0.001/h
    if (c.type == commitment_type::ec2_instance_sp) {
      c.family = n.at("family").string();
    } else if (auto f = n.find("family")) {
      f->fail(errid::unsupported, "a Compute Savings Plan covers every family; \"family\" is for ec2_instance_sp");
    }
    return c;
  }
  refuse({"hourly_commitment", "family"}, "Savings Plans");
  const node t = n.at("instance_type");
  c.instance_type = t.string();
  if (!normalization_factor(c.instance_type))
    t.fail(errid::out_of_range, in_quotes(c.instance_type) + " is not an instance type (family.size)");
  if (auto s = n.find("scope")) c.scope = s->enumeration_among(all_ri_scopes);
  if (auto z = n.find("availability_zone")) c.availability_zone = z->string();
  if (c.scope == ri_scope::zonal && c.availability_zone.empty())
    n.fail(errid::missing_field, "a zonal RI needs \"availability_zone\"");
  if (auto o = n.find("os")) c.os = o->enumeration<os_family>("linux, windows");
  if (auto te = n.find("tenancy")) c.tenancy = te->string();
  c.count = n.at("count").integer(1, 1'000'000);
  if (auto r = n.find("hourly_rate")) {
    c.hourly_rate = r->number(0, max_rate);
  } else {
    const instance_type* it = cat.ec2.find(c.instance_type);
    const commitment_rate* cr = it && c.region == cat.region ? find_offer(*it, catalog_offer(c)) : nullptr;
    if (!cr)
      n.fail(errid::missing_field, "the catalog has no " + catalog_offer(c) + " rate for " + c.instance_type + " in " +
                                       c.region + "; give \"hourly_rate\"");
    c.hourly_rate = cr->usd_per_hour;
  }
  return c;
}
}  // namespace detail

namespace {

usage_line read_usage(const node& n, std::set<std::string, std::less<>>& names, const price_catalog& cat,
                      const commitment* first_compute, const commitment* first_instance_sp) {
  n.expect_object({"name", "kind", "instance_type", "region", "availability_zone", "os", "tenancy", "spot",
                   "quantity", "on_demand_rate", "compute_sp_rate", "ec2_instance_sp_rate"});
  usage_line u;
  u.name = n.at("name").string();
  if (!names.insert(u.name).second) n.at("name").fail(errid::duplicate, in_quotes(u.name) + " is used twice in this hour");
  const std::string& kind = n.has("kind") ? n.at("kind").string() : std::string("ec2");
  if (kind == "ec2")
    u.kind = usage_kind::ec2;
  else if (kind == "fargate_vcpu")
    u.kind = usage_kind::fargate_vcpu;
  else if (kind == "fargate_memory")
    u.kind = usage_kind::fargate_memory;
  else if (kind == "lambda")
    u.kind = usage_kind::lambda;
  else
    n.at("kind").fail(errid::bad_enum, in_quotes(kind) + " is not one of ec2, fargate_vcpu, fargate_memory, lambda");
  if (auto r = n.find("region")) u.region = r->string();
  if (auto z = n.find("availability_zone")) u.availability_zone = z->string();
  if (auto o = n.find("os")) u.os = o->enumeration<os_family>("linux, windows");
  if (auto t = n.find("tenancy")) u.tenancy = t->string();
  if (auto s = n.find("spot")) u.spot = s->boolean();
  u.quantity = n.at("quantity").number(0, max_quantity);
  const bool ec2 = u.kind == usage_kind::ec2;
  const instance_type* it = nullptr;
  if (ec2) {
    const node t = n.at("instance_type");
    u.instance_type = t.string();
    if (!normalization_factor(u.instance_type))
      t.fail(errid::out_of_range, in_quotes(u.instance_type) + " is not an instance type (family.size)");
    it = cat.ec2.find(u.instance_type);
  } else if (auto t = n.find("instance_type")) {
    t->fail(errid::unsupported, "\"instance_type\" is for ec2 usage");
  }
  if (u.spot && !ec2) n.at("spot").fail(errid::unsupported, "only EC2 usage is Spot here (Fargate Spot: give its rate as on_demand_rate)");
  // The catalog holds us-east-1 style prices: Linux, shared tenancy, its own region.
  const bool catalog_applies = u.region == cat.region && u.os == os_family::linux_os && u.tenancy == "shared";
  auto need = [&](const char* key, const std::string& why) -> double {
    n.fail(errid::missing_field, std::string("give \"") + key + "\": " + why);
  };
  if (auto r = n.find("on_demand_rate")) {
    u.on_demand_rate = r->number(0, max_rate);
  } else if (ec2 && it && catalog_applies) {
    u.on_demand_rate = u.spot ? it->spot_usd_per_hour() : it->on_demand.effective_per_hour();
  } else if (!ec2 && u.kind != usage_kind::lambda && catalog_applies) {
    const fargate_rates& fr = cat.fargate.linux_x86_64;
    u.on_demand_rate = (u.kind == usage_kind::fargate_vcpu ? fr.vcpu : fr.memory_gb).effective_per_hour();
  } else {
    u.on_demand_rate = need("on_demand_rate", "the catalog (" + cat.region +
                                                  ", Linux, shared tenancy) has no price for this usage");
  }
  if (auto r = n.find("compute_sp_rate")) {
    u.compute_sp_rate = r->number(0, max_rate);
  } else if (first_compute && !u.spot) {
    const std::string offer = catalog_offer(*first_compute);
    const commitment_rate* cr = ec2 && it && catalog_applies ? find_offer(*it, offer) : nullptr;
    const auto fargate_discount = (u.kind == usage_kind::fargate_vcpu || u.kind == usage_kind::fargate_memory) &&
                                          catalog_applies && !n.has("on_demand_rate")
                                      ? cat.fargate.commitment_discount(offer)
                                      : std::nullopt;
    if (cr)
      u.compute_sp_rate = cr->usd_per_hour;
    else if (fargate_discount)
      u.compute_sp_rate = u.on_demand_rate * (1.0 - *fargate_discount);
    else
      u.compute_sp_rate = need("compute_sp_rate", "the catalog has no " + offer + " rate for it");
  }
  if (auto r = n.find("ec2_instance_sp_rate")) {
    if (!ec2) r->fail(errid::unsupported, "EC2 Instance Savings Plans cover EC2 usage only");
    u.ec2_instance_sp_rate = r->number(0, max_rate);
  } else if (first_instance_sp && ec2 && !u.spot && instance_family(u.instance_type) == first_instance_sp->family) {
    const commitment_rate* cr = it && catalog_applies ? find_offer(*it, catalog_offer(*first_instance_sp)) : nullptr;
    if (!cr)
      u.ec2_instance_sp_rate =
          need("ec2_instance_sp_rate", "the catalog has no " + catalog_offer(*first_instance_sp) + " rate for it");
    else
      u.ec2_instance_sp_rate = cr->usd_per_hour;
  }
  return u;
}

}  // namespace

commitment_ledger parse_commitment_ledger(std::string_view json_text, std::string_view source,
                                          const price_catalog& catalog, const input_limits& limits) {
  const detail::error_family errors = detail::with_limits(detail::input_errors, limits);
  const json doc = detail::parse_json(json_text, source, errors);
  const node root(doc, "", errors);
  root.expect_object({"name", "description", "hours", "commitments"});
  commitment_ledger l;
  std::set<std::string, std::less<>> names;
  if (auto cs = root.find("commitments")) {
    const std::size_t n = cs->array_size();
    if (n > max_commitments)
      cs->fail(errid::out_of_range, std::to_string(n) + " commitments exceed the limit of " + std::to_string(max_commitments));
    for (std::size_t i = 0; i < n; ++i)
      l.commitments.push_back(detail::read_commitment((*cs)[i], i, names, catalog, catalog.region));
  }
  const commitment *first_compute = nullptr, *first_instance = nullptr;
  for (const auto& c : l.commitments) {
    if (!first_compute && c.type == commitment_type::compute_sp) first_compute = &c;
    if (!first_instance && c.type == commitment_type::ec2_instance_sp) first_instance = &c;
  }
  const node hours = root.at("hours");
  const std::size_t nh = hours.array_size(false);
  hours.check_count(limit::ledger_hours, nh, "hours");
  for (std::size_t h = 0; h < nh; ++h) {
    const node hn = hours[h];
    hn.expect_object({"hour", "usage"});
    const std::int64_t label = hn.has("hour") ? hn.at("hour").integer(0, 1'000'000'000) : std::int64_t(h);
    if (!l.hour.empty() && label <= l.hour.back())
      hn.at("hour").fail(errid::out_of_range, std::to_string(label) + " does not come after hour " + std::to_string(l.hour.back()));
    const node un = hn.at("usage");
    const std::size_t nu = un.array_size();
    if (nu > max_lines_per_hour)
      un.fail(errid::out_of_range, std::to_string(nu) + " usage lines exceed the limit of " + std::to_string(max_lines_per_hour));
    std::set<std::string, std::less<>> line_names;
    std::vector<usage_line> lines;
    for (std::size_t i = 0; i < nu; ++i) lines.push_back(read_usage(un[i], line_names, catalog, first_compute, first_instance));
    l.hour.push_back(label);
    l.usage.push_back(std::move(lines));
  }
  return l;
}

std::vector<hour_application> apply_ledger(const commitment_ledger& l) {
  std::vector<hour_application> out;
  out.reserve(l.usage.size());
  for (const auto& u : l.usage) out.push_back(apply_commitments(u, l.commitments));
  return out;
}

namespace {

struct totals {
  double od = 0, covered = 0, charge = 0, unused = 0, on_demand = 0, total = 0;
  void add(const hour_application& h) {
    od += h.on_demand_equivalent;
    covered += h.covered_on_demand_equivalent;
    charge += h.commitment_charge;
    unused += h.unused_commitment;
    on_demand += h.on_demand_charge;
    total += h.total;
  }
  [[nodiscard]] json to_json() const {
    return {{"on_demand_equivalent", od}, {"covered_on_demand_equivalent", covered}, {"commitment_charge", charge},
            {"unused_commitment", unused}, {"on_demand_charge", on_demand},      {"total", total},
            {"savings", od - total},        {"coverage", od > 0 ? covered / od : 0.0}};
  }
};

}  // namespace

std::string commitment_report_to_json(const commitment_ledger& l, const std::vector<hour_application>& r) {
  json hours = json::array();
  totals all;
  std::vector<double> used(l.commitments.size(), 0.0);
  for (std::size_t h = 0; h < r.size(); ++h) {
    const hour_application& a = r[h];
    all.add(a);
    json lines = json::array();
    for (std::size_t i = 0; i < l.usage[h].size(); ++i) {
      json covered = json::array();
      for (const auto& c : a.covered)
        if (c.line == i)
          covered.push_back({{"commitment", l.commitments[c.commitment].name},
                             {"quantity", c.quantity},
                             {"on_demand_equivalent", c.on_demand_equivalent},
                             {"spend", c.spend}});
      lines.push_back({{"name", l.usage[h][i].name},
                       {"quantity", l.usage[h][i].quantity},
                       {"on_demand_quantity", a.uncovered[i]},
                       {"covered", std::move(covered)}});
    }
    for (std::size_t c = 0; c < used.size(); ++c) used[c] += a.used[c];
    totals one;
    one.add(a);
    json row = one.to_json();
    row["hour"] = l.hour[h];
    row["lines"] = std::move(lines);
    hours.push_back(std::move(row));
  }
  json commitments = json::array();
  const double n_hours = double(r.size());
  for (std::size_t c = 0; c < l.commitments.size(); ++c) {
    const commitment& x = l.commitments[c];
    const double charge = x.hourly_charge() * n_hours;
    commitments.push_back({{"name", x.name},
                           {"type", std::string(to_string(x.type))},
                           {"term", std::to_string(x.term_years) + "y"},
                           {"payment", std::string(to_string(x.payment))},
                           {"hourly_charge", x.hourly_charge()},
                           {"charge", charge},
                           {"used", used[c]},
                           {"unused", charge - used[c]},
                           {"utilisation", charge > 0 ? used[c] / charge : 0.0},
                           {"upfront_amortised", charge * x.upfront_share()}});
  }
  json out = {{"hours", std::move(hours)}, {"total", all.to_json()}, {"commitments", std::move(commitments)}};
  return out.dump(2) + "\n";
}

std::string commitment_report_to_table(const commitment_ledger& l, const std::vector<hour_application>& r) {
  std::string out;
  char buf[256];
  std::snprintf(buf, sizeof buf, "%-10s %14s %14s %14s %14s %14s %14s\n", "hour", "on-demand eq.", "covered eq.",
                "commitment", "unused", "on-demand", "total");
  out += buf;
  out += std::string(100, '-') + "\n";
  totals all;
  for (std::size_t h = 0; h < r.size(); ++h) {
    const hour_application& a = r[h];
    all.add(a);
    std::snprintf(buf, sizeof buf, "%-10lld %14.4f %14.4f %14.4f %14.4f %14.4f %14.4f\n", static_cast<long long>(l.hour[h]),
                  a.on_demand_equivalent, a.covered_on_demand_equivalent, a.commitment_charge, a.unused_commitment,
                  a.on_demand_charge, a.total);
    out += buf;
  }
  out += std::string(100, '-') + "\n";
  std::snprintf(buf, sizeof buf, "%-10s %14.4f %14.4f %14.4f %14.4f %14.4f %14.4f\n", "total", all.od, all.covered,
                all.charge, all.unused, all.on_demand, all.total);
  out += buf;
  std::snprintf(buf, sizeof buf, "\nsavings against on-demand: %.4f USD (%.2f %%); coverage %.2f %%\n\n", all.od - all.total,
                all.od > 0 ? 100.0 * (all.od - all.total) / all.od : 0.0, all.od > 0 ? 100.0 * all.covered / all.od : 0.0);
  out += buf;
  std::snprintf(buf, sizeof buf, "%-24s %-16s %12s %14s %14s %12s\n", "commitment", "type", "per hour", "used",
                "unused", "utilisation");
  out += buf;
  std::vector<double> used(l.commitments.size(), 0.0);
  for (const auto& a : r)
    for (std::size_t c = 0; c < used.size(); ++c) used[c] += a.used[c];
  for (std::size_t c = 0; c < l.commitments.size(); ++c) {
    const commitment& x = l.commitments[c];
    const double charge = x.hourly_charge() * double(r.size());
    std::snprintf(buf, sizeof buf, "%-24s %-16s %12.4f %14.4f %14.4f %11.1f%%\n", x.name.c_str(), std::string(to_string(x.type)).c_str(),
                  x.hourly_charge(), used[c], charge - used[c], charge > 0 ? 100.0 * used[c] / charge : 0.0);
    out += buf;
  }
  return out;
}

namespace {

json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

/// Months are 730 hours (AWS's calculators' basis); a scenario lasts the horizon's days × 24 h.
constexpr double hours_per_month = 730.0;

/// Multiplies a USD-per-scenario figure into USD per 730-hour month.
double per_month(const sim::scenario& s) { return hours_per_month / (s.horizon.days * 24.0); }

json level_json(const mc::level_result& l, const sim::scenario& s, const mc::sweep_config& c) {
  const mc::summary v = l.savings.summarise();
  const double f = per_month(s);
  const double months = 12.0 * c.term_years;
  const double term_total = l.level * hours_per_month * months;
  commitment plan;
  plan.payment = c.payment;
  return {{"hourly_commitment", l.level},
          {"savings",
           {{"mean", num(v.mean)},
            {"stddev", num(v.stddev)},
            {"ci95", {num(v.ci95_lo), num(v.ci95_hi)}},
            {"p5", num(mc::savings_p5(l))},
            {"p50", num(v.p50)},
            {"p95", num(v.p95)},
            {"min", num(v.min)},
            {"max", num(v.max)}}},
          {"per_month",
           {{"commitment_usd", l.level * hours_per_month},
            {"savings_mean_usd", num(v.mean * f)},
            {"savings_p5_usd", num(mc::savings_p5(l) * f)}}},
          {"over_term",
           {{"months", months},
            {"commitment_usd", term_total},
            {"upfront_usd", term_total * plan.upfront_share()},
            {"savings_mean_usd", num(v.mean * f * months)}}},
          {"utilisation", num(l.utilisation.moments().mean())},
          {"coverage", num(l.coverage.moments().mean())}};
}

std::string sweep_type(const mc::sweep_config& c) { return std::string(to_string(c.type)); }

}  // namespace

std::string sweep_to_json(const sim::scenario& s, const mc::sweep_result& r, bool timing) {
  json levels = json::array();
  for (const auto& l : r.levels) levels.push_back(level_json(l, s, r.config));
  json out = {{"scenario", s.name},
              {"option", s.options[r.config.option].name},
              {"type", sweep_type(r.config)},
              {"term", std::to_string(r.config.term_years) + "y"},
              {"payment", std::string(to_string(r.config.payment))},
              {"scenarios", r.scenarios},
              {"seed", r.config.seed},
              {"levels", std::move(levels)},
              {"hours_per_month", hours_per_month},
              {"best_mean", level_json(r.levels[r.best_mean], s, r.config)},
              {"best_p5", level_json(r.levels[r.best_p5], s, r.config)}};
  if (r.config.type == commitment_type::ec2_instance_sp) {
    out["family"] = r.config.family;
    out["family_source"] = r.family_from_fleet ? "the option's fleet" : "--family";
    if (r.family_from_fleet) out["family_share_of_on_demand_spend"] = r.family_share;
  }
  if (timing) out["timing"] = {{"wall_seconds", r.wall_seconds}, {"threads", r.config.threads}};
  return out.dump(2) + "\n";
}

std::string sweep_to_csv(const sim::scenario& s, const mc::sweep_result& r) {
  std::string out =
      "hourly_commitment,savings_mean,savings_p5,savings_p50,savings_p95,utilisation_mean,coverage_mean,"
      "commitment_usd_per_month,savings_mean_usd_per_month\n";
  const double f = per_month(s);
  for (const auto& l : r.levels) {
    const mc::summary v = l.savings.summarise();
    for (double x : {l.level, v.mean, mc::savings_p5(l), v.p50, v.p95, l.utilisation.moments().mean(),
                     l.coverage.moments().mean(), l.level * hours_per_month})
      out += detail::shortest_number(x) + ",";
    out += detail::shortest_number(v.mean * f) + "\n";
  }
  return out;
}

std::string sweep_to_table(const sim::scenario& s, const mc::sweep_result& r) {
  char buf[512];
  const double f = per_month(s);
  const std::string family = r.config.type == commitment_type::ec2_instance_sp
                                 ? " (family " + r.config.family +
                                       (r.family_from_fleet ? ", " + detail::shortest_number(std::round(1000.0 * r.family_share) / 10.0) +
                                                                  " % of the fleet's On-Demand spend)"
                                                            : ")")
                                 : "";
  std::string out = "option " + s.options[r.config.option].name + ": " + sweep_type(r.config) + family + " " +
                    std::to_string(r.config.term_years) + "y " + std::string(to_string(r.config.payment)) + ", " +
                    std::to_string(r.scenarios) + " trials of seed " + std::to_string(r.config.seed) +
                    "; net savings against no commitment, USD per trial (" + detail::shortest_number(s.horizon.days) +
                    " day(s)) and USD per month (730 h)\n\n";
  std::snprintf(buf, sizeof buf, "%12s %12s %11s %11s %11s %11s %13s %7s %8s\n", "commit $/h", "commit $/mo", "mean",
                "p5", "p50", "p95", "mean $/mo", "util %", "cover %");
  out += buf;
  out += std::string(104, '-') + "\n";
  for (std::size_t i = 0; i < r.levels.size(); ++i) {
    const auto& l = r.levels[i];
    const mc::summary v = l.savings.summarise();
    std::snprintf(buf, sizeof buf, "%12.6f %12.2f %11.4f %11.4f %11.4f %11.4f %13.2f %7.1f %8.1f%s%s\n", l.level,
                  l.level * hours_per_month, v.mean, mc::savings_p5(l), v.p50, v.p95, v.mean * f,
                  100.0 * l.utilisation.moments().mean(), 100.0 * l.coverage.moments().mean(),
                  i == r.best_mean ? "  <- best mean" : "", i == r.best_p5 ? "  <- best P5" : "");
    out += buf;
  }
  commitment plan;
  plan.payment = r.config.payment;
  const double months = 12.0 * r.config.term_years;
  const auto describe = [&](const char* what, const mc::level_result& l) {
    const double mean = l.savings.moments().mean() * f, p5 = mc::savings_p5(l) * f;
    const double total = l.level * hours_per_month * months;
    std::snprintf(buf, sizeof buf,
                  "\n%s: commit %.6f $/h = %.2f $/month; saves %.2f $/month on average (P5 %.2f $/month).\n"
                  "  Over the %d-year term: %.2f $ committed (%.2f $ of it upfront, %s), %.2f $ saved on average.\n",
                  what, l.level, l.level * hours_per_month, mean, p5, r.config.term_years, total,
                  total * plan.upfront_share(), std::string(to_string(r.config.payment)).c_str(), mean * months);
    out += buf;
  };
  describe("best expected savings", r.levels[r.best_mean]);
  describe("risk-averse (best P5)", r.levels[r.best_p5]);
  if (r.levels[r.best_mean].level == 0)
    out += std::string("  No commitment level saves money on average: the spend this plan covers is too small or too uneven") +
           (r.config.type == commitment_type::ec2_instance_sp && !r.family_from_fleet
                ? " (leave out --family to size the plan for the family the fleet runs).\n"
                : ".\n");
  return out;
}

}  // namespace fleetcast
