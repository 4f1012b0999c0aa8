#include "cli.hpp"
#include "mpi_support.hpp"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <functional>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <ostream>
#include <unistd.h>
#include <string>

#include "fleetcast/core/error.hpp"
#include "fleetcast/core/limits.hpp"
#include "fleetcast/examples.hpp"
#include "fleetcast/io/catalog_json.hpp"
#include "fleetcast/io/commit_json.hpp"
#include "fleetcast/io/files.hpp"
#include "fleetcast/io/focus.hpp"
#include "fleetcast/io/pack_json.hpp"
#include "fleetcast/io/partial.hpp"
#include "fleetcast/io/price_list_import.hpp"
#include "fleetcast/io/run_files.hpp"
#include "fleetcast/io/scenario_json.hpp"
#include "fleetcast/io/mc_report.hpp"
#include "fleetcast/io/sim_report.hpp"
#include "fleetcast/io/workload_scenario.hpp"
#include "fleetcast/mc/break_even.hpp"
#include "fleetcast/mc/engine.hpp"
#include "fleetcast/sim/simulate.hpp"
#include "fleetcast/packing/pack.hpp"
#include "fleetcast/io/quote_json.hpp"
#include "fleetcast/io/report_html.hpp"
#include "fleetcast/version.hpp"

namespace fleetcast::cli {
namespace {

struct common_options {
  std::string catalog_path;
  std::string format = "table";
  std::string output;
};

void add_common(CLI::App& cmd, common_options& o, bool with_format = true) {
  cmd.add_option("--catalog", o.catalog_path,
                 "price catalog JSON replacing the built-in us-east-1 catalog");
  if (with_format)
    cmd.add_option("--format", o.format, "output format")
        ->check(CLI::IsMember({"table", "json", "csv"}));
  cmd.add_option("-o,--output", o.output, "write to this file (atomically) instead of stdout");
}

/// The most scenarios one command line may ask for (as `monte_carlo.scenarios` in a file).
constexpr std::int64_t max_cli_scenarios = 1'000'000'000;
/// Worker threads one run may start.
constexpr unsigned max_threads = 256;
/// Scenarios whose costs `--exact-quantiles` may keep (8 bytes per option and cost line each).
constexpr std::int64_t max_exact_scenarios = 10'000'000;

std::string detail_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

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

/// The scenario JSON for workload files (ECS, Kubernetes), named after the first file.
std::string scenario_from_workload_files(const std::vector<std::string>& files, std::string name,
                                         const input_limits& lim) {
  std::vector<imported_workload> all;
  for (const auto& f : files) {
    auto w = import_workloads(read_text_file(f, lim), f, lim);
    all.insert(all.end(), std::make_move_iterator(w.begin()), std::make_move_iterator(w.end()));
  }
  if (name.empty()) name = std::filesystem::path(files.front()).stem().string();
  return workloads_to_scenario_json(all, name);
}

/// The work limit of a Monte Carlo run of `options` options over `scenarios` scenarios (with a
/// CI target, the most it may run), checked before anything is simulated.
void check_run_work(const sim::scenario& sc, std::size_t options, std::uint64_t scenarios, const char* place,
                    bool target, const input_limits& lim) {
  const double work = double(sc.horizon.steps()) * double(options) * double(scenarios);
  if (work > double(lim.work))
    throw_limit(lim, limit::work, place,
                std::to_string(sc.horizon.steps()) + " steps × " + std::to_string(options) + " options × " +
                    std::to_string(scenarios) + (target ? " scenarios at most" : " scenarios") + " = " +
                    detail_number(work) + " exceeds");
}

/// A scenario file, or a workload file simulated with the default model `import` writes.
/// A scenario's JSON text and the name it is read under: the file, or for workload files the
/// scenario `import` would write.
std::pair<std::string, std::string> scenario_text(const std::string& path, const input_limits& lim) {
  std::string text = read_text_file(path, lim);
  if (!is_workload_file(text, path, lim)) return {std::move(text), path};
  return {scenario_from_workload_files({path}, "", lim), path + " (imported)"};
}

sim::scenario load_scenario_or_workloads(const std::string& path, const price_catalog& cat, const input_limits& lim) {
  const auto [text, source] = scenario_text(path, lim);
  return parse_scenario(text, source, cat, lim);
}

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

/// `fleetcast merge`: the partials merged in block order (io/run_files.hpp), as the format asks.
std::string merge_partials(const std::vector<std::string>& files, const std::string& format, bool no_timing,
                           const input_limits& lim) {
  const merged_run m = merge_shard_files(files, lim);
  return format == "json"  ? mc_results_to_json(m.scenario, m.result, !no_timing)
         : format == "csv" ? mc_results_to_csv(m.scenario, m.result)
                           : mc_results_to_table(m.scenario, m.result);
}

/// The scenario with only the named option (empty name: all of them).
sim::scenario only_option(const sim::scenario& s, const std::string& name) {
  if (name.empty()) return s;
  sim::scenario one = s;
  one.options.clear();
  for (const auto& o : s.options)
    if (o.name == name) one.options.push_back(o);
  if (one.options.empty()) throw input_error(errid::usage, "--focus-option", "\"" + name + "\" is not an option of the scenario");
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

void emit(const common_options& o, const std::string& text, std::ostream& out) {
  if (o.output.empty()) {
    out << text;
  } else {
    write_file_atomic(o.output, text);
  }
}

// Holds the catalog when --catalog replaces the built-in one.
const price_catalog& pick_catalog(const common_options& o, std::optional<price_catalog>& store,
                                  const input_limits& lim) {
  if (o.catalog_path.empty()) return default_catalog();
  store = load_catalog(o.catalog_path, lim);
  return *store;
}

std::string render_invoice(const invoice& inv, const std::string& format) {
  if (format == "json") return invoice_to_json(inv);
  if (format == "csv") return invoice_to_csv(inv);
  return invoice_to_table(inv);
}

std::string render_catalog(const price_catalog& c) {
  std::string s = "catalog " + c.region + " (" + c.currency + "), figures as of " + c.as_of + "\n\n";
  char buf[256];
  std::snprintf(buf, sizeof buf, "%-12s %5s %8s %7s %9s %12s %12s  %s\n", "type", "vCPU", "mem GiB",
                "arch", "max pods", "on-demand/h", "spot/h", "spot bucket");
  s += buf;
  for (const auto& t : c.ec2.types) {
    std::snprintf(buf, sizeof buf, "%-12s %5d %8g %7s %9d %12.6g %12.6g  %s\n", t.name.c_str(), t.vcpu,
                  t.memory_mib / 1024.0, std::string(to_string(t.arch)).c_str(), t.eks_max_pods,
                  t.on_demand.effective_per_hour(), t.spot_usd_per_hour(),
                  t.spot.interruption_bucket.c_str());
    s += buf;
  }
  s += "\nsources:\n";
  for (const auto& src : c.sources)
    s += "  " + src.id + " [" + src.confidence + ", " + src.date + "] " + src.title + "\n";
  return s;
}

}  // namespace

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"fleetcast " FLEETCAST_VERSION_STRING
               " — what containers cost on AWS (ECS, EKS, Fargate, EC2)",
               "fleetcast"};
  app.set_version_flag("--version", FLEETCAST_VERSION_STRING);
  app.require_subcommand(1);

