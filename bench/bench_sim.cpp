// The time loop: a step where nothing changes must cost the same with 10 tasks or 10 000
// (costs accrue lazily between events), and the seed example's path time, which bounds the
// Monte Carlo engine's speed. The summary after the benchmarks prints the per-step cost of a
// quiet step at each fleet size and its ratio to the smallest, measured in this run.
#include <benchmark/benchmark.h>

#include "collecting_reporter.hpp"

#include <cstdio>
#include <string>

#include "fleetcast/examples.hpp"
#include "fleetcast/io/scenario_json.hpp"
#include "fleetcast/sim/simulate.hpp"

namespace {

using namespace fleetcast;

// Constant demand for `tasks` tasks of 256 CPU units / 512 MiB: target tracking at 100 % keeps
// exactly `tasks` running, so after t = 0 no step changes anything. Spot interruptions are off.
sim::scenario quiet(std::int64_t tasks, double days, sim::compute_kind compute) {
  sim::scenario s;
  s.name = "quiet";
  s.horizon = {days, 60};
  sim::service sv;
  sv.name = "svc";
  sv.task.cpu_units = 256;
  sv.task.memory_mib = 512;
  sv.scaling.target_percent = 100;
  sv.scaling.min_tasks = 1;
  sv.scaling.max_tasks = 1'000'000;
  sv.initial_tasks = tasks;
  sv.demand.base = double(tasks);
  s.services.push_back(sv);
  sim::option o;
  o.name = compute == sim::compute_kind::fargate ? "fargate" : "ec2";
  o.compute = compute;
  if (compute == sim::compute_kind::fargate) {
    o.strategy = {{sim::fargate_provider::fargate, 0, 1}, {sim::fargate_provider::fargate_spot, 0, 1}};
  } else {
    o.on = platform::eks;  // max pods, not ENIs, limit tasks per node
    o.instance_types = {"m6i.4xlarge"};
  }
  o.spot_interruption_probability_per_month = 0;
  s.options.push_back(o);
  return s;
}

void bm_quiet(benchmark::State& state, sim::compute_kind compute, std::int64_t tasks, double days) {
  const sim::scenario s = quiet(tasks, days, compute);
  const auto& cat = default_catalog();
  for (auto _ : state) benchmark::DoNotOptimize(sim::simulate_path(s, cat, 0));
}

void bm_example(benchmark::State& state) {
  const auto& cat = default_catalog();
  const sim::scenario s = parse_scenario(example_scenario_json(), "payments-api.json", cat);
  std::uint64_t path = 0;
  for (auto _ : state) benchmark::DoNotOptimize(sim::simulate_path(s, cat, path++));
  state.SetItemsProcessed(state.iterations());
  state.SetLabel("paths (1 day, 1-minute steps, 5 options)");
}

constexpr std::int64_t sizes[] = {10, 1'000, 10'000};
constexpr double short_days = 1, long_days = 8;

}  // namespace

int main(int argc, char** argv) {
  for (auto [compute, label] : {std::pair{sim::compute_kind::fargate, "fargate"}, {sim::compute_kind::ec2, "ec2"}})
    for (std::int64_t n : sizes)
      for (double days : {short_days, long_days}) {
        const std::string name = std::string("quiet/") + label + "/" + std::to_string(n) + "/" +
                                 std::to_string(int(days)) + "d";
        benchmark::RegisterBenchmark(name.c_str(), bm_quiet, compute, n, days)
            ->Unit(benchmark::kMillisecond)
            ->MinTime(0.2);
      }
  benchmark::RegisterBenchmark("example/payments-api", bm_example)->Unit(benchmark::kMicrosecond)->MinTime(0.5);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  fleetcast::bench::collecting_reporter rep;
  benchmark::RunSpecifiedBenchmarks(&rep);
  benchmark::Shutdown();

  // Per quiet step: (time of 8 days − time of 1 day) / (7 × 1440 steps); the O(tasks) set-up
  // and final billing cancel out.
  std::printf("\nCost of a step where nothing changes (measured above), and its ratio to 10 tasks:\n");
  std::printf("%-8s %8s %14s %8s\n", "option", "tasks", "ns per step", "ratio");
  bool ok = true;
  for (const char* label : {"fargate", "ec2"}) {
    double base = 0;
    for (std::int64_t n : sizes) {
      const std::string stem = std::string("quiet/") + label + "/" + std::to_string(n) + "/";
      const auto a = rep.seconds.find(stem + "1d"), b = rep.seconds.find(stem + "8d");
      if (a == rep.seconds.end() || b == rep.seconds.end()) continue;
      const double per_step = (b->second - a->second) / ((long_days - short_days) * 1440.0) * 1e9;
      if (n == sizes[0]) base = per_step;
      const double ratio = base > 0 ? per_step / base : 0;
      // Goal: O(1) — a thousand times the tasks may not cost even 3 times as much per step.
      const bool good = ratio < 3.0;
      ok = ok && good;
      std::printf("%-8s %8lld %14.1f %8.2f%s\n", label, static_cast<long long>(n), per_step, ratio,
                  good ? "" : "  <-- not O(1)");
    }
  }
  return ok ? 0 : 3;
}
