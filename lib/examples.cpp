#include "fleetcast/examples.hpp"

namespace fleetcast {
namespace detail {
std::string_view embedded_example_quote_json() noexcept;     // generated from examples/
std::string_view embedded_example_scenario_json() noexcept;  // generated from examples/
}
std::string_view example_quote_json() noexcept { return detail::embedded_example_quote_json(); }
std::string_view example_scenario_json() noexcept { return detail::embedded_example_scenario_json(); }
}  // namespace fleetcast