  common_options quote_opts;
  std::string quote_file;
  bool quote_example = false;
  CLI::App* quote = app.add_subcommand(
      "quote", "price a steady fleet of Fargate tasks, EC2 instances and EKS clusters");
  quote->add_option("FILE", quote_file, "fleet JSON (format in the README)");
  quote->add_flag("--example", quote_example,
                  "price the built-in example (examples/quote-payments-api.json)");
  add_common(*quote, quote_opts);

  common_options pack_opts;
  pack_opts.format = "table";
  std::string pack_file, pack_heuristic, pack_type_choice;
  std::optional<std::uint64_t> pack_seed;
  CLI::App* pack = app.add_subcommand(
      "pack", "pack tasks onto instance types with one heuristic or all, against lower bounds");
  pack->add_option("FILE", pack_file, "packing problem JSON (format in the README)")->required();
  pack->add_option("--heuristic", pack_heuristic,
                   "a heuristic name, or all (default: the file's, else ffd_sum)");
  pack->add_option("--type-choice", pack_type_choice,
                   "instance type for new bins: fixed, cheapest, karpenter, least-waste, price");
  pack->add_option("--seed", pack_seed, "seed of the random heuristic");
  pack->add_option("--catalog", pack_opts.catalog_path, "price catalog JSON");
  pack->add_option("--format", pack_opts.format, "output format")->check(CLI::IsMember({"table", "json"}));
  pack->add_option("-o,--output", pack_opts.output, "write to this file (atomically) instead of stdout");

