// fleetcast pricing import: AWS Price List offer files into a catalog.
#include <CLI/CLI.hpp>
#include <ostream>

#include "commands.hpp"
#include "fleetcast/io/files.hpp"
#include "fleetcast/io/price_list_import.hpp"

namespace fleetcast::cli {
namespace {

class pricing_command final : public command {
 public:
  void add_to(CLI::App& app) override {
    CLI::App* pricing = app.add_subcommand("pricing", "price catalogs from AWS Price List offer files");
    pricing->require_subcommand(1);
    import_ = pricing->add_subcommand(
        "import", "stream AWS Price List offer files (AmazonEC2, AmazonECS, AmazonEKS) into a fleetcast catalog");
    import_->add_option("--offer", offers_, "an offer file (repeatable)")->required();
    import_->add_option("--region", region_, "region code (default us-east-1)");
    import_->add_option("--base", base_, "catalog whose prices are replaced (default: the built-in one)");
    import_->add_option("-o,--output", output_, "write the catalog here (atomically); a summary goes to stdout");
  }
  [[nodiscard]] bool chosen() const override { return import_->parsed(); }
  int run(const context& ctx) override {
    std::ostream& out = ctx.out;
    const std::string base = base_.empty() ? std::string() : read_text_file(base_, ctx.limits);
    const price_list_import_report rep =
        import_price_lists(offers_, region_, base, base_.empty() ? "built-in catalog" : base_, ctx.limits);
    if (output_.empty()) {
      out << rep.catalog_json;
    } else {
      write_file_atomic(output_, rep.catalog_json);
      out << "wrote " << output_ << " for " << region_ << "\n";
      for (const auto& o : rep.offers)
        out << "  " << o.offer_code << " " << o.version << " (" << o.path << "): " << o.products_read << " products, "
            << o.products_in_region << " in the region, " << o.products_kept << " used\n";
      out << "  " << rep.changes.size() << " figures replaced (" << rep.instance_types_updated << " instance types), "
          << rep.not_replaced.size() << " kept from the base, " << rep.skipped_types.size()
          << " instance types not in the base skipped\n";
      for (const auto& w : rep.warnings) out << "  warning: " << w << "\n";
    }
    return 0;
  }

 private:
  CLI::App* import_ = nullptr;
  std::vector<std::string> offers_;
  std::string region_ = "us-east-1", base_, output_;
};

}  // namespace

std::unique_ptr<command> make_pricing_command() {
  return std::make_unique<pricing_command>();
}

}  // namespace fleetcast::cli
