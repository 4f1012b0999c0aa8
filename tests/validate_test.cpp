// Inputs built in C++ are held to the same rules as files: every entry point checks them and
// throws input_error with the rule's id and a field path, instead of crashing, reading out of
// bounds or billing a negative price. The expected ids are the README's error table.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "fleetcast/billing/fleet_quote.hpp"
#include "fleetcast/billing/validate.hpp"
#include "fleetcast/mc/engine.hpp"
#include "fleetcast/packing/heuristics.hpp"
#include "fleetcast/packing/problem.hpp"
#include "fleetcast/sim/simulate.hpp"
#include "fleetcast/sim/validate.hpp"

namespace fleetcast {
namespace {

sim::scenario small(sim::compute_kind compute = sim::compute_kind::ec2) {
  sim::scenario s;
  s.name = "built-in-code";
  s.horizon = {1.0, 300};
  sim::service sv;
  sv.name = "api";
  sv.task.cpu_units = 512;
  sv.task.memory_mib = 1024;
  sv.scaling.min_tasks = 1;
  sv.scaling.max_tasks = 10;
  sv.initial_tasks = 2;
  sv.demand.base = 1.0;
  s.services.push_back(sv);
  sim::option o;
  o.name = "ecs-ec2";
  o.compute = compute;
  if (compute != sim::compute_kind::fargate) o.instance_types = {"m6i.large"};
  s.options.push_back(o);
  return s;
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

TEST(Validate, AValidScenarioPasses) {
  EXPECT_NO_THROW(sim::validate(small(), default_catalog()));
  EXPECT_NO_THROW(sim::validate(small(sim::compute_kind::fargate), default_catalog()));
}

TEST(Validate, MisspelledInstanceTypeIsAnErrorNotACrash) {
  sim::scenario s = small();
  s.options[0].instance_types = {"m6i.lrage"};
  expect_rejected([&] { (void)sim::simulate_path(s, default_catalog(), 0); }, "fleetcast.input.7",
                  "options[0].instance_types[0]");
  expect_rejected([&] { (void)mc::simulation(s).with_scenarios(10).run(); }, "fleetcast.input.7",
                  "options[0].instance_types[0]");
  // The same rule named as a JSON pointer, as the scenario reader reports it.
  expect_rejected([&] { sim::validate(s, default_catalog(), place_style::json_pointer); }, "fleetcast.input.7",
                  "/options/0/instance_types/0");
}

TEST(Validate, NoOptionsOrNoServices) {
  sim::scenario s = small();
  s.options.clear();
  expect_rejected([&] { (void)mc::simulation(s).with_scenarios(10).run(); }, "fleetcast.input.5", "options");
  s = small();
  s.services.clear();
  expect_rejected([&] { (void)sim::simulate_path(s, default_catalog(), 0); }, "fleetcast.input.5", "services");
  std::vector<std::vector<double>> d;
  expect_rejected([&] { sim::generate_demand(s, 0, d); }, "fleetcast.input.5", "services");
}

TEST(Validate, BaselineOutOfRange) {
  mc::run_config c;
  c.scenarios = 10;
  c.baseline = 5;
  expect_rejected([&] { (void)mc::run(small(), default_catalog(), c); }, "fleetcast.input.5", "run_config.baseline");
  c.baseline = 0;
  c.block_size = 0;
  expect_rejected([&] { (void)mc::run(small(), default_catalog(), c); }, "fleetcast.input.5", "run_config.block_size");
}

TEST(Validate, NegativeCountsAndZeroRunsInAFleet) {
  fleet f;
  fargate_fleet_entry e;
  e.name = "api";
  e.task.cpu_units = 512;
  e.task.memory_mib = 1024;
  e.count = -3;  // would be a negative invoice
  e.run_seconds = 600;
  f.fargate.push_back(e);
  expect_rejected([&] { (void)quote_fleet(f, default_catalog()); }, "fleetcast.input.5", "fargate[0].count");
  f.fargate[0].count = 1;
  f.fargate[0].run_seconds = 0;
  expect_rejected([&] { (void)quote_fleet(f, default_catalog()); }, "fleetcast.input.5", "fargate[0].run_seconds");
  f.fargate[0].run_seconds = 600;
  f.fargate[0].task.memory_mib = 300'000;  // no Fargate size holds it
  expect_rejected([&] { (void)quote_fleet(f, default_catalog()); }, "fleetcast.input.8", "fargate[0]");
  f.fargate[0].task.memory_mib = 1024;
  ec2_fleet_entry x;
  x.name = "api";  // the same name twice
  x.instance_type = "m6i.large";
  x.run_seconds = 60;
  f.ec2.push_back(x);
  expect_rejected([&] { (void)quote_fleet(f, default_catalog()); }, "fleetcast.input.12", "ec2[0].name");
  f.ec2[0].name = "node";
  f.ec2[0].ended_by = run_end::by_ec2_interruption;  // on-demand is never interrupted by EC2
  expect_rejected([&] { billing::validate(f, default_catalog()); }, "fleetcast.input.9", "ec2[0].ended_by");
  f.ec2[0].ended_by = run_end::by_user;
  EXPECT_NO_THROW((void)quote_fleet(f, default_catalog()));
}

TEST(Validate, PercentagesOutsideTheirRange) {
  // Shares are percentages: 30 % Spot is 30. A share given as a fraction above 1 would pass,
  // but nothing above 100 does, so 3000 typed for 30.00 % is caught.
  sim::scenario s = small();
  s.options[0].spot_percent = 3000;
  expect_rejected([&] { sim::validate(s, default_catalog()); }, "fleetcast.input.5", "options[0].spot_percent");
  s = small();
  s.options[0].target_capacity_percent = 0;
  expect_rejected([&] { sim::validate(s, default_catalog()); }, "fleetcast.input.5",
                  "options[0].target_capacity_percent");
  s = small();
  s.options[0].spot_interruption_probability_per_month = 1.5;
  expect_rejected([&] { sim::validate(s, default_catalog()); }, "fleetcast.input.5",
                  "options[0].spot_interruption_probability_per_month");
  s = small();
  s.services[0].scaling.target_percent = 0;
  expect_rejected([&] { sim::validate(s, default_catalog()); }, "fleetcast.input.5",
                  "services[0].scaling.target_percent");
}

TEST(Validate, SettingsThatOnlySomeOptionsTake) {
  sim::scenario s = small(sim::compute_kind::fargate);
  s.options[0].spot_percent = 50;  // Fargate's Spot share is its capacity-provider strategy
  expect_rejected([&] { sim::validate(s, default_catalog()); }, "fleetcast.input.9", "options[0].spot_percent");
  s = small();
  s.options[0].strategy = {{sim::fargate_provider::fargate_spot, 0, 1}};
  expect_rejected([&] { sim::validate(s, default_catalog()); }, "fleetcast.input.9", "options[0].strategy");
  s = small();
  s.options[0].provisioner = sim::provisioner_kind::cluster_autoscaler;  // an ECS option
  expect_rejected([&] { sim::validate(s, default_catalog()); }, "fleetcast.input.9", "options[0].provisioner");
  s = small();
  s.options[0].on = platform::eks;
  s.options[0].node_groups = {{"m6i.large", 0, 3}};  // but instance_types not filled in
  s.options[0].provisioner = sim::provisioner_kind::cluster_autoscaler;
  s.options[0].instance_types = {"m6i.xlarge"};
  expect_rejected([&] { sim::validate(s, default_catalog()); }, "fleetcast.input.9", "options[0].instance_types");
  s.options[0].instance_types = {"m6i.large"};
  EXPECT_NO_THROW(sim::validate(s, default_catalog()));
  s.options[0].daemonset_memory_mib = 1'000'000;  // far more than an m6i.large has
  expect_rejected([&] { sim::validate(s, default_catalog()); }, "fleetcast.input.5",
                  "options[0].daemonset_cpu_millicores");
}

TEST(Validate, ServiceOnOption) {
  sim::scenario s = small(sim::compute_kind::fargate);
  s.services[0].task.cpu_units = 300;
  s.services[0].task.memory_mib = 300'000;  // above every Fargate size
  expect_rejected([&] { sim::validate(s, default_catalog()); }, "fleetcast.input.8", "services[0].task");
  s = small();
  s.services[0].task.arch = cpu_arch::arm64;  // m6i is x86_64
  expect_rejected([&] { sim::validate(s, default_catalog()); }, "fleetcast.input.9", "services[0].task");
}

TEST(Validate, ScalingAndHorizon) {
  sim::scenario s = small();
  s.horizon.step_seconds = 0;  // would divide by zero
  expect_rejected([&] { (void)sim::simulate_path(s, default_catalog(), 0); }, "fleetcast.input.5",
                  "horizon.step_seconds");
  s = small();
  s.services[0].scaling.max_tasks = 0;  // below min 1
  expect_rejected([&] { sim::validate(s, default_catalog()); }, "fleetcast.input.5", "services[0].scaling.max_tasks");
  s = small();
  s.services[0].initial_tasks = 50;
  expect_rejected([&] { sim::validate(s, default_catalog()); }, "fleetcast.input.5", "services[0].initial_tasks");
  s = small();
  s.services[0].demand.noise.ar1 = 1.0;  // a random walk, not AR(1)
  expect_rejected([&] { sim::validate(s, default_catalog()); }, "fleetcast.input.5", "services[0].demand.noise.ar1");
  s = small();
  s.services[0].name = "";
  expect_rejected([&] { sim::validate(s, default_catalog()); }, "fleetcast.input.5", "services[0].name");
}

TEST(Validate, TracesAndCorrelation) {
  sim::scenario s = small();
  s.services[0].trace = demand::trace{};  // no samples: replay would divide by a zero span
  std::vector<std::vector<double>> d;
  expect_rejected([&] { sim::generate_demand(s, 0, d); }, "fleetcast.input.5", "services[0].trace.values");
  s = small();
  s.services.push_back(s.services[0]);
  s.services[1].name = "worker";
  s.correlation = {1, 0.5, 0.5, 1};  // without its square root
  expect_rejected([&] { sim::generate_demand(s, 0, d); }, "fleetcast.input.5", "correlation_root");
}

TEST(Validate, DemandGivenToSimulatePathOn) {
  const sim::scenario s = small();
  std::vector<std::vector<double>> d;
  sim::generate_demand(s, 0, d);
  d[0].pop_back();
  expect_rejected([&] { (void)sim::simulate_path_on(s, default_catalog(), 0, d); }, "fleetcast.input.5", "demand[0]");
  sim::generate_demand(s, 0, d);
  d[0][3] = -1;
  expect_rejected([&] { (void)sim::simulate_path_on(s, default_catalog(), 0, d); }, "fleetcast.input.5",
                  "demand[0][3]");
}

TEST(Validate, PackingProblems) {
  packing::problem<2> p;
  p.add({512, 1024}, 3);
  p.bin_types.push_back({"m6i.large", {2048, 8192}, 0.096, 0});
  EXPECT_NO_THROW(packing::validate(p));
  p.counts.push_back(1);  // a count without a shape
  expect_rejected([&] { packing::validate(p); }, "fleetcast.input.5", "counts");
  p.counts.pop_back();
  p.counts[0] = -3;
  expect_rejected([&] { packing::validate(p); }, "fleetcast.input.5", "counts[0]");
  p.counts[0] = 3;
  p.shapes[0][1] = -1;
  expect_rejected([&] { packing::validate(p); }, "fleetcast.input.5", "shapes[0][1]");
  p.shapes[0][1] = 1024;
  p.bin_types[0].price_per_hour = -0.096;
  expect_rejected([&] { packing::validate(p); }, "fleetcast.input.5", "bin_types[0].price_per_hour");
  // The heuristics check it too.
  expect_rejected([&] { (void)packing::pack_by_name<2>("ffd_sum", p, {}); }, "fleetcast.input.5",
                  "bin_types[0].price_per_hour");
}

TEST(Validate, ClosedVocabulariesRoundTrip) {
  for (auto p : packing::all_placement_policies) EXPECT_EQ(parse_among(to_string(p), packing::all_placement_policies), p);
  for (auto p : sim::all_provisioners) EXPECT_EQ(parse_among(to_string(p), sim::all_provisioners), p);
  for (auto a : sim::all_spot_allocation_strategies)
    EXPECT_EQ(parse_among(to_string(a), sim::all_spot_allocation_strategies), a);
  for (auto c : sim::all_consolidation_policies) EXPECT_EQ(parse_among(to_string(c), sim::all_consolidation_policies), c);
  for (auto c : sim::all_compute_kinds) EXPECT_EQ(parse_among(to_string(c), sim::all_compute_kinds), c);
  for (auto f : sim::all_fargate_providers) EXPECT_EQ(parse_among(to_string(f), sim::all_fargate_providers), f);
  // Unknown names are refused, not mapped to a default.
  EXPECT_FALSE(parse_among("ffd_sum", packing::all_placement_policies));
  EXPECT_FALSE(parse_among("binpak:memory", packing::all_placement_policies));
  EXPECT_EQ(names_of(sim::all_provisioners), "karpenter, cluster_autoscaler");
  // Heuristics: every name parses back to its heuristic; 28 of them (4 + 3 × 6 + 6).
  const auto all = packing::all_heuristics();
  EXPECT_EQ(all.size(), 28u);
  for (const auto& h : all) EXPECT_EQ(packing::parse_heuristic(packing::to_string(h)), h) << packing::to_string(h);
  EXPECT_FALSE(packing::parse_heuristic("ffd_volume"));
  EXPECT_FALSE(packing::parse_heuristic("ffd"));
}

}  // namespace
}  // namespace fleetcast
