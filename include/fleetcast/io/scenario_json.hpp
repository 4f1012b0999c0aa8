#pragma once
/// @file
/// The JSON form of a scenario (`examples/payments-api.json`, `examples/scenario.schema.json`):
/// services with their tasks, scaling and demand, the deployment options to compare, the
/// horizon and the Monte Carlo settings.

#include <string>
#include <string_view>

#include "fleetcast/pricing/catalog.hpp"
#include "fleetcast/sim/scenario.hpp"

namespace fleetcast {

/// Largest steps × services × options a scenario may ask for (one Monte Carlo path's work).
inline constexpr double max_scenario_work = 5e8;

/// Parses and validates a scenario against `catalog` (instance types, Fargate sizes, region).
/// Throws `input_error` naming the JSON pointer and value of the first problem: ids input.1
/// (not JSON, NaN, Infinity), .2 (type), .3 (unknown key), .4 (missing), .5 (range, also the
/// work limit), .6 (fraction), .7 (instance type), .8 (Fargate size, at `/services/i/task`),
/// .9 (combination), .10 (empty), .11 (enumeration), .12 (duplicate name). `source` names the
/// text in syntax-error messages (`source:line:column`).
/// Complexity: linear in the text, plus one Fargate size lookup per service and platform.
[[nodiscard]] sim::scenario parse_scenario(std::string_view json_text, std::string_view source,
                                           const price_catalog& catalog);

/// Reads and parses a scenario file (`path` names it in syntax errors; other places are JSON
/// pointers, as for every input file). Throws `io_error` (io.1) or `input_error`.
[[nodiscard]] sim::scenario load_scenario(const std::string& path, const price_catalog& catalog);

}  // namespace fleetcast
