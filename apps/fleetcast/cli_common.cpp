#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <iterator>
#include <ostream>

#include "commands.hpp"
#include "fleetcast/core/error.hpp"
#include "fleetcast/io/app_import.hpp"
#include "fleetcast/io/catalog_json.hpp"
#include "fleetcast/io/files.hpp"
#include "fleetcast/io/region_json.hpp"
#include "fleetcast/io/scenario_json.hpp"
#include "fleetcast/io/workload_scenario.hpp"

namespace fleetcast::cli {

void add_common(CLI::App& cmd, common_options& o, bool with_format) {
  cmd.add_option("--catalog", o.catalog_path,
                 "price catalog JSON replacing the built-in catalog of the region");
  add_region(cmd, o);
  if (with_format)
    cmd.add_option("--format", o.format, "output format")
        ->check(CLI::IsMember({"table", "json", "csv"}));
  cmd.add_option("-o,--output", o.output, "write to this file (atomically) instead of stdout");
}

namespace {
template <class T>
void add_renamed(CLI::App& cmd, const std::string& name, const std::string& old_name, T& value, const std::string& help) {
  CLI::Option* shown = cmd.add_option(name, value, help);
  // An empty group hides the option from --help; it still parses. Validators run after the whole
  // command line is read, so the count of the new name is known whatever the order.
  const std::string both = old_name + " is the former name of " + name + ": give one of them";
  cmd.add_option(old_name, value, "former name of " + name)
      ->group("")
      ->check(CLI::Validator([shown, both](std::string&) { return shown->count() > 0 ? both : std::string(); }, "", "renamed"));
}
}  // namespace

void add_renamed_option(CLI::App& cmd, const std::string& name, const std::string& old_name,
                        std::optional<std::int64_t>& value, const std::string& help) {
  add_renamed(cmd, name, old_name, value, help);
}

void add_renamed_option(CLI::App& cmd, const std::string& name, const std::string& old_name, std::int64_t& value,
                        const std::string& help) {
  add_renamed(cmd, name, old_name, value, help);
}

void add_region(CLI::App& cmd, common_options& o) {
  std::string list;
  for (const auto& r : built_in_regions()) list += (list.empty() ? "" : ", ") + r;
  cmd.add_option("--region", o.region,
                 "AWS region: prices from its built-in catalog (" + list +
                     ") and replaces the input file's region (default: the file's, else us-east-1)");
}

void emit(const common_options& o, const std::string& text, std::ostream& out) {
  if (o.output.empty()) {
    out << text;
  } else {
    write_file_atomic(o.output, text);
  }
}

const price_catalog& pick_catalog(const common_options& o, std::optional<price_catalog>& store,
                                  const input_limits& limits, std::string_view file_region) {
  if (o.catalog_path.empty()) {
    if (!o.region.empty()) return built_in_catalog(o.region, "--region");
    return file_region.empty() ? default_catalog() : built_in_catalog(file_region, "region");
  }
  store = load_catalog(o.catalog_path, limits);
  if (!o.region.empty() && o.region != store->region)
    throw input_error(errid::bad_enum, "--region",
                      "\"" + o.region + "\" is not the region of --catalog " + o.catalog_path + " (\"" + store->region +
                          "\"); leave out --region, or pass a catalog of that region");
  return *store;
}

const price_catalog& pick_catalog_for(const common_options& o, std::optional<price_catalog>& store,
                                      const context& ctx, std::string& text) {
  const std::string file_region = json_region(text);
  const price_catalog& cat = pick_catalog(o, store, ctx.limits, file_region);
  if (!o.region.empty() && file_region != o.region) text = with_json_region(text, o.region);
  note_region_estimates(o, cat, ctx);
  return cat;
}

void note_region_estimates(const common_options& o, const price_catalog& cat, const context& ctx) {
  if (!o.catalog_path.empty() || &cat == &default_catalog()) return;
  std::size_t estimates = 0;
  for (const auto& s : cat.sources) estimates += s.confidence == "estimate" ? 1 : 0;
  ctx.err << "fleetcast: prices of the built-in " << cat.region << " catalog: " << estimates << " of its "
          << cat.sources.size() << " sources are estimates (mostly us-east-1 figures used for " << cat.region
          << "); `fleetcast catalog --region " << cat.region << "` lists them\n";
}

std::string detail_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

void check_run_work(const sim::scenario& sc, std::size_t options, std::uint64_t scenarios, const char* place,
                    bool target, const input_limits& limits) {
  const double work = double(sc.horizon.steps()) * double(options) * double(scenarios);
  if (work > double(limits.work))
    throw_limit(limits, limit::work, place,
                std::to_string(sc.horizon.steps()) + " steps × " + std::to_string(options) + " options × " +
                    std::to_string(scenarios) + (target ? " trials at most" : " trials") + " = " +
                    detail_number(work) + " exceeds");
}

std::pair<std::string, std::string> scenario_text(const std::string& path, const input_limits& limits) {
  scenario_input in = scenario_from_inputs({path}, limits);
  return {std::move(in.text), std::move(in.source)};
}

sim::scenario load_scenario_or_workloads(const std::string& path, const price_catalog& cat,
                                         const input_limits& limits) {
  const auto [text, source] = scenario_text(path, limits);
  return parse_scenario(text, source, cat, limits);
}

}  // namespace fleetcast::cli
