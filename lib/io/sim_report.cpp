#include "fleetcast/io/sim_report.hpp"

#include <cstdio>
#include <string>
#include <vector>

#include "bill_report.hpp"
#include "binding_report.hpp"
#include "json_reader.hpp"
#include "text_format.hpp"

namespace fleetcast {
namespace {

// The binding resources' hours and shares of one EC2 option's path, in `reported_binding` order.
std::vector<double> binding_shares(const std::vector<sim::binding_resource>& which, const sim::option_result& o) {
  double total = 0;
  for (const double h : o.binding_hours) total += h;
  std::vector<double> share;
  for (const auto b : which) share.push_back(total > 0 ? o.binding_hours[std::size_t(b)] / total : 0.0);
  return share;
}

double line(const sim::option_result& r, const char* name) {
  for (const auto& l : r.lines)
    if (l.name == name) return l.usd;
  return 0;
}

}  // namespace

std::string path_results_to_json(const sim::scenario& s, std::uint64_t path,
                                 const std::vector<sim::option_result>& r) {
  detail::json opts = detail::json::array();
  for (std::size_t i = 0; i < r.size(); ++i) {
    const sim::option_result& o = r[i];
    detail::json lines = detail::json::object();
    for (const auto& l : o.lines) lines[l.name] = l.usd;
    detail::json ih = detail::json::object();
    for (const auto& [t, h] : o.instance_hours) ih[t] = h;
    detail::json hourly = detail::json::array();
    for (std::int64_t h = 0; h < o.usage.hours; ++h) {
      detail::json row = detail::json::array();
      for (std::size_t k = 0; k < o.usage.keys.size(); ++k)
        row.push_back(o.usage.quantity[std::size_t(h) * o.usage.keys.size() + k]);
      hourly.push_back(std::move(row));
    }
    opts.push_back({{"name", o.option},
                    {"hourly_usage", {{"keys", o.usage.keys}, {"by_hour", std::move(hourly)}}},
                    {"total_usd", o.total_usd},
                    {"lines", lines},
                    {"task_hours", o.task_hours},
                    {"instance_hours", ih},
                    {"unserved_task_seconds", o.unserved_task_seconds},
                    {"spot_interruptions", o.spot_interruptions},
                    {"mean_utilisation", o.mean_utilisation},
                    {"unplaceable_tasks", o.unplaceable_tasks}});
    detail::json alloc = detail::json::object();
    for (const auto& a : o.allocation) alloc[a.name] = a.usd;
    opts.back()["allocation"] = std::move(alloc);
    if (i < s.options.size()) {
      const auto which = detail::reported_binding(s.options[i]);
      if (!which.empty()) {
        const std::vector<double> share = binding_shares(which, o);
        detail::json hours = detail::json::object(), shares = detail::json::object();
        for (std::size_t k = 0; k < which.size(); ++k) {
          const std::string name(to_string(which[k]));
          hours[name] = o.binding_hours[std::size_t(which[k])];
          shares[name] = share[k];
        }
        opts.back()["binding_instance_hours"] = std::move(hours);
        opts.back()["binding_share"] = std::move(shares);
      }
      if (!o.density.empty()) opts.back()["task_density"] = detail::density_json(s, s.options[i], o.density);
    }
    if (!o.commitments.empty()) {
      detail::json cs = detail::json::array();
      for (const auto& c : o.commitments)
        cs.push_back({{"name", c.name},
                      {"charge", c.charge},
                      {"used", c.used},
                      {"unused", c.charge - c.used},
                      {"utilisation", c.charge > 0 ? c.used / c.charge : 0.0}});
      opts.back()["commitments"] = std::move(cs);
      opts.back()["eligible_on_demand_equivalent"] = o.eligible_on_demand_equivalent;
      opts.back()["covered_on_demand_equivalent"] = o.covered_on_demand_equivalent;
      opts.back()["coverage"] =
          o.eligible_on_demand_equivalent > 0 ? o.covered_on_demand_equivalent / o.eligible_on_demand_equivalent : 0.0;
    }
  }
  detail::json out = {{"scenario", s.name}, {"path", path}, {"seed", s.seed},
                      {"horizon_days", s.horizon.days}, {"options", opts}};
  if (const auto b = bill_of_path(s, r)) out["actuals_baseline"] = detail::bill_to_json(*b);  // fleetcast actuals --scenario
  return out.dump(2) + "\n";
}

std::string path_results_to_table(const sim::scenario& s, std::uint64_t path,
                                  const std::vector<sim::option_result>& r) {
  std::string out = "scenario " + s.name + ", trial " + std::to_string(path) + " of seed " +
                    std::to_string(s.seed) + ", " + detail::shortest_number(s.horizon.days) + " day(s); costs in USD over the trial\n\n";
  if (const auto b = bill_of_path(s, r)) {  // a replayed bill (fleetcast actuals --scenario)
    out += detail::wrap(bill_sentence(*b), 100, "", "  ");
    for (const auto& n : b->notes) out += detail::wrap(n, 100, "  - ", "    ");
    out += "\n";
  }
  char buf[512];
  bool committed = false, auto_mode = false;
  for (const auto& o : r) {
    committed = committed || !o.commitments.empty();
    auto_mode = auto_mode || line(o, "auto_mode_fee") != 0.0;
  }
  // Two tables of at most 100 columns: what the trial cost, by line, and what it ran.
  std::snprintf(buf, sizeof buf, "%-20s %10s %11s %9s %9s %9s %9s%s%s\n", "option", "total $", "on-demand $",
                "spot $", "storage $", "control $", "network $", auto_mode ? " auto-mode $" : "",
                committed ? "  commit $" : "");
  out += buf;
  out += std::string(20 + 11 + 12 + 10 * 4 + (auto_mode ? 12 : 0) + (committed ? 10 : 0), '-') + "\n";
  for (const auto& o : r) {
    // Network and storage: addresses, root volumes, NAT, endpoints, their data, load balancers.
    double network = 0;
    for (const auto& l : o.lines)
      if (l.kind >= sim::cost_line_kind::public_ipv4 && l.kind <= sim::cost_line_kind::load_balancer) network += l.usd;
    char extra[48] = "";
    int n = 0;
    if (auto_mode) n += std::snprintf(extra + n, sizeof extra - std::size_t(n), " %11.4f", line(o, "auto_mode_fee"));
    if (committed) std::snprintf(extra + n, sizeof extra - std::size_t(n), " %9.4f", line(o, "commitment"));
    std::snprintf(buf, sizeof buf, "%-20s %10.4f %11.4f %9.4f %9.4f %9.4f %9.4f%s\n", o.option.c_str(), o.total_usd,
                  line(o, "compute_on_demand"), line(o, "compute_spot"), line(o, "storage"), line(o, "control_plane"),
                  network, extra);
    out += buf;
  }
  std::snprintf(buf, sizeof buf, "\n%-20s %9s %9s %12s %7s %7s\n", "option", "task-h", "inst-h", "unserved t-s",
                "util %", "interr.");
  out += buf;
  out += std::string(20 + 10 + 10 + 13 + 8 + 8, '-') + "\n";
  for (const auto& o : r) {
    double ih = 0;
    for (const auto& [t, h] : o.instance_hours) ih += h;
    std::snprintf(buf, sizeof buf, "%-20s %9.2f %9.2f %12.0f %7.1f %7lld\n", o.option.c_str(), o.task_hours, ih,
                  o.unserved_task_seconds, 100.0 * o.mean_utilisation, static_cast<long long>(o.spot_interruptions));
    out += buf;
  }
  for (const auto& o : r)
    if (o.unplaceable_tasks > 0)
      out += "note: " + o.option + ": up to " + std::to_string(o.unplaceable_tasks) +
             " task(s) fit no instance type of the option\n";
  bool any = false;
  for (const auto& o : r)
    for (const auto& c : o.commitments) {
      if (!any) {
        std::snprintf(buf, sizeof buf, "\n%-20s %-20s %12s %12s %12s %8s\n", "option", "commitment", "charge $",
                      "used $", "unused $", "util %");
        out += buf;
        any = true;
      }
      std::snprintf(buf, sizeof buf, "%-20s %-20s %12.4f %12.4f %12.4f %8.1f\n", o.option.c_str(), c.name.c_str(),
                    c.charge, c.used, c.charge - c.used, c.charge > 0 ? 100.0 * c.used / c.charge : 0.0);
      out += buf;
    }
  if (any)
    out += "With commitments, on-demand $ is what they left uncovered and total $ adds their charges.\n";
  out += "\ncost allocation (each service pays what it requests of the capacity it runs on):\n";
  for (const auto& o : r) {
    std::string row = "  " + o.option + ":";
    for (const auto& a : o.allocation) {
      std::snprintf(buf, sizeof buf, " %s %.4f;", a.name.c_str(), a.usd);
      row += buf;
    }
    row.back() = '\n';
    out += row;
  }
  std::string binds, density;
  for (std::size_t i = 0; i < r.size() && i < s.options.size(); ++i) {
    const auto which = detail::reported_binding(s.options[i]);
    if (!which.empty())
      binds += "  " + r[i].option + ": " + detail::binding_shares_text(which, binding_shares(which, r[i])) + "\n";
    if (!r[i].density.empty())
      density += "  " + r[i].option + ":\n" + detail::density_lines(s, s.options[i], r[i].density, "    ");
  }
  if (!binds.empty()) out += "\nwhat binds (share of instance-hours):\n" + binds;
  if (!density.empty()) out += "\ntasks per instance (ECS on EC2, an empty instance):\n" + density;
  out += "\nOne trial of the Monte Carlo run (--trials N for the distribution). unserved t-s: demand\n"
         "above serving tasks, in task-seconds. util %: demand served / paid capacity. interr.: Spot\n"
         "interruptions.\n";
  if (!binds.empty()) out += detail::binding_rule_text;
  return out;
}

std::string trace_csv_header() {
  return "time_s,option,service,demand,desired,running_tasks,instances,cost_so_far_usd\n";
}

std::string trace_csv_row(const sim::trace_row& r) {
  return std::to_string(r.t_s) + ',' + detail::csv_field(*r.option) + ',' + detail::csv_field(*r.service) + ',' +
         detail::shortest_number(r.demand) + ',' + std::to_string(r.desired) + ',' + std::to_string(r.running) + ',' +
         std::to_string(r.instances) + ',' + detail::shortest_number(r.cost_so_far) + '\n';
}

}  // namespace fleetcast