  common_options sim_opts;
  std::string sim_file, sim_trace;
  bool sim_example = false;
  std::optional<std::int64_t> sim_scenarios;
  std::optional<std::uint64_t> sim_seed, sim_path;
  unsigned sim_threads = 0;
  std::optional<double> sim_target;
  std::int64_t sim_min_scenarios = 1000;
  std::string sim_baseline;
  bool sim_exact = false, sim_no_timing = false, sim_break_even = false;
  std::string sim_profile = "full";
  std::string sim_focus, sim_focus_option, sim_focus_start, sim_html, sim_shard, sim_partial, sim_checkpoint;
  double sim_checkpoint_seconds = 5.0;
  bool sim_resume = false;
  bool sim_focus_daily = false;
  std::optional<double> sim_focus_percentile;
  CLI::App* simulate = app.add_subcommand(
      "simulate", "simulate a scenario: demand, autoscaling, placement and billing per option");
  simulate->add_option("FILE", sim_file, "scenario JSON (format in the README)");
  simulate->add_flag("--example", sim_example, "simulate the built-in example (examples/payments-api.json)");
  simulate->add_option("--scenarios", sim_scenarios,
                       "Monte Carlo scenarios (default: the file's monte_carlo.scenarios); 1: one path, in detail");
  simulate->add_option("--seed", sim_seed, "seed (default: the file's monte_carlo.seed)");
  simulate->add_option("--threads", sim_threads, "worker threads (default: one per hardware thread); never changes the result");
  simulate->add_option("--target-rel-ci", sim_target,
                       "stop once every option's 95 % CI half-width is at most this share of its mean cost");
  simulate->add_option("--min-scenarios", sim_min_scenarios, "with --target-rel-ci: run at least this many (default 1000)");
  simulate->add_option("--baseline", sim_baseline, "the option the others are compared with (default: the first)");
  simulate->add_flag("--exact-quantiles", sim_exact, "keep every scenario's cost for exact percentiles");
  simulate->add_option("--shard", sim_shard,
                       "run only shard I of K (I/K; with /K the index comes from SLURM_ARRAY_TASK_ID, "
                       "AWS_BATCH_JOB_ARRAY_INDEX or JOB_COMPLETION_INDEX) and write its blocks to --partial");
  simulate->add_option("--partial", sim_partial, "the shard's partial-state file (for fleetcast merge)");
  simulate->add_option("--checkpoint", sim_checkpoint, "write the merged state to this file every few seconds (atomically)");
  simulate->add_option("--checkpoint-seconds", sim_checkpoint_seconds, "seconds between checkpoints (default 5)");
  simulate->add_flag("--resume", sim_resume, "continue from --checkpoint (if it exists) to the identical result");
  simulate->add_option("--html", sim_html, "also write the HTML report of a Monte Carlo run to this file");
  simulate->add_flag("--break-even", sim_break_even,
                     "also run the demand × 0.25 … 8 and report where Fargate and EC2 options cost the same (JSON, table)");
  simulate->add_option("--profile", sim_profile, "full, or demand-only: draw the demand and nothing else (a speed reference)")
      ->check(CLI::IsMember({"full", "demand-only"}));
  simulate->add_flag("--no-timing", sim_no_timing, "leave the timing out of JSON (to compare runs byte for byte)");
  simulate->add_option("--focus", sim_focus,
                       "write the bill of one path as FOCUS 1.2 CSV (and FILE's .metadata.json): the path of --path, "
                       "or with Monte Carlo the path nearest --focus-percentile of --focus-option's cost");
  simulate->add_option("--focus-option", sim_focus_option, "the option whose bill to write (default: every option for one path; the baseline for a percentile)");
  simulate->add_option("--focus-percentile", sim_focus_percentile, "with --scenarios N: the percentile (0–100) whose path to bill (default 50)");
  simulate->add_flag("--focus-daily", sim_focus_daily, "one FOCUS row per day instead of per hour");
  simulate->add_option("--focus-start", sim_focus_start, "the simulation's start, UTC (default 2026-01-05T00:00:00Z + the horizon's start day and hour)");
  simulate->add_option("--path", sim_path, "simulate only this path of the seed, in detail (implies --scenarios 1)");
  simulate->add_option("--trace", sim_trace, "write per-step rows (CSV) of one path to this file (implies --scenarios 1)");
  add_common(*simulate, sim_opts);
  simulate->get_option("--format")->check(CLI::IsMember({"table", "json", "csv"}));

  CLI::App* commit = app.add_subcommand("commit", "Savings Plans and Reserved Instances");
  commit->require_subcommand(1);
  common_options commit_opts;
  std::string commit_file;
  CLI::App* commit_apply =
      commit->add_subcommand("apply", "apply commitments to an hourly usage ledger, hour by hour, in AWS's order");
  commit_apply->add_option("FILE", commit_file, "usage ledger with commitments (format in the README)")->required();
  add_common(*commit_apply, commit_opts);
  commit_apply->get_option("--format")->check(CLI::IsMember({"table", "json"}));

