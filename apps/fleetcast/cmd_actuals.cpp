// fleetcast actuals: read FOCUS bills, recognise the rows of containers and their surroundings,
// and reprice them against the catalog of each row's region.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>

#include "commands.hpp"
#include "fleetcast/billing/actuals.hpp"
#include "fleetcast/io/actuals_report.hpp"
#include "fleetcast/io/bill_csv.hpp"

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
    focus_bill_reader reader(acc, ctx.limits);
    for (const auto& f : files_) {
      if (f == "-") {
        reader.read(std::cin, "<stdin>");
      } else {
        reader.read_file(f);
      }
    }
    const actuals_summary s = acc.summary();
    emit(opts_,
         opts_.format == "json"  ? actuals_to_json(s)
         : opts_.format == "csv" ? actuals_to_csv(s)
                                 : actuals_to_table(s),
         ctx.out);
    return 0;
  }

 private:
  CLI::App* cmd_ = nullptr;
  common_options opts_;
  std::vector<std::string> files_;
};

}  // namespace

std::unique_ptr<command> make_actuals_command() {
  return std::make_unique<actuals_command>();
}

}  // namespace fleetcast::cli
