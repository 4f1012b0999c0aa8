// Billing a large fleet: the cost of quote_fleet per entry, and of the inner Fargate charge.
#include <benchmark/benchmark.h>

#include "fleetcast/billing/fleet_quote.hpp"

namespace {

fleetcast::fleet make_fleet(std::int64_t entries) {
  const auto& types = fleetcast::default_catalog().ec2.types;
  fleetcast::fleet f;
  for (std::int64_t i = 0; i < entries; ++i) {
    if (i % 2 == 0) {
      fleetcast::fargate_fleet_entry e;
      e.name = "task-" + std::to_string(i);
      e.task.cpu_units = 256 << (i % 5);
      e.task.memory_mib = e.task.cpu_units * (2 + int(i % 3));
      e.task.arch = i % 4 == 0 ? fleetcast::cpu_arch::arm64 : fleetcast::cpu_arch::x86_64;
      e.task.ephemeral_storage_gib = 20 + int(i % 30);
      e.count = 1 + i % 7;
      e.run_seconds = 30.5 + double(i % 3600);
      e.runs = 1 + i % 100;
      f.fargate.push_back(e);
    } else {
      fleetcast::ec2_fleet_entry e;
      e.name = "node-" + std::to_string(i);
      e.instance_type = types[std::size_t(i) % types.size()].name;
      e.purchase = i % 3 == 0 ? fleetcast::purchase_option::spot : fleetcast::purchase_option::on_demand;
      e.count = 1 + i % 5;
      e.run_seconds = 45.0 + double(i % 7200);
      e.runs = 1 + i % 730;
      f.ec2.push_back(e);
    }
  }
  return f;
}

void BM_QuoteFleet(benchmark::State& state) {
  const fleetcast::fleet f = make_fleet(state.range(0));
  const auto& cat = fleetcast::default_catalog();
  double total = 0;
  for (auto _ : state) {
    const fleetcast::invoice inv = fleetcast::quote_fleet(f, cat);
    total = inv.total_usd();
    benchmark::DoNotOptimize(total);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.counters["total_usd"] = total;
}
BENCHMARK(BM_QuoteFleet)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond);

// The per-step work the simulator repeats: size a task and charge it, no strings.
void BM_FargateCharge(benchmark::State& state) {
  const auto& p = fleetcast::default_catalog().fargate;
  fleetcast::fargate_request r;
  r.cpu_units = 1024;
  r.memory_mib = 3072;
  const fleetcast::fargate_size size = fleetcast::fargate_billed_size(p, r);
  double seconds = 60;
  for (auto _ : state) {
    seconds += 1;
    benchmark::DoNotOptimize(fleetcast::fargate_charges(p, r, size, seconds).total_usd());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FargateCharge);

}  // namespace

BENCHMARK_MAIN();
