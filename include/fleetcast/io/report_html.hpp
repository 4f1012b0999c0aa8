#pragma once
/// @file
/// A self-contained HTML report (`fleetcast report RESULT.json -o report.html`,
/// `fleetcast simulate --html FILE`): one HTML5 file with inline CSS and inline SVG charts, no
/// external URL and no script, that works offline, attached to an e-mail and printed to PDF.

#include <string>
#include <string_view>

#include "fleetcast/core/limits.hpp"
#include "fleetcast/io/run_summary.hpp"

namespace fleetcast {

/// Renders the JSON of a Monte Carlo run (`fleetcast simulate --format json`, N > 1
/// scenarios) or of a packing comparison (`fleetcast pack --format json`, one heuristic or
/// `--heuristic all`) as an HTML report.
///
/// A simulate result gives: the run facts; headline figures per option (mean, P50/P90/P95,
/// the mean scaled to a 730-hour month and to a year); the cost histogram per option (the
/// log-histogram buckets re-binned to at most 36 bars) and the overlaid CDF; the
/// percentile table; the stacked mean cost by line; the paired differences against the
/// baseline as a forest plot with P(cheaper); commitments when present; the optional
/// top-level `"break_even"` sweep `{"scale": [...], "mean_cost": {option: [...]},
/// "crossings": [{"a", "b", "scale"}]}` as a line chart (a note when absent). A pack result
/// gives cost per hour and bins per heuristic against the lower bounds.
///
/// Stable element ids, for tests and for readers who link into the report: `cost-histogram`,
/// `cost-cdf`, `percentile-table`, `cost-breakdown`, `paired-differences`, `break-even`
/// (the section; its chart is `break-even-chart`), `heuristics` (the section; its chart is
/// `heuristics-chart`). All text taken from the JSON is HTML-escaped.
///
/// `source` names the input in the report and in syntax-error places (`source:line:column`).
/// Throws `input_error`: input.10 for an empty text, input.1 for text that is not JSON,
/// input.2 (wrong type) or input.4 (missing field) with the JSON pointer of the first
/// problem when the JSON is neither result, or when a field the report reads has the wrong
/// type, and input.13 beyond `limits` (depth, string bytes). Complexity: linear in the input;
/// the output is a few hundred KB at most for hundreds of options or heuristics.
/// The JSON is first read into an `mc_run_summary` (io/run_summary.hpp), the type the
/// in-memory overloads below render, so both give the same page for the same run.
[[nodiscard]] std::string render_html_report(std::string_view result_json, std::string_view source,
                                             const input_limits& limits = {});

/// The report of a Monte Carlo run held in memory (`fleetcast simulate --html`): the same page
/// as rendering `mc_results_to_json(s, r, true, break_even)`, without writing and re-reading it.
/// With `digest`, the page opens with the verdict and the monthly figures (section
/// `verdict`) and the why (section `why`: per-service split, idle cost, constraints).
[[nodiscard]] std::string render_html_report(const sim::scenario& s, const mc::run_result& r, std::string_view source,
                                             const mc::break_even_result* break_even = nullptr,
                                             const run_digest* digest = nullptr);
/// The report of a run summary (from `summarise_run` or a tool's own figures).
[[nodiscard]] std::string render_html_report(const mc_run_summary& run, std::string_view source);

}  // namespace fleetcast
