// ECS network mode and ENI trunking in scenarios, and what binds an EC2 option's instances.
// Every expected figure is worked out by hand in its comment from the built-in catalog:
//   m6i.large / m5.large: 2 vCPU → 2048 CPU units; 8192 MiB − ⌈8192 × 207/8192⌉ = 7985 MiB
//   registered; 3 ENIs → awsvpc task slots 3 − 1 = 2; trunking table (docs/sources/
//   fidelity-facts.md §1.2): large 10. m6i.large on-demand $0.096 per hour.
//   c5.large: 2048 units; 4096 − ⌈4096 × 207/8192⌉ = 4096 − 104 = 3992 MiB.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "fleetcast/core/error.hpp"
#include "fleetcast/io/scenario_json.hpp"
#include "fleetcast/mc/engine.hpp"
#include "fleetcast/mc/serialize.hpp"
#include "fleetcast/sim/simulate.hpp"
#include "fleetcast/sim/validate.hpp"

namespace fleetcast::sim {
namespace {

// payments-api's task (512 units, 1024 MiB) held at 3 tasks all day (min = max = 3, demand 2
// needs ⌈2 / 0.7⌉ = 3): nothing scales, so every instance runs 24 h from the warm start.
scenario steady_ecs(packing::ecs_instance_options ecs, std::vector<std::string> types = {"m6i.large"}) {
  scenario s;
  s.name = "steady";
  s.horizon = {1.0, 60};
  service sv;
  sv.name = "payments-api";
  sv.task.cpu_units = 512;
  sv.task.memory_mib = 1024;
  sv.scaling.min_tasks = 3;
  sv.scaling.max_tasks = 3;
  sv.initial_tasks = 3;
  sv.demand.base = 2.0;
  s.services.push_back(sv);
  option o;
  o.name = "ecs-ec2";
  o.on = platform::ecs;
  o.compute = compute_kind::ec2;
  o.instance_types = std::move(types);
  o.ecs = ecs;
  o.root_volume_gib = 0;  // compute only: the hand calculations below price instances
  s.options.push_back(o);
  s.network.egress = egress_kind::none;
  return s;
}

double hours(const option_result& r, binding_resource b) { return r.binding_hours[std::size_t(b)]; }

TEST(NetworkMode, TrunkingHalvesTheEcsEc2CostOfASteadyService) {
  // awsvpc without trunking: 2 tasks per m6i.large, so 3 tasks need 2 instances: 2 × 24 h ×
  // $0.096 = $4.608. With trunking the task slots are 10, and CPU allows 2048 / 512 = 4
  // (memory 7985 / 1024 = 7): 1 instance, 24 × $0.096 = $2.304 — $2.304 less.
  const auto plain = simulate_path(steady_ecs({}), default_catalog(), 0);
  const auto trunked = simulate_path(steady_ecs({.eni_trunking = true}), default_catalog(), 0);
  EXPECT_NEAR(plain[0].total_usd, 4.608, 1e-9);
  EXPECT_NEAR(trunked[0].total_usd, 2.304, 1e-9);
  EXPECT_NEAR(plain[0].total_usd - trunked[0].total_usd, 2.304, 1e-9);
  // bridge has no ENI limit: the same single instance as with trunking.
  const auto bridge = simulate_path(steady_ecs({.network_mode = packing::ecs_network_mode::bridge}),
                                    default_catalog(), 0);
  EXPECT_NEAR(bridge[0].total_usd, 2.304, 1e-9);
}

TEST(NetworkMode, WhatBindsIsTalliedInInstanceHours) {
  // Without trunking: instance 1 runs 2 tasks (CPU 1024/2048 = 0.5, memory 2048/7985 ≈ 0.26,
  // slots 2/2 = 1) and instance 2 one task (0.25, 0.13, 1/2 = 0.5): ENI slots bind both, 2 × 24
  // = 48 instance-hours.
  const auto plain = simulate_path(steady_ecs({}), default_catalog(), 0);
  EXPECT_DOUBLE_EQ(hours(plain[0], binding_resource::eni_slots), 48.0);
  EXPECT_DOUBLE_EQ(hours(plain[0], binding_resource::cpu), 0.0);
  EXPECT_DOUBLE_EQ(hours(plain[0], binding_resource::empty), 0.0);
  // With trunking: one instance with 3 tasks: CPU 1536/2048 = 0.75 > memory 0.38 > slots 3/10:
  // CPU binds for 24 h.
  const auto trunked = simulate_path(steady_ecs({.eni_trunking = true}), default_catalog(), 0);
  EXPECT_DOUBLE_EQ(hours(trunked[0], binding_resource::cpu), 24.0);
  EXPECT_DOUBLE_EQ(hours(trunked[0], binding_resource::eni_slots), 0.0);
  // A Fargate option has no instances.
  scenario f = steady_ecs({});
  f.options[0].compute = compute_kind::fargate;
  f.options[0].instance_types.clear();
  const auto fargate = simulate_path(f, default_catalog(), 0);
  for (const double h : fargate[0].binding_hours) EXPECT_EQ(h, 0.0);
}

TEST(NetworkMode, EksNodesReportPods) {
  // EKS m6i.large: max pods 29 (3 × (10 − 1) + 2), allocatable CPU 2000 − 70 = 1930 m, memory
  // 8192 − (11 × 29 + 255) − 100 = 7518 MiB. Tasks of 50 m / 64 MiB: 29 pods use 1450 m (0.75)
  // and 1856 MiB (0.25): pods (29/29 = 1) bind. 29 pods fit one node, held all day.
  scenario s = steady_ecs({});
  s.options[0].on = platform::eks;
  s.services[0].task.cpu_units = 50;  // ECS units → millicores on EKS, ⌈50 × 1000 / 1024⌉ = 49
  s.services[0].task.memory_mib = 64;
  s.services[0].scaling.min_tasks = s.services[0].scaling.max_tasks = s.services[0].initial_tasks = 29;
  s.services[0].demand.base = 1.0;
  const auto r = simulate_path(s, default_catalog(), 0);
  EXPECT_DOUBLE_EQ(hours(r[0], binding_resource::pods), 24.0);
  EXPECT_DOUBLE_EQ(hours(r[0], binding_resource::eni_slots), 0.0);
  EXPECT_TRUE(r[0].density.empty());  // ECS only
}

TEST(NetworkMode, StaticDensityPerServiceAndType) {
  scenario s = steady_ecs({}, {"m5.large", "c5.large"});
  s.services[0].task.cpu_units = 256;
  s.services[0].task.memory_mib = 512;
  service small = s.services[0];
  small.name = "small";
  small.task.cpu_units = 128;
  small.task.memory_mib = 256;
  s.services.push_back(small);
  // awsvpc, no trunking. 256/512 on m5.large: CPU 2048/256 = 8, memory 7985/512 = 15, ENI
  // slots 2 → 2 (ENI slots bind); without the ENI limit 8; with trunking min(8, 10) = 8.
  auto d = ecs_task_density(s, s.options[0], default_catalog());
  ASSERT_EQ(d.size(), 4u);  // 2 services × 2 types, service-major
  EXPECT_EQ(d[0].service, 0u);
  EXPECT_EQ(d[0].instance_type, 0u);
  EXPECT_EQ(d[0].tasks_per_instance, 2);
  EXPECT_EQ(d[0].binds, binding_resource::eni_slots);
  EXPECT_EQ(d[0].without_eni_limit, 8);
  EXPECT_EQ(d[0].with_trunking, 8);
  // 256/512 on c5.large: CPU 8, memory 3992/512 = 7 → without the limit 7 (memory).
  EXPECT_EQ(d[1].without_eni_limit, 7);
  EXPECT_EQ(d[1].tasks_per_instance, 2);
  // 128/256 on m5.large: CPU 16, memory 31 → 16; trunking caps it at 10.
  EXPECT_EQ(d[2].without_eni_limit, 16);
  EXPECT_EQ(d[2].with_trunking, 10);
  // With trunking on, the trunking limit binds the small task (10 < 16).
  s.options[0].ecs.eni_trunking = true;
  d = ecs_task_density(s, s.options[0], default_catalog());
  EXPECT_EQ(d[0].tasks_per_instance, 8);
  EXPECT_EQ(d[0].binds, binding_resource::cpu);
  EXPECT_EQ(d[2].tasks_per_instance, 10);
  EXPECT_EQ(d[2].binds, binding_resource::eni_slots);
  // bridge: no ENI limit; 256/512 on c5.large is held by memory (7), and trunking does not apply.
  s.options[0].ecs = {.network_mode = packing::ecs_network_mode::bridge};
  d = ecs_task_density(s, s.options[0], default_catalog());
  EXPECT_EQ(d[1].tasks_per_instance, 7);
  EXPECT_EQ(d[1].binds, binding_resource::memory);
  EXPECT_FALSE(d[1].with_trunking.has_value());
  // m7i has no row in the trunking table: no "with trunking" figure.
  s.options[0].ecs = {};
  s.options[0].instance_types = {"m7i.large"};
  d = ecs_task_density(s, s.options[0], default_catalog());
  EXPECT_FALSE(d[0].with_trunking.has_value());
  EXPECT_EQ(d[0].tasks_per_instance, 2);
}

/// Runs `f`, expecting input_error `id` at `place`.
void expect_rejected(const std::function<void()>& f, const std::string& id, const std::string& place) {
  try {
    f();
    ADD_FAILURE() << "accepted; expected " << id << " at " << place;
  } catch (const input_error& e) {
    EXPECT_EQ(e.id(), id) << e.what();
    EXPECT_EQ(e.place(), place) << e.what();
  }
}

TEST(NetworkMode, ValidateKeepsEcsSettingsOnEcsEc2) {
  scenario s = steady_ecs({.eni_trunking = true});
  EXPECT_NO_THROW(validate(s, default_catalog()));
  s.options[0].on = platform::eks;
  expect_rejected([&] { validate(s, default_catalog()); }, "fleetcast.input.9", "options[0].ecs");
  s = steady_ecs({.eni_trunking = true});
  s.options[0].compute = compute_kind::fargate;
  s.options[0].instance_types.clear();
  expect_rejected([&] { validate(s, default_catalog()); }, "fleetcast.input.9", "options[0].ecs");
  s = steady_ecs({.network_mode = packing::ecs_network_mode::host, .eni_trunking = true});
  expect_rejected([&] { validate(s, default_catalog()); }, "fleetcast.input.9", "options[0].ecs.eni_trunking");
  // 8000 MiB reserved leaves an m6i.large (7985 MiB after the OS) nothing.
  s = steady_ecs({.reserved_memory_mib = 8000});
  expect_rejected([&] { validate(s, default_catalog()); }, "fleetcast.input.5", "options[0].ecs.reserved_memory_mib");
}

std::string scenario_with_option(const std::string& option) {
  return R"({"name": "s", "horizon": {"days": 1, "step_seconds": 60},
    "services": [{"name": "api", "task": {"cpu": 512, "memory": 1024}, "demand": {"base": 1}}],
    "options": [)" + option + "]}";
}

