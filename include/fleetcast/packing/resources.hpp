#pragma once
/// @file
/// Resource vectors for packing: D small non-negative integers (for example CPU, memory, pod
/// slots, GPUs). The packing engine is unit-agnostic; the platform layer
/// (`packing/capacity.hpp`) fixes the units: ECS CPU units or Kubernetes millicores, MiB.

#include <array>
#include <cstddef>
#include <cstdint>

namespace fleetcast::packing {

/// A resource vector of D dimensions. Every value is >= 0.
template <std::size_t D>
using resources = std::array<std::int64_t, D>;

/// The four dimensions fleetcast's platforms use, in this order.
enum class dim : std::size_t { cpu = 0, memory = 1, pods = 2, gpus = 3 };
inline constexpr std::size_t platform_dims = 4;

/// `need` fits into `room` in every dimension.
template <std::size_t D>
[[nodiscard]] constexpr bool fits(const resources<D>& need, const resources<D>& room) noexcept {
  for (std::size_t k = 0; k < D; ++k)
    if (need[k] > room[k]) return false;
  return true;
}

/// How many copies of `need` fit into `room` (0 if none; a large number if `need` is zero).
template <std::size_t D>
[[nodiscard]] constexpr std::int64_t copies_that_fit(const resources<D>& need,
                                                     const resources<D>& room) noexcept {
  std::int64_t n = INT64_MAX;
  for (std::size_t k = 0; k < D; ++k) {
    if (need[k] == 0) continue;
    if (room[k] < need[k]) return 0;
    const std::int64_t q = room[k] / need[k];
    if (q < n) n = q;
  }
  return n;
}

template <std::size_t D>
constexpr void add_to(resources<D>& a, const resources<D>& b, std::int64_t times = 1) noexcept {
  for (std::size_t k = 0; k < D; ++k) a[k] += b[k] * times;
}
template <std::size_t D>
constexpr void subtract_from(resources<D>& a, const resources<D>& b, std::int64_t times = 1) noexcept {
  for (std::size_t k = 0; k < D; ++k) a[k] -= b[k] * times;
}

}  // namespace fleetcast::packing
