// fleetcast import: a whole application (a directory, or files) of ECS task definitions and
// Kubernetes manifests into a scenario with every option that can run it.
#include <CLI/CLI.hpp>
#include <filesystem>

#include "commands.hpp"
#include "fleetcast/io/app_import.hpp"
#include "fleetcast/io/files.hpp"
#include "fleetcast/io/scenario_json.hpp"
#include "fleetcast/io/workload_scenario.hpp"

namespace fleetcast::cli {
namespace {

/// The schema's file name beside the scenario; `$schema` names it relative to the scenario.
constexpr const char* schema_file_name = "scenario.schema.json";

class import_command final : public command {
 public:
  void add_to(CLI::App& app) override {
    cmd_ = app.add_subcommand(
        "import",
        "turn an application (a directory, or files) of ECS task definitions and Kubernetes manifests into a "
        "scenario with every option that can run it");
    cmd_->add_option("PATH", paths_,
                     "a directory (searched for .yaml, .yml, .json; a kustomization.yaml's resources are followed), "
                     "or files, read together as one application")
        ->required();
    cmd_->add_option("--name", name_, "scenario name (default: the directory's name, or the file's)");
    cmd_->add_option("--catalog", opts_.catalog_path, "price catalog JSON to validate the scenario against");
    add_region(*cmd_, opts_);
    cmd_->add_option("-o,--output", opts_.output,
                     "write the scenario to this file (atomically) instead of stdout, and scenario.schema.json "
                     "beside it for editors");
    cmd_->add_flag("-q,--quiet", quiet_, "do not print the summary of what was imported on stderr");
  }
  [[nodiscard]] bool chosen() const override { return cmd_->parsed(); }
  int run(const context& ctx) override {
    imported_app app = import_application(paths_, ctx.limits);
    if (!name_.empty()) app.name = name_;
    // `$schema` resolves relative to the scenario: the schema is written beside it. On stdout
    // there is no place beside it, so no `$schema`.
    std::string text =
        workloads_to_scenario_json(app.workloads, app.name, opts_.output.empty() ? "" : std::string("./") + schema_file_name);
    std::optional<price_catalog> store;
    const price_catalog& cat = pick_catalog_for(opts_, store, ctx, text);  // --region: the scenario's region
    (void)parse_scenario(text, "imported scenario", cat, ctx.limits);  // what import writes, simulate reads
    // The scenario first: when its directory cannot be written, the error names the scenario.
    emit(opts_, text, ctx.out);
    if (!opts_.output.empty()) {
      const std::filesystem::path schema = std::filesystem::path(opts_.output).parent_path() / schema_file_name;
      std::error_code ec;
      // An existing schema is replaced only when it differs (it is this fleetcast's own).
      bool same = false;
      if (std::filesystem::exists(schema, ec)) {
        try {
          same = read_text_file(schema.string(), ctx.limits) == scenario_schema_json();
        } catch (const error&) {
        }
      }
      if (!same) write_file_atomic(schema.string(), scenario_schema_json());
    }
    if (!quiet_) {
      ctx.err << import_summary(app);
      if (!opts_.output.empty())
        ctx.err << "Wrote " << opts_.output << " (and " << schema_file_name
                << " beside it); run: fleetcast simulate " << opts_.output << "\n";
    }
    return 0;
  }

 private:
  CLI::App* cmd_ = nullptr;
  common_options opts_;
  std::vector<std::string> paths_;
  std::string name_;
  bool quiet_ = false;
};

}  // namespace

std::unique_ptr<command> make_import_command() {
  return std::make_unique<import_command>();
}

}  // namespace fleetcast::cli
