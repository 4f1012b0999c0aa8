// fleetcast import: ECS and Kubernetes definitions into a scenario to edit.
#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "fleetcast/io/scenario_json.hpp"

namespace fleetcast::cli {
namespace {

class import_command final : public command {
 public:
  void add_to(CLI::App& app) override {
    cmd_ = app.add_subcommand("import", "turn ECS task/service definitions and Kubernetes manifests into a scenario to edit");
    cmd_->add_option("FILE", files_, "ECS JSON, Kubernetes YAML or JSON files")->required();
    cmd_->add_option("--name", name_, "scenario name (default: the first file's name)");
    cmd_->add_option("--catalog", opts_.catalog_path, "price catalog JSON to validate the scenario against");
    add_region(*cmd_, opts_);
    cmd_->add_option("-o,--output", opts_.output, "write the scenario to this file (atomically) instead of stdout");
  }
  [[nodiscard]] bool chosen() const override { return cmd_->parsed(); }
  int run(const context& ctx) override {
    std::vector<skipped_option> skipped;
    std::string text = scenario_from_workload_files(files_, name_, ctx.limits, &skipped);
    std::optional<price_catalog> store;
    const price_catalog& cat = pick_catalog_for(opts_, store, ctx, text);  // --region: the scenario's region
    (void)parse_scenario(text, "imported scenario", cat, ctx.limits);  // what import writes, simulate reads
    emit(opts_, text, ctx.out);
    // One line per option left out (also under "$not_generated" in the scenario), on stderr so
    // that stdout stays the scenario.
    for (const auto& s : skipped)
      ctx.err << "fleetcast import: option " << s.option << " not generated: " << s.reason << "\n";
    return 0;
  }

 private:
  CLI::App* cmd_ = nullptr;
  common_options opts_;
  std::vector<std::string> files_;
  std::string name_;
};

}  // namespace

std::unique_ptr<command> make_import_command() {
  return std::make_unique<import_command>();
}

}  // namespace fleetcast::cli