TEST(NetworkMode, ScenarioJsonReadsTheEcsKey) {
  const sim::scenario s = parse_scenario(
      scenario_with_option(R"({"name": "o", "compute": "ec2", "instance_types": ["m6i.large"],
                               "ecs": {"network_mode": "awsvpc", "eni_trunking": true, "reserved_memory_mib": 128}})"),
      "s.json", default_catalog());
  EXPECT_EQ(s.options[0].ecs.network_mode, packing::ecs_network_mode::awsvpc);
  EXPECT_TRUE(s.options[0].ecs.eni_trunking);
  EXPECT_EQ(s.options[0].ecs.reserved_memory_mib, 128);
  // Defaults: awsvpc, no trunking (AWS's awsvpcTrunking is off until the account opts in).
  const sim::scenario d = parse_scenario(
      scenario_with_option(R"({"name": "o", "compute": "ec2", "instance_types": ["m6i.large"]})"), "s.json",
      default_catalog());
  EXPECT_EQ(d.options[0].ecs, packing::ecs_instance_options{});
  const auto parse = [](const std::string& option) {
    return [option] { (void)parse_scenario(scenario_with_option(option), "s.json", default_catalog()); };
  };
  expect_rejected(parse(R"({"name": "o", "compute": "ec2", "instance_types": ["m6i.large"],
                            "ecs": {"network_mode": "nat"}})"),
                  "fleetcast.input.11", "/options/0/ecs/network_mode");
  expect_rejected(parse(R"({"name": "o", "compute": "ec2", "instance_types": ["m6i.large"],
                            "ecs": {"trunking": true}})"),
                  "fleetcast.input.3", "/options/0/ecs/trunking");
  expect_rejected(parse(R"({"name": "o", "ecs": {"eni_trunking": true}})"), "fleetcast.input.9",
                  "/options/0/ecs");
  expect_rejected(parse(R"({"name": "o", "platform": "eks", "compute": "ec2", "instance_types": ["m6i.large"],
                            "ecs": {"eni_trunking": true}})"),
                  "fleetcast.input.9", "/options/0/ecs");
  expect_rejected(parse(R"({"name": "o", "compute": "ec2", "instance_types": ["m6i.large"],
                            "ecs": {"network_mode": "bridge", "eni_trunking": true}})"),
                  "fleetcast.input.9", "/options/0/ecs/eni_trunking");
}

