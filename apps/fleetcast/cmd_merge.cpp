// fleetcast merge: shards' partial-state files into the single-run result.
#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "fleetcast/io/mc_report.hpp"
#include "fleetcast/io/run_files.hpp"

namespace fleetcast::cli {
namespace {

class merge_command final : public command {
 public:
  void add_to(CLI::App& app) override {
    cmd_ = app.add_subcommand("merge", "merge shards' partial-state files in block order: the single-run result, to the bit");
    cmd_->add_option("PART", files_, "partial-state files written by simulate --shard")->required();
    cmd_->add_flag("--no-timing", no_timing_, "leave the timing out of JSON");
    add_common(*cmd_, opts_);
    cmd_->remove_option(cmd_->get_option("--catalog"));
  }
  [[nodiscard]] bool chosen() const override { return cmd_->parsed(); }
  int run(const context& ctx) override {
    const merged_run m = merge_shard_files(files_, ctx.limits);
    emit(opts_,
         opts_.format == "json"  ? mc_results_to_json(m.scenario, m.result, !no_timing_)
         : opts_.format == "csv" ? mc_results_to_csv(m.scenario, m.result)
                                 : mc_results_to_table(m.scenario, m.result),
         ctx.out);
    return 0;
  }

 private:
  CLI::App* cmd_ = nullptr;
  common_options opts_;
  std::vector<std::string> files_;
  bool no_timing_ = false;
};

}  // namespace

std::unique_ptr<command> make_merge_command() {
  return std::make_unique<merge_command>();
}

}  // namespace fleetcast::cli
