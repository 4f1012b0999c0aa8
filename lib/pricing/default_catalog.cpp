#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "fleetcast/core/error.hpp"
#include "fleetcast/pricing/catalog.hpp"
#include "pricing/built_in_regions.hpp"

namespace fleetcast {
namespace detail {
/// pricing/aws-us-east-1.json as code: generated at build time by tools/catalog_codegen.cpp.
price_catalog built_in_catalog();
}  // namespace detail

const price_catalog& default_catalog() {
  static const price_catalog catalog = detail::built_in_catalog();
  return catalog;
}

std::vector<std::string> built_in_regions() {
  std::vector<std::string> out;
  out.reserve(detail::built_in_region_count);
  for (std::size_t i = 0; i < detail::built_in_region_count; ++i) out.emplace_back(detail::built_in_region_table[i].region);
  return out;
}

const price_catalog& built_in_catalog(std::string_view region, std::string_view place) {
  if (region == default_catalog().region) return default_catalog();
  // Each region's catalog is built on first use and kept (never modified) until exit.
  static std::mutex mutex;
  static std::vector<std::unique_ptr<const price_catalog>> built(detail::built_in_region_count);
  for (std::size_t i = 0; i < detail::built_in_region_count; ++i) {
    if (region != detail::built_in_region_table[i].region) continue;
    const std::lock_guard<std::mutex> lock(mutex);
    if (!built[i]) built[i] = std::make_unique<const price_catalog>(detail::built_in_region_table[i].make());
    return *built[i];
  }
  std::string names;
  for (const auto& r : built_in_regions()) names += (names.empty() ? "" : ", ") + r;
  throw input_error(errid::bad_enum, std::string(place),
                    "\"" + std::string(region) + "\" has no built-in catalog (built in: " + names +
                        "); for another region download its AWS Price List offer files, run `fleetcast pricing "
                        "import --region " + std::string(region) +
                        " --offer FILE ... -o catalog.json` and pass --catalog catalog.json");
}

}  // namespace fleetcast
