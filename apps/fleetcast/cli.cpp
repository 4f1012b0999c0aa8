// The driver: registers the subcommands (one file each, cmd_*.cpp), parses the command line,
// builds the input limits from `--limit NAME=N`, runs the chosen command and turns errors into
// one line on stderr.
#include "cli.hpp"

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "fleetcast/core/error.hpp"
#include "fleetcast/core/limits.hpp"
#include "fleetcast/version.hpp"
#include "mpi_support.hpp"

namespace fleetcast::cli {

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"fleetcast " FLEETCAST_VERSION_STRING
               " — what containers cost on AWS (ECS, EKS, Fargate, EC2)",
               "fleetcast"};
  app.set_version_flag("--version", FLEETCAST_VERSION_STRING);
  app.require_subcommand(1);

  // In the order `--help` lists them.
  std::vector<std::unique_ptr<command>> commands;
  for (auto make : {make_quote_command, make_pack_command, make_simulate_command, make_commit_command,
                    make_import_command, make_pricing_command, make_report_command, make_merge_command,
                    make_catalog_command, make_actuals_command}) {
    commands.push_back(make());
    commands.back()->add_to(app);
  }

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
    if (msg.rfind(": ", 0) == 0) msg.erase(0, 2);  // a validator's error comes without the option's name
    err << error::format(errid::usage, "command line", msg + " (see fleetcast --help)") << "\n";
    return 2;
  }

  try {
    // Every run starts from the defaults; the command passes them to everything it reads and runs.
    input_limits limits;
    for (const auto& spec : limit_specs) apply_limit(limits, spec);
    const context ctx{out, err, limits};
    for (const auto& c : commands)
      if (c->chosen()) return c->run(ctx);
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
