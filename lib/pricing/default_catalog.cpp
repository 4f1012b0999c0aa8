#include <string_view>

#include "fleetcast/core/limits.hpp"
#include "fleetcast/io/catalog_json.hpp"
#include "fleetcast/pricing/catalog.hpp"

namespace fleetcast {
namespace detail {
std::string_view embedded_catalog_json() noexcept;  // generated from pricing/aws-us-east-1.json
}

const price_catalog& default_catalog() {
  // Not an input: read under the default limits, whatever a caller's --limit says.
  static const price_catalog catalog = parse_catalog(detail::embedded_catalog_json());
  return catalog;
}

}  // namespace fleetcast
