#include "fleetcast/pricing/catalog.hpp"

namespace fleetcast {
namespace detail {
/// pricing/aws-us-east-1.json as code: generated at build time by tools/catalog_codegen.cpp.
price_catalog built_in_catalog();
}  // namespace detail

const price_catalog& default_catalog() {
  static const price_catalog catalog = detail::built_in_catalog();
  return catalog;
}

}  // namespace fleetcast
