#pragma once
/// @file
/// The JSON form of a scenario (`examples/payments-api.json`, `examples/scenario.schema.json`):
/// services with their tasks, scaling and demand, the deployment options to compare, the
/// horizon and the Monte Carlo settings.

#include <string>
#include <string_view>

#include "fleetcast/core/limits.hpp"
#include "fleetcast/pricing/catalog.hpp"
#include "fleetcast/sim/scenario.hpp"

namespace fleetcast {

/// The default of `input_limits::path_work` (steps × services × options of one path), kept under
/// its old name.
inline constexpr double max_scenario_work = double(input_limits{}.path_work);

/// Parses and validates a scenario against `catalog` (instance types, Fargate sizes, region).
/// Throws `input_error` naming the JSON pointer and value of the first problem: ids input.1
/// (not JSON, NaN, Infinity), .2 (type), .3 (unknown key), .4 (missing), .5 (range), .6
/// (fraction), .7 (instance type), .8 (Fargate size, at `/services/i/task`), .9 (combination),
/// .10 (empty), .11 (enumeration), .12 (duplicate name), .13 (a limit of `limits`: depth,
/// string bytes, services, options, path work; trace files: file bytes). `source` names the text in syntax-error
/// messages (`source:line:column`).
/// Complexity: linear in the text, plus one Fargate size lookup per service and platform.
[[nodiscard]] sim::scenario parse_scenario(std::string_view json_text, std::string_view source,
                                           const price_catalog& catalog, const input_limits& limits = {});

/// Reads and parses a scenario file (`path` names it in syntax errors; other places are JSON
/// pointers, as for every input file). Throws `io_error` (io.1) or `input_error`.
[[nodiscard]] sim::scenario load_scenario(const std::string& path, const price_catalog& catalog,
                                          const input_limits& limits = {});

}  // namespace fleetcast
