// Fuzz target: the FOCUS / CUR 2.0 bill reader (`fleetcast actuals`), then the recognition,
// repricing against the built-in catalog and the three writers of what it read; then the replay
// of `actuals --scenario` (the hourly usage as a scenario, not written).
#include <sstream>
#include <string>

#include "fleetcast/billing/actuals.hpp"
#include "fleetcast/io/actuals_report.hpp"
#include "fleetcast/io/bill_csv.hpp"
#include "fleetcast/io/bill_scenario.hpp"
#include "fleetcast/pricing/catalog.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace fleetcast;
  const std::string_view text = fuzz::as_text(data, size);
  fuzz::refuse_cleanly([&] {
    actuals_accumulator acc([](std::string_view region) -> const price_catalog* {
      return region == "us-east-1" ? &default_catalog() : nullptr;
    });
    focus_bill_reader reader(acc);
    std::istringstream in{std::string(text)};
    (void)reader.read(in, "fuzz.csv");
    const actuals_summary s = acc.summary();
    (void)actuals_to_table(s);
    (void)actuals_to_json(s);
    (void)actuals_to_csv(s);
  });
  // The replay (actuals --scenario): hours, tags and resource ids read too, then the scenario.
  fuzz::refuse_cleanly([&] {
    actuals_accumulator acc([](std::string_view) -> const price_catalog* { return nullptr; });
    bill_workload_accumulator w;
    focus_bill_reader reader(acc);
    reader.also_to(w);
    std::istringstream in{std::string(text)};
    (void)reader.read(in, "fuzz.csv");
    (void)bill_to_scenario(w.summary(default_catalog(), {}), default_catalog(), {}, "fuzz");
  });
  return 0;
}
