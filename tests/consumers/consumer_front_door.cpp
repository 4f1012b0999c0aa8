// A tool that uses only the front door, <fleetcast/fleetcast.hpp>: the built-in example's
// scenario file in (the path is given on the command line), the monthly answer out. Built with
// -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Werror (tests/consumers/consumer_targets.cmake).
#include <cstdio>
#include <string>

#include <fleetcast/fleetcast.hpp>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::printf("usage: consumer_front_door SCENARIO.json\n");
    return 2;
  }
  fleetcast::evaluation_settings how;
  how.trials = 64;
  how.threads = 1;
  try {
    const fleetcast::evaluation e = fleetcast::evaluate({argv[1]}, how);
    const std::string text = fleetcast::to_text(e);
    if (e.options.empty() || e.verdict.cheapest.empty() || e.trials != 64 || text.find(e.verdict.cheapest) == std::string::npos) {
      std::printf("FAILED: evaluate answers with a verdict\n%s", text.c_str());
      return 1;
    }
    std::printf("%sconsumer ok\n", text.c_str());
  } catch (const fleetcast::error& err) {
    std::printf("FAILED: %s\n", err.what());
    return 1;
  }
  bool threw = false;
  try {
    (void)fleetcast::evaluate({"no-such-file.json"}, how);
  } catch (const fleetcast::io_error& err) {
    threw = std::string(err.what()).find("[fleetcast.io.") == 0;
  } catch (const fleetcast::error&) {
  }
  if (!threw) {
    std::printf("FAILED: a missing file is an io_error\n");
    return 1;
  }
  return 0;
}
