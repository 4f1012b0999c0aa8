#pragma once
/// @file
/// Units and small enumerations shared by every layer. Resources are integers: CPU in ECS CPU
/// units (1024 per vCPU), memory in MiB. Money is in US dollars (double).

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fleetcast {

inline constexpr int cpu_units_per_vcpu = 1024;  ///< ECS CPU units in one vCPU
inline constexpr int mib_per_gib = 1024;         ///< Fargate's "GB" is a GiB (1024 MiB)
inline constexpr double seconds_per_hour = 3600.0;
inline constexpr int millicores_per_vcpu = 1000;  ///< Kubernetes CPU requests

/// ECS CPU units (1024 a vCPU, task definitions' `cpu`) to Kubernetes millicores (1000 a vCPU,
/// pods' `requests.cpu`), rounded up so that a request never shrinks: 512 → 500, 256 → 250,
/// 1 → 1. Fields hold one unit or the other, and say which in their name (`cpu_units`,
/// `cpu_millicores`); these two functions are the only conversions. Pre: 0 ≤ units ≤ 2^53.
[[nodiscard]] constexpr std::int64_t cpu_units_to_millicores(std::int64_t units) noexcept {
  return (units * millicores_per_vcpu + cpu_units_per_vcpu - 1) / cpu_units_per_vcpu;
}
/// Kubernetes millicores to ECS CPU units, rounded up: 500 → 512, 100 → 103, 1 → 2.
/// Pre: 0 ≤ millicores ≤ 2^53.
[[nodiscard]] constexpr std::int64_t millicores_to_cpu_units(std::int64_t millicores) noexcept {
  return (millicores * cpu_units_per_vcpu + millicores_per_vcpu - 1) / millicores_per_vcpu;
}
static_assert(cpu_units_to_millicores(512) == 500 && cpu_units_to_millicores(1) == 1);
static_assert(millicores_to_cpu_units(500) == 512 && millicores_to_cpu_units(100) == 103);

// `linux` is a predefined macro in GNU C++ modes, hence the suffixes.
enum class os_family { linux_os, windows_os };
enum class cpu_arch { x86_64, arm64 };
enum class platform { ecs, eks };
enum class purchase_option { on_demand, spot };
enum class support_tier { standard, extended };

[[nodiscard]] constexpr std::string_view to_string(os_family v) noexcept {
  return v == os_family::linux_os ? "linux" : "windows";
}
[[nodiscard]] constexpr std::string_view to_string(cpu_arch v) noexcept {
  return v == cpu_arch::x86_64 ? "x86_64" : "arm64";
}
[[nodiscard]] constexpr std::string_view to_string(platform v) noexcept {
  return v == platform::ecs ? "ecs" : "eks";
}
[[nodiscard]] constexpr std::string_view to_string(purchase_option v) noexcept {
  return v == purchase_option::on_demand ? "on_demand" : "spot";
}
[[nodiscard]] constexpr std::string_view to_string(support_tier v) noexcept {
  return v == support_tier::standard ? "standard" : "extended";
}

/// Parses the lower-case names used in every fleetcast file; nullopt when not one of them.
template <class E>
[[nodiscard]] constexpr std::optional<E> parse_enum(std::string_view s) noexcept;

/// The value of `all` whose `to_string` is `s`: the one way a closed vocabulary is parsed, so
/// names live only in each enum's `to_string`.
template <class E, std::size_t N>
[[nodiscard]] constexpr std::optional<E> parse_among(std::string_view s, const std::array<E, N>& all) noexcept {
  for (const E v : all)
    if (to_string(v) == s) return v;
  return std::nullopt;
}
/// "a, b, c": the names of `all`, for messages that list the valid choices.
template <class E, std::size_t N>
[[nodiscard]] std::string names_of(const std::array<E, N>& all) {
  std::string out;
  for (const E v : all) {
    if (!out.empty()) out += ", ";
    out += to_string(v);
  }
  return out;
}

template <>
constexpr std::optional<os_family> parse_enum<os_family>(std::string_view s) noexcept {
  if (s == "linux") return os_family::linux_os;
  if (s == "windows") return os_family::windows_os;
  return std::nullopt;
}
template <>
constexpr std::optional<cpu_arch> parse_enum<cpu_arch>(std::string_view s) noexcept {
  if (s == "x86_64") return cpu_arch::x86_64;
  if (s == "arm64") return cpu_arch::arm64;
  return std::nullopt;
}
template <>
constexpr std::optional<platform> parse_enum<platform>(std::string_view s) noexcept {
  if (s == "ecs") return platform::ecs;
  if (s == "eks") return platform::eks;
  return std::nullopt;
}
template <>
constexpr std::optional<purchase_option> parse_enum<purchase_option>(std::string_view s) noexcept {
  if (s == "on_demand") return purchase_option::on_demand;
  if (s == "spot") return purchase_option::spot;
  return std::nullopt;
}
template <>
constexpr std::optional<support_tier> parse_enum<support_tier>(std::string_view s) noexcept {
  if (s == "standard") return support_tier::standard;
  if (s == "extended") return support_tier::extended;
  return std::nullopt;
}

}  // namespace fleetcast
