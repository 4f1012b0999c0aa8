// The smallest program a C++ tool author writes against fleetcast: price one Fargate task.
#include <cstdio>

#include <fleetcast/fleetcast.hpp>

int main() {
  const fleetcast::price_catalog& cat = fleetcast::default_catalog();
  fleetcast::fleet f;
  fleetcast::fargate_fleet_entry api;
  api.name = "api";
  api.task.cpu_units = 1024;
  api.task.memory_mib = 2048;
  api.count = 5;
  api.run_seconds = 600;
  api.runs = 30;
  f.fargate.push_back(api);
  const fleetcast::invoice inv = fleetcast::quote_fleet(f, cat);
  // AWS Fargate pricing Example 1 without storage: $1.01 vCPU + $0.22 memory.
  const bool ok = inv.invoice_total_cents() == 123;
  std::printf("fleetcast %s: %.2f USD — consumer %s\n", FLEETCAST_VERSION_STRING,
              inv.invoice_total_usd(), ok ? "ok" : "FAILED");
  return ok ? 0 : 1;
}
