#pragma once
/// @file
/// Built-in examples, compiled into the library from `examples/`, so the driver has something
/// to run with no file argument (`fleetcast quote --example`).

#include <string_view>

namespace fleetcast {

/// The JSON text of `examples/quote-payments-api.json`.
[[nodiscard]] std::string_view example_quote_json() noexcept;

/// The JSON text of `examples/payments-api.json` (`fleetcast simulate --example`).
[[nodiscard]] std::string_view example_scenario_json() noexcept;

}  // namespace fleetcast
