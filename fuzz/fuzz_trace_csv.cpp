// Fuzz target: the CSV demand-trace reader, with a timestamp column and with fixed spacing.
#include "fleetcast/io/trace_csv.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace fleetcast;
  const std::string_view text = fuzz::as_text(data, size);
  fuzz::refuse_cleanly([&] {
    (void)parse_trace_csv(text, "fuzz.csv", trace_csv_options{"value", "time", 300.0, 1.0, 0.0});
  });
  fuzz::refuse_cleanly([&] {
    (void)parse_trace_csv(text, "fuzz.csv", trace_csv_options{"value", "", 60.0, 2.0, 5.0});
  });
  return 0;
}
