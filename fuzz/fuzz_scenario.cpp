// Fuzz target: the scenario reader (JSON → sim::scenario against the built-in catalog). When a
// scenario is accepted and small, one Monte Carlo path is simulated too, so odd but valid
// scenarios reach the time loop, scaling and packing.
#include "fleetcast/io/scenario_json.hpp"
#include "fleetcast/pricing/catalog.hpp"
#include "fleetcast/sim/simulate.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace fleetcast;
  fuzz::refuse_cleanly([&] {
    const sim::scenario s = parse_scenario(fuzz::as_text(data, size), "fuzz.json", default_catalog());
    const double work = double(s.horizon.steps()) * double(s.services.size()) * double(s.options.size());
    if (work <= 20'000) (void)sim::simulate_path(s, default_catalog(), 0);
  });
  return 0;
}
