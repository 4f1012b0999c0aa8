// The Monte Carlo engine on the seed example (examples/payments-api.json: 1 day at 60 s
// steps, one service, 5 options). Google Benchmark times full runs on 1 and 2 threads, the
// demand-only profile, and the demand generator alone against the direct draw it replaced
// (a naive baseline in the same binary); the summary then prints, from this run:
//   - demand generation, ns per service-step of the demand-only profile (CPU time; goal ≤ 15),
//   - full ÷ demand-only CPU time, 1 thread (goal ≤ 2.5),
//   - 2 threads ÷ 1 thread throughput, wall clock (goal ≥ 1.8; meaningful only on an idle
//     machine: the load average is printed with it),
//   - that the work saved changes no bit: the demand plan's paths equal the direct draws, and
//     options sharing a Fargate fleet cost what each costs simulated alone (goal: identical),
//   - peak memory of a run of 10 N trials ÷ one of N, each in a child process (goal ≤ 1.1),
//   - Var(A − B) ÷ (Var(A) + Var(B)) for pairs of similar options: how much common random
//     numbers narrow a comparison (1 would mean no help).
// CPU times are the whole process's (all threads), so ratios hold on a machine shared with
// other work; wall times do not. `bench_montecarlo --million` also runs 1 000 000 trials on 2
// threads and prints wall and CPU seconds (goal: under 60 s wall on 2 idle cores).
// It exits 3 when a goal is missed.
#include <benchmark/benchmark.h>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "collecting_reporter.hpp"
#include "fleetcast/core/random.hpp"
#include "fleetcast/demand/demand_model.hpp"
#include "fleetcast/examples.hpp"
#include "fleetcast/io/scenario_json.hpp"
#include "fleetcast/mc/engine.hpp"
#include "fleetcast/sim/simulate.hpp"

