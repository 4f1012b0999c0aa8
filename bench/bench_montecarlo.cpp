// The Monte Carlo engine on the seed example (examples/payments-api.json: 1 day at 60 s
// steps, 5 options). Google Benchmark times full runs on 1 and 2 threads and the
// demand-only profile; the summary then prints, from this run:
//   - full ÷ demand-only time (goal ≤ 4×, aim 2×),
//   - 2 threads ÷ 1 thread throughput (goal ≥ 1.8×),
//   - peak memory of a run of 10 N scenarios ÷ one of N, each in a child process
//     (goal ≤ 1.1×; exact quantiles off),
//   - Var(A − B) ÷ (Var(A) + Var(B)) for pairs of similar options: how much common random
//     numbers narrow a comparison (1 would mean no help).
// `bench_montecarlo --million` also runs 1 000 000 scenarios on 2 threads and prints the rate.
// It exits 3 when a goal is missed.
#include <benchmark/benchmark.h>

#include "collecting_reporter.hpp"
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "fleetcast/examples.hpp"
#include "fleetcast/io/scenario_json.hpp"
#include "fleetcast/mc/engine.hpp"

namespace {

using namespace fleetcast;

const sim::scenario& example() {
  static const sim::scenario s = parse_scenario(example_scenario_json(), "payments-api.json", default_catalog());
  return s;
}

constexpr std::uint64_t scenarios = 2'000;

void bm_run(benchmark::State& state, unsigned threads, mc::run_config::profile p) {
  for (auto _ : state) {
    const mc::run_result r = mc::simulation(example()).with_scenarios(scenarios).with_threads(threads).with_profile(p).run();
    benchmark::DoNotOptimize(r.stats.demand().moments().mean());
  }
  state.SetItemsProcessed(state.iterations() * std::int64_t(scenarios));
}

// Peak resident memory (KiB) of this program run as `--child N` in a new process.
long child_peak_kib(const char* self, std::uint64_t n) {
  const pid_t pid = fork();
  if (pid == 0) {
    const std::string arg = std::to_string(n);
    execl(self, self, "--child", arg.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  rusage use{};
  if (pid < 0 || wait4(pid, &status, 0, &use) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1;
  return use.ru_maxrss;
}

double variance_ratio(const mc::run_result& r, std::size_t a, std::size_t b) {
  // Var(A − B) from the paired difference against a baseline needs a common baseline: run
  // with baseline b and read option a's difference moments.
  const auto& o = r.stats.options();
  const double va = o[a].cost.moments().variance(), vb = o[b].cost.moments().variance();
  return o[a].vs_baseline.difference().variance() / (va + vb);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::strcmp(argv[1], "--child") == 0) {
    const mc::run_result r = mc::simulation(example()).with_scenarios(std::stoull(argv[2])).with_threads(2).run();
    return r.scenarios > 0 ? 0 : 1;
  }
  bool million = false;
  for (int i = 1; i < argc; ++i)
    if (std::strcmp(argv[i], "--million") == 0) {
      million = true;
      for (int j = i; j + 1 < argc; ++j) argv[j] = argv[j + 1];
      --argc;
      break;
    }
  using P = mc::run_config::profile;
  benchmark::RegisterBenchmark("full/threads:1", bm_run, 1u, P::full)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2);
  benchmark::RegisterBenchmark("full/threads:2", bm_run, 2u, P::full)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2);
  benchmark::RegisterBenchmark("demand_only/threads:1", bm_run, 1u, P::demand_only)
      ->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  fleetcast::bench::collecting_reporter rep(true);
  benchmark::RunSpecifiedBenchmarks(&rep);
  benchmark::Shutdown();

  bool ok = true;
  auto check = [&](const char* what, double value, bool good, const char* goal) {
    std::printf("%-52s %10.3f   goal %-8s %s\n", what, value, goal, good ? "" : "<-- missed");
    ok = ok && good;
  };
  std::printf("\nMeasured in this run (%llu scenarios of the seed example per run):\n",
              static_cast<unsigned long long>(scenarios));
  const auto f1 = rep.seconds.find("full/threads:1"), f2 = rep.seconds.find("full/threads:2"),
             d1 = rep.seconds.find("demand_only/threads:1");
  if (f1 != rep.seconds.end() && d1 != rep.seconds.end())
    check("full ÷ demand-only time, 1 thread", f1->second / d1->second, f1->second / d1->second <= 4.0, "<= 4");
  if (f1 != rep.seconds.end() && f2 != rep.seconds.end())
    check("2 threads ÷ 1 thread throughput", f1->second / f2->second, f1->second / f2->second >= 1.8, ">= 1.8");
  if (f1 != rep.seconds.end())
    std::printf("%-52s %10.0f\n", "scenarios per second, 1 thread", double(scenarios) / f1->second);
  if (f2 != rep.seconds.end())
    std::printf("%-52s %10.0f\n", "scenarios per second, 2 threads", double(scenarios) / f2->second);

  const long small = child_peak_kib(argv[0], 2'000), large = child_peak_kib(argv[0], 20'000);
  if (small > 0 && large > 0) {
    std::printf("%-52s %10ld\n%-52s %10ld\n", "peak memory, 2 000 scenarios (KiB)", small,
                "peak memory, 20 000 scenarios (KiB)", large);
    check("peak memory, 10x the scenarios ÷ 1x", double(large) / double(small), double(large) / double(small) <= 1.1,
          "<= 1.1");
  } else {
    std::printf("peak memory: the child runs failed\n");
    ok = false;
  }

  // Common random numbers: pairs of similar options on the same scenarios.
  const auto& opts = example().options;
  for (auto [a, b] : {std::pair{"ecs-fargate-spot", "ecs-fargate"}, {"eks-fargate", "ecs-fargate"}, {"eks-ec2", "ecs-ec2"}}) {
    const mc::run_result r = mc::simulation(example()).with_scenarios(scenarios).with_threads(2).with_baseline(b).run();
    std::size_t ia = 0, ib = 0;
    for (std::size_t i = 0; i < opts.size(); ++i) {
      if (opts[i].name == a) ia = i;
      if (opts[i].name == b) ib = i;
    }
    const std::string what = std::string("Var(") + a + " - " + b + ") / (Var A + Var B)";
    std::printf("%-52s %10.4f\n", what.c_str(), variance_ratio(r, ia, ib));
  }

  if (million) {
    const mc::run_result r = mc::simulation(example()).with_scenarios(1'000'000).with_threads(2).run();
    std::printf("%-52s %10.1f s, %.0f scenarios/s\n", "1 000 000 scenarios on 2 threads", r.wall_seconds,
                double(r.scenarios) / r.wall_seconds);
  }
  return ok ? 0 : 3;
}
