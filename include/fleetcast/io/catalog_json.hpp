#pragma once
/// @file
/// Reading a price catalog from its JSON form (`pricing/README.md`, `pricing/catalog.schema.json`).

#include <string>
#include <string_view>

#include "fleetcast/core/error.hpp"
#include "fleetcast/core/limits.hpp"
#include "fleetcast/pricing/catalog.hpp"

namespace fleetcast {

/// Parses and validates a catalog. Throws `pricing_error` (`[fleetcast.catalog.N]`) naming the
/// JSON pointer and value of the first problem: a missing or negative price, a duplicate
/// instance type, a wrong type, an unknown source, figures that contradict each other; also
/// `[fleetcast.input.13]` (as a `pricing_error`) for a limit of `limits`: nesting depth,
/// string bytes, instance types. `source` names the text in syntax-error messages
/// (`source:line:column`).
[[nodiscard]] price_catalog parse_catalog(std::string_view json_text,
                                          std::string_view source = "catalog",
                                          const input_limits& limits = {});

/// Reads and parses a catalog file. Throws `io_error`, `input_error` (input.13 for its size)
/// or `pricing_error`.
[[nodiscard]] price_catalog load_catalog(const std::string& path, const input_limits& limits = {});

}  // namespace fleetcast
