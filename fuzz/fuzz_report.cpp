// Fuzz target: the HTML report writer's reader (`fleetcast report result.json`), which takes a
// Monte Carlo result file, possibly edited or truncated by hand.
#include "fleetcast/io/report_html.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fleetcast::fuzz::refuse_cleanly(
      [&] { (void)fleetcast::render_html_report(fleetcast::fuzz::as_text(data, size), "fuzz.json"); });
  return 0;
}