TEST(NetworkMode, MonteCarloKeepsBindingSharesAndDensityThroughSaveAndLoad) {
  const scenario s = steady_ecs({});
  const mc::run_result r = mc::simulation(s).with_scenarios(20).with_threads(1).run();
  const mc::option_statistics& o = r.stats.options()[0];
  ASSERT_EQ(o.binding.size(), all_binding_resources.size());
  // Every path is the steady one: ENI slots bind all instance-hours (see above).
  EXPECT_EQ(o.binding[std::size_t(binding_resource::eni_slots)].count(), 20u);
  EXPECT_DOUBLE_EQ(o.binding[std::size_t(binding_resource::eni_slots)].moments().mean(), 1.0);
  EXPECT_DOUBLE_EQ(o.binding[std::size_t(binding_resource::cpu)].moments().mean(), 0.0);
  ASSERT_EQ(o.density.size(), 1u);
  EXPECT_EQ(o.density[0].tasks_per_instance, 2);
  EXPECT_EQ(o.density[0].with_trunking, 4);  // CPU: 2048 / 512
  mc::scenario_accumulator back(s, false, 0);
  mc::from_bytes(mc::to_bytes(r.stats), "round-trip", back);
  EXPECT_EQ(mc::to_bytes(back), mc::to_bytes(r.stats));
  EXPECT_EQ(back.options()[0].density, o.density);
}

}  // namespace
}  // namespace fleetcast::sim
