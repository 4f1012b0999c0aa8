// fleetcast merge: shards' partial-state files into the single-run result.
#include <CLI/CLI.hpp>

#include <algorithm>

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
    cmd_->add_flag("--wide", wide_, "the table of every statistic per option instead of the 100-column summary");
    add_common(*cmd_, opts_);
    cmd_->remove_option(cmd_->get_option("--catalog"));
  }
  [[nodiscard]] bool chosen() const override { return cmd_->parsed(); }
  int run(const context& ctx) override {
    const merged_run m = merge_shard_files(files_, ctx.limits);
    // The same monthly figures and verdict as the single run (what-ifs on the same trials).
    digest_settings ds;
    ds.what_if_trials = std::min<std::uint64_t>(m.result.scenarios, 200);
    const run_digest digest = digest_run(m.scenario, m.result, m.catalog, ds);
    emit(opts_,
         opts_.format == "json"  ? mc_results_to_json(m.scenario, m.result, !no_timing_, nullptr, &digest)
         : opts_.format == "csv" ? mc_results_to_csv(m.scenario, m.result, &digest)
                                 : mc_results_to_table(m.scenario, m.result, digest, wide_),
         ctx.out);
    return 0;
  }

 private:
  CLI::App* cmd_ = nullptr;
  common_options opts_;
  std::vector<std::string> files_;
  bool no_timing_ = false, wide_ = false;
};

}  // namespace

std::unique_ptr<command> make_merge_command() {
  return std::make_unique<merge_command>();
}

}  // namespace fleetcast::cli
