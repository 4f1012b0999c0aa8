#include "fleetcast/io/focus.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>

#include "fleetcast/billing/commitments.hpp"
#include "fleetcast/billing/ec2.hpp"
#include "fleetcast/billing/eks.hpp"
#include "fleetcast/version.hpp"
#include "json_reader.hpp"
#include "text_format.hpp"

namespace fleetcast {
namespace {

using detail::json;

// ---- dates: days since 1970-01-01 ↔ civil (H. Hinnant's algorithms) ----
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = unsigned(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + std::int64_t(doe) - 719468;
}
void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = unsigned(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = std::int64_t(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}
std::string iso(std::int64_t unix_s) {
  const std::int64_t days = unix_s >= 0 ? unix_s / 86400 : -((-unix_s + 86399) / 86400);
  const std::int64_t rem = unix_s - days * 86400;
  std::int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ", static_cast<long long>(y), m, d,
                static_cast<long long>(rem / 3600), static_cast<long long>(rem / 60 % 60), static_cast<long long>(rem % 60));
  return buf;
}
/// Parses "YYYY-MM-DDTHH:MM:SSZ" (the only form accepted).
std::int64_t parse_iso(const std::string& s) {
  int y, mo, d, h, mi, se;
  char z;
  if (s.size() != 20 || std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &se, &z) != 7 || z != 'Z' ||
      mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59)
    throw input_error(errid::out_of_range, "--focus-start", "\"" + s + "\" is not a UTC time like 2026-01-05T00:00:00Z");
  return days_from_civil(y, unsigned(mo), unsigned(d)) * 86400 + h * 3600 + mi * 60 + se;
}
/// The month [start, end) around a time, as Unix seconds.
std::pair<std::int64_t, std::int64_t> month_of(std::int64_t unix_s) {
  std::int64_t y;
  unsigned m, d;
  civil_from_days(unix_s / 86400, y, m, d);
  const std::int64_t a = days_from_civil(y, m, 1) * 86400;
  const std::int64_t b = m == 12 ? days_from_civil(y + 1, 1, 1) * 86400 : days_from_civil(y, m + 1, 1) * 86400;
  return {a, b};
}

const std::vector<std::string>& columns() {
  static const std::vector<std::string> c = {
      // The 21 mandatory columns of FOCUS 1.2.
      "BilledCost", "EffectiveCost", "ListCost", "ContractedCost", "BillingAccountId", "BillingAccountName",
      "BillingCurrency", "BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd",
      "ChargeCategory", "ChargeClass", "ChargeDescription", "InvoiceIssuerName", "ProviderName", "PublisherName",
      "PricingQuantity", "PricingUnit", "ServiceCategory", "ServiceName",
      // Conditional and recommended columns a container bill uses.
      "ChargeFrequency", "CommitmentDiscountCategory", "CommitmentDiscountId", "CommitmentDiscountName",
      "CommitmentDiscountQuantity", "CommitmentDiscountStatus", "CommitmentDiscountType", "CommitmentDiscountUnit",
      "ConsumedQuantity", "ConsumedUnit", "ContractedUnitPrice", "ListUnitPrice", "PricingCategory", "RegionId",
      "RegionName", "ResourceId", "ResourceName", "ResourceType", "ServiceSubcategory", "SkuId", "SkuMeter",
      "SkuPriceId", "SubAccountId",
      // Simulation metadata.
      "x_Scenario", "x_Option", "x_Path", "x_Seed", "x_Selection", "x_RateKey"};
  return c;
}

const char* data_type(const std::string& c) {
  static const char* decimals[] = {"BilledCost", "EffectiveCost", "ListCost", "ContractedCost", "PricingQuantity",
                                   "CommitmentDiscountQuantity", "ConsumedQuantity", "ContractedUnitPrice",
                                   "ListUnitPrice"};
  for (const char* d : decimals)
    if (c == d) return "DECIMAL";
  if (c.find("PeriodStart") != std::string::npos || c.find("PeriodEnd") != std::string::npos) return "DATETIME";
  if (c == "x_Path" || c == "x_Seed") return "DECIMAL";
  return "STRING";
}

/// One FOCUS row: column → value; a missing column is null.
using row = std::map<std::string, std::string>;

std::string num(double v) { return detail::shortest_number(v == 0 ? 0.0 : v); }  // no "-0"

struct writer {
  std::string csv;
  std::size_t rows = 0;
  writer() {
    const auto& c = columns();
    for (std::size_t i = 0; i < c.size(); ++i) csv += (i ? "," : "") + c[i];
    csv += "\n";
  }
  void add(const row& r) {
    const auto& c = columns();
    for (std::size_t i = 0; i < c.size(); ++i) {
      if (i) csv += ',';
      const auto it = r.find(c[i]);
      if (it != r.end()) csv += detail::csv_field(it->second);  // never empty: nulls are absent
    }
    csv += '\n';
    ++rows;
  }
};

struct line_info {
  std::string service, subcategory, meter, unit, resource_type, description;
  std::string category = "Compute";
};

line_info describe(const usage_line& u, const std::string& key, platform on) {
  // Network and storage keys: the price list's servicename for each (NAT gateways and EBS are
  // in the AmazonEC2 offer, public IPv4 and endpoints in AmazonVPC).
  if (key == "vpc:public_ipv4")
    return {"Amazon Virtual Private Cloud", "Network Connectivity", "Public IPv4 Address", "Hours", "Public IPv4 Address",
            "Public IPv4 address-hours of tasks and nodes", "Networking"};
  if (key == "vpc:nat_data")
    return {"Amazon Elastic Compute Cloud", "Network Connectivity", "NAT Gateway Data Processed", "GB", "NAT Gateway",
            "NAT gateway data processed (image pulls)", "Networking"};
  if (key == "vpc:endpoint_data")
    return {"Amazon Virtual Private Cloud", "Network Connectivity", "VPC Endpoint Data Processed", "GB", "VPC Endpoint",
            "Interface endpoint data processed (image pulls)", "Networking"};
  if (key == "ebs:gp3:root")
    return {"Amazon Elastic Compute Cloud", "Block Storage", "EBS gp3 Storage", "GB-Hours", "EBS Volume",
            "EBS gp3 root volumes of EC2 nodes", "Storage"};
  if (u.kind == usage_kind::ec2)
    return {"Amazon Elastic Compute Cloud", "Virtual Machines", "Compute Usage", "Hours", "EC2 Instance",
            std::string(u.spot ? "EC2 Spot" : "EC2 On-Demand") + " instance-hours, " + u.instance_type + ", Linux"};
  const std::string platform_name = on == platform::eks ? "EKS" : "ECS";
  const bool storage = key.find(":storage") != std::string::npos, licence = key.find(":licence") != std::string::npos;
  std::string what = storage ? "Fargate ephemeral storage GB-hours above 20 GB"
                     : licence ? "Fargate Windows licence vCPU-hours"
                     : u.kind == usage_kind::fargate_vcpu ? "Fargate vCPU-hours"
                                                          : "Fargate memory GB-hours";
  return {"Amazon Elastic Container Service", "Containers",
          storage ? "Fargate Ephemeral Storage" : licence ? "Windows License" : u.kind == usage_kind::fargate_vcpu ? "Fargate vCPU" : "Fargate Memory",
          storage || u.kind == usage_kind::fargate_memory ? "GB-Hours" : "vCPU-Hours", "Fargate Task",
          what + (u.spot ? " (Fargate Spot), " : ", ") + platform_name};
}

/// The catalog's key for a ledger rate key's figure ("ec2:m5.large", "fargate:linux_x86_64:vcpu").
std::string catalog_key(const std::string& key) {
  auto part = [&](int i) {
    std::size_t a = 0;
    for (int k = 0; k < i; ++k) a = key.find(':', a) + 1;
    return key.substr(a, key.find(':', a) - a);
  };
  if (key.rfind("ec2:", 0) == 0) return part(2) == "on_demand" ? "ec2:" + part(1) : "";
  if (key.rfind("fargate:", 0) == 0) {
    const std::string os_arch = part(1), dim = part(3);
    const std::string prefix = part(2) == "spot" ? "fargate_spot:" : "fargate:";
    if (dim == "storage") return "fargate:ephemeral_storage_gb";
    if (dim == "licence") return prefix + os_arch + ":os_licence_vcpu";
    return prefix + os_arch + (dim == "vcpu" ? ":vcpu" : ":memory_gb");
  }
  return key;
}

/// The catalog's SKU (from an imported price list) or a stable simulated one, "SIM-…".
std::string sku_of(const std::string& key, const price_catalog& cat) {
  if (const std::string* sku = cat.sku(catalog_key(key))) return *sku;
  std::string s = "SIM-";
  for (char c : key) s += c == ':' ? '-' : char(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

focus_bill path_to_focus(const sim::scenario& s, std::uint64_t path, const std::vector<sim::option_result>& results,
                         const price_catalog& catalog, const focus_options& opt) {
  const std::int64_t t0 = !opt.start.empty()
                              ? parse_iso(opt.start)
                              : days_from_civil(2026, 1, 5) * 86400 + std::int64_t(s.horizon.start_weekday) * 86400 +
                                    std::int64_t(std::llround(s.horizon.start_hour * 3600.0));
  const std::int64_t horizon_s = s.horizon.steps() * s.horizon.step_seconds;
  const std::string region_name = s.region == "us-east-1" ? "US East (N. Virginia)" : "";
  writer w;

  for (std::size_t oi = 0; oi < results.size() && oi < s.options.size(); ++oi) {
    const sim::option& o = s.options[oi];
    const sim::option_result& r = results[oi];
    const sim::usage_ledger& led = r.usage;
    const std::size_t n = led.keys.size();
    std::vector<usage_line> lines = sim::ledger_usage_lines(s, o, catalog, led);
    // Charge periods: hours, or calendar days (UTC) cut at the horizon's ends.
    struct period {
      std::int64_t start, end;  // seconds from t = 0
      std::vector<std::int64_t> hours;
    };
    std::vector<period> periods;
    std::int64_t day_of_last = -1;
    for (std::int64_t h = 0; h < led.hours; ++h) {
      const std::int64_t a = h * 3600, b = std::min((h + 1) * 3600, horizon_s);
      const std::int64_t day = (t0 + a) / 86400;  // the UTC day the hour starts in
      if (opt.daily && day == day_of_last) {
        periods.back().end = b;
        periods.back().hours.push_back(h);
      } else {
        periods.push_back({a, b, {h}});
      }
      day_of_last = day;
    }
    auto base_row = [&](const period& p) {
      row x;
      const auto [bp0, bp1] = month_of(t0 + p.start);
      x["BillingAccountId"] = opt.billing_account_id;
      x["BillingCurrency"] = "USD";
      x["BillingPeriodStart"] = iso(bp0);
      x["BillingPeriodEnd"] = iso(bp1);
      x["ChargePeriodStart"] = iso(t0 + p.start);
      x["ChargePeriodEnd"] = iso(t0 + p.end);
      x["InvoiceIssuerName"] = x["ProviderName"] = x["PublisherName"] = "Amazon Web Services";
      x["ServiceCategory"] = "Compute";
      x["RegionId"] = s.region;
      if (!region_name.empty()) x["RegionName"] = region_name;
      x["SubAccountId"] = opt.billing_account_id;
      x["x_Scenario"] = s.name;
      x["x_Option"] = o.name;
      x["x_Path"] = std::to_string(path);
      x["x_Seed"] = std::to_string(s.seed);
      if (!opt.selection.empty()) x["x_Selection"] = opt.selection;
      return x;
    };
    auto priced = [](row& x, double unit_price, double qty, const std::string& unit) {
      x["PricingQuantity"] = num(qty);
      x["PricingUnit"] = unit;
      x["ListUnitPrice"] = x["ContractedUnitPrice"] = num(unit_price);
      const double list = unit_price * qty;  // exactly the product of the printed values
      x["ListCost"] = x["ContractedCost"] = num(list);
    };
    auto commitment_id = [&](std::size_t c) {
      const commitment& m = o.commitments[c];
      return m.type == commitment_type::reserved_instance
                 ? "arn:aws:ec2:" + s.region + ":" + opt.billing_account_id + ":reserved-instances/sim-" + o.name + "-" + m.name
                 : "arn:aws:savingsplans::" + opt.billing_account_id + ":savingsplan/sim-" + o.name + "-" + m.name;
    };
    auto commitment_fields = [&](row& x, std::size_t c) {
      const commitment& m = o.commitments[c];
      const bool ri = m.type == commitment_type::reserved_instance;
      x["CommitmentDiscountId"] = commitment_id(c);
      x["CommitmentDiscountName"] = m.name;
      x["CommitmentDiscountCategory"] = ri ? "Usage" : "Spend";
      x["CommitmentDiscountType"] = ri                                              ? "Reserved Instance"
                                    : m.type == commitment_type::ec2_instance_sp ? "EC2 Instance Savings Plan"
                                                                                  : "Compute Savings Plan";
    };

    for (const period& p : periods) {
      // Sum the period's hours: quantities per line, coverage per (line, commitment), use.
      std::vector<double> qty(n, 0.0), uncovered(n, 0.0);
      std::map<std::pair<std::size_t, std::size_t>, std::pair<double, double>> covered;  // → (quantity, spend)
      std::vector<double> used(o.commitments.size(), 0.0);
      double period_hours = 0;
      for (const std::int64_t h : p.hours) {
        for (std::size_t k = 0; k < n; ++k) lines[k].quantity = led.quantity[std::size_t(h) * n + k] / 3600.0;
        for (std::size_t k = 0; k < n; ++k) qty[k] += lines[k].quantity;
        if (o.commitments.empty()) {
          for (std::size_t k = 0; k < n; ++k) uncovered[k] += lines[k].quantity;
        } else {
          const hour_application a = apply_commitments(lines, o.commitments);
          for (std::size_t k = 0; k < n; ++k) uncovered[k] += a.uncovered[k];
          for (const auto& c : a.covered) {
            auto& v = covered[{c.line, c.commitment}];
            v.first += c.quantity;
            v.second += c.spend;
          }
          for (std::size_t c = 0; c < used.size(); ++c) used[c] += a.used[c];
        }
        period_hours += 1.0;  // commitments are charged for every started hour of the horizon
      }
      for (std::size_t k = 0; k < n; ++k) {
        const usage_line& u = lines[k];
        const line_info d = describe(u, led.keys[k], o.on);
        // The list price: on-demand (a Spot line lists at its on-demand price).
        double list_price = u.on_demand_rate;
        if (u.spot && u.kind == usage_kind::ec2) list_price = catalog.ec2.find(u.instance_type)->on_demand.effective_per_hour();
        if (u.spot && u.kind != usage_kind::ec2) {
          const auto a = led.keys[k].find(':') + 1, b = led.keys[k].find(':', a);
          const std::string os_arch = led.keys[k].substr(a, b - a);
          const fargate_rates& od = catalog.fargate.rates_for(
              os_arch.rfind("windows", 0) == 0 ? os_family::windows_os : os_family::linux_os,
              os_arch.find("arm64") != std::string::npos ? cpu_arch::arm64 : cpu_arch::x86_64, false);
          list_price = (u.kind == usage_kind::fargate_vcpu ? od.vcpu : od.memory_gb).effective_per_hour();
          if (led.keys[k].find(":storage") != std::string::npos) list_price = u.on_demand_rate;
        }
        auto usage_row = [&](double q) {
          row x = base_row(p);
          x["ChargeCategory"] = "Usage";
          x["ChargeFrequency"] = "Usage-Based";
          x["ChargeDescription"] = d.description;
          x["ServiceName"] = d.service;
          x["ServiceCategory"] = d.category;
          x["ServiceSubcategory"] = d.subcategory;
          x["SkuId"] = sku_of(led.keys[k], catalog);
          x["SkuPriceId"] = sku_of(led.keys[k], catalog) + (u.spot ? ".SPOT" : ".OD");
          x["SkuMeter"] = d.meter;
          x["ResourceId"] = "sim/" + s.name + "/" + o.name + "/" + led.keys[k];
          x["ResourceName"] = o.name + " " + led.keys[k];
          x["ResourceType"] = d.resource_type;
          x["ConsumedQuantity"] = num(q);
          x["ConsumedUnit"] = d.unit;
          x["x_RateKey"] = led.keys[k];
          priced(x, list_price, q, d.unit);
          return x;
        };
        if (uncovered[k] > 0) {
          row x = usage_row(uncovered[k]);
          x["PricingCategory"] = u.spot ? "Dynamic" : "Standard";
          const double cost = uncovered[k] * u.on_demand_rate;
          x["BilledCost"] = x["EffectiveCost"] = num(cost);
          w.add(x);
        }
        for (std::size_t c = 0; c < o.commitments.size(); ++c) {
          const auto it = covered.find({k, c});
          if (it == covered.end() || it->second.first <= 0) continue;
          row x = usage_row(it->second.first);
          x["PricingCategory"] = "Committed";
          x["BilledCost"] = "0";
          x["EffectiveCost"] = num(it->second.second);
          commitment_fields(x, c);
          x["CommitmentDiscountStatus"] = "Used";
          x["CommitmentDiscountQuantity"] = num(it->second.second);
          x["CommitmentDiscountUnit"] = "USD";
          w.add(x);
        }
        // EKS Auto Mode: its fee per instance-hour.
        if (o.compute == sim::compute_kind::auto_mode && u.kind == usage_kind::ec2 && qty[k] > 0) {
          row x = base_row(p);
          const double fee = eks_auto_mode_usd_per_hour(catalog.eks, *catalog.ec2.find(u.instance_type));
          x["ChargeCategory"] = "Usage";
          x["ChargeFrequency"] = "Usage-Based";
          x["ChargeDescription"] = "EKS Auto Mode management fee, " + u.instance_type;
          x["ServiceName"] = "Amazon Elastic Kubernetes Service";
          x["ServiceSubcategory"] = "Containers";
          x["SkuId"] = sku_of("eks:auto_mode:" + u.instance_type, catalog);
          x["SkuPriceId"] = x["SkuId"] + ".OD";
          x["SkuMeter"] = "EKS Auto Mode";
          x["ResourceId"] = "sim/" + s.name + "/" + o.name + "/" + led.keys[k];
          x["ResourceName"] = o.name + " " + led.keys[k];
          x["ResourceType"] = "EC2 Instance";
          x["ConsumedQuantity"] = num(qty[k]);
          x["ConsumedUnit"] = "Hours";
          x["PricingCategory"] = "Standard";
          x["x_RateKey"] = "eks:auto_mode:" + u.instance_type;
          priced(x, fee, qty[k], "Hours");
          x["BilledCost"] = x["EffectiveCost"] = num(qty[k] * fee);
          w.add(x);
        }
      }
      // Each commitment: its fee for the period, and what the usage left of it.
      for (std::size_t c = 0; c < o.commitments.size(); ++c) {
        const commitment& m = o.commitments[c];
        const double charge = m.hourly_charge() * period_hours;
        row x = base_row(p);
        x["ChargeCategory"] = "Purchase";
        x["ChargeFrequency"] = "Recurring";
        x["PricingCategory"] = "Standard";
        x["ChargeDescription"] = std::string(m.type == commitment_type::reserved_instance ? "Reserved Instance" : "Savings Plan") +
                                 " hourly fee (" + catalog_offer(m) + ", upfront part amortised)";
        x["ServiceName"] = m.type == commitment_type::reserved_instance ? "Amazon Elastic Compute Cloud"
                                                                        : "Savings Plans for AWS Compute usage";
        x["ServiceSubcategory"] = "Other (Compute)";
        x["SkuId"] = sku_of("commitment:" + catalog_offer(m), catalog);
        x["SkuPriceId"] = x["SkuId"] + ".FEE";
        x["SkuMeter"] = "Commitment Fee";
        x["ResourceId"] = commitment_id(c);
        x["ResourceName"] = m.name;
        x["ResourceType"] = m.type == commitment_type::reserved_instance ? "Reserved Instance" : "Savings Plan";
        commitment_fields(x, c);
        x["CommitmentDiscountQuantity"] = num(charge);
        x["CommitmentDiscountUnit"] = "USD";
        x["x_RateKey"] = "commitment:" + m.name;
        priced(x, m.hourly_charge(), period_hours, "Hours");
        x["BilledCost"] = num(charge);
        x["EffectiveCost"] = "0";
        w.add(x);
        const double unused = charge - used[c];
        if (unused > 1e-12) {
          row u = base_row(p);
          u["ChargeCategory"] = "Usage";
          u["ChargeFrequency"] = "Usage-Based";
          u["PricingCategory"] = "Committed";
          u["ChargeDescription"] = "Unused commitment of " + m.name;
          u["ServiceName"] = x["ServiceName"];
          u["ServiceSubcategory"] = "Other (Compute)";
          u["SkuId"] = x["SkuId"];
          u["SkuPriceId"] = x["SkuId"] + ".UNUSED";
          u["SkuMeter"] = "Unused Commitment";
          u["ResourceId"] = x["ResourceId"];
          u["ResourceName"] = m.name;
          u["ResourceType"] = x["ResourceType"];
          commitment_fields(u, c);
          u["CommitmentDiscountStatus"] = "Unused";
          u["CommitmentDiscountQuantity"] = num(unused);
          u["CommitmentDiscountUnit"] = "USD";
          u["x_RateKey"] = "commitment:" + m.name + ":unused";
          priced(u, 1.0, unused, "USD");
          u["BilledCost"] = "0";
          u["EffectiveCost"] = num(unused);
          w.add(u);
        }
      }
      // The network's fixed charges for the seconds of the period, the same on every option.
      {
        const sim::network_setup& net = s.network;
        const double hours = double(p.end - p.start) / 3600.0;
        const auto zones = double(net.availability_zones);
        auto fixed_row = [&](const std::string& key, const std::string& description, const std::string& service,
                             const std::string& subcategory, const std::string& meter, const std::string& type,
                             double qty, const std::string& unit, double unit_price) {
          if (qty <= 0) return;
          row x = base_row(p);
          x["ChargeCategory"] = "Usage";
          x["ChargeFrequency"] = "Usage-Based";
          x["PricingCategory"] = "Standard";
          x["ChargeDescription"] = description;
          x["ServiceName"] = service;
          x["ServiceCategory"] = "Networking";
          x["ServiceSubcategory"] = subcategory;
          x["SkuId"] = sku_of(key, catalog);
          x["SkuPriceId"] = x["SkuId"] + ".OD";
          x["SkuMeter"] = meter;
          x["ResourceId"] = "sim/" + s.name + "/" + o.name + "/" + key;
          x["ResourceName"] = o.name + " " + key;
          x["ResourceType"] = type;
          x["ConsumedQuantity"] = num(qty);
          x["ConsumedUnit"] = unit;
          x["x_RateKey"] = key;
          priced(x, unit_price, qty, unit);
          x["BilledCost"] = x["EffectiveCost"] = num(qty * unit_price);
          w.add(x);
        };
        double addresses = double(net.public_ipv4_addresses);
        if (net.egress == sim::egress_kind::nat_gateway) {
          fixed_row("vpc:nat_gateway", "NAT gateway-hours, one gateway per availability zone", "Amazon Elastic Compute Cloud",
                    "Network Connectivity", "NAT Gateway", "NAT Gateway", zones * hours, "Hours",
                    catalog.vpc.nat_gateway.effective_per_hour());
          addresses += zones;
        }
        if (net.egress == sim::egress_kind::vpc_endpoints)
          fixed_row("vpc:interface_endpoint", "Interface endpoint-hours (each started hour), per availability zone",
                    "Amazon Virtual Private Cloud", "Network Connectivity", "VPC Endpoint", "VPC Endpoint",
                    double(net.interface_endpoints) * zones * std::ceil(hours), "Hours",
                    catalog.vpc.interface_endpoint.effective_per_hour());
        for (const auto& sv : s.services)
          if (sv.load_balancer) addresses += zones;
        fixed_row("vpc:public_ipv4:standing", "Public IPv4 address-hours of NAT gateways, load balancers and standing addresses",
                  "Amazon Virtual Private Cloud", "Network Connectivity", "Public IPv4 Address", "Public IPv4 Address",
                  addresses * hours, "Hours", catalog.vpc.public_ipv4.effective_per_hour());
        for (const auto& sv : s.services) {
          if (!sv.load_balancer) continue;
          fixed_row("elb:alb:" + sv.name, "Application Load Balancer-hours, " + sv.name, "Elastic Load Balancing",
                    "Application Networking", "Load Balancer", "Load Balancer", hours, "Hours",
                    catalog.elb.alb.effective_per_hour());
          fixed_row("elb:alb_lcu:" + sv.name, "Application Load Balancer LCU-hours, " + sv.name, "Elastic Load Balancing",
                    "Application Networking", "Load Balancer Capacity Units", "Load Balancer",
                    sv.load_balancer->lcus() * hours, "LCU-Hours", catalog.elb.alb_lcu.effective_per_hour());
        }
      }
      // EKS: the control plane, per cluster, for the seconds of the period.
      if (o.on == platform::eks && o.clusters > 0) {
        row x = base_row(p);
        const double hours = double(o.clusters) * double(p.end - p.start) / 3600.0;
        const rate& rt = eks_control_plane_rate(catalog.eks, o.support);
        x["ChargeCategory"] = "Usage";
        x["ChargeFrequency"] = "Usage-Based";
        x["PricingCategory"] = "Standard";
        x["ChargeDescription"] = std::string("EKS control plane (") +
                                 (o.support == support_tier::standard ? "standard" : "extended") + " support), " +
                                 std::to_string(o.clusters) + " cluster(s)";
        x["ServiceName"] = "Amazon Elastic Kubernetes Service";
        x["ServiceSubcategory"] = "Containers";
        x["SkuId"] = sku_of(o.support == support_tier::standard ? "eks:standard" : "eks:extended", catalog);
        x["SkuPriceId"] = x["SkuId"] + ".OD";
        x["SkuMeter"] = "EKS Control Plane";
        x["ResourceId"] = "sim/" + s.name + "/" + o.name + "/eks-cluster";
        x["ResourceName"] = o.name + " cluster(s)";
        x["ResourceType"] = "EKS Cluster";
        x["ConsumedQuantity"] = num(hours);
        x["ConsumedUnit"] = "Hours";
        x["x_RateKey"] = "eks:control_plane";
        priced(x, rt.effective_per_hour(), hours, "Hours");
        x["BilledCost"] = x["EffectiveCost"] = num(eks_control_plane_cost(catalog.eks, o.support, hours));
        w.add(x);
      }
    }
  }

  json cols = json::array();
  for (const auto& c : columns()) {
    json d = {{"ColumnName", c}, {"DataType", data_type(c)}};
    if (std::string(data_type(c)) == "DECIMAL") {
      d["NumericPrecision"] = 17;  // shortest round-trip doubles
    } else if (std::string(data_type(c)) == "STRING") {
      d["StringEncoding"] = "UTF-8";
    }
    cols.push_back(std::move(d));
  }
  const auto now = std::chrono::system_clock::now();
  const std::int64_t now_s = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  json meta = {{"SchemaId", "fleetcast-focus-1.2-v1"},
               {"FocusVersion", "1.2"},
               {"CreationDate", iso(now_s)},
               {"DataGenerator",
                {{"Name", "fleetcast"},
                 {"Version", FLEETCAST_VERSION_STRING},
                 {"Scenario", s.name},
                 {"Path", path},
                 {"Seed", s.seed},
                 {"Selection", opt.selection.empty() ? "trial " + std::to_string(path) : opt.selection},
                 {"Granularity", opt.daily ? "daily" : "hourly"}}},
               {"ColumnDefinition", std::move(cols)}};
  return {std::move(w.csv), meta.dump(2) + "\n", w.rows};
}

focus_bill merge_focus_bills(const std::vector<focus_part>& parts) {
  focus_bill out;
  if (parts.empty()) return out;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    const std::string& csv = parts[k].bill.csv;
    const std::size_t body = k == 0 ? 0 : csv.find('\n');  // the header once
    if (body != std::string::npos) out.csv += csv.substr(k == 0 ? 0 : body + 1);
    out.rows += parts[k].bill.rows;
  }
  json meta = json::parse(parts.front().bill.metadata_json);
  json paths = json::object();
  std::string selection;
  for (const auto& p : parts) {
    paths[p.option] = p.path;
    selection += (selection.empty() ? "" : "; ") + p.selection;
  }
  meta["DataGenerator"]["Path"] = std::move(paths);
  meta["DataGenerator"]["Selection"] = selection;
  out.metadata_json = meta.dump(2) + "\n";
  return out;
}

}  // namespace fleetcast
