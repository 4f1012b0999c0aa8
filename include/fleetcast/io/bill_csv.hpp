#pragma once
/// @file
/// A streaming reader of FOCUS 1.0–1.2 bills in CSV (AWS Data Exports' FOCUS table, or
/// fleetcast's own `simulate --focus` output) and of AWS CUR 2.0 CSVs (Data Exports; told apart
/// by their `line_item_line_item_type` column; docs/actuals.md gives the mapping): RFC 4180 quoting, columns found by their header
/// name in any order (case-insensitive, as Athena lowercases them), unquoted empty fields and
/// `NULL` as null, a UTF-8 byte-order mark skipped. It reads 64 KiB at a time and holds one row,
/// so a multi-GB month is read in bounded memory; each field is bounded by `--limit
/// string-bytes` (`[fleetcast.input.13]`).
///
/// Every problem is one `input_error` naming `file:line`, the column and the value: a missing
/// mandatory column (input.4), a number that is not one (input.2), a row with the wrong number
/// of fields or broken quoting (input.1), bytes that are not UTF-8 (input.1), a second currency
/// or a non-USD one, Parquet or a legacy CUR file (input.9, with what to do instead). A gzip
/// stream (`.csv.gz`, told by its first bytes, not its name) is inflated as it is read.

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

#include "fleetcast/billing/actuals.hpp"
#include "fleetcast/billing/bill_workload.hpp"
#include "fleetcast/core/limits.hpp"

namespace fleetcast {

/// Reads bills into one accumulator; the currency must be the same across every bill read.
class focus_bill_reader {
 public:
  explicit focus_bill_reader(actuals_accumulator& acc, const input_limits& limits = {})
      : acc_(acc), limits_(limits) {}
  /// Reads one bill from `in`; `source` names it in messages. Returns its row count.
  std::uint64_t read(std::istream& in, std::string_view source);
  /// Opens and reads `path` (`[fleetcast.io.1]` when it cannot be opened).
  std::uint64_t read_file(const std::string& path);
  /// Also hands every row to `w` (the replay of `fleetcast actuals --scenario`): the reader then
  /// reads ResourceId, Tags and the split cost allocation columns, and parses
  /// ChargePeriodStart (input.2 when it is not a UTC time; input.9 when a compute row covers
  /// more than an hour, as in a daily export).
  void also_to(bill_workload_accumulator& w) noexcept { workload_ = &w; }
  /// The bills' currency ("USD"), empty before the first row.
  [[nodiscard]] const std::string& currency() const noexcept { return currency_; }

 private:
  actuals_accumulator& acc_;
  input_limits limits_;
  std::string currency_;
  bool inside_gzip_ = false;
  bill_workload_accumulator* workload_ = nullptr;
};

}  // namespace fleetcast
