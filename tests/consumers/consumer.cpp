// A tool that links fleetcast::fleetcast (core and io): it reads the built-in example scenario
// with the JSON reader, runs it, and writes the results with the io writers. Built with -Wall
// -Wextra -Wpedantic -Wconversion -Wshadow -Werror (tests/consumers/consumer_targets.cmake).
#include <cstdio>
#include <string>

#include <fleetcast/all.hpp>

int main() {
  int failures = 0;
  const auto check = [&failures](bool ok, const char* what) {
    if (!ok) {
      std::printf("FAILED: %s\n", what);
      ++failures;
    }
  };
  const fleetcast::price_catalog& cat = fleetcast::default_catalog();

  const fleetcast::invoice inv =
      fleetcast::quote_fleet(fleetcast::parse_fleet(fleetcast::example_quote_json()), cat);
  const std::string invoice_json = fleetcast::invoice_to_json(inv);
  check(invoice_json.find("\"total") != std::string::npos, "invoice_to_json writes the total");

  const fleetcast::sim::scenario s =
      fleetcast::parse_scenario(fleetcast::example_scenario_json(), "payments-api.json", cat);
  const std::string path_json = fleetcast::path_results_to_json(s, 0, fleetcast::sim::simulate_path(s, cat, 0));
  check(!path_json.empty() && path_json.front() == '{', "path_results_to_json writes an object");

  const fleetcast::mc::run_result r = fleetcast::mc::simulation(s, cat).with_scenarios(32).with_threads(2).run();
  const std::string mc_json = fleetcast::mc_results_to_json(s, r, false);
  const std::string mc_csv = fleetcast::mc_results_to_csv(s, r);
  check(r.scenarios == 32 && mc_json.find("\"options\"") != std::string::npos && !mc_csv.empty(),
        "mc_results_to_json / _csv write the run");

  bool threw = false;
  try {
    (void)fleetcast::parse_scenario("{", "broken.json", cat);
  } catch (const fleetcast::input_error& e) {  // typeinfo crosses the shared-library boundary
    threw = std::string(e.what()).find("[fleetcast.") == 0;
  }
  check(threw, "a syntax error is a fleetcast::input_error with a stable id");

  std::printf("fleetcast %s: %.2f USD, %zu bytes of results — consumer %s\n", FLEETCAST_VERSION_STRING,
              inv.invoice_total_usd(), mc_json.size(), failures == 0 ? "ok" : "FAILED");
  return failures == 0 ? 0 : 1;
}
