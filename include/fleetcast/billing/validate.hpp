#pragma once
/// @file
/// The rules a fleet must meet before it is quoted, checked on the structure itself so a fleet
/// built in C++ is held to the same rules as one read from a file (`quote_fleet` calls
/// `validate`; so does the CLI with JSON-pointer places).

#include <cstdint>

#include "fleetcast/billing/fleet_quote.hpp"
#include "fleetcast/core/place.hpp"
#include "fleetcast/pricing/catalog.hpp"

namespace fleetcast::billing {

/// Bounds that keep every product exact and every allocation small.
namespace bounds {
inline constexpr std::int64_t max_count = 1'000'000;
inline constexpr std::int64_t max_runs = 100'000'000;
inline constexpr double max_run_seconds = 1e9;  ///< about 31 years
inline constexpr double max_hours = 1e6;
inline constexpr std::int64_t max_storage_gib = 100'000;
inline constexpr std::int64_t max_ipv4_per_instance = 1'000;  ///< well above any type's ENIs × addresses
inline constexpr std::int64_t max_root_volume_gib = 65'536;   ///< gp3's largest volume (64 TiB)
inline constexpr double max_processed_gib = 1e12;
inline constexpr double max_lcus = 1e6;
}  // namespace bounds

/// Checks `f` against `catalog`: the region, names (non-empty, at most 200 bytes, unique over
/// all entries), counts, runs and lengths in range, a Fargate size that exists for each task
/// (and no Spot or Windows where Fargate has none), instance types in the catalog, EC2
/// interruptions only for Spot; the catalog's VPC, EBS and ELB rates where an entry needs them. Throws `input_error` with the place named as `style` says.
void validate(const fleet& f, const price_catalog& catalog, place_style style = place_style::code);

}  // namespace fleetcast::billing
