#pragma once
/// @file
/// The rules a scenario must meet before it is simulated, checked on the structure itself so
/// that a scenario built in C++ is held to the same rules as one read from a file (the JSON
/// reader calls `validate` too). `simulate_path`, `mc::run` and `mc::simulation::run` call it
/// once per run; nothing a caller builds can make them crash, read out of bounds or bill a
/// negative price.

#include <cstdint>
#include <vector>

#include "fleetcast/core/place.hpp"
#include "fleetcast/pricing/catalog.hpp"
#include "fleetcast/sim/scenario.hpp"

namespace fleetcast::sim {

/// Bounds that keep every later product finite and every allocation small. The horizon (ten
/// years), tasks per service (100 000; ECS's own per-service limit is far lower) and Monte
/// Carlo counts are fixed by the format; the rest are "far beyond any real service" caps, so
/// that a typo such as 1e308 is refused instead of overflowing the simulator.
namespace bounds {
inline constexpr double max_days = 3660;
inline constexpr std::int64_t max_step_seconds = 86'400;
inline constexpr std::int64_t max_tasks = 100'000;
inline constexpr std::int64_t max_seconds = 1'000'000'000;  ///< cooldowns, consolidation interval
inline constexpr double max_startup_seconds = 86'400;
inline constexpr double max_demand = 1e9;            ///< base, burst size, capacity per task
inline constexpr double max_trend_per_month = 10.0;  ///< +1000 % a month: 11^120 is finite
inline constexpr double max_factor = 1e3;            ///< weekend factor
inline constexpr double max_cv = 100.0;
inline constexpr double max_bursts_per_day = 100'000;
inline constexpr double max_burst_minutes = 1e6;
inline constexpr double max_tail_alpha = 1e3;
inline constexpr std::int64_t max_scenarios = 1'000'000'000;
inline constexpr std::int64_t max_strategy_entries = 20;  ///< ECS CapacityProviderStrategyItem limits
inline constexpr std::int64_t max_strategy_base = 100'000;
inline constexpr std::int64_t max_strategy_weight = 1'000;
inline constexpr std::int64_t max_clusters = 10'000;
inline constexpr double max_launch_seconds = 86'400;  ///< launch, warm-up, scale-in delay
inline constexpr std::int64_t max_task_cpu_units = 1 << 20;
inline constexpr std::int64_t max_task_memory_mib = 1 << 24;
inline constexpr std::int64_t max_task_gpus = 64;  ///< more than any instance type has (8 today)
inline constexpr std::int64_t max_task_cpu_millicores = 1'000'000;  ///< below max_task_cpu_units in units
inline constexpr std::size_t max_name_bytes = 200;
inline constexpr std::size_t max_scheduled_actions = 48;
inline constexpr std::size_t max_step_adjustments = 20;
inline constexpr std::size_t max_commitments = 100;
inline constexpr std::int64_t max_daemonset_cpu_millicores = 1'000'000;
inline constexpr std::int64_t max_daemonset_memory_mib = 100'000'000;
inline constexpr std::int64_t max_daemonset_pods = 1'000;
inline constexpr std::int64_t max_availability_zones = 6;   ///< us-east-1 has six
inline constexpr std::int64_t max_interface_endpoints = 50;  ///< per zone
inline constexpr std::int64_t max_public_ipv4 = 1'000'000;
inline constexpr std::int64_t max_root_volume_gib = 65'536;  ///< gp3's largest volume
inline constexpr double max_image_size_mib = 1e6;
inline constexpr double max_load = 1e9;                      ///< connections, GB/h, rule evaluations
/// ECS_RESERVED_MEMORY of an ECS container instance, MiB.
inline constexpr std::int64_t max_ecs_reserved_memory_mib = 100'000'000;
inline constexpr std::int64_t max_hpa_window_seconds = 3'600;  ///< Kubernetes' limit on stabilizationWindowSeconds
inline constexpr std::int64_t max_hpa_period_seconds = 1'800;  ///< Kubernetes' limit on periodSeconds
inline constexpr std::size_t max_hpa_policies = 20;
inline constexpr std::int64_t max_hpa_policy_value = 1'000'000;
inline constexpr std::int64_t max_hpa_target_percent = 100'000;  ///< averageUtilization may exceed 100
}  // namespace bounds

/// Checks every rule of the scenario format on `s` against `catalog`: ranges of every field,
/// names (non-empty, at most 200 bytes, unique), instance types in the catalog, settings that
/// only some options take, node groups, DaemonSets that fit on every type, each service on
/// each option (Fargate sizes, Fargate Spot and Windows, CPU architecture), commitments with
/// catalog rates, the correlation matrix and its root. Throws `input_error` with the stable id
/// of the rule and the place, named as `style` says (a field path for structures built in
/// code, a JSON pointer for files). O(services × options × instance types).
void validate(const scenario& s, const price_catalog& catalog, place_style style = place_style::code);

/// The part of `validate` that demand generation needs (`generate_demand` calls it): the
/// horizon, at least one service, each service's demand model or trace, the correlation.
void validate_demand(const scenario& s, place_style style = place_style::code);

/// Checks a demand drawn outside fleetcast for `simulate_path_on`: one row per service, each
/// of `s.horizon.steps()` finite values ≥ 0.
void validate_demand_paths(const scenario& s, const std::vector<std::vector<double>>& demand);

}  // namespace fleetcast::sim
