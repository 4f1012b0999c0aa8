#pragma once
/// @file
/// Benchmark instances with known optima (`shared/data/binpacking`): readers for the BPPLIB 1-D
/// format (`*.txt`), VPSolver's vector format (`*.vbp`) and the `optima.csv` table, into a
/// dimension-erased `instance` that `to_problem<D>` turns into a packing problem. Malformed
/// input is an `input_error` naming `file:line`, never a crash:
/// `[fleetcast.input.5] a.txt:4: item weight: 151 is outside [1, 150]`.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fleetcast/core/error.hpp"
#include "fleetcast/packing/problem.hpp"

namespace fleetcast::packing {

/// Limits that keep every load and per-dimension total exact in int64 (as `fleetcast pack`).
inline constexpr std::int64_t max_instance_size = 1'000'000'000;  ///< capacity and item size
inline constexpr std::int64_t max_instance_items = 100'000'000;   ///< total over the instance
inline constexpr std::size_t max_instance_dims = 1'000;

/// One instance, whatever its dimension. Identical bins (capacity per dimension); items as
/// shapes with multiplicities. BPP files merge equal weights into one shape (first appearance
/// order); VBP files keep one shape per item-type line.
struct instance {
  std::string name;                              ///< file name without extension
  std::size_t dims = 0;                          ///< d >= 1
  std::vector<std::int64_t> capacity;            ///< `dims` values, each >= 1
  std::vector<std::vector<std::int64_t>> sizes;  ///< per shape, `dims` values in [0, capacity]
  std::vector<std::int64_t> counts;              ///< per shape, >= 1

  /// n, the number of items (sum of counts).
  [[nodiscard]] std::int64_t item_count() const noexcept {
    std::int64_t n = 0;
    for (auto c : counts) n += c;
    return n;
  }
};

/// Parses the BPP format: `n C w_1 .. w_n`, whitespace-separated (CRLF is fine), with
/// 1 <= w_j <= C. `source` names the input in errors (`source:line`). Throws `input_error`:
/// input.10 nothing but whitespace, input.1 a token that is not an integer, a missing value or
/// a value after the last item, input.5 a value out of range. O(n log n).
[[nodiscard]] instance parse_bpp(std::string_view text, std::string_view source, std::string name);

/// Parses the VBP format: `d C_1..C_d m` then m lines `w_1..w_d q` (q >= 1, 0 <= w_k <= C_k).
/// Errors as `parse_bpp`. O(m·d).
[[nodiscard]] instance parse_vbp(std::string_view text, std::string_view source, std::string name);

/// Reads a `*.txt` (BPP) or `*.vbp` (VBP) file; the name is the file name without extension.
/// Throws `io_error` (io.1) if it cannot be read, `input_error` as the parsers, and
/// `input_error` (input.11) for another extension.
[[nodiscard]] instance read_instance(const std::string& path);

/// A packing problem of dimension D with one bin type named "bin", price 1.0 per hour, so
/// cost = bins. Throws `input_error` (input.5) if `inst.dims != D`.
template <std::size_t D>
[[nodiscard]] problem<D> to_problem(const instance& inst) {
  if (inst.dims != D || inst.capacity.size() != D)
    throw input_error(errid::out_of_range, inst.name,
                      "instance has " + std::to_string(inst.dims) + " dimensions, the problem " +
                          std::to_string(D));
  problem<D> p;
  bin_type<D> bin{"bin", {}, 1.0, 0.0};
  for (std::size_t k = 0; k < D; ++k) bin.capacity[k] = inst.capacity[k];
  p.bin_types.push_back(std::move(bin));
  p.shapes.reserve(inst.sizes.size());
  p.counts.reserve(inst.sizes.size());
  for (std::size_t s = 0; s < inst.sizes.size(); ++s) {
    if (inst.sizes[s].size() != D)
      throw input_error(errid::out_of_range, inst.name,
                        "shape " + std::to_string(s) + " has " +
                            std::to_string(inst.sizes[s].size()) + " sizes, expected " +
                            std::to_string(D));
    resources<D> r{};
    for (std::size_t k = 0; k < D; ++k) r[k] = inst.sizes[s][k];
    p.add(r, inst.counts[s]);
  }
  return p;
}

/// One row of `optima.csv` (see the data README §1.3).
struct optimum_row {
  std::string family;                  ///< folder name
  std::string instance;                ///< file name without extension
  std::vector<std::int64_t> capacity;  ///< per dimension (`1000;1000` in the file)
  std::size_t dims = 0;
  std::int64_t items = 0;               ///< n, the sum of multiplicities
  std::optional<std::int64_t> optimum;  ///< proven optimal bins; empty if not known
  std::string source;                   ///< bpplib, mommessin2025, computed_proven, computed_open
  std::int64_t lb = 0;                  ///< best lower bound listed by the source
  std::int64_t ub = 0;                  ///< best known solution value
  std::string file;                     ///< path relative to the data folder
  std::optional<std::int64_t> ffd_1d;   ///< 1-D only: bins used by First-Fit-Decreasing
};

/// Parses `optima.csv`: a header naming at least the columns above (any order, extra columns
/// ignored), then one row per line, no quoting; `\n` or `\r\n`; blank lines are skipped.
/// Throws `input_error`: input.10 empty, input.4 a column missing from the header, input.1 a
/// row with the wrong number of fields or a non-integer, input.5 a value out of range.
[[nodiscard]] std::vector<optimum_row> parse_optima_csv(std::string_view text,
                                                        std::string_view source);

/// `parse_optima_csv` of a file. Throws `io_error` (io.1) if it cannot be read.
[[nodiscard]] std::vector<optimum_row> read_optima_csv(const std::string& path);

}  // namespace fleetcast::packing
