// Fuzz target: the Kubernetes manifest importer (YAML or JSON documents). An accepted manifest
// is turned into a scenario and read back, as `fleetcast simulate manifest.yaml` does.
#include "fleetcast/io/scenario_json.hpp"
#include "fleetcast/io/workload_import.hpp"
#include "fleetcast/io/workload_scenario.hpp"
#include "fleetcast/pricing/catalog.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace fleetcast;
  fuzz::refuse_cleanly([&] {
    const auto w = import_kubernetes(fuzz::as_text(data, size), "fuzz.yaml");
    (void)parse_scenario(workloads_to_scenario_json(w, "fuzz"), "imported", default_catalog());
  });
  return 0;
}
