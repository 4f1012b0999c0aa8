#include "fleetcast/billing/commitments.hpp"

#include <algorithm>
#include <array>
#include <numeric>
#include <utility>

namespace fleetcast {
namespace {

bool eligible_for_sp(const usage_line& u, const commitment& c) {
  if (u.spot || u.quantity <= 0 || u.kind == usage_kind::other) return false;
  if (c.type == commitment_type::compute_sp) return !std::isnan(u.compute_sp_rate);
  return u.kind == usage_kind::ec2 && !std::isnan(u.ec2_instance_sp_rate) &&
         instance_family(u.instance_type) == c.family && u.region == c.region;
}

double sp_rate(const usage_line& u, commitment_type t) {
  return t == commitment_type::compute_sp ? u.compute_sp_rate : u.ec2_instance_sp_rate;
}

bool ri_matches_exactly(const usage_line& u, const commitment& c) {
  return u.kind == usage_kind::ec2 && !u.spot && u.instance_type == c.instance_type && u.region == c.region &&
         u.os == c.os && u.tenancy == c.tenancy &&
         (c.scope == ri_scope::regional || u.availability_zone == c.availability_zone);
}

}  // namespace

std::string catalog_offer(const commitment& c) {
  const std::string term = std::to_string(c.term_years) + "yr_";
  const std::string pay(to_string(c.payment));
  switch (c.type) {
    case commitment_type::compute_sp: return "compute_sp_" + term + pay;
    case commitment_type::ec2_instance_sp: return "ec2_instance_sp_" + term + pay;
    case commitment_type::reserved_instance: return "ri_standard_" + term + pay;
  }
  return "";
}

std::string_view instance_family(std::string_view t) noexcept {
  const auto dot = t.find('.');
  return dot == std::string_view::npos ? t : t.substr(0, dot);
}

std::optional<double> normalization_factor(std::string_view t) {
  const auto dot = t.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const std::string_view size = t.substr(dot + 1), family = t.substr(0, dot);
  static constexpr std::array<std::pair<std::string_view, double>, 21> table{{
      {"nano", 0.25},     {"micro", 0.5},     {"small", 1},       {"medium", 2},      {"large", 4},
      {"xlarge", 8},      {"2xlarge", 16},    {"3xlarge", 24},    {"4xlarge", 32},    {"6xlarge", 48},
      {"8xlarge", 64},    {"9xlarge", 72},    {"10xlarge", 80},   {"12xlarge", 96},   {"16xlarge", 128},
      {"18xlarge", 144},  {"24xlarge", 192},  {"32xlarge", 256},  {"48xlarge", 384},  {"56xlarge", 448},
      {"112xlarge", 896},
  }};
  for (const auto& [name, f] : table)
    if (name == size) return f;
  if (size == "metal") {  // the factor of the matching virtual size (EC2 user guide)
    static constexpr std::array<std::pair<std::string_view, double>, 7> metal{{
        {"m5", 192}, {"c6g", 128}, {"m6g", 128}, {"r6g", 128}, {"c5n", 144}, {"z1d", 96}, {"a1", 32}}};
    for (const auto& [fam, f] : metal)
      if (fam == family) return f;
  }
  return std::nullopt;
}

bool size_flexible(const commitment& ri) noexcept {
  const std::string_view fam = instance_family(ri.instance_type);
  return ri.scope == ri_scope::regional && ri.os == os_family::linux_os && ri.tenancy == "shared" &&
         fam != "g4ad" && fam != "g4dn" && fam != "g5" && fam != "g5g" &&
         normalization_factor(ri.instance_type).has_value();
}

hour_application apply_commitments(std::span<const usage_line> usage, std::span<const commitment> commitments) {
  hour_application h;
  h.used.assign(commitments.size(), 0.0);
  h.uncovered.resize(usage.size());
  for (std::size_t i = 0; i < usage.size(); ++i) {
    h.uncovered[i] = usage[i].quantity;
    h.on_demand_equivalent += usage[i].quantity * usage[i].on_demand_rate;
  }
  auto cover = [&](std::size_t line, std::size_t c, double quantity, double spend) {
    if (quantity <= 0) return;
    h.uncovered[line] -= quantity;
    if (h.uncovered[line] < 0) h.uncovered[line] = 0;
    const double od = quantity * usage[line].on_demand_rate;
    h.covered_on_demand_equivalent += od;
    h.used[c] += spend;
    h.covered.push_back({line, c, quantity, od, spend});
  };

  // 1. Reserved Instances: zonal ones, then regional ones.
  for (const ri_scope scope : {ri_scope::zonal, ri_scope::regional})
    for (std::size_t c = 0; c < commitments.size(); ++c) {
      const commitment& ri = commitments[c];
      if (ri.type != commitment_type::reserved_instance || ri.scope != scope || ri.count <= 0) continue;
      if (!size_flexible(ri)) {
        double left = double(ri.count);  // instance-hours
        for (std::size_t i = 0; i < usage.size() && left > 0; ++i) {
          if (!ri_matches_exactly(usage[i], ri)) continue;
          const double q = std::min(left, h.uncovered[i]);
          cover(i, c, q, q * ri.hourly_rate);
          left -= q;
        }
        continue;
      }
      // Size flexible: normalized units over the family's Linux shared usage in the region,
      // smallest size first.
      const double ri_factor = *normalization_factor(ri.instance_type);
      double units = double(ri.count) * ri_factor;
      std::vector<std::pair<double, std::size_t>> order;  // (factor, line)
      for (std::size_t i = 0; i < usage.size(); ++i) {
        const usage_line& u = usage[i];
        if (u.kind != usage_kind::ec2 || u.spot || u.region != ri.region || u.os != os_family::linux_os ||
            u.tenancy != "shared" || instance_family(u.instance_type) != instance_family(ri.instance_type))
          continue;
        if (const auto f = normalization_factor(u.instance_type)) order.emplace_back(*f, i);
      }
      std::stable_sort(order.begin(), order.end(), [](auto& a, auto& b) { return a.first < b.first; });
      const double rate_per_unit = ri.hourly_rate / ri_factor;
      for (const auto& [f, i] : order) {
        if (units <= 0) break;
        const double q = std::min(h.uncovered[i], units / f);
        cover(i, c, q, q * f * rate_per_unit);
        units -= q * f;
      }
    }

  // 2. EC2 Instance Savings Plans, then 3. Compute Savings Plans; plans of one type are pooled
  // (applied in turn to the same priority order, which is the same as pooling).
  std::vector<std::size_t> order;
  for (const commitment_type type : {commitment_type::ec2_instance_sp, commitment_type::compute_sp})
    for (std::size_t c = 0; c < commitments.size(); ++c) {
      const commitment& sp = commitments[c];
      if (sp.type != type || sp.hourly_commitment <= 0) continue;
      order.clear();
      for (std::size_t i = 0; i < usage.size(); ++i)
        if (eligible_for_sp(usage[i], sp) && h.uncovered[i] > 0) order.push_back(i);
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const double ra = sp_rate(usage[a], type), rb = sp_rate(usage[b], type);
        // Savings percentage 1 − r / od, compared without dividing: r_a od_b < r_b od_a.
        const double sa = ra * usage[b].on_demand_rate, sb = rb * usage[a].on_demand_rate;
        if (sa != sb) return sa < sb;
        return ra < rb;
      });
      double left = sp.hourly_commitment;
      for (const std::size_t i : order) {
        if (left <= 0) break;
        const double r = sp_rate(usage[i], type);
        const double need = h.uncovered[i] * r;
        if (r <= 0 || need <= left) {
          cover(i, c, h.uncovered[i], need);
          left -= need;
        } else {
          cover(i, c, left / r, left);
          left = 0;
        }
      }
    }

  for (std::size_t c = 0; c < commitments.size(); ++c) {
    const double charge = commitments[c].hourly_charge();
    h.commitment_charge += charge;
    h.unused_commitment += std::max(0.0, charge - h.used[c]);
  }
  for (std::size_t i = 0; i < usage.size(); ++i) h.on_demand_charge += h.uncovered[i] * usage[i].on_demand_rate;
  h.total = h.commitment_charge + h.on_demand_charge;
  return h;
}

}  // namespace fleetcast
