// Cost grows with the work, not with its size: one trial (sim::simulate_path) of scenarios
// built in code, along three axes — services (1 → 200), horizon (1 → 365 days) and fleet size
// (10 → 100 000 tasks) — each with the other two held at a middle value (10 services, 7 days,
// 1 000 tasks), for three options: ECS on Fargate, ECS on EC2 and EKS on EC2 (Karpenter).
// The work of a trial is its service-steps (services × steps); the summary prints the time per
// service-step of every case and, per option and axis, the ratio of the largest to the
// smallest (1 = flat). Untimed passes count the heap of one trial — its peak bytes (what the
// engine keeps for a trial) and its allocations, against what the data structures say it
// should be — and, from its trace, the work a bigger fleet brings with it: tasks started and
// stopped, instances launched and terminated; the summary also prints the time per unit of
// work (a service-step or such an event) and its ratio per axis (docs/scaling.md).
//
//   bench_scaling                       every case (about 5 minutes of CPU, most of it EKS's)
//   bench_scaling --benchmark_filter=ec2 one option's cases
//
// It exits 3 when an axis's ratio is above 3 (the goal: flat; 3 leaves room for a shared
// machine and for a trial's fixed set-up, which a 1-day horizon amortises over few steps).
#include <benchmark/benchmark.h>
#include <malloc.h>

#include "collecting_reporter.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <new>
#include <string>
#include <vector>

#include "fleetcast/pricing/catalog.hpp"
#include "fleetcast/sim/simulate.hpp"

// --- a counting heap: live bytes, their peak, and the number of allocations --------------------
namespace {
std::atomic<std::int64_t> live_bytes{0}, peak_bytes{0}, allocations{0};

void* counted_alloc(std::size_t n) {
  void* p = std::malloc(n == 0 ? 1 : n);
  if (p == nullptr) throw std::bad_alloc();
  const auto now = live_bytes.fetch_add(std::int64_t(malloc_usable_size(p)), std::memory_order_relaxed) +
                   std::int64_t(malloc_usable_size(p));
  allocations.fetch_add(1, std::memory_order_relaxed);
  std::int64_t peak = peak_bytes.load(std::memory_order_relaxed);
  while (now > peak && !peak_bytes.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
  }
  return p;
}
void counted_free(void* p) noexcept {
  if (p == nullptr) return;
  live_bytes.fetch_sub(std::int64_t(malloc_usable_size(p)), std::memory_order_relaxed);
  std::free(p);
}
}  // namespace

void* operator new(std::size_t n) { return counted_alloc(n); }
void* operator new[](std::size_t n) { return counted_alloc(n); }
void operator delete(void* p) noexcept { counted_free(p); }
void operator delete[](void* p) noexcept { counted_free(p); }
void operator delete(void* p, std::size_t) noexcept { counted_free(p); }
void operator delete[](void* p, std::size_t) noexcept { counted_free(p); }

