#pragma once
/// @file
/// Fargate billing rules (sources in `pricing/aws-us-east-1.json` and the README):
/// requested vCPU, memory and ephemeral storage above 20 GB, billed per second from image
/// pull to stop, rounded up to the whole second, with a 60 s minimum per run on Linux and
/// 300 s on Windows. Requests are rounded up to the cheapest valid CPU/memory pair; EKS pods
/// get +256 MiB first and have no ARM, Windows or Spot.

#include <cmath>
#include <cstdint>
#include <string>

#include "fleetcast/core/error.hpp"
#include "fleetcast/core/units.hpp"
#include "fleetcast/pricing/catalog.hpp"

namespace fleetcast {

/// What a task definition or pod asks for.
struct fargate_request {
  platform on = platform::ecs;
  os_family os = os_family::linux_os;
  cpu_arch arch = cpu_arch::x86_64;
  int cpu_units = 0;    ///< ECS: task cpu; EKS: summed pod requests (0 = none given)
  int memory_mib = 0;   ///< ECS: task memory; EKS: summed pod requests (0 = none given)
  int ephemeral_storage_gib = 20;  ///< total configured; billed above the free 20 GiB
  bool spot = false;    ///< Fargate Spot (ECS, Linux only)
};

/// The size Fargate bills for a request.
struct fargate_size {
  int cpu_units = 0;
  int memory_mib = 0;
  bool rounded = false;  ///< differs from what was asked (after the EKS overhead)
  int requested_cpu_units = 0;   ///< what was compared against the table
  int requested_memory_mib = 0;  ///< including the EKS +256 MiB
};

/// Checks the combination rules (EKS: no ARM, Windows or Spot; Spot: Linux only; Windows:
/// at least 1 vCPU; storage within limits). Throws `input_error` (id input.9 or input.5) with
/// an empty place; callers add theirs.
inline void validate_fargate_request(const fargate_prices& p, const fargate_request& r) {
  if (r.on == platform::eks) {
    if (r.os == os_family::windows_os)
      throw input_error(errid::unsupported, "", "EKS on Fargate runs Linux pods only (os: windows)");
    if (r.arch == cpu_arch::arm64)
      throw input_error(errid::unsupported, "", "EKS on Fargate runs x86_64 pods only (arch: arm64)");
    if (r.spot)
      throw input_error(errid::unsupported, "", "EKS on Fargate has no Fargate Spot (spot: true)");
  }
  if (r.spot && r.os == os_family::windows_os)
    throw input_error(errid::unsupported, "", "Fargate Spot runs Linux tasks only (os: windows)");
  if (r.os == os_family::windows_os && r.cpu_units > 0 && r.cpu_units < cpu_units_per_vcpu)
    throw input_error(errid::unsupported, "",
                      "Windows tasks on Fargate need at least 1 vCPU (cpu: " +
                          std::to_string(r.cpu_units) + ")");
  if (r.cpu_units < 0 || r.memory_mib < 0)
    throw input_error(errid::out_of_range, "", "cpu and memory must be >= 0");
  const int max_storage = r.on == platform::eks ? p.max_storage_gib_eks : p.max_storage_gib_ecs;
  if (r.ephemeral_storage_gib < p.free_storage_gib || r.ephemeral_storage_gib > max_storage)
    throw input_error(errid::out_of_range, "",
                      "ephemeral_storage_gib " + std::to_string(r.ephemeral_storage_gib) +
                          " is outside " + std::to_string(p.free_storage_gib) + ".." +
                          std::to_string(max_storage) + " for " + std::string(to_string(r.on)));
}

/// The cheapest valid CPU/memory pair that holds the request (ties: the smaller CPU).
/// EKS adds the pod overhead to memory first, and a pod with no requests gets the smallest
/// size (0.25 vCPU / 0.5 GB). Throws `input_error` input.8 when no pair holds it.
/// Complexity: O(rows × memory options), about 100 comparisons.
inline fargate_size fargate_billed_size(const fargate_prices& p, const fargate_request& r) {
  validate_fargate_request(p, r);
  int want_cpu = r.cpu_units;
  int want_mem = r.memory_mib;
  if (r.on == platform::eks) {
    if (want_cpu == 0 && want_mem == 0) {
      want_cpu = p.eks_default_cpu_units;
      want_mem = p.eks_default_memory_mib;
    } else {
      want_mem += p.eks_pod_overhead_mib;
    }
  }
  const fargate_rates& rates = p.rates_for(r.os, r.arch, r.spot);
  const double vcpu_h = rates.vcpu.effective_per_hour();
  const double gb_h = rates.memory_gb.effective_per_hour();
  fargate_size best;
  double best_cost = 0.0;
  for (const auto& row : p.sizes) {
    if (row.cpu_units < want_cpu) continue;
    if (r.os == os_family::windows_os ? !row.windows_ok : !row.linux_ok) continue;
    if (r.on == platform::eks && !row.eks_ok) continue;
    for (int mem : row.memory_mib) {
      if (mem < want_mem) continue;
      const double cost = row.cpu_units / double(cpu_units_per_vcpu) * vcpu_h +
                          mem / double(mib_per_gib) * gb_h;
      if (best.cpu_units == 0 || cost < best_cost) {
        best.cpu_units = row.cpu_units;
        best.memory_mib = mem;
        best_cost = cost;
      }
      break;  // larger memory in the same row only costs more
    }
  }
  if (best.cpu_units == 0) {
    throw input_error(errid::no_fargate_size, "",
                      "no valid Fargate " + std::string(to_string(r.os)) + " size holds " +
                          std::to_string(want_cpu) + " CPU units and " +
                          std::to_string(want_mem) + " MiB" +
                          (r.on == platform::eks ? " (after the EKS +256 MiB)" : "") +
                          "; the largest is " +
                          (p.sizes.empty() ? std::string("none")
                                           : std::to_string(p.sizes.back().cpu_units) +
                                                 " units / " +
                                                 std::to_string(p.sizes.back().memory_mib.back()) +
                                                 " MiB"));
  }
  best.requested_cpu_units = want_cpu;
  best.requested_memory_mib = want_mem;
  best.rounded = best.cpu_units != want_cpu || best.memory_mib != want_mem;
  return best;
}

/// Seconds billed for one run: rounded up to the whole second, at least the OS minimum.
/// Precondition: run_seconds > 0 and finite.
[[nodiscard]] inline std::int64_t fargate_billed_seconds(const fargate_prices& p, os_family os,
                                                         double run_seconds) noexcept {
  const auto s = static_cast<std::int64_t>(std::ceil(run_seconds));
  const std::int64_t min =
      os == os_family::windows_os ? p.min_billed_seconds_windows : p.min_billed_seconds_linux;
  return s < min ? min : s;
}

/// Quantities and charges of Fargate usage, each dimension separately.
struct fargate_charge {
  double vcpu_seconds = 0, gb_seconds = 0, licence_vcpu_seconds = 0, storage_gb_seconds = 0;
  double vcpu_usd = 0, memory_usd = 0, licence_usd = 0, storage_usd = 0;
  [[nodiscard]] double total_usd() const noexcept {
    return vcpu_usd + memory_usd + licence_usd + storage_usd;
  }
};

/// Charges for `task_seconds` billed task-seconds (tasks × runs × billed seconds per run) of
/// one billed size. Quantities are exact in double for any realistic fleet (vCPU and GiB are
/// multiples of 1/1024); each charge is one multiplication by a catalog rate.
[[nodiscard]] inline fargate_charge fargate_charges(const fargate_prices& p,
                                                    const fargate_request& r,
                                                    const fargate_size& size,
                                                    double task_seconds) noexcept {
  const fargate_rates& rates = p.rates_for(r.os, r.arch, r.spot);
  fargate_charge c;
  const double vcpu = size.cpu_units / double(cpu_units_per_vcpu);
  const double gb = size.memory_mib / double(mib_per_gib);
  c.vcpu_seconds = vcpu * task_seconds;
  c.gb_seconds = gb * task_seconds;
  c.vcpu_usd = rates.vcpu.cost_of_seconds(c.vcpu_seconds);
  c.memory_usd = rates.memory_gb.cost_of_seconds(c.gb_seconds);
  if (rates.os_licence_vcpu) {
    c.licence_vcpu_seconds = c.vcpu_seconds;
    c.licence_usd = rates.os_licence_vcpu->cost_of_seconds(c.licence_vcpu_seconds);
  }
  const int extra_gib = r.ephemeral_storage_gib - p.free_storage_gib;
  if (extra_gib > 0) {
    c.storage_gb_seconds = extra_gib * task_seconds;
    c.storage_usd = p.ephemeral_storage_gb.cost_of_seconds(c.storage_gb_seconds);
  }
  return c;
}

}  // namespace fleetcast
