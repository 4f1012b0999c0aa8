#include "fleetcast/io/sim_report.hpp"

#include <cstdio>

#include "json_reader.hpp"
#include "text_format.hpp"

namespace fleetcast {
namespace {

double line(const sim::option_result& r, const char* name) {
  for (const auto& l : r.lines)
    if (l.name == name) return l.usd;
  return 0;
}

}  // namespace

std::string path_results_to_json(const sim::scenario& s, std::uint64_t path,
                                 const std::vector<sim::option_result>& r) {
  detail::json opts = detail::json::array();
  for (const auto& o : r) {
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
  }
  detail::json out = {{"scenario", s.name}, {"path", path}, {"seed", s.seed},
                      {"horizon_days", s.horizon.days}, {"options", opts}};
  return out.dump(2) + "\n";
}

std::string path_results_to_table(const sim::scenario& s, std::uint64_t path,
                                  const std::vector<sim::option_result>& r) {
  std::string out = "scenario " + s.name + ", path " + std::to_string(path) + " of seed " +
                    std::to_string(s.seed) + ", " + detail::shortest_number(s.horizon.days) + " day(s)\n\n";
  char buf[512];
  std::snprintf(buf, sizeof buf, "%-20s %12s %12s %10s %9s %10s %10s %9s %9s %12s %7s %7s\n", "option",
                "total $", "on-demand $", "spot $", "storage $", "control $", "auto-mode $",
                "task-h", "inst-h", "unserved t-s", "util %", "interr.");
  out += buf;
  out += std::string(141, '-') + "\n";
  for (const auto& o : r) {
    double ih = 0;
    for (const auto& [t, h] : o.instance_hours) ih += h;
    std::snprintf(buf, sizeof buf, "%-20s %12.4f %12.4f %10.4f %9.4f %10.4f %10.4f %9.2f %9.2f %12.0f %7.1f %7lld\n",
                  o.option.c_str(), o.total_usd, line(o, "compute_on_demand"), line(o, "compute_spot"),
                  line(o, "storage"), line(o, "control_plane"), line(o, "auto_mode_fee"), o.task_hours,
                  ih, o.unserved_task_seconds, 100.0 * o.mean_utilisation,
                  static_cast<long long>(o.spot_interruptions));
    out += buf;
  }
  for (const auto& o : r)
    if (o.unplaceable_tasks > 0)
      out += "note: " + o.option + ": up to " + std::to_string(o.unplaceable_tasks) +
             " task(s) fit no instance type of the option\n";
  out += "\nOne path (Monte Carlo over many paths is not built yet). unserved t-s: demand above\n"
         "serving tasks, in task-seconds. util %: demand served / paid capacity. interr.: Spot\n"
         "interruptions.\n";
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