namespace {

using namespace fleetcast;

enum class kind { fargate, ecs_ec2, eks_ec2 };
constexpr kind kinds[] = {kind::fargate, kind::ecs_ec2, kind::eks_ec2};
const char* label(kind k) { return k == kind::fargate ? "fargate" : k == kind::ecs_ec2 ? "ecs-ec2" : "eks-ec2"; }

struct size_of_case {
  std::int64_t services;
  double days;
  std::int64_t tasks;  ///< the fleet: tasks over all services at the demand's mean
};
constexpr size_of_case middle{10, 7, 1'000};

struct axis {
  const char* name;
  std::vector<std::int64_t> values;
  size_of_case at(std::int64_t v) const {
    size_of_case c = middle;
    if (std::string(name) == "services") c.services = v;
    if (std::string(name) == "days") c.days = double(v);
    if (std::string(name) == "tasks") c.tasks = v;
    return c;
  }
};
const std::vector<axis>& axes() {
  static const std::vector<axis> a = {{"services", {1, 3, 10, 30, 100, 200}},
                                      {"days", {1, 7, 30, 91, 365}},
                                      {"tasks", {10, 100, 1'000, 10'000, 30'000, 100'000}}};
  return a;
}

// `c.services` services sharing `c.tasks` tasks, with 60 s steps: three task sizes in turn,
// diurnal demand peaking at a different hour per service, lognormal AR(1) noise (cv 10 %) and
// bursts, scaled by target tracking at 70 % — so most steps scale some service, as in a real
// fleet. One option of kind `k`, without Spot (no interruptions to blur the comparison).
sim::scenario make(const size_of_case& c, kind k) {
  sim::scenario s;
  s.name = "scaling";
  s.horizon = {c.days, 60};
  s.network.egress = sim::egress_kind::nat_gateway;
  constexpr std::int64_t sizes[][2] = {{256, 512}, {512, 1024}, {1024, 2048}};
  const std::int64_t per_service = std::max<std::int64_t>(1, c.tasks / c.services);
  for (std::int64_t i = 0; i < c.services; ++i) {
    sim::service sv;
    sv.name = "svc-" + std::to_string(i);
    sv.task.cpu_units = sizes[i % 3][0];
    sv.task.memory_mib = sizes[i % 3][1];
    sv.scaling.target_percent = 70;
    sv.scaling.min_tasks = 1;
    sv.scaling.max_tasks = 100'000;  // the most sim::validate allows
    sv.scaling.scale_out_cooldown_s = 60;
    sv.scaling.scale_in_cooldown_s = 300;
    sv.initial_tasks = per_service;
    sv.demand.base = 0.7 * double(per_service);  // per_service tasks at 70 % on average
    sv.demand.diurnal = {0.3, double((i * 5) % 24)};
    sv.demand.noise = {0.1, 0.9};
    sv.demand.bursts = {1.0, 0.2 * double(per_service), 20, 2.5};
    s.services.push_back(sv);
  }
  sim::option o;
  o.name = label(k);
  o.spot_interruption_probability_per_month = 0;
  if (k == kind::fargate) {
    o.on = platform::ecs;
    o.compute = sim::compute_kind::fargate;
  } else if (k == kind::ecs_ec2) {
    o.on = platform::ecs;
    o.compute = sim::compute_kind::ec2;
    o.instance_types = {"m6i.xlarge", "m6i.4xlarge"};
    o.ecs.eni_trunking = true;  // at this scale awsvpc tasks need trunking (else 3–7 per instance)
  } else {
    o.on = platform::eks;
    o.compute = sim::compute_kind::ec2;
    o.instance_types = {"m6i.xlarge", "m6i.2xlarge", "m6i.4xlarge"};
    o.provisioner = sim::provisioner_kind::karpenter;
  }
  s.options.push_back(o);
  return s;
}

double service_steps(const sim::scenario& s) {
  return double(s.services.size()) * double(s.horizon.steps());
}

std::string case_name(kind k, const axis& a, std::int64_t v) {
  return std::string(label(k)) + "/" + a.name + "/" + std::to_string(v);
}

void bm_trial(benchmark::State& state, sim::scenario s) {
  const auto& cat = default_catalog();
  std::uint64_t trial = 0;
  for (auto _ : state) benchmark::DoNotOptimize(sim::simulate_path(s, cat, trial++));
}

// One trial's heap: peak live bytes above what was live before, and allocations.
struct heap_use {
  std::int64_t peak = 0, allocs = 0;
};
heap_use measure_heap(const sim::scenario& s) {
  const auto& cat = default_catalog();
  const std::int64_t before = live_bytes.load();
  peak_bytes.store(before);
  const std::int64_t a0 = allocations.load();
  {
    auto r = sim::simulate_path(s, cat, 0);
    benchmark::DoNotOptimize(r);
  }
  return {peak_bytes.load() - before, allocations.load() - a0};
}

// The work of trial 0 beyond its service-steps, from its trace (every step in full, untimed):
// task starts and stops (the running counts' changes; Spot is off) and instance launches and
// terminations (the instance count's changes). Each is work the results need: a task's own
// start-up draw and bill, an instance's placement and bill. Net changes per step, so a lower
// bound: a replacement of instances by as many, or tasks moved between them, count nothing.
struct work_count {
  double task_events = 0, instance_events = 0;
};
work_count count_work(const sim::scenario& s) {
  work_count w;
  std::vector<std::int64_t> running(s.services.size(), -1);
  std::int64_t instances = -1, last_t = -1;
  std::size_t si = 0;  // rows come in service order: the next row's service is the next one
  const auto row = [&](const sim::trace_row& r) {
    if (&s.services[si].name != r.service) {
      si = 0;
      while (si < s.services.size() && &s.services[si].name != r.service) ++si;
      if (si == s.services.size()) return;
    }
    if (running[si] >= 0) w.task_events += double(std::llabs(r.running - running[si]));
    running[si] = r.running;
    if (r.t_s != last_t) {  // the instance count once per step
      if (instances >= 0) w.instance_events += double(std::llabs(r.instances - instances));
      instances = r.instances;
      last_t = r.t_s;
    }
    si = (si + 1) % s.services.size();
  };
  benchmark::DoNotOptimize(sim::simulate_path(s, default_catalog(), 0, row));
  return w;
}

}  // namespace

int main(int argc, char** argv) {
  for (kind k : kinds)
    for (const axis& a : axes())
      for (std::int64_t v : a.values)
        benchmark::RegisterBenchmark(case_name(k, a, v).c_str(), bm_trial, make(a.at(v), k))
            ->Unit(benchmark::kMillisecond)
            ->MinTime(0.1);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  fleetcast::bench::collecting_reporter rep;
  benchmark::RunSpecifiedBenchmarks(&rep);
  benchmark::Shutdown();

  double load[3] = {0, 0, 0};
  const int loads = getloadavg(load, 3);
  std::printf("\nLoad average at the end: %.2f %.2f %.2f (CPU time is measured; compare ratios within one run)\n",
              loads > 0 ? load[0] : 0.0, loads > 1 ? load[1] : 0.0, loads > 2 ? load[2] : 0.0);
  std::printf("CPU time per service-step (one trial = services x steps of 60 s; others held at %lld services, "
              "%g days, %lld tasks)\n",
              static_cast<long long>(middle.services), middle.days, static_cast<long long>(middle.tasks));
  std::printf("and heap of one trial (peak bytes above the start, allocations):\n");
  std::printf("and the work beyond the service-steps: task starts and stops, instance launches and terminations\n"
              "(events per service-step, from trial 0's trace), and the time per unit of work (a service-step or\n"
              "an event):\n");
  std::printf("%-8s %-8s %8s %12s %10s %12s %14s %12s %10s %10s %10s\n", "option", "axis", "value", "service-steps",
              "ns/s-step", "peak heap", "demand bufs", "B/s-step", "allocs", "events/ss", "ns/unit");
  bool ok = true;
  for (kind k : kinds)
    for (const axis& a : axes()) {
      double lo = 0, hi = 0, lo_unit = 0, hi_unit = 0;
      bool any = false;
      for (std::int64_t v : a.values) {
        const auto it = rep.seconds.find(case_name(k, a, v));
        if (it == rep.seconds.end()) continue;
        const sim::scenario s = make(a.at(v), k);
        const double n = service_steps(s);
        const double ns = it->second / n * 1e9;
        const work_count w = count_work(s);
        const double events = w.task_events + w.instance_events;
        const double per_unit = it->second / (n + events) * 1e9;
        lo = any ? std::min(lo, ns) : ns;
        hi = any ? std::max(hi, ns) : ns;
        lo_unit = any ? std::min(lo_unit, per_unit) : per_unit;
        hi_unit = any ? std::max(hi_unit, per_unit) : per_unit;
        any = true;
        const heap_use h = measure_heap(s);
        // demand and demand-in-tasks: one double per service-step each (simulate.cpp)
        const double demand_bytes = 16.0 * n;
        std::printf("%-8s %-8s %8lld %12.0f %10.1f %12lld %14.0f %12.2f %10lld %10.2f %10.1f\n", label(k), a.name,
                    static_cast<long long>(v), n, ns, static_cast<long long>(h.peak), demand_bytes,
                    double(h.peak) / n, static_cast<long long>(h.allocs), events / n, per_unit);
      }
      if (!any) continue;
      const double ratio = hi / lo;
      const bool good = ratio <= 3.0;
      ok = ok && good;
      std::printf("%-8s %-8s largest/smallest ns per service-step: %.2f%s; per unit of work: %.2f\n\n", label(k),
                  a.name, ratio, good ? "" : "  <-- not flat", hi_unit / lo_unit);
    }
  return ok ? 0 : 3;
}
