#pragma once
// The driver in-process, for tests: `fleetcast ARGS...` with its standard output and error
// captured, as the shell would see them.

#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

#include "cli.hpp"

namespace fleetcast::test {

struct cli_result {
  int code;
  std::string out, err;
};

/// Runs `fleetcast` with `args` (without the program name).
inline cli_result run_cli(const std::vector<std::string>& args) {
  std::vector<const char*> argv{"fleetcast"};
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  const int code = cli::run(static_cast<int>(argv.size()), argv.data(), out, err);
  return {code, out.str(), err.str()};
}
inline cli_result run_cli(std::initializer_list<std::string> args) {
  return run_cli(std::vector<std::string>(args));
}
inline cli_result run_cli(const std::vector<const char*>& args) {
  return run_cli(std::vector<std::string>(args.begin(), args.end()));
}

}  // namespace fleetcast::test
