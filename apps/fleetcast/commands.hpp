#pragma once
// The driver's subcommands: each registers its options on the CLI11 app and runs when the
// command line names it. `cli.cpp` registers them (in the order `--help` lists them), parses,
// and turns errors into one line on stderr; everything a command computes comes from the
// library.

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fleetcast/core/limits.hpp"
#include "fleetcast/io/workload_scenario.hpp"
#include "fleetcast/pricing/catalog.hpp"
#include "fleetcast/sim/scenario.hpp"

namespace CLI {
class App;
}

namespace fleetcast::cli {

/// What a running command needs besides its own options.
struct context {
  std::ostream& out;
  std::ostream& err;
  const input_limits& limits;  ///< from `--limit NAME=N`; every reader and run gets them
};

class command {
 public:
  virtual ~command() = default;
  /// Adds the subcommand (and its options) to `app`.
  virtual void add_to(CLI::App& app) = 0;
  /// Whether the command line chose this subcommand (after parsing).
  [[nodiscard]] virtual bool chosen() const = 0;
  /// Runs it; the exit code (0: done). Errors are exceptions.
  virtual int run(const context& ctx) = 0;
};

std::unique_ptr<command> make_quote_command();
std::unique_ptr<command> make_pack_command();
std::unique_ptr<command> make_simulate_command();
std::unique_ptr<command> make_commit_command();
std::unique_ptr<command> make_import_command();
std::unique_ptr<command> make_pricing_command();
std::unique_ptr<command> make_report_command();
std::unique_ptr<command> make_merge_command();
std::unique_ptr<command> make_catalog_command();
std::unique_ptr<command> make_actuals_command();

// -- Shared by several commands (cli_common.cpp) ---------------------------------------------

struct common_options {
  std::string catalog_path;
  std::string region;  ///< --region: the built-in catalog of this region, and the input's region
  std::string format = "table";
  std::string output;
};

/// --catalog, --region, --format (table, json, csv) and -o/--output.
void add_common(CLI::App& cmd, common_options& o, bool with_format = true);
/// --region alone (for commands that add --catalog themselves).
void add_region(CLI::App& cmd, common_options& o);
/// `text` to `out`, or atomically to `o.output` when given.
void emit(const common_options& o, const std::string& text, std::ostream& out);
/// The catalog of `o.catalog_path` read into `store` (its region must be --region's when both
/// are given), else the built-in catalog of --region, else of `file_region` (the input's own
/// "region"), else us-east-1's. An unknown region is `[fleetcast.input.11]` listing the
/// built-in regions.
const price_catalog& pick_catalog(const common_options& o, std::optional<price_catalog>& store,
                                  const input_limits& limits, std::string_view file_region = {});
/// pick_catalog for an input JSON text (scenario, fleet, packing problem) with a top-level
/// "region": the text's region chooses the built-in catalog, and --region replaces the text's
/// region (the text is rewritten, so that what is stored with a run names the region).
/// Says on `ctx.err` (one line) when the catalog is the built-in one of a region other than
/// us-east-1: how many of its sources are estimates (us-east-1 figures used for the region).
const price_catalog& pick_catalog_for(const common_options& o, std::optional<price_catalog>& store,
                                      const context& ctx, std::string& text);
/// The note of pick_catalog_for, for commands that call pick_catalog.
void note_region_estimates(const common_options& o, const price_catalog& cat, const context& ctx);
/// `%g` of v.
std::string detail_number(double v);
/// The option `name` (shown in --help) and its former name `old_name` (accepted, not shown;
/// giving both is a usage error): `--trials` was `--scenarios` before a Monte Carlo draw was
/// called a trial.
void add_renamed_option(CLI::App& cmd, const std::string& name, const std::string& old_name,
                        std::optional<std::int64_t>& value, const std::string& help);
void add_renamed_option(CLI::App& cmd, const std::string& name, const std::string& old_name, std::int64_t& value,
                        const std::string& help);

/// The most trials one command line may ask for (as `monte_carlo.scenarios` in a file).
constexpr std::int64_t max_cli_scenarios = 1'000'000'000;
/// Worker threads one run may start.
constexpr unsigned max_threads = 256;
/// Trials whose costs `--exact-quantiles` may keep (8 bytes per option and cost line each).
constexpr std::int64_t max_exact_scenarios = 10'000'000;

/// The work limit of a Monte Carlo run of `options` options over `scenarios` trials (with a
/// CI target, the most it may run), checked before anything is simulated.
void check_run_work(const sim::scenario& sc, std::size_t options, std::uint64_t scenarios, const char* place,
                    bool target, const input_limits& limits);

/// A scenario's JSON text and the name it is read under (`scenario_from_inputs` of one path).
std::pair<std::string, std::string> scenario_text(const std::string& path, const input_limits& limits);

/// A scenario file, or a workload file simulated with the default model `import` writes.
sim::scenario load_scenario_or_workloads(const std::string& path, const price_catalog& cat,
                                         const input_limits& limits);

}  // namespace fleetcast::cli
