#include "fleetcast/io/actuals_report.hpp"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "text_format.hpp"

namespace fleetcast {
namespace {

std::string money(double v) {
  if (!std::isfinite(v)) return "n/a";
  char b[400];  // "%.2f" of the largest double: 309 digits
  std::snprintf(b, sizeof b, "%.2f", v == 0 ? 0.0 : v);
  // thousands separators for a reader
  std::string s(b);
  const bool neg = s[0] == '-';
  std::string digits = s.substr(neg ? 1 : 0, s.find('.') - (neg ? 1 : 0));
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (neg ? "-$" : "$") + out + s.substr(s.find('.'));
}

std::string pct(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%+.2f%%", 100 * v);
  return b;
}

using detail::pad;

bool repriced_all(const actuals_group& g) { return g.repriced_rows == g.rows; }

std::string rows(std::uint64_t n) { return std::to_string(n) + (n == 1 ? " row" : " rows"); }

}  // namespace

std::string actuals_to_json(const actuals_summary& s) {
  nlohmann::ordered_json j;
  j["rows"] = s.rows;
  j["container_rows"] = s.container_rows;
  j["billed_cost_usd"] = s.billed_usd;
  j["not_container"] = {{"rows", s.not_container_rows}, {"billed_cost_usd", s.not_container_billed_usd}};
  auto& gs = j["groups"] = nlohmann::ordered_json::array();
  for (const auto& g : s.groups) {
    nlohmann::ordered_json x;
    x["category"] = std::string(to_string(g.category));
    x["region"] = g.region;
    x["rows"] = g.rows;
    x["usage_quantity"] = g.usage_quantity;
    x["unit"] = g.unit;
    x["billed_cost_usd"] = g.billed_cost_usd;
    x["list_cost_usd"] = g.list_cost_usd;
    x["repriced_list_cost_usd"] = g.repriced_list_cost_usd;
    x["repriced_rows"] = g.repriced_rows;
    x["not_repriced_list_cost_usd"] = g.not_repriced_list_cost_usd;
    x["billed_on_demand_usd"] = g.billed_by_purchase[0];
    x["billed_spot_usd"] = g.billed_by_purchase[1];
    x["billed_commitment_covered_usd"] = g.billed_by_purchase[2];
    gs.push_back(std::move(x));
  }
  auto& ms = j["mismatches"] = nlohmann::ordered_json::array();
  for (const auto& m : s.mismatches)
    ms.push_back({{"category", std::string(to_string(m.category))},
                  {"region", m.region},
                  {"detail", m.detail},
                  {"unit", m.unit},
                  {"bill_unit_price_usd", m.bill_unit_price},
                  {"catalog_unit_price_usd", m.catalog_unit_price},
                  {"relative_difference", m.relative_difference},
                  {"rows", m.rows}});
  j["mismatched_rows_not_listed"] = s.mismatched_rows_not_listed;
  j["regions_without_catalog"] = s.regions_without_catalog;
  auto& bo = j["billed_by_option"] = nlohmann::ordered_json::object();
  for (const auto& [o, v] : s.billed_by_option) bo[o] = v;
  return j.dump(2) + "\n";
}

std::string actuals_to_csv(const actuals_summary& s) {
  using detail::csv_field;
  using detail::shortest_number;
  std::string out =
      "category,region,unit,rows,usage_quantity,billed_cost_usd,list_cost_usd,repriced_list_cost_usd,repriced_rows,"
      "not_repriced_list_cost_usd\n";
  for (const auto& g : s.groups)
    out += std::string(to_string(g.category)) + "," + csv_field(g.region) + "," + csv_field(g.unit) + "," +
           std::to_string(g.rows) + "," + shortest_number(g.usage_quantity) + "," + shortest_number(g.billed_cost_usd) +
           "," + shortest_number(g.list_cost_usd) + "," + shortest_number(g.repriced_list_cost_usd) + "," +
           std::to_string(g.repriced_rows) + "," + shortest_number(g.not_repriced_list_cost_usd) + "\n";
  out += "not_container,,," + std::to_string(s.not_container_rows) + ",," + shortest_number(s.not_container_billed_usd) +
         ",,,,\n";
  return out;
}

std::string actuals_to_table(const actuals_summary& s) {
  std::string out;
  out += "Bill rows read: " + std::to_string(s.rows) + " (" + money(s.billed_usd) + " billed); container-related: " +
         rows(s.container_rows) + ", " + money(s.billed_usd - s.not_container_billed_usd) + " billed\n\n";
  // 99 columns: What 38, Region 15, Billed 12, Bill list 12, Fleetcast 13, Diff 9.
  out += pad("What", 38, false) + pad("Region", 15, false) + pad("Billed", 12, true) + pad("Bill list", 12, true) +
         pad("Fleetcast", 13, true) + pad("Diff", 9, true) + "\n";
  for (const auto& g : s.groups) {
    const bool all = repriced_all(g);
    const double bill_list_repriced = g.list_cost_usd - g.not_repriced_list_cost_usd;
    std::string ours = g.repriced_rows == 0 ? "not repriced" : money(g.repriced_list_cost_usd) + (all ? "" : "*");
    std::string diff = g.repriced_rows == 0 || g.repriced_list_cost_usd == 0
                           ? ""
                           : pct((bill_list_repriced - g.repriced_list_cost_usd) / g.repriced_list_cost_usd);
    out += pad(std::string(describe(g.category)), 38, false) + pad(g.region.empty() ? "-" : g.region, 15, false) +
           pad(money(g.billed_cost_usd), 12, true) + pad(money(g.list_cost_usd), 12, true) + pad(ours, 13, true) +
           pad(diff, 9, true) + "\n";
  }
  out += pad("Not container-related: " + rows(s.not_container_rows), 53, false) +
         pad(money(s.not_container_billed_usd), 12, true) + "\n";
  out += "\nBilled = what the bill charges (BilledCost). Bill list = the bill's public on-demand\n"
         "prices (ListCost). Fleetcast = the same quantities at fleetcast's catalog prices for the\n"
         "region; Diff = bill list over fleetcast's, on the rows fleetcast could reprice\n"
         "(* = only some rows of the line could be repriced).\n";
  if (!s.mismatches.empty()) {
    out += "\nList prices that differ from fleetcast's catalog:\n";
    for (const auto& m : s.mismatches)
      out += "  " + std::string(describe(m.category)) + ", " + (m.region.empty() ? "-" : m.region) + ", " + m.detail +
             ": bill $" + detail::shortest_number(m.bill_unit_price) + ", fleetcast $" +
             detail::shortest_number(m.catalog_unit_price) + " per unit (" + (m.unit.empty() ? "-" : m.unit) + "), " +
             pct(m.relative_difference) + ", " + rows(m.rows) + "\n";
    if (s.mismatched_rows_not_listed > 0)
      out += "  ... and " + rows(s.mismatched_rows_not_listed) + " more at other prices (only the first " +
             std::to_string(actuals_accumulator::max_mismatches) + " distinct prices are listed)\n";
  } else if (s.container_rows > 0) {
    out += "\nEvery repriced list price matches fleetcast's catalog.\n";
  }
  if (!s.regions_without_catalog.empty()) {
    out += "\nNot repriced (no catalog for the region; give one with --catalog FILE, made by fleetcast pricing import):";
    for (const auto& r : s.regions_without_catalog) out += " " + r;
    out += "\n";
  }
  return out;
}

}  // namespace fleetcast
