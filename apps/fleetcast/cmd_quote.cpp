// fleetcast quote: a steady fleet's invoice.
#include <CLI/CLI.hpp>
#include <ostream>

#include "commands.hpp"
#include "fleetcast/core/error.hpp"
#include "fleetcast/examples.hpp"
#include "fleetcast/io/files.hpp"
#include "fleetcast/io/quote_json.hpp"

namespace fleetcast::cli {
namespace {

std::string render_invoice(const invoice& inv, const std::string& format) {
  if (format == "json") return invoice_to_json(inv);
  if (format == "csv") return invoice_to_csv(inv);
  return invoice_to_table(inv);
}

class quote_command final : public command {
 public:
  void add_to(CLI::App& app) override {
    cmd_ = app.add_subcommand("quote", "price a steady fleet of Fargate tasks, EC2 instances and EKS clusters");
    cmd_->add_option("FILE", file_, "fleet JSON (format in the README)");
    cmd_->add_flag("--example", example_, "price the built-in example (examples/quote-payments-api.json)");
    add_common(*cmd_, opts_);
  }
  [[nodiscard]] bool chosen() const override { return cmd_->parsed(); }
  int run(const context& ctx) override {
    if (example_ == !file_.empty())
      throw input_error(errid::usage, "command line", "quote needs a FILE or --example (not both)");
    std::string text = example_ ? std::string(example_quote_json()) : read_text_file(file_, ctx.limits);
    std::optional<price_catalog> store;
    const price_catalog& cat = pick_catalog_for(opts_, store, ctx, text);  // the fleet's region, or --region
    const fleet f = parse_fleet(text, example_ ? "examples/quote-payments-api.json" : file_, ctx.limits);
    emit(opts_, render_invoice(quote_fleet(f, cat, place_style::json_pointer), opts_.format), ctx.out);
    return 0;
  }

 private:
  CLI::App* cmd_ = nullptr;
  common_options opts_;
  std::string file_;
  bool example_ = false;
};

}  // namespace

std::unique_ptr<command> make_quote_command() {
  return std::make_unique<quote_command>();
}

}  // namespace fleetcast::cli
