// Fuzz target: the price catalog reader (pricing/catalog.schema.json).
#include "fleetcast/io/catalog_json.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fleetcast::fuzz::refuse_cleanly(
      [&] { (void)fleetcast::parse_catalog(fleetcast::fuzz::as_text(data, size), "fuzz.json"); });
  return 0;
}
