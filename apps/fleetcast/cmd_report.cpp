// fleetcast report: a simulate or pack JSON result as one HTML file.
#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "fleetcast/io/files.hpp"
#include "fleetcast/io/report_html.hpp"

namespace fleetcast::cli {
namespace {

class report_command final : public command {
 public:
  void add_to(CLI::App& app) override {
    cmd_ = app.add_subcommand(
        "report", "render a simulate (Monte Carlo) or pack --heuristic all JSON result as one self-contained HTML file");
    cmd_->add_option("RESULT", file_, "the JSON result")->required();
    cmd_->add_option("-o,--output", opts_.output, "write the HTML here (atomically) instead of stdout");
  }
  [[nodiscard]] bool chosen() const override { return cmd_->parsed(); }
  int run(const context& ctx) override {
    emit(opts_, render_html_report(read_text_file(file_, ctx.limits), file_, ctx.limits), ctx.out);
    return 0;
  }

 private:
  CLI::App* cmd_ = nullptr;
  common_options opts_;
  std::string file_;
};

}  // namespace

std::unique_ptr<command> make_report_command() {
  return std::make_unique<report_command>();
}

}  // namespace fleetcast::cli
