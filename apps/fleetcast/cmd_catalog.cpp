// fleetcast catalog: validate and list a price catalog.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "commands.hpp"
#include "fleetcast/core/error.hpp"

namespace fleetcast::cli {
namespace {

std::string render_catalog(const price_catalog& c) {
  std::string s = "catalog " + c.region + " (" + c.currency + "), figures as of " + c.as_of + "\n\n";
  char buf[256];
  std::snprintf(buf, sizeof buf, "%-13s %5s %8s %7s %9s %12s %12s  %-11s  %s\n", "type", "vCPU", "mem GiB",
                "arch", "max pods", "on-demand/h", "spot/h", "spot bucket", "GPUs");
  s += buf;
  for (const auto& t : c.ec2.types) {
    const std::string gpus = t.gpus > 0 ? std::to_string(t.gpus) + " x " + t.gpu_name : "-";
    std::snprintf(buf, sizeof buf, "%-13s %5d %8g %7s %9d %12.6g %12.6g  %-11s  %s\n", t.name.c_str(), t.vcpu,
                  t.memory_mib / 1024.0, std::string(to_string(t.arch)).c_str(), t.eks_max_pods,
                  t.on_demand.effective_per_hour(), t.spot_usd_per_hour(),
                  t.spot.interruption_bucket.c_str(), gpus.c_str());
    s += buf;
  }
  s += "\nsources:\n";
  for (const auto& src : c.sources)
    s += "  " + src.id + " [" + src.confidence + ", " + src.date + "] " + src.title + "\n";
  return s;
}

/// One line per built-in region: its EC2 types, date and how many of its sources are estimates.
std::string render_regions() {
  std::string s =
      "built-in catalogs (choose one with --region R; for another region see `fleetcast pricing import`)\n\n";
  char buf[256];
  std::snprintf(buf, sizeof buf, "%-15s %9s  %-10s  %s\n", "region", "EC2 types", "as of", "sources that are estimates");
  s += buf;
  for (const auto& region : built_in_regions()) {
    const price_catalog& c = built_in_catalog(region);
    std::size_t estimates = 0;
    for (const auto& src : c.sources) estimates += src.confidence == "estimate" ? 1 : 0;
    std::snprintf(buf, sizeof buf, "%-15s %9zu  %-10s  %zu of %zu\n", c.region.c_str(), c.ec2.types.size(),
                  c.as_of.c_str(), estimates, c.sources.size());
    s += buf;
  }
  return s;
}

class catalog_command final : public command {
 public:
  void add_to(CLI::App& app) override {
    cmd_ = app.add_subcommand("catalog", "validate and list a price catalog");
    add_common(*cmd_, opts_, false);
    cmd_->add_flag("--regions", regions_, "list the regions with a built-in catalog instead");
  }
  [[nodiscard]] bool chosen() const override { return cmd_->parsed(); }
  int run(const context& ctx) override {
    if (regions_) {
      if (!opts_.catalog_path.empty() || !opts_.region.empty())
        throw input_error(errid::usage, "--regions", "lists the built-in catalogs; leave out --catalog and --region");
      emit(opts_, render_regions(), ctx.out);
      return 0;
    }
    std::optional<price_catalog> store;
    emit(opts_, render_catalog(pick_catalog(opts_, store, ctx.limits)), ctx.out);
    return 0;
  }

 private:
  CLI::App* cmd_ = nullptr;
  common_options opts_;
  bool regions_ = false;
};

}  // namespace

std::unique_ptr<command> make_catalog_command() {
  return std::make_unique<catalog_command>();
}

}  // namespace fleetcast::cli
