// fleetcast commit apply | optimize: Savings Plans and Reserved Instances.
#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "fleetcast/core/error.hpp"
#include "fleetcast/examples.hpp"
#include "fleetcast/io/commit_json.hpp"
#include "fleetcast/io/files.hpp"
#include "fleetcast/io/scenario_json.hpp"
#include "fleetcast/mc/commitment_sweep.hpp"

namespace fleetcast::cli {
namespace {

class commit_command final : public command {
 public:
  void add_to(CLI::App& app) override {
    CLI::App* commit = app.add_subcommand("commit", "Savings Plans and Reserved Instances");
    commit->require_subcommand(1);
    apply_ = commit->add_subcommand("apply", "apply commitments to an hourly usage ledger, hour by hour, in AWS's order");
    apply_->add_option("FILE", apply_file_, "usage ledger with commitments (format in the README)")->required();
    add_common(*apply_, apply_opts_);
    apply_->get_option("--format")->check(CLI::IsMember({"table", "json"}));

    optimize_ = commit->add_subcommand(
        "optimize", "sweep a Savings Plan's hourly commitment over the Monte Carlo trials of a scenario file");
    optimize_->add_option("FILE", file_, "scenario JSON");
    optimize_->add_flag("--example", example_, "use the built-in example scenario");
    optimize_->add_option("--type", type_, "compute_sp or ec2_instance_sp")
        ->required()
        ->check(CLI::IsMember({"compute_sp", "ec2_instance_sp"}));
    optimize_->add_option("--term", term_, "1y or 3y (default 1y)")->check(CLI::IsMember({"1y", "3y"}));
    optimize_->add_option("--payment", payment_, "no_upfront (default), partial_upfront or all_upfront")
        ->check(CLI::IsMember({"no_upfront", "partial_upfront", "all_upfront"}));
    optimize_->add_option("--option", option_, "the option to size the plan for (default: the first)");
    optimize_->add_option("--family", family_, "ec2_instance_sp: the instance family (default: the one holding at least 90 % of the option's "
                          "On-Demand EC2 spend; refused, with the families listed, when none does)");
    optimize_->add_option("--levels", levels_, "grid steps from 0 to the top level (default 40)");
    optimize_->add_option("--max-level", max_level_,
                          "top of the grid in USD per hour (default: the highest hourly spend at plan rates in a pilot)");
    add_renamed_option(*optimize_, "--trials", "--scenarios", scenarios_,
                       "Monte Carlo trials (default: the file's monte_carlo.scenarios)");
    optimize_->add_option("--seed", seed_, "seed (default: the file's)");
    optimize_->add_option("--threads", threads_, "worker threads (default: one per core this process may use)");
    optimize_->add_flag("--no-timing", no_timing_, "leave the timing out of JSON");
    add_common(*optimize_, opts_);
  }
  [[nodiscard]] bool chosen() const override { return apply_->parsed() || optimize_->parsed(); }
  int run(const context& ctx) override { return apply_->parsed() ? run_apply(ctx) : run_optimize(ctx); }

 private:
  int run_apply(const context& ctx) {
    std::optional<price_catalog> store;
    const price_catalog& cat = pick_catalog(apply_opts_, store, ctx.limits);
    note_region_estimates(apply_opts_, cat, ctx);
    const commitment_ledger ledger =
        parse_commitment_ledger(read_text_file(apply_file_, ctx.limits), apply_file_, cat, ctx.limits);
    const auto applied = apply_ledger(ledger);
    emit(apply_opts_,
         apply_opts_.format == "json" ? commitment_report_to_json(ledger, applied)
                                      : commitment_report_to_table(ledger, applied),
         ctx.out);
    return 0;
  }

  int run_optimize(const context& ctx) {
    if (example_ == !file_.empty())
      throw input_error(errid::usage, "command line", "commit optimize needs a FILE or --example (not both)");
    auto [sc_text, sc_source] =
        example_ ? std::pair<std::string, std::string>{std::string(example_scenario_json()), "examples/payments-api.json"}
                 : scenario_text(file_, ctx.limits);
    std::optional<price_catalog> store;
    const price_catalog& cat = pick_catalog_for(opts_, store, ctx, sc_text);  // the scenario's region, or --region
    const sim::scenario sc = parse_scenario(sc_text, sc_source, cat, ctx.limits);
    mc::sweep_config cfg;
    // CLI11 has checked both names against the lists above.
    cfg.type = *parse_among(type_, all_commitment_types);
    cfg.term_years = term_ == "3y" ? 3 : 1;
    cfg.payment = *parse_among(payment_, all_payment_options);
    cfg.family = family_;
    if (!option_.empty()) {
      cfg.option = sc.options.size();
      for (std::size_t i = 0; i < sc.options.size(); ++i)
        if (sc.options[i].name == option_) cfg.option = i;
      if (cfg.option == sc.options.size())
        throw input_error(errid::usage, "--option", "\"" + option_ + "\" is not an option of the scenario");
    }
    if (levels_ < 1 || levels_ > 1000)
      throw input_error(errid::out_of_range, "--levels", std::to_string(levels_) + " is not in 1 … 1000");
    if (!(max_level_ >= 0 && max_level_ <= 1e6))
      throw input_error(errid::out_of_range, "--max-level", detail_number(max_level_) + " is not in 0 … 1e6");
    const std::int64_t n = scenarios_.value_or(sc.scenarios);
    if (n < 1 || n > 10'000'000)
      throw input_error(errid::out_of_range, "--trials", std::to_string(n) + " is not in 1 … 10000000");
    if (threads_ > max_threads)
      throw input_error(errid::out_of_range, "--threads", std::to_string(threads_) + " is above " + std::to_string(max_threads));
    check_run_work(sc, 1, std::uint64_t(n), scenarios_ ? "--trials" : "/monte_carlo/scenarios", false, ctx.limits);
    cfg.grid_levels = levels_;
    cfg.max_level = max_level_;
    cfg.scenarios = std::uint64_t(n);
    cfg.seed = seed_.value_or(sc.seed);
    cfg.threads = threads_;
    const mc::sweep_result r = mc::sweep_commitment(sc, cat, cfg);
    emit(opts_,
         opts_.format == "json"  ? sweep_to_json(sc, r, !no_timing_)
         : opts_.format == "csv" ? sweep_to_csv(sc, r)
                                 : sweep_to_table(sc, r),
         ctx.out);
    return 0;
  }

  CLI::App* apply_ = nullptr;
  CLI::App* optimize_ = nullptr;
  common_options apply_opts_;
  std::string apply_file_;

  common_options opts_;
  std::string file_, type_, term_ = "1y", payment_ = "no_upfront", option_, family_;
  std::optional<std::int64_t> scenarios_;
  std::optional<std::uint64_t> seed_;
  unsigned threads_ = 0;
  int levels_ = 40;
  double max_level_ = 0;
  bool example_ = false, no_timing_ = false;
};

}  // namespace

std::unique_ptr<command> make_commit_command() {
  return std::make_unique<commit_command>();
}

}  // namespace fleetcast::cli
