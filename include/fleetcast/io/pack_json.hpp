#pragma once
/// @file
/// The JSON form of a packing problem (`fleetcast pack`) and of its results.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <optional>
#include <vector>

#include "fleetcast/core/limits.hpp"
#include "fleetcast/packing/improve.hpp"
#include "fleetcast/packing/problem.hpp"
#include "fleetcast/packing/type_choice.hpp"
#include "fleetcast/pricing/catalog.hpp"

namespace fleetcast {

/// A parsed `fleetcast pack` input. Dimensions: cpu, memory, pods (EKS) or task slots (ECS
/// awsvpc), gpus. With explicit `bin_types` the units are the file's; with `instance_types`
/// items give cpu in ECS CPU units (1024 per vCPU) and memory in MiB, and capacities come from
/// the catalog (EKS: cpu converted to millicores, rounded up; each item takes one pod slot).
struct pack_request {
  packing::problem<packing::platform_dims> problem;
  std::vector<std::string> item_names;  ///< "" where the file gave none
  std::string platform;                 ///< "", "ecs" or "eks"
  std::string cpu_unit;                 ///< "units", "millicores", or "" (the file's own)
  std::string heuristic;                ///< from the file; "" when not given
  packing::type_choice choice;
  std::uint64_t seed = 1;
};

/// Throws `input_error` with the JSON pointer and value of the first problem (input.13 for a
/// limit of `limits`: depth, string bytes, instance or bin types, item entries). Instance
/// types become bins and items shapes as `packing/from_catalog.hpp` makes them.
[[nodiscard]] pack_request parse_pack_request(std::string_view json_text, std::string_view source,
                                              const price_catalog& catalog, const input_limits& limits = {});

/// What `--heuristic exact` adds to a report (packing/exact.hpp's exact_result).
struct pack_exact_summary {
  std::string status;               ///< optimal, gap_open or time_limit
  double cost_bound = 0;            ///< $/hour the cheapest packing costs at least
  std::int64_t bins_bound = 0;
  double lp_bound = 0;              ///< column generation's LP bound, unrounded
  bool lp_converged = false;
  double gap = 0;                   ///< (cost − cost_bound) / cost_bound
  double time_limit_seconds = 0;
  bool time_limit_reached = false;
  std::int64_t columns = 0;         ///< bin fillings generated
  std::string start;                ///< heuristic of the starting packing
};

struct pack_report {
  packing::pack_result<packing::platform_dims> result;
  double seconds = 0;
  /// Set when the result went through `packing::improve` (`fleetcast pack --improve S`):
  /// bins and cost before and after, and its time (not included in `seconds`).
  std::optional<packing::improve_stats> improvement;
  std::optional<pack_exact_summary> exact;  ///< `--heuristic exact` only
};

/// One object per report (an array when `as_array`), documented in the README.
[[nodiscard]] std::string pack_reports_to_json(const pack_request& req,
                                               const std::vector<pack_report>& reports,
                                               bool as_array);
/// A side-by-side table; with a single report, also its bins.
[[nodiscard]] std::string pack_reports_to_table(const pack_request& req,
                                                const std::vector<pack_report>& reports);

}  // namespace fleetcast