  common_options opt_opts;
  std::string opt_file, opt_type, opt_term = "1y", opt_payment = "no_upfront", opt_option, opt_family;
  std::optional<std::int64_t> opt_scenarios;
  std::optional<std::uint64_t> opt_seed;
  unsigned opt_threads = 0;
  int opt_levels = 40;
  double opt_max_level = 0;
  bool opt_example = false, opt_no_timing = false;
  CLI::App* commit_optimize = commit->add_subcommand(
      "optimize", "sweep a Savings Plan's hourly commitment over the Monte Carlo scenarios of a scenario file");
  commit_optimize->add_option("FILE", opt_file, "scenario JSON");
  commit_optimize->add_flag("--example", opt_example, "use the built-in example scenario");
  commit_optimize->add_option("--type", opt_type, "compute_sp or ec2_instance_sp")
      ->required()
      ->check(CLI::IsMember({"compute_sp", "ec2_instance_sp"}));
  commit_optimize->add_option("--term", opt_term, "1y or 3y (default 1y)")->check(CLI::IsMember({"1y", "3y"}));
  commit_optimize->add_option("--payment", opt_payment, "no_upfront (default), partial_upfront or all_upfront")
      ->check(CLI::IsMember({"no_upfront", "partial_upfront", "all_upfront"}));
  commit_optimize->add_option("--option", opt_option, "the option to size the plan for (default: the first)");
  commit_optimize->add_option("--family", opt_family, "ec2_instance_sp: the instance family (default: the option's first type's)");
  commit_optimize->add_option("--levels", opt_levels, "grid steps from 0 to the top level (default 40)");
  commit_optimize->add_option("--max-level", opt_max_level,
                              "top of the grid in USD per hour (default: the highest hourly spend at plan rates in a pilot)");
  commit_optimize->add_option("--scenarios", opt_scenarios, "Monte Carlo scenarios (default: the file's)");
  commit_optimize->add_option("--seed", opt_seed, "seed (default: the file's)");
  commit_optimize->add_option("--threads", opt_threads, "worker threads (default: one per hardware thread)");
  commit_optimize->add_flag("--no-timing", opt_no_timing, "leave the timing out of JSON");
  add_common(*commit_optimize, opt_opts);

  common_options import_opts;
  std::vector<std::string> import_files;
  std::string import_name;
  CLI::App* import_cmd = app.add_subcommand(
      "import", "turn ECS task/service definitions and Kubernetes manifests into a scenario to edit");
  import_cmd->add_option("FILE", import_files, "ECS JSON, Kubernetes YAML or JSON files")->required();
  import_cmd->add_option("--name", import_name, "scenario name (default: the first file's name)");
  import_cmd->add_option("--catalog", import_opts.catalog_path, "price catalog JSON to validate the scenario against");
  import_cmd->add_option("-o,--output", import_opts.output, "write the scenario to this file (atomically) instead of stdout");

  CLI::App* pricing = app.add_subcommand("pricing", "price catalogs from AWS Price List offer files");
  pricing->require_subcommand(1);
  std::vector<std::string> pl_offers;
  std::string pl_region = "us-east-1", pl_base, pl_output;
  CLI::App* pricing_import = pricing->add_subcommand(
      "import", "stream AWS Price List offer files (AmazonEC2, AmazonECS, AmazonEKS) into a fleetcast catalog");
  pricing_import->add_option("--offer", pl_offers, "an offer file (repeatable)")->required();
  pricing_import->add_option("--region", pl_region, "region code (default us-east-1)");
  pricing_import->add_option("--base", pl_base, "catalog whose prices are replaced (default: the built-in one)");
  pricing_import->add_option("-o,--output", pl_output, "write the catalog here (atomically); a summary goes to stdout");

  common_options report_opts;
  std::string report_file;
  CLI::App* report = app.add_subcommand(
      "report", "render a simulate (Monte Carlo) or pack --heuristic all JSON result as one self-contained HTML file");
  report->add_option("RESULT", report_file, "the JSON result")->required();
  report->add_option("-o,--output", report_opts.output, "write the HTML here (atomically) instead of stdout");

  common_options merge_opts;
  std::vector<std::string> merge_files;
  bool merge_no_timing = false;
  CLI::App* merge = app.add_subcommand(
      "merge", "merge shards' partial-state files in block order: the single-run result, to the bit");
  merge->add_option("PART", merge_files, "partial-state files written by simulate --shard")->required();
  merge->add_flag("--no-timing", merge_no_timing, "leave the timing out of JSON");
  add_common(*merge, merge_opts);
  merge->remove_option(merge->get_option("--catalog"));

  common_options catalog_opts;
  CLI::App* catalog = app.add_subcommand("catalog", "validate and list a price catalog");
  add_common(*catalog, catalog_opts, false);

  // --limit NAME=N on the command line and on every subcommand (so it may come anywhere).
  std::vector<std::string> limit_specs;
  std::string limit_help = "raise or lower an input limit (repeatable):";
  for (limit l : all_limits)
    limit_help += " " + std::string(limit_name(l)) + " (" + std::to_string(limit_value(input_limits{}, l)) + ")";
  std::function<void(CLI::App&)> add_limit = [&](CLI::App& cmd) {
    cmd.add_option_function<std::vector<std::string>>(
           "--limit", [&](const std::vector<std::string>& v) { limit_specs.insert(limit_specs.end(), v.begin(), v.end()); },
           limit_help)
        ->type_name("NAME=N")
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    for (CLI::App* sub : cmd.get_subcommands({})) add_limit(*sub);
  };
  add_limit(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::CallForVersion&) {
    out << FLEETCAST_VERSION_STRING << "\n";
    return 0;
  } catch (const CLI::ParseError& e) {
    std::string msg = e.what();
    for (char& c : msg)
      if (c == '\n') c = ' ';
    err << error::format(errid::usage, "command line", msg + " (see fleetcast --help)") << "\n";
    return 2;
  }

