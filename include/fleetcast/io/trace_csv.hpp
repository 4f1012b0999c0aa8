#pragma once
/// @file
/// Reading a demand trace from CSV: a header row, then one sample per row; `,` or `;`
/// separates fields (spaces and tabs around them are ignored). The value column is chosen by
/// name; with a timestamp column the samples must be evenly spaced (a gap is an error),
/// without one they are `interval_s` apart.

#include <string>
#include <string_view>

#include "fleetcast/demand/trace.hpp"

namespace fleetcast {

struct trace_csv_options {
  std::string value_column;      ///< header name of the demand column
  std::string timestamp_column;  ///< header name of a seconds column; "" = none
  double interval_s = 300.0;     ///< spacing when there is no timestamp column
  double scale = 1.0;            ///< multiply every value (to turn it into task capacity)
  double scale_to_mean = 0.0;    ///< > 0: rescale so the trace's mean is this (after `scale`)
};

/// Throws `input_error` naming `source:line` (input.1 unparseable, input.4 missing column,
/// input.5 negative/non-finite value, gap or uneven spacing, empty trace).
[[nodiscard]] demand::trace parse_trace_csv(std::string_view text, std::string_view source,
                                            const trace_csv_options& o);

}  // namespace fleetcast
