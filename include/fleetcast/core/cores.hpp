#pragma once
/// @file
/// How many cores this process may use: what a run with `threads = 0` starts.
/// `std::thread::hardware_concurrency()` counts the machine's cores; in a container (an ECS
/// task with a `cpu` size, a Kubernetes pod with `limits.cpu`, `docker run --cpus`) the process
/// may use fewer, and one thread per machine core then only queues behind the quota.

#include <optional>
#include <string_view>

namespace fleetcast {

/// The cores this process may use: the CPU affinity mask (`taskset`, cpusets), capped by a
/// cgroup CPU quota (v2 `cpu.max`, v1 `cpu.cfs_quota_us` / `cpu.cfs_period_us`) rounded up.
/// At least 1. Read once per call; cheap enough to call once per run.
unsigned usable_cores();

/// The cores a cgroup v2 `cpu.max` text allows ("QUOTA PERIOD", or "max PERIOD" for no
/// limit), rounded up: "150000 100000" → 2. Nothing for "max", or text that is not a quota.
std::optional<unsigned> cores_of_cpu_max(std::string_view text);

}  // namespace fleetcast
