// A tool that links only fleetcast::core: it prices a fleet, builds a scenario in code,
// simulates one path, runs a small Monte Carlo and packs tasks onto instances — no file formats,
// so no JSON or YAML library is needed to compile or link it. Built with -Wall -Wextra
// -Wpedantic -Wconversion -Wshadow -Werror (tests/consumers/consumer_targets.cmake), which the
// public headers must pass.
#include <cstdio>
#include <string>
#include <vector>

#include <fleetcast/core.hpp>

// The core headers include the standard library and nothing else.
#if defined(INCLUDE_NLOHMANN_JSON_HPP_) || defined(INCLUDE_NLOHMANN_JSON_FWD_HPP_)
#error "fleetcast/core.hpp included nlohmann_json"
#endif
#if defined(YAML_H_62B23520_7C8E_11DE_8A39_0800200C9A66)
#error "fleetcast/core.hpp included yaml-cpp"
#endif
#if defined(BOOST_CONFIG_HPP) || defined(EIGEN_CORE_H)
#error "fleetcast/core.hpp included Boost or Eigen"
#endif

namespace {

int failures = 0;

void check(bool ok, const char* what) {
  if (!ok) {
    std::printf("FAILED: %s\n", what);
    ++failures;
  }
}

// One service at a steady 2.0 units of demand (3 tasks of 0.5 vCPU / 1 GB at 70 % target),
// on Fargate and on ECS with m6i.large instances.
fleetcast::sim::scenario steady_scenario() {
  using namespace fleetcast::sim;
  scenario s;
  s.name = "consumer";
  s.horizon = {1.0, 60};
  service sv;
  sv.name = "api";
  sv.task.cpu_units = 512;
  sv.task.memory_mib = 1024;
  sv.scaling.target_percent = 70;
  sv.scaling.min_tasks = 2;
  sv.scaling.max_tasks = 20;
  sv.initial_tasks = 3;
  sv.demand.base = 2.0;
  sv.demand.noise.cv = 0.2;
  s.services.push_back(sv);
  option fargate;
  fargate.name = "fargate";
  s.options.push_back(fargate);
  option ec2;
  ec2.name = "ec2";
  ec2.compute = compute_kind::ec2;
  ec2.instance_types = {"m6i.large"};
  s.options.push_back(ec2);
  s.scenarios = 64;
  return s;
}

}  // namespace

int main() {
  const fleetcast::price_catalog& cat = fleetcast::default_catalog();
  check(cat.ec2.find("m6i.large") != nullptr, "default_catalog() has m6i.large");

  // AWS Fargate pricing Example 1 without storage: 5 tasks × 10 min × 30 runs of
  // 1 vCPU / 2 GB = $1.01 vCPU + $0.22 memory.
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
  check(inv.invoice_total_cents() == 123, "quote_fleet: Fargate example 1 is $1.23");

  const fleetcast::sim::scenario s = steady_scenario();
  const std::vector<fleetcast::sim::option_result> path = fleetcast::sim::simulate_path(s, cat, 0);
  check(path.size() == 2 && path[0].total_usd > 0 && path[1].total_usd > 0,
        "simulate_path costs both options");

  const fleetcast::mc::run_result r =
      fleetcast::mc::simulation(s, cat).with_scenarios(64).with_seed(7).with_threads(2).run();
  const fleetcast::mc::summary cost = r.stats.options()[0].cost.summarise();
  check(r.scenarios == 64 && cost.count == 64 && cost.mean > 0 && cost.ci95_lo <= cost.mean,
        "mc::simulation runs 64 scenarios");

  // 10 tasks of 0.5 vCPU / 1 GiB on 2 vCPU / 8 GiB bins: CPU bounds it at 4 per bin, 3 bins.
  fleetcast::packing::problem<2> p;
  p.bin_types.push_back({"m6i.large", {2000, 8192}, 0.096, 0.0});
  p.add({500, 1024}, 10);
  const auto packed = fleetcast::packing::pack_by_name<2>("ffd_sum", p, {});
  check(packed.bins_used() == 3 && packed.unplaced_count() == 0, "pack_by_name: 3 bins");
  // The exact solver (COIN-OR inside the library: a static one makes the consumer link it):
  // ⌈10 / 4⌉ = 3 bins is the bound, so 3 bins are proven optimal.
  fleetcast::packing::exact_options eo;
  eo.time_limit_seconds = 5;
  const auto exact = fleetcast::packing::solve_exact<2>(p, {}, eo);
  check(exact.status == fleetcast::packing::exact_status::optimal && exact.packing.bins_used() == 3,
        "solve_exact: 3 bins, optimal");

  std::printf("fleetcast %s core: quote %.2f USD, path %.2f / %.2f USD, mc mean %.2f USD, "
              "%lld bins — consumer %s\n",
              FLEETCAST_VERSION_STRING, inv.invoice_total_usd(), path[0].total_usd,
              path[1].total_usd, cost.mean, static_cast<long long>(packed.bins_used()),
              failures == 0 ? "ok" : "FAILED");
  return failures == 0 ? 0 : 1;
}
