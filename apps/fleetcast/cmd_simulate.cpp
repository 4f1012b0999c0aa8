// fleetcast simulate: one path in detail, or a Monte Carlo run (whole, checkpointed, a shard,
// or spread over MPI ranks), with FOCUS, HTML and break-even extras.
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <ostream>

#include "commands.hpp"
#include "fleetcast/core/error.hpp"
#include "fleetcast/examples.hpp"
#include "fleetcast/io/cost_digest.hpp"
#include "fleetcast/io/files.hpp"
#include "fleetcast/io/focus.hpp"
#include "fleetcast/io/mc_report.hpp"
#include "fleetcast/io/partial.hpp"
#include "fleetcast/io/report_html.hpp"
#include "fleetcast/io/run_files.hpp"
#include "fleetcast/io/scenario_json.hpp"
#include "fleetcast/io/sim_report.hpp"
#include "fleetcast/mc/break_even.hpp"
#include "fleetcast/mc/engine.hpp"
#include "fleetcast/sim/simulate.hpp"
#include "mpi_support.hpp"

namespace fleetcast::cli {
namespace {

/// A progress bar with rate and ETA on stderr, only when stderr is a terminal; redrawn at
/// most ten times a second and erased when the run ends.
class progress_bar {
 public:
  explicit progress_bar(std::ostream& err) : err_(err), active_(&err == &std::cerr && ::isatty(2) != 0) {}
  [[nodiscard]] bool active() const noexcept { return active_; }
  void update(std::uint64_t done, std::uint64_t total) {
    const auto now = std::chrono::steady_clock::now();
    if (done < total && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    const double secs = std::chrono::duration<double>(now - start_).count();
    const double rate = secs > 0 ? double(done) / secs : 0;
    const double eta = rate > 0 ? double(total - done) / rate : 0;
    const int width = 30, filled = total ? int(double(width) * double(done) / double(total)) : width;
    char buf[160];
    std::snprintf(buf, sizeof buf, "\r[%-*s] %5.1f%%  %llu/%llu  %.0f/s  ETA %.0f s", width,
                  std::string(std::size_t(filled), '#').c_str(), total ? 100.0 * double(done) / double(total) : 100.0,
                  static_cast<unsigned long long>(done), static_cast<unsigned long long>(total), rate, eta);
    err_ << buf << std::flush;
    drawn_ = true;
  }
  void finish() {
    if (drawn_) err_ << "\r\033[K" << std::flush;
    drawn_ = false;
  }
  ~progress_bar() { finish(); }

 private:
  std::ostream& err_;
  bool active_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now(), last_{};
};

/// "I/K", "/K" or "K" (the index then from SLURM_ARRAY_TASK_ID, AWS_BATCH_JOB_ARRAY_INDEX or
/// JOB_COMPLETION_INDEX).
std::pair<std::uint64_t, std::uint64_t> parse_shard(const std::string& spec) {
  const auto slash = spec.find('/');
  std::string index = slash == std::string::npos ? "" : spec.substr(0, slash);
  const std::string count = slash == std::string::npos ? spec : spec.substr(slash + 1);
  auto number = [&](const std::string& v, const char* what) {
    if (v.empty() || v.size() > 9 || v.find_first_not_of("0123456789") != std::string::npos)
      throw input_error(errid::out_of_range, "--shard", "\"" + spec + "\": the " + what + " is not a whole number (I/K)");
    return std::uint64_t(std::stoull(v));
  };
  const std::uint64_t k = number(count, "shard count");
  if (index.empty())
    for (const char* var : {"SLURM_ARRAY_TASK_ID", "AWS_BATCH_JOB_ARRAY_INDEX", "JOB_COMPLETION_INDEX"})
      if (const char* v = std::getenv(var)) {
        index = v;
        break;
      }
  if (index.empty())
    throw input_error(errid::usage, "--shard",
                      "\"" + spec + "\" gives no shard index, and none of SLURM_ARRAY_TASK_ID, AWS_BATCH_JOB_ARRAY_INDEX, JOB_COMPLETION_INDEX is set");
  const std::uint64_t i = number(index, "shard index");
  if (k < 1 || k > 100'000 || i >= k)
    throw input_error(errid::out_of_range, "--shard", "\"" + spec + "\": need 0 <= I < K <= 100000");
  return {i, k};
}

/// The scenario with only the named option (empty name: all of them).
sim::scenario only_option(const sim::scenario& s, const std::string& name) {
  if (name.empty()) return s;
  sim::scenario one = s;
  one.options.clear();
  for (const auto& o : s.options)
    if (o.name == name) one.options.push_back(o);
  if (one.options.empty()) {
    std::string names;
    for (const auto& o : s.options) names += (names.empty() ? "" : ", ") + o.name;
    throw input_error(errid::usage, "--focus-option", "\"" + name + "\" is not an option of the scenario (options: " + names + ")");
  }
  return one;
}

/// bill.csv and bill.metadata.json (the CSV's name without its extension), each atomically.
void write_focus(const std::string& path, const focus_bill& bill) {
  std::filesystem::path meta(path);
  meta.replace_extension(".metadata.json");
  if (meta == std::filesystem::path(path)) meta += ".metadata.json";
  write_file_atomic(path, bill.csv);
  write_file_atomic(meta.string(), bill.metadata_json);
}

class simulate_command final : public command {
 public:
  void add_to(CLI::App& app) override {
    CLI::App* simulate = cmd_ =
        app.add_subcommand("simulate", "simulate a scenario: demand, autoscaling, placement and billing per option");
    simulate->add_option("FILE", file_, "scenario JSON (format in the README)");
    simulate->add_flag("--example", example_, "simulate the built-in example (examples/payments-api.json)");
    add_renamed_option(*simulate, "--trials", "--scenarios", scenarios_,
                       "Monte Carlo trials, each one draw of the demand and everything else that varies (default: "
                       "the file's monte_carlo.scenarios); 1: one trial, in detail");
    simulate->add_option("--seed", seed_, "seed (default: the file's monte_carlo.seed)");
    simulate->add_option("--threads", threads_, "worker threads (default: one per core this process may use); never changes the result");
    simulate->add_option("--target-rel-ci", target_,
                         "stop once every option's 95 % CI half-width is at most this share of its mean cost");
    add_renamed_option(*simulate, "--min-trials", "--min-scenarios", min_scenarios_,
                       "with --target-rel-ci: run at least this many trials (default 1000)");
    simulate->add_option("--baseline", baseline_, "the option the others are compared with (default: the first)");
    simulate->add_flag("--exact-quantiles", exact_,
                       "keep every trial's cost, cost lines and unserved demand for exact percentiles, without limit "
                       "(default: the cost is exact up to 1,000,000 trials, 8 MB per option, then within 0.05 %)");
    simulate->add_option("--shard", shard_,
                         "run only shard I of K (I/K; with /K the index comes from SLURM_ARRAY_TASK_ID, "
                         "AWS_BATCH_JOB_ARRAY_INDEX or JOB_COMPLETION_INDEX) and write its blocks to --partial");
    simulate->add_option("--partial", partial_, "the shard's partial-state file (for fleetcast merge)");
    simulate->add_option("--checkpoint", checkpoint_, "write the merged state to this file every few seconds (atomically)");
    simulate->add_option("--checkpoint-seconds", checkpoint_seconds_, "seconds between checkpoints (default 5)");
    simulate->add_flag("--resume", resume_, "continue from --checkpoint (if it exists) to the identical result");
    simulate->add_option("--html", html_,
                         "also write the HTML report of a Monte Carlo run to this file (with the break-even sweep only "
                         "when --break-even is given)");
    simulate->add_flag("--break-even", break_even_,
                       "also run the demand × 0.25 … 8 (200 trials each) and report, for every Fargate/EC2 pair of an "
                       "orchestrator and every ECS/EKS pair on the same compute, where they cost the same, or that they "
                       "never do in the range (JSON, table, HTML)");
    simulate->add_option("--profile", profile_, "full, or demand-only: draw the demand and nothing else (a speed reference)")
        ->check(CLI::IsMember({"full", "demand-only"}));
    simulate->add_flag("--wide", wide_, "the table of every statistic per option (184 columns) instead of the 100-column summary");
    simulate->add_flag("--no-timing", no_timing_, "leave the timing out of JSON (to compare runs byte for byte)");
    simulate->add_option("--focus", focus_,
                         "write the bill of one trial as FOCUS 1.2 CSV (and FILE's .metadata.json): the trial of --path, "
                         "or with Monte Carlo the trial nearest --focus-percentile of --focus-option's cost");
    simulate->add_option("--focus-option", focus_option_, "the option whose bill to write (default: every option, each at its own percentile trial with Monte Carlo)");
    simulate->add_option("--focus-percentile", focus_percentile_, "with --trials N: the percentile (0–100) whose trial to bill (default 50)");
    simulate->add_flag("--focus-daily", focus_daily_, "one FOCUS row per day instead of per hour");
    simulate->add_option("--focus-start", focus_start_, "the simulation's start, UTC (default 2026-01-05T00:00:00Z + the horizon's start day and hour)");
    simulate->add_option("--path", path_, "simulate only this trial of the seed (0, 1, …), in detail (implies --trials 1)");
    simulate->add_option("--trace", trace_, "write per-step rows (CSV) of one trial to this file (implies --trials 1)");
    add_common(*simulate, opts_);
    simulate->get_option("--format")->check(CLI::IsMember({"table", "json", "csv"}));
  }
  [[nodiscard]] bool chosen() const override { return cmd_->parsed(); }

  int run(const context& ctx) override {
    if (example_ == !file_.empty())
      throw input_error(errid::usage, "command line", "simulate needs a FILE or --example (not both)");
    auto [sc_text, sc_source] =
        example_ ? std::pair<std::string, std::string>{std::string(example_scenario_json()), "examples/payments-api.json"}
                 : scenario_text(file_, ctx.limits);
    std::optional<price_catalog> store;
    const price_catalog& cat = pick_catalog_for(opts_, store, ctx, sc_text);  // the scenario's region, or --region
    sim::scenario sc = parse_scenario(sc_text, sc_source, cat, ctx.limits);
    if (seed_) sc.seed = *seed_;
    const bool one_path = scenarios_.value_or(sc.scenarios) == 1 || path_ || !trace_.empty();
    if (scenarios_ && (*scenarios_ < 1 || *scenarios_ > max_cli_scenarios))
      throw input_error(errid::out_of_range, "--trials",
                        std::to_string(*scenarios_) + " is not in 1 … " + std::to_string(max_cli_scenarios));
    if (one_path && scenarios_ && *scenarios_ != 1)
      throw input_error(errid::usage, "--trials",
                        std::to_string(*scenarios_) + ": --path and --trace show one trial; use --trials 1");
    if (one_path) return run_one_path(ctx, sc, cat);
    return run_monte_carlo(ctx, sc, cat, run_source{sc_text, sc_source, {}});
  }

 private:
  int run_one_path(const context& ctx, const sim::scenario& sc, const price_catalog& cat) {
    if (target_ || exact_ || !baseline_.empty())
      throw input_error(errid::usage, "command line",
                        "--target-rel-ci, --exact-quantiles and --baseline apply to Monte Carlo runs (--trials above 1)");
    if (opts_.format == "csv")
      throw input_error(errid::usage, "--format", "csv is the Monte Carlo summary; one trial prints table or json");
    const std::uint64_t path = path_.value_or(0);
    std::string trace_text;
    std::function<void(const sim::trace_row&)> sink;
    if (!trace_.empty()) {
      trace_text = trace_csv_header();
      sink = [&](const sim::trace_row& r) { trace_text += trace_csv_row(r); };
    }
    const auto results = sim::simulate_path(sc, cat, path, sink);
    const std::string report = opts_.format == "json" ? path_results_to_json(sc, path, results)
                                                      : path_results_to_table(sc, path, results);
    std::optional<focus_bill> bill;
    if (!focus_.empty()) {
      if (focus_percentile_)
        throw input_error(errid::usage, "--focus-percentile", "a percentile needs a Monte Carlo run (--trials above 1)");
      const sim::scenario one = only_option(sc, focus_option_);
      focus_options fo;
      fo.daily = focus_daily_;
      fo.start = focus_start_;
      fo.selection = "trial " + std::to_string(path);
      bill = path_to_focus(one, path, focus_option_.empty() ? results : sim::simulate_path(one, cat, path), cat, fo);
    }
    if (!trace_.empty()) write_file_atomic(trace_, trace_text);
    if (bill) write_focus(focus_, *bill);
    emit(opts_, report, ctx.out);
    return 0;
  }

  int run_monte_carlo(const context& ctx, const sim::scenario& sc, const price_catalog& cat, run_source source) {
    if (threads_ > max_threads)
      throw input_error(errid::out_of_range, "--threads",
                        std::to_string(threads_) + " is above " + std::to_string(max_threads));
    const std::int64_t n = scenarios_.value_or(sc.scenarios);
    if (exact_ && n > max_exact_scenarios)
      throw input_error(errid::out_of_range, "--exact-quantiles",
                        "keeps every trial's costs, so it allows at most " + std::to_string(max_exact_scenarios) +
                            " trials, not " + std::to_string(n) +
                            " (without it percentiles are exact up to 1,000,000 trials, then within 0.05 %)");
    check_run_work(sc, sc.options.size(), std::uint64_t(n), scenarios_ ? "--trials" : "/monte_carlo/scenarios",
                   target_.has_value(), ctx.limits);
    mc::simulation run(sc, cat);
    run.with_threads(threads_).with_exact_quantiles(exact_).with_limits(ctx.limits);
    if (scenarios_) run.with_scenarios(std::uint64_t(*scenarios_));
    if (target_) {
      if (!(*target_ > 0 && *target_ < 1))
        throw input_error(errid::out_of_range, "--target-rel-ci",
                          detail_number(*target_) + " is not a share between 0 and 1 (e.g. 0.01 for 1 %)");
      if (min_scenarios_ < 2)
        throw input_error(errid::out_of_range, "--min-trials", std::to_string(min_scenarios_) + " is below 2");
      run.with_target_rel_ci(*target_, std::uint64_t(min_scenarios_));
    }
    if (!baseline_.empty()) run.with_baseline(baseline_);
    if (profile_ == "demand-only") run.with_profile(mc::run_config::profile::demand_only);
    source.catalog_json = opts_.catalog_path.empty() ? std::string() : read_text_file(opts_.catalog_path, ctx.limits);

    if (!shard_.empty() || !partial_.empty()) {
      if (shard_.empty() || partial_.empty())
        throw input_error(errid::usage, "command line", "--shard and --partial go together");
      if (target_ || !html_.empty() || !focus_.empty() || break_even_ || !checkpoint_.empty())
        throw input_error(errid::usage, "--shard",
                          "a shard runs fixed blocks: --target-rel-ci, --html, --focus, --break-even and --checkpoint "
                          "apply to whole runs (use them on fleetcast merge's output or a single run)");
      const auto [index, count] = parse_shard(shard_);
      const partial_file part = run_shard(sc, cat, source, run.config(), index, count);
      std::uint64_t scenarios = 0;
      for (const auto& [b, acc] : part.blocks) scenarios += acc.count();
      write_file_atomic(partial_, write_partial(part));
      const std::uint64_t blocks = (part.header.scenarios + part.header.block_size - 1) / part.header.block_size;
      ctx.out << "shard " << index << "/" << count << ": " << part.blocks.size() << " of " << blocks << " blocks ("
              << scenarios << " trials) of seed " << part.header.seed << " written to " << partial_ << "\n";
      return 0;
    }
    mc::run_config cfg = run.config();
    if (!checkpoint_.empty()) {
      if (!(checkpoint_seconds_ >= 0 && checkpoint_seconds_ <= 86400))
        throw input_error(errid::out_of_range, "--checkpoint-seconds", detail_number(checkpoint_seconds_) + " is not in 0 … 86400");
    } else if (resume_) {
      throw input_error(errid::usage, "--resume", "--resume needs --checkpoint FILE");
    }
    progress_bar bar(ctx.err);
    if (bar.active() && mpi_size() == 1) cfg.on_progress = [&](std::uint64_t done, std::uint64_t total) { bar.update(done, total); };
    std::optional<mc::run_result> merged;
    if (mpi_size() > 1) {
      // mpirun: rank i runs shard i of the ranks' count; rank 0 merges the blocks in order.
      if (target_ || !checkpoint_.empty())
        throw input_error(errid::usage, "mpirun", "--target-rel-ci and --checkpoint are for single-process runs");
      const auto started = std::chrono::steady_clock::now();
      const partial_file part = run_shard(sc, cat, source, cfg, std::uint64_t(mpi_rank()), std::uint64_t(mpi_size()));
      const std::vector<std::string> all = mpi_gather(write_partial(part));
      if (mpi_rank() != 0) return 0;
      const std::uint64_t blocks = (part.header.scenarios + part.header.block_size - 1) / part.header.block_size;
      std::vector<std::optional<mc::scenario_accumulator>> by_block(blocks);
      for (std::size_t i = 0; i < all.size(); ++i)
        for (auto& [b, acc] : read_partial(all[i], "rank " + std::to_string(i), sc).blocks) by_block[b].emplace(std::move(acc));
      std::vector<mc::scenario_accumulator> ordered;
      for (auto& b : by_block) ordered.push_back(std::move(*b));
      merged.emplace(mc::merge_blocks(sc, cfg, std::move(ordered)));
      merged->config.threads = cfg.threads;
      merged->wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    } else if (!checkpoint_.empty()) {
      merged.emplace(run_with_checkpoint(sc, cat, source, cfg, {checkpoint_, checkpoint_seconds_, resume_, ctx.limits}));
    } else {
      merged.emplace(mc::run(sc, cat, cfg));
    }
    const mc::run_result& r = *merged;
    bar.finish();
    if (!focus_.empty()) write_percentile_focus(sc, cat, r);
    std::optional<mc::break_even_result> be;
    if (break_even_)
      be = mc::break_even(sc, cat, {0.25, 0.5, 1, 2, 4, 8}, std::min<std::uint64_t>(r.scenarios, 200), sc.seed, threads_);
    digest_settings ds;
    ds.what_if_trials = std::min<std::uint64_t>(r.scenarios, 200);
    ds.threads = threads_;
    const run_digest digest = digest_run(sc, r, cat, ds);
    std::string text = opts_.format == "json"  ? mc_results_to_json(sc, r, !no_timing_, be ? &*be : nullptr, &digest)
                       : opts_.format == "csv" ? mc_results_to_csv(sc, r, &digest)
                                               : mc_results_to_table(sc, r, digest, wide_);
    if (be && opts_.format == "table") text += break_even_to_table(*be, std::min<std::uint64_t>(r.scenarios, 200), per_month_factor(sc.horizon));
    if (!html_.empty())
      write_file_atomic(html_, render_html_report(sc, r, html_, be ? &*be : nullptr, &digest));
    emit(opts_, text, ctx.out);
    return 0;
  }

  /// Per option (one, or every option when --focus-option is not given), the path whose cost
  /// for that option is nearest the percentile (ties: the lowest index), billed at that path;
  /// the options' bills in one file, told apart by x_Option and x_Path.
  void write_percentile_focus(const sim::scenario& sc, const price_catalog& cat, const mc::run_result& r) {
    const sim::scenario chosen = only_option(sc, focus_option_);
    const double q = focus_percentile_.value_or(50.0);
    if (!(q >= 0 && q <= 100)) throw input_error(errid::out_of_range, "--focus-percentile", detail_number(q) + " is not in 0 … 100");
    std::vector<double> target;
    for (const auto& o : chosen.options)
      for (std::size_t i = 0; i < sc.options.size(); ++i) {
        if (sc.options[i].name != o.name) continue;
        const auto& st = r.stats.options()[i].cost;
        target.push_back(q <= 0 ? st.moments().min() : st.exact() ? st.exact()->quantile(q / 100.0) : st.histogram().quantile(q / 100.0));
      }
    std::vector<std::uint64_t> best(target.size(), 0);
    std::vector<double> best_gap(target.size(), INFINITY);
    for (std::uint64_t i = 0; i < r.scenarios; ++i) {
      const auto results = sim::simulate_path(chosen, cat, i);
      for (std::size_t k = 0; k < target.size(); ++k)
        if (const double gap = std::abs(results[k].total_usd - target[k]); gap < best_gap[k]) best_gap[k] = gap, best[k] = i;
    }
    std::vector<focus_part> parts;
    for (std::size_t k = 0; k < target.size(); ++k) {
      const sim::scenario one = only_option(sc, chosen.options[k].name);
      focus_options fo;
      fo.daily = focus_daily_;
      fo.start = focus_start_;
      char sel[160];
      std::snprintf(sel, sizeof sel, "P%g of %s", q, one.options[0].name.c_str());
      fo.selection = sel;
      parts.push_back({one.options[0].name, best[k], sel, path_to_focus(one, best[k], sim::simulate_path(one, cat, best[k]), cat, fo)});
    }
    write_focus(focus_, parts.size() == 1 ? parts[0].bill : merge_focus_bills(parts));
  }

  CLI::App* cmd_ = nullptr;
  common_options opts_;
  std::string file_, trace_;
  bool example_ = false;
  std::optional<std::int64_t> scenarios_;
  std::optional<std::uint64_t> seed_, path_;
  unsigned threads_ = 0;
  std::optional<double> target_;
  std::int64_t min_scenarios_ = 1000;
  std::string baseline_;
  bool exact_ = false, no_timing_ = false, break_even_ = false, wide_ = false;
  std::string profile_ = "full";
  std::string focus_, focus_option_, focus_start_, html_, shard_, partial_, checkpoint_;
  double checkpoint_seconds_ = 5.0;
  bool resume_ = false;
  bool focus_daily_ = false;
  std::optional<double> focus_percentile_;
};

}  // namespace

std::unique_ptr<command> make_simulate_command() {
  return std::make_unique<simulate_command>();
}

}  // namespace fleetcast::cli