namespace {

using namespace fleetcast;

const sim::scenario& example() {
  static const sim::scenario s = parse_scenario(example_scenario_json(), "payments-api.json", default_catalog());
  return s;
}

constexpr std::uint64_t trials = 2'000;


void bm_run(benchmark::State& state, unsigned threads, mc::run_config::profile p) {
  for (auto _ : state) {
    const mc::run_result r = mc::simulation(example()).with_scenarios(trials).with_threads(threads).with_profile(p).run();
    benchmark::DoNotOptimize(r.stats.demand().moments().mean());
  }
  state.SetItemsProcessed(state.iterations() * std::int64_t(trials));
}

// The demand of `trials` paths of the example's one service: through the demand plan (levels
// computed once) or drawn directly as before it (`demand::generate`, levels per step).
void bm_demand_plan(benchmark::State& state) {
  const sim::detail::demand_plan plan(example());
  std::vector<std::vector<double>> d;
  for (auto _ : state)
    for (std::uint64_t i = 0; i < trials; ++i) {
      plan.generate(i, d);
      benchmark::DoNotOptimize(d[0].data());
    }
  state.SetItemsProcessed(state.iterations() * std::int64_t(trials * std::uint64_t(example().horizon.steps())));
}
void bm_demand_direct(benchmark::State& state) {
  const sim::scenario& s = example();
  std::vector<double> d(std::size_t(s.horizon.steps()));
  for (auto _ : state)
    for (std::uint64_t i = 0; i < trials; ++i) {
      xoshiro256pp g = make_stream(s.seed, i, stream_purpose::demand, 0);
      demand::generate(s.services[0].demand, s.horizon, g, d);
      benchmark::DoNotOptimize(d.data());
    }
  state.SetItemsProcessed(state.iterations() * std::int64_t(trials * std::uint64_t(s.horizon.steps())));
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

// Whether the demand plan's paths are the direct draws, bit for bit, over `n` trials.
bool demand_plan_identical(std::uint64_t n) {
  const sim::scenario& s = example();
  const sim::detail::demand_plan plan(s);
  std::vector<std::vector<double>> d;
  std::vector<double> direct(std::size_t(s.horizon.steps()));
  for (std::uint64_t i = 0; i < n; ++i) {
    plan.generate(i, d);
    for (std::size_t si = 0; si < s.services.size(); ++si) {
      xoshiro256pp g = make_stream(s.seed, i, stream_purpose::demand, si);
      demand::generate(s.services[si].demand, s.horizon, g, direct);
      if (std::memcmp(direct.data(), d[si].data(), direct.size() * sizeof(double)) != 0) return false;
    }
  }
  return true;
}

// Whether each option's cost statistics are the same bits when every option is simulated
// alone (a one-option scenario per option: nothing shared) as in the run that shares.
bool sharing_identical(std::uint64_t n) {
  const auto alone = [](const sim::scenario& s, const price_catalog& cat, std::uint64_t i,
                        const std::vector<std::vector<double>>& demand) {
    std::vector<sim::option_result> out;
    for (const sim::option& o : s.options) {
      sim::scenario one = s;
      one.options = {o};
      out.push_back(std::move(sim::simulate_path_on(one, cat, i, demand).front()));
    }
    return out;
  };
  const mc::run_result shared = mc::simulation(example()).with_scenarios(n).with_threads(2).run();
  const mc::run_result single = mc::simulation(example()).with_scenarios(n).with_threads(2).with_pricer(alone).run();
  const auto& a = shared.stats.options();
  const auto& b = single.stats.options();
  if (a.size() != b.size()) return false;
  for (std::size_t k = 0; k < a.size(); ++k) {
    const auto& x = a[k].cost.moments();
    const auto& y = b[k].cost.moments();
    if (x.count() != y.count() || x.mean() != y.mean() || x.variance() != y.variance() || x.min() != y.min() ||
        x.max() != y.max())
      return false;
    const auto& u = a[k].task_hours.moments();
    const auto& v = b[k].task_hours.moments();
    if (u.mean() != v.mean() || u.variance() != v.variance()) return false;
  }
  return true;
}

double process_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return double(t.tv_sec) + double(t.tv_nsec) * 1e-9;
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
  for (unsigned t : {1u, 2u})
    benchmark::RegisterBenchmark(("full/threads:" + std::to_string(t)).c_str(), bm_run, t, P::full)
        ->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime()->MinTime(2);
  benchmark::RegisterBenchmark("demand_only/threads:1", bm_run, 1u, P::demand_only)
      ->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime()->MinTime(2);
  benchmark::RegisterBenchmark("demand/plan", bm_demand_plan)->Unit(benchmark::kMillisecond)->MinTime(1);
  benchmark::RegisterBenchmark("demand/direct (before)", bm_demand_direct)->Unit(benchmark::kMillisecond)->MinTime(1);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  fleetcast::bench::collecting_reporter rep;
  benchmark::RunSpecifiedBenchmarks(&rep);
  benchmark::Shutdown();

  bool ok = true;
  auto check = [&](const char* what, double value, bool good, const char* goal) {
    std::printf("%-58s %10.3f   goal %-8s %s\n", what, value, goal, good ? "" : "<-- missed");
    ok = ok && good;
  };
  double load[3] = {0, 0, 0};
  getloadavg(load, 3);
  const double service_steps = double(trials) * double(example().services.size()) * double(example().horizon.steps());
  std::printf("\nMeasured in this run (%llu trials of the seed example per run; load average %.2f):\n",
              static_cast<unsigned long long>(trials), load[0]);
  const auto& t = rep.both;
  const auto f1 = t.find("full/threads:1"), f2 = t.find("full/threads:2"), d1 = t.find("demand_only/threads:1");
  const auto dp = t.find("demand/plan"), dd = t.find("demand/direct (before)");
  if (d1 != t.end()) {
    const double ns = d1->second.cpu / service_steps * 1e9;
    check("demand-only profile, ns per service-step (CPU)", ns, ns <= 15.0, "<= 15");
  }
  if (dp != t.end() && dd != t.end())
    std::printf("%-58s %10.3f / %.3f\n", "demand generator alone, ns per step: plan / direct (before)",
                dp->second.cpu / service_steps * 1e9, dd->second.cpu / service_steps * 1e9);
  if (f1 != t.end() && d1 != t.end())
    check("full ÷ demand-only CPU time, 1 thread", f1->second.cpu / d1->second.cpu,
          f1->second.cpu / d1->second.cpu <= 2.5, "<= 2.5");
  if (f1 != t.end()) {
    std::printf("%-58s %10.1f\n", "full run, µs of CPU per trial", f1->second.cpu / double(trials) * 1e6);
    std::printf("%-58s %10.1f s\n", "  so 1 000 000 trials on 2 threads, ideal scaling",
                f1->second.cpu / double(trials) * 1e6 / 2.0);
  }
  if (f1 != t.end() && f2 != t.end())
    check("2 threads ÷ 1 thread throughput (wall; needs idle cores)", f1->second.real / f2->second.real,
          f1->second.real / f2->second.real >= 1.8, ">= 1.8");

  const bool same_demand = demand_plan_identical(trials);
  check("demand plan = direct draws, bit for bit (1: yes)", same_demand ? 1 : 0, same_demand, "1");
  const bool same_sharing = sharing_identical(500);
  check("shared Fargate fleet = each option alone, bit for bit (1: yes)", same_sharing ? 1 : 0, same_sharing, "1");

  const long small = child_peak_kib(argv[0], 2'000), large = child_peak_kib(argv[0], 20'000);
  if (small > 0 && large > 0) {
    std::printf("%-58s %10ld\n%-58s %10ld\n", "peak memory, 2 000 trials (KiB)", small,
                "peak memory, 20 000 trials (KiB)", large);
    check("peak memory, 10x the trials ÷ 1x", double(large) / double(small), double(large) / double(small) <= 1.1,
          "<= 1.1");
  } else {
    std::printf("peak memory: the child runs failed\n");
    ok = false;
  }

  // Common random numbers: pairs of similar options on the same trials.
  const auto& opts = example().options;
  for (auto [a, b] : {std::pair{"ecs-fargate-spot", "ecs-fargate"}, {"eks-fargate", "ecs-fargate"}, {"eks-ec2", "ecs-ec2"}}) {
    const mc::run_result r = mc::simulation(example()).with_scenarios(trials).with_threads(2).with_baseline(b).run();
    std::size_t ia = 0, ib = 0;
    for (std::size_t i = 0; i < opts.size(); ++i) {
      if (opts[i].name == a) ia = i;
      if (opts[i].name == b) ib = i;
    }
    const std::string what = std::string("Var(") + a + " - " + b + ") / (Var A + Var B)";
    std::printf("%-58s %10.4f\n", what.c_str(), variance_ratio(r, ia, ib));
  }

  if (million) {
    const double cpu0 = process_cpu_seconds();
    const mc::run_result r = mc::simulation(example()).with_scenarios(1'000'000).with_threads(2).run();
    const double cpu = process_cpu_seconds() - cpu0;
    getloadavg(load, 3);
    std::printf("%-58s %10.1f s wall, %.1f s CPU (load average %.2f)\n", "1 000 000 trials on 2 threads",
                r.wall_seconds, cpu, load[0]);
    check("1 000 000 trials on 2 threads, wall seconds", r.wall_seconds, r.wall_seconds < 60.0, "< 60");
  }
  return ok ? 0 : 3;
}
