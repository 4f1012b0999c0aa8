#pragma once
/// @file
/// A packing problem (item shapes with counts, bin types with prices) and the one result type
/// every heuristic returns. Items that fit no bin type are a status and an `unplaced` count,
/// never an exception.

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fleetcast/core/error.hpp"
#include "fleetcast/packing/resources.hpp"

namespace fleetcast::packing {

/// A kind of bin: an instance type's allocatable capacity and what a node costs per hour.
template <std::size_t D>
struct bin_type {
  std::string name;
  resources<D> capacity{};      ///< allocatable, in the problem's units
  double price_per_hour = 0.0;  ///< instance price
  double extra_per_node = 0.0;  ///< per hour on top: licences, agents, management fees
  [[nodiscard]] double cost_per_hour() const noexcept { return price_per_hour + extra_per_node; }
};

/// Items as counts per shape (identical items are placed together), and the bin types.
/// Precondition: `shapes.size() == counts.size()`, counts >= 0, sizes >= 0.
template <std::size_t D>
struct problem {
  std::vector<resources<D>> shapes;
  std::vector<std::int64_t> counts;
  std::vector<bin_type<D>> bin_types;

  void add(const resources<D>& shape, std::int64_t count = 1) {
    shapes.push_back(shape);
    counts.push_back(count);
  }
  [[nodiscard]] std::int64_t item_count() const noexcept {
    std::int64_t n = 0;
    for (auto c : counts) n += c;
    return n;
  }
};

/// Checks the preconditions every heuristic relies on: one count per shape, counts and sizes
/// ≥ 0, capacities ≥ 0, prices finite and ≥ 0, a total item count that fits in 64 bits.
/// Throws `input_error` (input.5) with a field path (`shapes[3][1]`, `bin_types[0].price_per_hour`).
/// O(shapes × D + bin types × D). An empty `bin_types` is allowed: it is the `no_bin_types` status.
template <std::size_t D>
void validate(const problem<D>& p) {
  const auto fail = [](const std::string& place, const std::string& message) {
    throw input_error(errid::out_of_range, place, message);
  };
  if (p.shapes.size() != p.counts.size())
    fail("counts", std::to_string(p.counts.size()) + " counts for " + std::to_string(p.shapes.size()) +
                       " shapes; add items with problem::add");
  std::int64_t total = 0;
  for (std::size_t s = 0; s < p.shapes.size(); ++s) {
    if (p.counts[s] < 0) fail("counts[" + std::to_string(s) + "]", std::to_string(p.counts[s]) + " is negative");
    if (p.counts[s] > INT64_MAX - total) fail("counts[" + std::to_string(s) + "]", "the item count overflows");
    total += p.counts[s];
    for (std::size_t k = 0; k < D; ++k)
      if (p.shapes[s][k] < 0)
        fail("shapes[" + std::to_string(s) + "][" + std::to_string(k) + "]",
             std::to_string(p.shapes[s][k]) + " is negative");
  }
  for (std::size_t t = 0; t < p.bin_types.size(); ++t) {
    const bin_type<D>& b = p.bin_types[t];
    const std::string at = "bin_types[" + std::to_string(t) + "]";
    for (std::size_t k = 0; k < D; ++k)
      if (b.capacity[k] < 0)
        fail(at + ".capacity[" + std::to_string(k) + "]", std::to_string(b.capacity[k]) + " is negative");
    if (!(b.price_per_hour >= 0) || !(b.price_per_hour < 1e300))
      fail(at + ".price_per_hour", "a price is finite and >= 0");
    if (!(b.extra_per_node >= 0) || !(b.extra_per_node < 1e300))
      fail(at + ".extra_per_node", "a price is finite and >= 0");
  }
}

enum class pack_status {
  ok,              ///< every item placed
  unplaced_items,  ///< some items fit no bin type (see `unplaced`)
  no_bin_types,    ///< the problem has no bin type (every item is unplaced)
};
[[nodiscard]] constexpr std::string_view to_string(pack_status s) noexcept {
  switch (s) {
    case pack_status::ok: return "ok";
    case pack_status::unplaced_items: return "unplaced_items";
    case pack_status::no_bin_types: return "no_bin_types";
  }
  return "?";
}

/// One bin of a result: its type, its load and its items as (shape index, count), in the
/// order they were placed.
template <std::size_t D>
struct packed_bin {
  std::uint32_t type = 0;
  resources<D> load{};
  std::vector<std::pair<std::uint32_t, std::int64_t>> items;
};

/// Lower bounds reported with every result (`packing/lower_bounds.hpp`).
struct bounds {
  std::int64_t bins = 0;  ///< identical bins: max over dimensions of the volume/L2 bound;
                          ///< several types: the same with each dimension's largest capacity
  double cost_per_hour = 0.0;  ///< fractional LP bound over the bin types
};

template <std::size_t D>
struct pack_result {
  std::string heuristic;
  pack_status status = pack_status::ok;
  std::vector<packed_bin<D>> bins;
  double cost_per_hour = 0.0;
  std::vector<std::int64_t> unplaced;  ///< per shape
  bounds lower;

  [[nodiscard]] std::int64_t bins_used() const noexcept { return std::int64_t(bins.size()); }
  [[nodiscard]] std::int64_t unplaced_count() const noexcept {
    std::int64_t n = 0;
    for (auto c : unplaced) n += c;
    return n;
  }
};

}  // namespace fleetcast::packing
