// fleetcast actuals: read FOCUS bills, recognise the rows of containers and their surroundings,
// and reprice them against the catalog of each row's region.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>

#include "commands.hpp"
#include "fleetcast/billing/actuals.hpp"
#include "fleetcast/io/actuals_report.hpp"
#include "fleetcast/io/bill_csv.hpp"
#include "fleetcast/io/bill_scenario.hpp"
#include "fleetcast/io/files.hpp"
#include "fleetcast/io/scenario_json.hpp"

namespace fleetcast::cli {
namespace {

class actuals_command final : public command {
 public:
  void add_to(CLI::App& app) override {
    cmd_ = app.add_subcommand(
        "actuals",
        "read FOCUS 1.0-1.2 bills (CSV; '-' for stdin), find the container rows and compare their list prices with "
        "fleetcast's catalog");
    cmd_->add_option("BILL", files_, "FOCUS CSV bills (AWS Data Exports' FOCUS table, or simulate --focus)")->required();
    add_common(*cmd_, opts_);
    cmd_->remove_option(cmd_->get_option("--region"));
    cmd_->get_option("--catalog")->description(
        "price catalog JSON for its region (from fleetcast pricing import); other regions use the built-in catalogs");
    cmd_->add_option("--scenario", scenario_,
                     "also write the bill's hourly Fargate and EC2 usage as a scenario (traces beside it): an as-is option "
                     "that reproduces the bill and other options on the same demand; fleetcast simulate OUT.json compares "
                     "them (needs an hourly bill)");
    cmd_->add_option("--utilisation", utilisation_,
                     "with --scenario, EC2 nodes: the share (0-1] of each billed node's allocatable CPU and memory the "
                     "workload used; the demand is that share of the nodes billed (default 1: the capacity you paid for)");
    cmd_->add_option("--block-hours", block_hours_,
                     "with --scenario: trials resample the billed hours in blocks of this many hours (default 24, the "
                     "daily shape kept); 0 replays them as billed in one trial");
    cmd_->add_option("--trials", trials_, "with --scenario: Monte Carlo trials the scenario asks for (default 200)");
  }
  [[nodiscard]] bool chosen() const override { return cmd_->parsed(); }
  int run(const context& ctx) override {
    std::optional<price_catalog> store;
    const price_catalog* given = opts_.catalog_path.empty() ? nullptr : &pick_catalog(opts_, store, ctx.limits);
    const std::vector<std::string> built_in = built_in_regions();
    actuals_accumulator acc([&](std::string_view region) -> const price_catalog* {
      if (given && given->region == region) return given;
      if (std::find(built_in.begin(), built_in.end(), region) != built_in.end()) return &built_in_catalog(region);
      return nullptr;
    });
    if (scenario_.empty() && (cmd_->count("--utilisation") || cmd_->count("--block-hours") || cmd_->count("--trials")))
      throw input_error(errid::usage, "command line", "--utilisation, --block-hours and --trials go with --scenario OUT.json");
    if (!(utilisation_ > 0 && utilisation_ <= 1))
      throw input_error(errid::usage, "--utilisation",
                        detail_number(utilisation_) + " is not a share in (0, 1] (0.6 = 60 % of each node used)");
    if (!(block_hours_ >= 0 && block_hours_ <= 24 * 366))
      throw input_error(errid::usage, "--block-hours", "give 0 (replay as billed) or a block length in hours, up to 8784");
    if (trials_ < 1 || trials_ > 10'000'000)
      throw input_error(errid::usage, "--trials", std::to_string(trials_) + " is outside 1..10000000");
    focus_bill_reader reader(acc, ctx.limits);
    bill_workload_accumulator workload;
    if (!scenario_.empty()) reader.also_to(workload);
    for (const auto& f : files_) {
      if (f == "-") {
        reader.read(std::cin, "<stdin>");
      } else {
        reader.read_file(f);
      }
    }
    const actuals_summary s = acc.summary();
    if (!scenario_.empty()) write_scenario(s, workload, given, built_in, ctx);
    emit(opts_,
         opts_.format == "json"  ? actuals_to_json(s)
         : opts_.format == "csv" ? actuals_to_csv(s)
                                 : actuals_to_table(s),
         ctx.out);
    return 0;
  }

 private:
  /// The replay: the catalog of the region with the most container cost, the scenario and its
  /// traces written (traces first, the scenario last once it reads back valid).
  void write_scenario(const actuals_summary& s, const bill_workload_accumulator& workload, const price_catalog* given,
                      const std::vector<std::string>& built_in, const context& ctx) const {
    std::map<std::string, double> by_region;
    for (const auto& g : s.groups)
      if (g.category == actual_category::fargate_vcpu || g.category == actual_category::fargate_memory ||
          g.category == actual_category::ec2_instance)
        by_region[g.region] += g.billed_cost_usd;
    std::string region = given ? given->region : "us-east-1";
    double most = -1;
    for (const auto& [r, usd] : by_region)
      if (usd > most && !r.empty()) most = usd, region = r;
    const price_catalog* cat = nullptr;
    if (given && given->region == region) cat = given;
    else if (std::find(built_in.begin(), built_in.end(), region) != built_in.end()) cat = &built_in_catalog(region);
    if (!cat)
      throw input_error(errid::usage, "--scenario",
                        "the bill's container usage is in " + region +
                            ", which has no built-in catalog: give --catalog FILE for it (fleetcast pricing import)");
    if (by_region.size() > 1)
      ctx.err << "note: the bill has container usage in " << by_region.size() << " regions; the scenario prices all of it in "
                << region << "\n";
    bill_scenario_settings st;
    st.replay.utilisation = utilisation_;
    st.block_hours = block_hours_;
    st.trials = trials_;
    const std::filesystem::path out(scenario_);
    const bill_scenario_files files = bill_to_scenario(workload.summary(*cat, st.replay), *cat, st, out.stem().string());
    std::vector<std::string> written;
    try {
      for (const auto& [name, text] : files.traces) {
        const std::string path = (out.parent_path() / name).string();
        write_file_atomic(path, text);
        written.push_back(path);
      }
      (void)parse_scenario(files.scenario_json, scenario_, *cat, ctx.limits);  // what simulate will read
      write_file_atomic(scenario_, files.scenario_json);
    } catch (...) {
      std::error_code ec;
      for (const auto& p : written) std::filesystem::remove(p, ec);
      throw;
    }
    ctx.err << "wrote " << scenario_ << " and " << files.traces.size() << " trace(s): " << files.summary
              << "\nnext: fleetcast simulate " << scenario_ << "\n";
  }

  CLI::App* cmd_ = nullptr;
  common_options opts_;
  std::vector<std::string> files_;
  std::string scenario_;
  double utilisation_ = 1.0;
  double block_hours_ = 24;
  std::int64_t trials_ = 200;
};

}  // namespace

std::unique_ptr<command> make_actuals_command() {
  return std::make_unique<actuals_command>();
}

}  // namespace fleetcast::cli
