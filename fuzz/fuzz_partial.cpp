// Fuzz target: partial-state files (shards and checkpoints, the binary format `fleetcast merge`
// and `--resume` read). The header is read first; when it parses, the scenario it carries is
// read with the catalog it names, and then the block accumulators, as merge does.
#include <optional>

#include "fleetcast/io/catalog_json.hpp"
#include "fleetcast/io/partial.hpp"
#include "fleetcast/io/scenario_json.hpp"
#include "fleetcast/pricing/catalog.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace fleetcast;
  const std::string_view bytes = fuzz::as_text(data, size);
  fuzz::refuse_cleanly([&] {
    const partial_header h = read_partial_header(bytes, "fuzz.partial");
    std::optional<price_catalog> own;
    if (!h.catalog_json.empty()) own = parse_catalog(h.catalog_json, "fuzz.partial (catalog)");
    const price_catalog& cat = own ? *own : default_catalog();
    const sim::scenario s = parse_scenario(h.scenario_json, h.scenario_source, cat);
    (void)read_partial(bytes, "fuzz.partial", s);
  });
  return 0;
}
