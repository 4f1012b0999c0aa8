// fleetcast pack: one packing problem, one heuristic or all, against lower bounds.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "commands.hpp"
#include "fleetcast/core/error.hpp"
#include "fleetcast/io/files.hpp"
#include "fleetcast/io/pack_json.hpp"
#include "fleetcast/packing/exact.hpp"
#include "fleetcast/packing/improve.hpp"
#include "fleetcast/packing/pack.hpp"

namespace fleetcast::cli {
namespace {

class pack_command final : public command {
 public:
  void add_to(CLI::App& app) override {
    opts_.format = "table";
    cmd_ = app.add_subcommand("pack", "pack tasks onto instance types with one heuristic or all, against lower bounds");
    cmd_->add_option("FILE", file_, "packing problem JSON (format in the README)")->required();
    cmd_->add_option("--heuristic", heuristic_,
                     "a heuristic name, all, or exact (default: the file's, else ffd_sum)");
    cmd_->add_option("--time-limit", time_limit_,
                     "seconds --heuristic exact may take (default 10); it reports the best packing found by then");
    cmd_->add_option("--type-choice", type_choice_,
                     "instance type for new bins: fixed, cheapest, karpenter, least-waste, price");
    cmd_->add_option("--seed", seed_, "seed of the random heuristic");
    cmd_->add_option("--improve", improve_s_,
                     "then improve each result by local search for up to S seconds (empties bins; never worse)");
    cmd_->add_option("--catalog", opts_.catalog_path, "price catalog JSON");
    add_region(*cmd_, opts_);
    cmd_->add_option("--format", opts_.format, "output format")->check(CLI::IsMember({"table", "json"}));
    cmd_->add_option("-o,--output", opts_.output, "write to this file (atomically) instead of stdout");
  }
  [[nodiscard]] bool chosen() const override { return cmd_->parsed(); }
  /// --heuristic exact: column generation on CLP/CBC within --time-limit (packing/exact.hpp).
  int run_exact(const pack_request& req, const context& ctx) {
    packing::exact_options o;
    if (time_limit_) {
      if (!(*time_limit_ > 0) || !std::isfinite(*time_limit_)) {
        char v[32];
        std::snprintf(v, sizeof v, "%g", *time_limit_);
        throw input_error(errid::out_of_range, "--time-limit",
                          std::string(v) + " is not a positive number of seconds; give e.g. 10");
      }
      o.time_limit_seconds = *time_limit_;
    }
    auto r = packing::solve_exact<packing::platform_dims>(req.problem, req.choice, o);
    pack_exact_summary e{std::string(packing::to_string(r.status)), r.cost_bound, r.bins_bound, r.lp_bound,
                         r.lp_converged, r.gap, o.time_limit_seconds, r.time_limit_reached, r.columns, r.start};
    std::vector<pack_report> reports;
    reports.push_back({std::move(r.packing), r.seconds, std::nullopt, std::move(e)});
    emit(opts_,
         opts_.format == "json" ? pack_reports_to_json(req, reports, false) : pack_reports_to_table(req, reports),
         ctx.out);
    return 0;
  }
  int run(const context& ctx) override {
    std::optional<price_catalog> store;
    const price_catalog& cat = pick_catalog(opts_, store, ctx.limits);  // --region's, else us-east-1's
    note_region_estimates(opts_, cat, ctx);
    pack_request req = parse_pack_request(read_text_file(file_, ctx.limits), file_, cat, ctx.limits);
    if (!type_choice_.empty()) {
      const auto p = packing::parse_type_policy(type_choice_);
      if (!p)
        throw input_error(errid::bad_enum, "--type-choice",
                          "\"" + type_choice_ + "\" is not one of fixed, cheapest, karpenter, least-waste, price");
      req.choice.policy = *p;
    }
    if (seed_) req.seed = *seed_;
    std::string h = !heuristic_.empty() ? heuristic_ : !req.heuristic.empty() ? req.heuristic : "ffd_sum";
    if (time_limit_ && h != "exact")
      throw input_error(errid::usage, "--time-limit", "applies to --heuristic exact only");
    if (improve_s_ && h == "exact")
      throw input_error(errid::usage, "--improve",
                        "applies to the heuristics; --heuristic exact searches within --time-limit instead");
    if (h == "exact") return run_exact(req, ctx);
    std::vector<std::string> names = h == "all" ? packing::heuristic_names() : std::vector<std::string>{h};
    const auto known = packing::heuristic_names();
    if (h != "all" && std::find(known.begin(), known.end(), h) == known.end()) {
      std::string list = "all, exact";
      for (const auto& k : known) list += ", " + k;
      throw input_error(errid::bad_enum, heuristic_.empty() ? "/heuristic" : "--heuristic",
                        "\"" + h + "\" is not one of " + list);
    }
    packing::improve_options improve;
    if (improve_s_) {
      if (!(*improve_s_ >= 0) || !(*improve_s_ < 1e9))
        throw input_error(errid::out_of_range, "--improve",
                          std::to_string(*improve_s_) + " is not a budget: give seconds >= 0 (0 = no improvement)");
      improve.seconds = *improve_s_;
      improve.seed = req.seed;
    }
    std::vector<pack_report> reports;
    for (const auto& name : names) {
      const auto t0 = std::chrono::steady_clock::now();
      auto result = packing::pack_with_bounds<packing::platform_dims>(name, req.problem, req.choice, req.seed);
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::optional<packing::improve_stats> stats;
      if (improve_s_) {
        stats.emplace();
        result = packing::improve<packing::platform_dims>(req.problem, result, req.choice, improve, &*stats);
      }
      reports.push_back({std::move(result), secs, stats, std::nullopt});
    }
    if (h == "all")
      std::stable_sort(reports.begin(), reports.end(),
                       [](const auto& a, const auto& b) { return packing::better(a.result, b.result); });
    emit(opts_,
         opts_.format == "json" ? pack_reports_to_json(req, reports, h == "all") : pack_reports_to_table(req, reports),
         ctx.out);
    return 0;
  }

 private:
  CLI::App* cmd_ = nullptr;
  common_options opts_;
  std::string file_, heuristic_, type_choice_;
  std::optional<std::uint64_t> seed_;
  std::optional<double> improve_s_;
  std::optional<double> time_limit_;
};

}  // namespace

std::unique_ptr<command> make_pack_command() {
  return std::make_unique<pack_command>();
}

}  // namespace fleetcast::cli
