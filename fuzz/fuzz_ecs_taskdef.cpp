// Fuzz target: the ECS task/service definition importer. An accepted definition is turned into
// a scenario and read back, as `fleetcast simulate taskdef.json` does.
#include "fleetcast/io/scenario_json.hpp"
#include "fleetcast/io/workload_import.hpp"
#include "fleetcast/io/workload_scenario.hpp"
#include "fleetcast/pricing/catalog.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace fleetcast;
  fuzz::refuse_cleanly([&] {
    const auto w = import_ecs(fuzz::as_text(data, size), "fuzz.json");
    (void)parse_scenario(workloads_to_scenario_json(w, "fuzz"), "imported", default_catalog());
  });
  return 0;
}