  try {
    // Every run starts from the defaults; they go to everything this run reads and runs.
    input_limits lim;
    for (const auto& spec : limit_specs) apply_limit(lim, spec);

    if (quote->parsed()) {
      if (quote_example == !quote_file.empty())
        throw input_error(errid::usage, "command line", "quote needs a FILE or --example (not both)");
      std::optional<price_catalog> store;
      const price_catalog& cat = pick_catalog(quote_opts, store, lim);
      const fleet f = quote_example
                          ? parse_fleet(example_quote_json(), "examples/quote-payments-api.json", lim)
                          : parse_fleet(read_text_file(quote_file, lim), quote_file, lim);
      emit(quote_opts, render_invoice(quote_fleet(f, cat), quote_opts.format), out);
    } else if (pack->parsed()) {
      std::optional<price_catalog> store;
      const price_catalog& cat = pick_catalog(pack_opts, store, lim);
      pack_request req = parse_pack_request(read_text_file(pack_file, lim), pack_file, cat, lim);
      if (!pack_type_choice.empty()) {
        const auto p = packing::parse_type_policy(pack_type_choice);
        if (!p)
          throw input_error(errid::bad_enum, "--type-choice",
                            "\"" + pack_type_choice + "\" is not one of fixed, cheapest, karpenter, least-waste, price");
        req.choice.policy = *p;
      }
      if (pack_seed) req.seed = *pack_seed;
      std::string h = !pack_heuristic.empty() ? pack_heuristic : !req.heuristic.empty() ? req.heuristic : "ffd_sum";
      std::vector<std::string> names = h == "all" ? packing::heuristic_names() : std::vector<std::string>{h};
      const auto known = packing::heuristic_names();
      if (h != "all" && std::find(known.begin(), known.end(), h) == known.end()) {
        std::string list = "all";
        for (const auto& k : known) list += ", " + k;
        throw input_error(errid::bad_enum, pack_heuristic.empty() ? "/heuristic" : "--heuristic",
                          "\"" + h + "\" is not one of " + list);
      }
      std::vector<pack_report> reports;
      for (const auto& name : names) {
        const auto t0 = std::chrono::steady_clock::now();
        auto result = packing::pack_with_bounds<packing::platform_dims>(name, req.problem, req.choice, req.seed);
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        reports.push_back({std::move(result), secs});
      }
      if (h == "all")
        std::stable_sort(reports.begin(), reports.end(),
                         [](const auto& a, const auto& b) { return packing::better(a.result, b.result); });
      emit(pack_opts,
           pack_opts.format == "json" ? pack_reports_to_json(req, reports, h == "all")
                                      : pack_reports_to_table(req, reports),
           out);
    } else if (simulate->parsed()) {
      if (sim_example == !sim_file.empty())
        throw input_error(errid::usage, "command line", "simulate needs a FILE or --example (not both)");
      std::optional<price_catalog> store;
      const price_catalog& cat = pick_catalog(sim_opts, store, lim);
      const auto [sc_text, sc_source] = sim_example ? std::pair<std::string, std::string>{std::string(example_scenario_json()),
                                                                                         "examples/payments-api.json"}
                                                    : scenario_text(sim_file, lim);
      sim::scenario sc = parse_scenario(sc_text, sc_source, cat, lim);
      if (sim_seed) sc.seed = *sim_seed;
      const bool one_path = sim_scenarios.value_or(sc.scenarios) == 1 || sim_path || !sim_trace.empty();
      if (sim_scenarios && (*sim_scenarios < 1 || *sim_scenarios > max_cli_scenarios))
        throw input_error(errid::out_of_range, "--scenarios",
                          std::to_string(*sim_scenarios) + " is not in 1 … " + std::to_string(max_cli_scenarios));
      if (one_path && sim_scenarios && *sim_scenarios != 1)
        throw input_error(errid::usage, "--scenarios",
                          std::to_string(*sim_scenarios) + ": --path and --trace show one path; use --scenarios 1");
      if (one_path) {
        if (sim_target || sim_exact || !sim_baseline.empty())
          throw input_error(errid::usage, "command line",
                            "--target-rel-ci, --exact-quantiles and --baseline apply to Monte Carlo runs (--scenarios above 1)");
        if (sim_opts.format == "csv")
          throw input_error(errid::usage, "--format", "csv is the Monte Carlo summary; one path prints table or json");
        const std::uint64_t path = sim_path.value_or(0);
        std::string trace_text;
        std::function<void(const sim::trace_row&)> sink;
        if (!sim_trace.empty()) {
          trace_text = trace_csv_header();
          sink = [&](const sim::trace_row& r) { trace_text += trace_csv_row(r); };
        }
        const auto results = sim::simulate_path(sc, cat, path, sink);
        const std::string report = sim_opts.format == "json" ? path_results_to_json(sc, path, results)
                                                             : path_results_to_table(sc, path, results);
        std::optional<focus_bill> bill;
        if (!sim_focus.empty()) {
          if (sim_focus_percentile)
            throw input_error(errid::usage, "--focus-percentile", "a percentile needs a Monte Carlo run (--scenarios above 1)");
          const sim::scenario one = only_option(sc, sim_focus_option);
          focus_options fo;
          fo.daily = sim_focus_daily;
          fo.start = sim_focus_start;
          fo.selection = "path " + std::to_string(path);
          bill = path_to_focus(one, path, sim_focus_option.empty() ? results : sim::simulate_path(one, cat, path), cat, fo);
        }
        if (!sim_trace.empty()) write_file_atomic(sim_trace, trace_text);
        if (bill) write_focus(sim_focus, *bill);
        emit(sim_opts, report, out);
      } else {
        if (sim_threads > max_threads)
          throw input_error(errid::out_of_range, "--threads",
                            std::to_string(sim_threads) + " is above " + std::to_string(max_threads));
        const std::int64_t n = sim_scenarios.value_or(sc.scenarios);
        if (sim_exact && n > max_exact_scenarios)
          throw input_error(errid::out_of_range, "--exact-quantiles",
                            "keeps every scenario's costs, so it allows at most " + std::to_string(max_exact_scenarios) +
                                " scenarios, not " + std::to_string(n) + " (percentiles without it are within 0.5 %)");
        check_run_work(sc, sc.options.size(), std::uint64_t(n), sim_scenarios ? "--scenarios" : "/monte_carlo/scenarios",
                       sim_target.has_value(), lim);
        mc::simulation run(sc, cat);
        run.with_threads(sim_threads).with_exact_quantiles(sim_exact).with_limits(lim);
        if (sim_scenarios) run.with_scenarios(std::uint64_t(*sim_scenarios));
        if (sim_target) {
          if (!(*sim_target > 0 && *sim_target < 1))
            throw input_error(errid::out_of_range, "--target-rel-ci",
                              detail_number(*sim_target) + " is not a share between 0 and 1 (e.g. 0.01 for 1 %)");
          if (sim_min_scenarios < 2)
            throw input_error(errid::out_of_range, "--min-scenarios", std::to_string(sim_min_scenarios) + " is below 2");
          run.with_target_rel_ci(*sim_target, std::uint64_t(sim_min_scenarios));
        }
        if (!sim_baseline.empty()) run.with_baseline(sim_baseline);
        if (sim_profile == "demand-only") run.with_profile(mc::run_config::profile::demand_only);
        const run_source source{sc_text, sc_source,
                                sim_opts.catalog_path.empty() ? std::string() : read_text_file(sim_opts.catalog_path, lim)};
        if (!sim_shard.empty() || !sim_partial.empty()) {
          if (sim_shard.empty() || sim_partial.empty())
            throw input_error(errid::usage, "command line", "--shard and --partial go together");
          if (sim_target || !sim_html.empty() || !sim_focus.empty() || sim_break_even || !sim_checkpoint.empty())
            throw input_error(errid::usage, "--shard",
                              "a shard runs fixed blocks: --target-rel-ci, --html, --focus, --break-even and --checkpoint "
                              "apply to whole runs (use them on fleetcast merge's output or a single run)");
          const auto [index, count] = parse_shard(sim_shard);
          const partial_file part = run_shard(sc, cat, source, run.config(), index, count);
          std::uint64_t n = 0;
          for (const auto& [b, acc] : part.blocks) n += acc.count();
          write_file_atomic(sim_partial, write_partial(part));
          const std::uint64_t blocks = (part.header.scenarios + part.header.block_size - 1) / part.header.block_size;
          out << "shard " << index << "/" << count << ": " << part.blocks.size() << " of " << blocks << " blocks (" << n
              << " scenarios) of seed " << part.header.seed << " written to " << sim_partial << "\n";
          return 0;
        }
        mc::run_config cfg = run.config();
        if (!sim_checkpoint.empty()) {
          if (!(sim_checkpoint_seconds >= 0 && sim_checkpoint_seconds <= 86400))
            throw input_error(errid::out_of_range, "--checkpoint-seconds", detail_number(sim_checkpoint_seconds) + " is not in 0 … 86400");
        } else if (sim_resume) {
          throw input_error(errid::usage, "--resume", "--resume needs --checkpoint FILE");
        }
        progress_bar bar(err);
        if (bar.active() && mpi_size() == 1) cfg.on_progress = [&](std::uint64_t done, std::uint64_t total) { bar.update(done, total); };
        std::optional<mc::run_result> merged;
        if (mpi_size() > 1) {
          // mpirun: rank i runs shard i of the ranks' count; rank 0 merges the blocks in order.
          if (sim_target || !sim_checkpoint.empty())
            throw input_error(errid::usage, "mpirun", "--target-rel-ci and --checkpoint are for single-process runs");
          const auto started = std::chrono::steady_clock::now();
          const partial_file part = run_shard(sc, cat, source, cfg, std::uint64_t(mpi_rank()), std::uint64_t(mpi_size()));
          const std::uint64_t blocks = (part.header.scenarios + part.header.block_size - 1) / part.header.block_size;
          const std::vector<std::string> all = mpi_gather(write_partial(part));
          if (mpi_rank() != 0) return 0;
          std::vector<std::optional<mc::scenario_accumulator>> by_block(blocks);
          for (std::size_t i = 0; i < all.size(); ++i)
            for (auto& [b, acc] : read_partial(all[i], "rank " + std::to_string(i), sc).blocks) by_block[b].emplace(std::move(acc));
          std::vector<mc::scenario_accumulator> ordered;
          for (auto& b : by_block) ordered.push_back(std::move(*b));
          merged.emplace(mc::merge_blocks(sc, cfg, std::move(ordered)));
          merged->config.threads = cfg.threads;
          merged->wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        } else if (!sim_checkpoint.empty()) {
          merged.emplace(run_with_checkpoint(sc, cat, source, cfg, {sim_checkpoint, sim_checkpoint_seconds, sim_resume, lim}));
        } else {
          merged.emplace(mc::run(sc, cat, cfg));
        }
        const mc::run_result& r = *merged;
        bar.finish();
        if (!sim_focus.empty()) {
          // The path whose cost for the option is nearest the percentile (ties: the lowest index).
          const std::string name = sim_focus_option.empty() ? sc.options[r.stats.baseline()].name : sim_focus_option;
          const sim::scenario one = only_option(sc, name);
          const double q = sim_focus_percentile.value_or(50.0);
          if (!(q >= 0 && q <= 100)) throw input_error(errid::out_of_range, "--focus-percentile", detail_number(q) + " is not in 0 … 100");
          std::size_t oi = 0;
          for (std::size_t i = 0; i < sc.options.size(); ++i)
            if (sc.options[i].name == name) oi = i;
          const auto& st = r.stats.options()[oi].cost;
          const double target = q <= 0 ? st.moments().min()
                                : st.exact() ? st.exact()->quantile(q / 100.0)
                                             : st.histogram().quantile(q / 100.0);
          std::uint64_t best = 0;
          double best_gap = INFINITY;
          for (std::uint64_t i = 0; i < r.scenarios; ++i) {
            const double gap = std::abs(sim::simulate_path(one, cat, i)[0].total_usd - target);
            if (gap < best_gap) best_gap = gap, best = i;
          }
          focus_options fo;
          fo.daily = sim_focus_daily;
          fo.start = sim_focus_start;
          char sel[96];
          std::snprintf(sel, sizeof sel, "P%g of %s", q, name.c_str());
          fo.selection = sel;
          write_focus(sim_focus, path_to_focus(one, best, sim::simulate_path(one, cat, best), cat, fo));
        }
        std::optional<mc::break_even_result> be;
        if (sim_break_even || !sim_html.empty())
          be = mc::break_even(sc, cat, {0.25, 0.5, 1, 2, 4, 8}, std::min<std::uint64_t>(r.scenarios, 200), sc.seed,
                              sim_threads);
        std::string text = sim_opts.format == "json"  ? mc_results_to_json(sc, r, !sim_no_timing, be ? &*be : nullptr)
                           : sim_opts.format == "csv" ? mc_results_to_csv(sc, r)
                                                      : mc_results_to_table(sc, r);
        if (be && sim_opts.format == "table") {
          text += "\nbreak-even (mean cost of " + std::to_string(std::min<std::uint64_t>(r.scenarios, 200)) +
                  " scenarios with every service's demand × k):\n";
          char buf[160];
          std::snprintf(buf, sizeof buf, "%-20s", "k");
          text += buf;
          for (double k : be->scale) std::snprintf(buf, sizeof buf, " %10g", k), text += buf;
          text += "\n";
          for (std::size_t o = 0; o < be->options.size(); ++o) {
            std::snprintf(buf, sizeof buf, "%-20s", be->options[o].c_str());
            text += buf;
            for (double c : be->mean_cost[o]) std::snprintf(buf, sizeof buf, " %10.4f", c), text += buf;
            text += "\n";
          }
          for (const auto& c : be->crossings) {
            std::snprintf(buf, sizeof buf, "%s and %s cost the same at demand × %.3g\n", c.a.c_str(), c.b.c_str(), c.scale);
            text += buf;
          }
          if (be->crossings.empty()) text += "no Fargate and EC2 option cross between × 0.25 and × 8\n";
        }
        if (!sim_html.empty())
          write_file_atomic(sim_html, render_html_report(mc_results_to_json(sc, r, true, be ? &*be : nullptr), sim_html, lim));
        emit(sim_opts, text, out);
      }
    } else if (commit_apply->parsed()) {
      std::optional<price_catalog> store;
      const price_catalog& cat = pick_catalog(commit_opts, store, lim);
      const commitment_ledger ledger = parse_commitment_ledger(read_text_file(commit_file, lim), commit_file, cat, lim);
      const auto applied = apply_ledger(ledger);
      emit(commit_opts,
           commit_opts.format == "json" ? commitment_report_to_json(ledger, applied)
                                        : commitment_report_to_table(ledger, applied),
           out);
    } else if (commit_optimize->parsed()) {
      if (opt_example == !opt_file.empty())
        throw input_error(errid::usage, "command line", "commit optimize needs a FILE or --example (not both)");
      std::optional<price_catalog> store;
      const price_catalog& cat = pick_catalog(opt_opts, store, lim);
      const sim::scenario sc = opt_example ? parse_scenario(example_scenario_json(), "examples/payments-api.json", cat, lim)
                                           : load_scenario_or_workloads(opt_file, cat, lim);
      mc::sweep_config cfg;
      cfg.type = opt_type == "compute_sp" ? commitment_type::compute_sp : commitment_type::ec2_instance_sp;
      cfg.term_years = opt_term == "3y" ? 3 : 1;
      cfg.payment = opt_payment == "all_upfront"       ? payment_option::all_upfront
                    : opt_payment == "partial_upfront" ? payment_option::partial_upfront
                                                       : payment_option::no_upfront;
      cfg.family = opt_family;
      if (!opt_option.empty()) {
        cfg.option = sc.options.size();
        for (std::size_t i = 0; i < sc.options.size(); ++i)
          if (sc.options[i].name == opt_option) cfg.option = i;
        if (cfg.option == sc.options.size())
          throw input_error(errid::usage, "--option", "\"" + opt_option + "\" is not an option of the scenario");
      }
      if (opt_levels < 1 || opt_levels > 1000)
        throw input_error(errid::out_of_range, "--levels", std::to_string(opt_levels) + " is not in 1 … 1000");
      if (!(opt_max_level >= 0 && opt_max_level <= 1e6))
        throw input_error(errid::out_of_range, "--max-level", detail_number(opt_max_level) + " is not in 0 … 1e6");
      const std::int64_t n = opt_scenarios.value_or(sc.scenarios);
      if (n < 1 || n > 10'000'000)
        throw input_error(errid::out_of_range, "--scenarios", std::to_string(n) + " is not in 1 … 10000000");
      if (opt_threads > max_threads)
        throw input_error(errid::out_of_range, "--threads", std::to_string(opt_threads) + " is above " + std::to_string(max_threads));
      check_run_work(sc, 1, std::uint64_t(n), opt_scenarios ? "--scenarios" : "/monte_carlo/scenarios", false, lim);
      cfg.grid_levels = opt_levels;
      cfg.max_level = opt_max_level;
      cfg.scenarios = std::uint64_t(n);
      cfg.seed = opt_seed.value_or(sc.seed);
      cfg.threads = opt_threads;
      const mc::sweep_result r = mc::sweep_commitment(sc, cat, cfg);
      emit(opt_opts,
           opt_opts.format == "json"  ? sweep_to_json(sc, r, !opt_no_timing)
           : opt_opts.format == "csv" ? sweep_to_csv(r)
                                      : sweep_to_table(sc, r),
           out);
    } else if (import_cmd->parsed()) {
      std::optional<price_catalog> store;
      const price_catalog& cat = pick_catalog(import_opts, store, lim);
      const std::string text = scenario_from_workload_files(import_files, import_name, lim);
      (void)parse_scenario(text, "imported scenario", cat, lim);  // what import writes, simulate reads
      emit(import_opts, text, out);
    } else if (pricing_import->parsed()) {
      const std::string base = pl_base.empty() ? std::string() : read_text_file(pl_base, lim);
      const price_list_import_report rep =
          import_price_lists(pl_offers, pl_region, base, pl_base.empty() ? "built-in catalog" : pl_base, lim);
      if (pl_output.empty()) {
        out << rep.catalog_json;
      } else {
        write_file_atomic(pl_output, rep.catalog_json);
        out << "wrote " << pl_output << " for " << pl_region << "\n";
        for (const auto& o : rep.offers)
          out << "  " << o.offer_code << " " << o.version << " (" << o.path << "): " << o.products_read << " products, "
              << o.products_in_region << " in the region, " << o.products_kept << " used\n";
        out << "  " << rep.changes.size() << " figures replaced (" << rep.instance_types_updated << " instance types), "
            << rep.not_replaced.size() << " kept from the base, " << rep.skipped_types.size()
            << " instance types not in the base skipped\n";
        for (const auto& w : rep.warnings) out << "  warning: " << w << "\n";
      }
    } else if (merge->parsed()) {
      emit(merge_opts, merge_partials(merge_files, merge_opts.format, merge_no_timing, lim), out);
    } else if (report->parsed()) {
      emit(report_opts, render_html_report(read_text_file(report_file, lim), report_file, lim), out);
    } else if (catalog->parsed()) {
      std::optional<price_catalog> store;
      emit(catalog_opts, render_catalog(pick_catalog(catalog_opts, store, lim)), out);
    }
    return 0;
  } catch (const fleetcast::error& e) {
    if (mpi_rank() == 0) err << e.what() << "\n";  // under mpirun, one line, not one per rank
    return 2;
  } catch (const std::exception& e) {
    err << "[fleetcast.internal.1] " << e.what() << "\n";
    return 1;
  }
}

}  // namespace fleetcast::cli
