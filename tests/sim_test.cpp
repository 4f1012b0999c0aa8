// One scenario end to end, on answers known in advance: constant demand costs what
// `quote` says for the same steady fleet; a step up in demand scales out after the alarm and
// the start-up latency, leaving a hand-computed unserved area; tasks no instance can hold are
// reported, not looped on; capacity-provider strategies split as ECS does.
#include <gtest/gtest.h>

#include <cmath>

#include "fleetcast/billing/fleet_quote.hpp"
#include "fleetcast/demand/correlation.hpp"
#include "fleetcast/mc/commitment_sweep.hpp"
#include "fleetcast/sim/simulate.hpp"
// The simulator's internal parts (lib/sim), tested on their own.
#include "../lib/sim/service_autoscaler.hpp"
#include "../lib/sim/spot_process.hpp"

namespace fleetcast::sim {
namespace {

// payments-api as in the seed article: 512 CPU units / 1024 MiB, target 70 %, min 2, max 20,
// cooldowns 60 s / 300 s, 3 tasks at the start; demand 2.0 with no variation needs
// ⌈2 / 0.7⌉ = 3 tasks, so nothing ever scales.
scenario steady(compute_kind compute, platform on, std::vector<std::string> types = {}) {
  scenario s;
  s.name = "steady";
  s.horizon = {1.0, 60};
  service sv;
  sv.name = "payments-api";
  sv.task.cpu_units = 512;
  sv.task.memory_mib = 1024;
  sv.scaling.target_percent = 70;
  sv.scaling.min_tasks = 2;
  sv.scaling.max_tasks = 20;
  sv.scaling.scale_out_cooldown_s = 60;
  sv.scaling.scale_in_cooldown_s = 300;
  sv.initial_tasks = 3;
  sv.startup = {60, 60};
  sv.demand.base = 2.0;
  s.services.push_back(sv);
  option o;
  o.name = "opt";
  o.on = on;
  o.compute = compute;
  o.instance_types = std::move(types);
  // Compute only, to compare with quotes of compute: the network's and the root volumes'
  // lines are tested in network_costs_test.cpp.
  o.root_volume_gib = 0;
  s.options.push_back(o);
  s.network.egress = egress_kind::none;
  return s;
}

double line(const option_result& r, const std::string& name) {
  for (const auto& l : r.lines)
    if (l.name == name) return l.usd;
  ADD_FAILURE() << "no line " << name;
  return 0;
}

TEST(Simulate, ConstantDemandOnFargateCostsWhatQuoteSays) {
  for (platform on : {platform::ecs, platform::eks}) {
    const scenario s = steady(compute_kind::fargate, on);
    const auto r = simulate_path(s, default_catalog(), 0);
    ASSERT_EQ(r.size(), 1u);
    fleet f;
    fargate_fleet_entry e;
    e.name = "payments-api";
    e.task = s.services[0].task;
    e.task.on = on;
    e.count = 3;
    e.run_seconds = 86400;
    f.fargate.push_back(e);
    if (on == platform::eks) f.eks_clusters.push_back({"cluster", 1, 24.0, support_tier::standard});
    const invoice q = quote_fleet(f, default_catalog());
    EXPECT_NEAR(r[0].total_usd, q.total_usd(), 1e-9) << to_string(on);
    EXPECT_EQ(r[0].unserved_task_seconds, 0.0);
    EXPECT_NEAR(r[0].task_hours, 72.0, 1e-9);
    // ECS: 3 × 86 400 s × (0.5 × 0.000011244 + 1 × 0.000001235) = $1.7773344 (hand).
    if (on == platform::ecs) {
      EXPECT_NEAR(r[0].total_usd, 1.7773344, 1e-9);
    }
  }
}

TEST(Simulate, ConstantDemandOnEc2CostsWhatQuoteSays) {
  // ECS on m6i.large in awsvpc mode: ENIs − 1 = 2 tasks per instance, so 3 tasks need 2
  // instances for the whole day: 2 × 24 h × $0.096 = $4.608, the quote of that fleet.
  const scenario s = steady(compute_kind::ec2, platform::ecs, {"m6i.large"});
  const auto r = simulate_path(s, default_catalog(), 0);
  fleet f;
  ec2_fleet_entry e;
  e.name = "nodes";
  e.instance_type = "m6i.large";
  e.count = 2;
  e.run_seconds = 86400;
  f.ec2.push_back(e);
  EXPECT_NEAR(r[0].total_usd, quote_fleet(f, default_catalog()).total_usd(), 1e-9);
  EXPECT_NEAR(r[0].total_usd, 4.608, 1e-9);
  ASSERT_EQ(r[0].instance_hours.size(), 1u);
  EXPECT_NEAR(r[0].instance_hours[0].second, 48.0, 1e-9);
  EXPECT_EQ(r[0].unserved_task_seconds, 0.0);
}

TEST(Simulate, ConstantDemandOnEksEc2AndAutoModeCostsWhatQuoteSays) {
  // EKS on m6i.large (1930m allocatable): the 3 pods of 500m share one node all day, plus one
  // cluster's control plane; Auto Mode adds its fee per instance-hour. The quote of that
  // fleet (1 node × 86 400 s, 1 cluster × 24 h) is the answer.
  for (compute_kind compute : {compute_kind::ec2, compute_kind::auto_mode}) {
    const scenario s = steady(compute, platform::eks, {"m6i.large"});
    const auto r = simulate_path(s, default_catalog(), 0);
    fleet f;
    ec2_fleet_entry e;
    e.name = "node";
    e.instance_type = "m6i.large";
    e.run_seconds = 86400;
    e.eks_auto_mode = compute == compute_kind::auto_mode;
    f.ec2.push_back(e);
    f.eks_clusters.push_back({"cluster", 1, 24.0, support_tier::standard});
    EXPECT_NEAR(r[0].total_usd, quote_fleet(f, default_catalog()).total_usd(), 1e-9);
    ASSERT_EQ(r[0].instance_hours.size(), 1u);
    EXPECT_NEAR(r[0].instance_hours[0].second, 24.0, 1e-9);
  }
}

TEST(Simulate, StepUpScalesOutAfterTheAlarmAndTheStartupLatency) {
  // Demand 2 → 6 from minute 10 (step 10). The high alarm needs 3 datapoints: steps 10, 11,
  // 12 are observed at minutes 11, 12, 13, so 6 tasks launch at 13:00 (desired ⌈6/0.7⌉ = 9)
  // and serve from 14:00 after the 60 s start-up. Steps starting at 10:00, 11:00, 12:00 and
  // 13:00 each miss 6 − 3 = 3 tasks for 60 s: unserved = 4 × 3 × 60 = 720 task-seconds.
  for (compute_kind k : {compute_kind::fargate, compute_kind::ec2}) {
    scenario s = steady(k, platform::ecs, k == compute_kind::ec2 ? std::vector<std::string>{"m6i.large"}
                                                                 : std::vector<std::string>{});
    s.horizon = {1.0 / 24.0, 60};  // one hour
    s.options[0].instance_launch_s = 0;  // EC2: same timeline when instances start at once
    demand::trace tr;  // one value per minute: 2.0 for ten minutes, then 6.0
    tr.interval_s = 60;
    tr.values.assign(10, 2.0);
    tr.values.resize(60, 6.0);
    s.services[0].trace = tr;
    const auto r = simulate_path(s, default_catalog(), 0);
    EXPECT_NEAR(r[0].unserved_task_seconds, 720.0, 1e-9);
    // Fargate billing: 3 tasks for the hour, 6 more from 13:00: 3 × 3600 + 6 × 2820 s.
    if (k == compute_kind::fargate) {
      EXPECT_NEAR(r[0].task_hours, (3 * 3600.0 + 6 * 2820.0) / 3600.0, 1e-9);
    }
  }
}

TEST(Simulate, SpotMixWithoutInterruptionsIsItsOnDemandTwinAtSpotPrices) {
  // The same two m6i.large for a day, all on Spot (60 % off, the catalog's assumption):
  // $4.608 × 0.4 = $1.8432; with an on-demand base of 1: $2.304 + $0.9216.
  scenario s = steady(compute_kind::ec2, platform::ecs, {"m6i.large"});
  s.options[0].spot_percent = 100;
  s.options[0].spot_interruption_probability_per_month = 0;
  auto r = simulate_path(s, default_catalog(), 0);
  EXPECT_NEAR(line(r[0], "compute_spot"), 1.8432, 1e-9);
  EXPECT_EQ(line(r[0], "compute_on_demand"), 0.0);
  s.options[0].on_demand_base = 1;
  r = simulate_path(s, default_catalog(), 0);
  EXPECT_NEAR(line(r[0], "compute_on_demand"), 2.304, 1e-9);
  EXPECT_NEAR(line(r[0], "compute_spot"), 0.9216, 1e-9);
}

TEST(Simulate, FargateSpotInterruptionsArriveAtTheStatedRate) {
  // 8 Fargate Spot tasks for 30 days with a 50 % chance each of an interruption in 30 days:
  // a constant hazard ln 2 / 30 days, and every interrupted task is replaced, so the count is
  // Poisson with mean 8 ln 2 ≈ 5.545 per path. Over 100 paths the mean must be within 5
  // standard errors (√(5.545/100) ≈ 0.24).
  scenario s = steady(compute_kind::fargate, platform::ecs);
  s.horizon = {30.0, 300};
  auto& sc = s.services[0].scaling;
  sc.min_tasks = sc.max_tasks = 8;
  s.services[0].initial_tasks = 8;
  s.options[0].strategy = {{fargate_provider::fargate_spot, 0, 1}};
  s.options[0].spot_interruption_probability_per_month = 0.5;
  double total = 0;
  const int paths = 100;
  for (int i = 0; i < paths; ++i) total += double(simulate_path(s, default_catalog(), std::uint64_t(i))[0].spot_interruptions);
  const double mean = 8 * std::log(2.0);
  EXPECT_NEAR(total / paths, mean, 5 * std::sqrt(mean / paths));
}

TEST(Simulate, Ec2SpotTakenBackInTheFirstHourIsFree) {
  // Interruption probability 1: every Spot instance is taken back at the end of the step it
  // runs in, so no instance lives an hour and EC2 charges nothing; the two instances of each
  // step are interrupted (2 × 60 steps) and the tasks never serve after the first step: the
  // demand of 2 task-capacities goes unserved in steps 1–59, 59 × 2 × 60 = 7080 task-seconds.
  scenario s = steady(compute_kind::ec2, platform::ecs, {"m6i.large"});
  s.horizon = {1.0 / 24.0, 60};
  s.options[0].spot_percent = 100;
  s.options[0].spot_interruption_probability_per_month = 1;
  const auto r = simulate_path(s, default_catalog(), 0);
  EXPECT_EQ(r[0].total_usd, 0.0);
  EXPECT_EQ(r[0].spot_interruptions, 120);
  EXPECT_NEAR(r[0].unserved_task_seconds, 59 * 2 * 60.0, 1e-9);
}

TEST(Simulate, ScheduledMinMaxChangesMoveTheTaskCount) {
  // 3 tasks serve constant demand 2. At 08:00 min becomes 6: three more tasks run from 08:00.
  // Utilisation then sits at 2/6 = 33 %, so the low alarm has long fired when min drops to 2
  // at 20:00: the step ending at 20:00 scales in to ⌈2/0.7⌉ = 3. Task-seconds:
  // 3 × 86 400 + 3 × (72 000 − 28 800) = 388 800 → 108 task-hours.
  scenario s = steady(compute_kind::fargate, platform::ecs);
  s.services[0].schedule = {{8.0, 6, 20}, {20.0, 2, 20}};
  const auto r = simulate_path(s, default_catalog(), 0);
  EXPECT_NEAR(r[0].task_hours, 108.0, 1e-9);
}

TEST(Simulate, CorrelatedServicesScaleTogether) {
  // Two copies of a noisy service. Perfectly correlated (ρ = 1), their demand paths are
  // identical, so on Fargate they cost exactly the same; independent, they differ.
  scenario s = steady(compute_kind::fargate, platform::ecs);
  s.services[0].demand.noise = {0.4, 0.9};
  s.services.push_back(s.services[0]);
  s.services[1].name = "twin";
  s.correlation = {1, 1, 1, 1};
  s.correlation_root = demand::correlation_square_root(s.correlation, 2, "/correlation");
  std::vector<std::string> rows;
  auto record = [&](const trace_row& r) {
    if (*r.service == "twin" || *r.service == "payments-api") rows.push_back(*r.service + std::to_string(r.desired));
  };
  (void)simulate_path(s, default_catalog(), 3, record);
  ASSERT_EQ(rows.size(), 2 * 1440u);
  for (std::size_t i = 0; i < 1440; ++i) EXPECT_EQ(rows[i].substr(12), rows[1440 + i].substr(4)) << i;
  s.correlation.clear();
  s.correlation_root = {};
  rows.clear();
  (void)simulate_path(s, default_catalog(), 3, record);
  bool differ = false;
  for (std::size_t i = 0; i < 1440; ++i) differ = differ || rows[i].substr(12) != rows[1440 + i].substr(4);
  EXPECT_TRUE(differ);
}

TEST(Simulate, EcsTargetCapacityKeepsSpareInstances) {
  // 3 tasks need 2 m6i.large (2 awsvpc tasks each). Target capacity 50 %: ⌈2 × 100 / 50⌉ = 4
  // instances; the run starts warm, spare ones included: 4 × 24 h = 96 instance-hours.
  scenario s = steady(compute_kind::ec2, platform::ecs, {"m6i.large"});
  s.options[0].target_capacity_percent = 50;
  const auto r = simulate_path(s, default_catalog(), 0);
  ASSERT_EQ(r[0].instance_hours.size(), 1u);
  EXPECT_NEAR(r[0].instance_hours[0].second, 96.0, 1e-9);
}

TEST(Simulate, EksDaemonSetsTakeNodeCapacity) {
  // m6i.large on EKS: 1930m allocatable; three 500m pods fit one node (24 node-hours a day).
  // DaemonSets asking 500m leave 1430m: two pods a node, two nodes (48 node-hours).
  scenario s = steady(compute_kind::ec2, platform::eks, {"m6i.large"});
  auto hours = [&] { return simulate_path(s, default_catalog(), 0)[0].instance_hours.at(0).second; };
  EXPECT_NEAR(hours(), 24.0, 1e-9);
  s.options[0].daemonset_cpu_millicores = 500;
  EXPECT_NEAR(hours(), 48.0, 1e-9);
}

TEST(Simulate, SpotAllocationStrategyPicksTheSpotType) {
  // m6i.large (Spot $0.0384/h, bucket <5 %) and c6i.large (Spot $0.034/h, bucket unknown,
  // taken as 10 %): lowest-price picks c6i.large, capacity-optimized and
  // price-capacity-optimized pick m6i.large, which is interrupted least.
  scenario s = steady(compute_kind::ec2, platform::ecs, {"m6i.large", "c6i.large"});
  s.options[0].spot_percent = 100;
  s.options[0].spot_interruption_probability_per_month = 0;
  s.services[0].demand.base = 6.0;  // 9 tasks: the initial 3 on on-demand-priced picks, the
  s.services[0].initial_tasks = 3;  // 6 added later on Spot types
  auto types_used = [&](const char* strategy) {
    s.options[0].spot_allocation = *parse_among(strategy, sim::all_spot_allocation_strategies);
    const auto r = simulate_path(s, default_catalog(), 0);
    std::vector<std::string> v;
    for (const auto& [t, h] : r[0].instance_hours) v.push_back(t);
    return v;
  };
  const auto low = types_used("lowest-price");
  EXPECT_EQ(std::count(low.begin(), low.end(), "m6i.large"), 0);
  const auto cap = types_used("capacity-optimized");
  EXPECT_EQ(std::count(cap.begin(), cap.end(), "m6i.large"), 1);
  const auto pco = types_used("price-capacity-optimized");
  EXPECT_EQ(std::count(pco.begin(), pco.end(), "m6i.large"), 1);
}

TEST(Simulate, HourlyUsageLedger) {
  // Constant demand: 3 Fargate tasks of 0.5 vCPU / 1 GB → every hour 3 × 0.5 × 3600 = 5400
  // vCPU-seconds and 10 800 GB-seconds; 2 m6i.large → 7200 instance-seconds an hour.
  {
    const auto r = simulate_path(steady(compute_kind::fargate, platform::ecs), default_catalog(), 0);
    const usage_ledger& u = r[0].usage;
    ASSERT_EQ(u.hours, 24);
    ASSERT_EQ(u.keys.size(), 2u);
    EXPECT_EQ(u.keys[0], "fargate:linux_x86_64:on_demand:vcpu");
    for (std::int64_t h = 0; h < 24; ++h) {
      EXPECT_NEAR(u.quantity[std::size_t(h) * 2], 5400.0, 1e-6) << h;
      EXPECT_NEAR(u.quantity[std::size_t(h) * 2 + 1], 10800.0, 1e-6) << h;
    }
  }
  {
    const auto r = simulate_path(steady(compute_kind::ec2, platform::ecs, {"m6i.large"}), default_catalog(), 0);
    const usage_ledger& u = r[0].usage;
    ASSERT_EQ(u.keys, std::vector<std::string>{"ec2:m6i.large:on_demand"});
    for (std::int64_t h = 0; h < 24; ++h) EXPECT_NEAR(u.quantity[std::size_t(h)], 7200.0, 1e-6) << h;
  }
  // A run shorter than the minimum: its extra billed seconds fall in the hour it started.
  usage_ledger u;
  u.hours = 2;
  const std::size_t k = u.key("x");
  u.add_run(k, 3590, 3610, 60, 2.0);  // 10 s in hour 0, 10 s in hour 1, 40 s extra in hour 0
  EXPECT_DOUBLE_EQ(u.quantity[0], 100.0);
  EXPECT_DOUBLE_EQ(u.quantity[1], 20.0);
  EXPECT_DOUBLE_EQ(u.total(k), 120.0);
}

TEST(Simulate, LedgerTotalsMatchBilledHours) {
  // On the built-in example's options (noise, bursts, scaling, Spot): the ledger holds exactly
  // the billed seconds — instance-seconds = instance-hours × 3600; Fargate vCPU-seconds =
  // task-hours × 3600 × 0.5 vCPU.
  scenario s = steady(compute_kind::ec2, platform::eks, {"m6i.large", "m6i.xlarge", "c6i.large"});
  s.services[0].demand.noise = {0.3, 0.9};
  s.services[0].demand.bursts = {3.0, 3.0, 20.0, 2.5};
  s.options[0].spot_percent = 50;
  option f = s.options[0];
  f.name = "fargate";
  f.compute = compute_kind::fargate;
  f.on = platform::ecs;
  f.instance_types.clear();
  f.spot_percent = 0;  // Fargate's Spot share is its capacity-provider strategy
  f.strategy = {{fargate_provider::fargate, 1, 1}, {fargate_provider::fargate_spot, 0, 2}};
  s.options.push_back(f);
  const auto r = simulate_path(s, default_catalog(), 5);
  double inst_s = 0, ledger_s = 0;
  for (const auto& [t, h] : r[0].instance_hours) inst_s += h * 3600;
  for (std::size_t k = 0; k < r[0].usage.keys.size(); ++k) ledger_s += r[0].usage.total(k);
  EXPECT_NEAR(ledger_s, inst_s, 1e-6);
  double vcpu_s = 0;
  for (std::size_t k = 0; k < r[1].usage.keys.size(); ++k)
    if (r[1].usage.keys[k].ends_with(":vcpu")) vcpu_s += r[1].usage.total(k);
  EXPECT_NEAR(vcpu_s, r[1].task_hours * 3600 * 0.5, 1e-6);
}

TEST(Simulate, TasksNoInstanceCanHoldAreReported) {
  scenario s = steady(compute_kind::ec2, platform::ecs, {"m6i.large"});
  s.services[0].task.cpu_units = 8192;  // 8 vCPU: more than an m6i.large has
  const auto r = simulate_path(s, default_catalog(), 0);
  EXPECT_EQ(r[0].unplaceable_tasks, 3);
  EXPECT_EQ(r[0].total_usd, 0.0);
  EXPECT_GT(r[0].unserved_task_seconds, 0.0);
}

TEST(Simulate, CapacityProviderStrategySplitsAsEcsDoes) {
  // formats.md §3.2: FARGATE base 1 weight 1, FARGATE_SPOT weight 4, 11 tasks → 3 on FARGATE
  // and 8 on FARGATE_SPOT.
  scenario s = steady(compute_kind::fargate, platform::ecs);
  auto& sc = s.services[0].scaling;
  sc.min_tasks = sc.max_tasks = 11;
  s.services[0].initial_tasks = 11;
  s.options[0].strategy = {{fargate_provider::fargate, 1, 1}, {fargate_provider::fargate_spot, 0, 4}};
  s.options[0].spot_interruption_probability_per_month = 0;
  const auto r = simulate_path(s, default_catalog(), 0);
  const double task_day_od = 86400 * (0.5 * 0.000011244 + 1 * 0.000001235);
  const double task_day_spot = 24 * (0.5 * 0.01246287 + 1 * 0.00136851);
  EXPECT_NEAR(line(r[0], "compute_on_demand"), 3 * task_day_od, 1e-9);
  EXPECT_NEAR(line(r[0], "compute_spot"), 8 * task_day_spot, 1e-9);
}

TEST(Simulate, EcsInstanceWarmupAndScaleInDelay) {
  // 3 tasks run on 2 m6i.large (2 awsvpc tasks each). At 01:00 min rises to 5: the fifth task
  // launches a third instance at 3600 s. At 01:30 min falls to 2 and the long-low alarm
  // scales in to ⌈2 / 0.7⌉ = 3, emptying the third instance (least utilised) at 5400 s.
  // It goes at max(empty + scale-in delay, launch + warm-up):
  //   ECS defaults (900 s, 300 s): max(6300, 3900) = 6300 → 2700 s;
  //   delay 0, warm-up 3000 s:     max(5400, 6600) = 6600 → 3000 s;
  //   delay 0, warm-up 0:          5400 → 1800 s.
  struct row {
    double scale_in_after, warmup, third_seconds;
  };
  for (const row& c : {row{-1, -1, 2700}, row{0, 3000, 3000}, row{0, 0, 1800}}) {
    scenario s = steady(compute_kind::ec2, platform::ecs, {"m6i.large"});
    s.services[0].schedule = {{1.0, 5, 20}, {1.5, 2, 20}};
    if (c.scale_in_after >= 0) s.options[0].scale_in_after_s = c.scale_in_after;  // -1: the default
    if (c.warmup >= 0) s.options[0].instance_warmup_s = c.warmup;
    const auto r = simulate_path(s, default_catalog(), 0);
    ASSERT_EQ(r[0].instance_hours.size(), 1u);
    EXPECT_NEAR(r[0].instance_hours[0].second, 48.0 + c.third_seconds / 3600.0, 1e-9) << c.warmup;
  }
}

TEST(Simulate, EcsManagedScalingHoldsScaleOutDuringAnInstanceWarmup) {
  // 3 tasks on 2 m6i.large (2 awsvpc tasks each: 2 + 1). At 01:00 min rises to 5: one task
  // takes the free slot, one launches a third instance at 3600 s (warm-up to 3900 s). At
  // 01:03:45 (3825 s, applied at the end of the step ending 3840 s) min rises to 7: one task
  // takes the third instance's free slot, the last needs a fourth instance — held while the
  // third is in its warm-up, so it launches at 3900 s instead of 3840 s. No scale-in (min 7).
  //   held (warm-up 300 s): 48 + (86 400 − 3600) / 3600 + (86 400 − 3900) / 3600 instance-hours;
  //   warm-up 0 (no hold):  48 + (86 400 − 3600) / 3600 + (86 400 − 3840) / 3600.
  // The held task fits, so it is not reported as unplaceable.
  for (const double warmup : {300.0, 0.0}) {
    scenario s = steady(compute_kind::ec2, platform::ecs, {"m6i.large"});
    s.services[0].schedule = {{1.0, 5, 20}, {1.0625, 7, 20}};
    s.options[0].instance_warmup_s = warmup;
    const auto r = simulate_path(s, default_catalog(), 0);
    ASSERT_EQ(r[0].instance_hours.size(), 1u);
    const double fourth = warmup > 0 ? 3900.0 : 3840.0;
    EXPECT_NEAR(r[0].instance_hours[0].second, 48.0 + (86400.0 - 3600.0) / 3600.0 + (86400.0 - fourth) / 3600.0,
                1e-9)
        << warmup;
    EXPECT_EQ(r[0].unplaceable_tasks, 0);
  }
}

TEST(Simulate, HpaScalesEksOptionsAndTargetTrackingEcsOptions) {
  // One service, demand 2, 3 tasks at the start, start-up 60 s. ECS target tracking at 70 %:
  // ⌈2 / 0.7⌉ = 3, nothing scales: 72 task-hours on Fargate. Its EKS HPA at 50 %: 3 pods at
  // ⌊200/3⌋ = 66 %, ratio 1.32, ⌈3 × 1.32⌉ = ⌈3.96⌉ = 4 at the first sync (15 s), inside the
  // first 60 s step, so the fourth pod launches at 60 s; the later syncs see it unready (0 %):
  // 200/4 = 50 %, on target. EKS Fargate: 72 + (86 400 − 60) / 3600 task-hours.
  scenario s = steady(compute_kind::fargate, platform::ecs);
  option eks = s.options[0];
  eks.name = "eks";
  eks.on = platform::eks;
  s.options.push_back(eks);
  scaling::hpa_policy h;
  h.target_percent = 50;
  h.min_replicas = 2;
  h.max_replicas = 20;
  s.services[0].hpa = h;
  // EKS on EC2 counts pods the same way (placed from 60 s: on a new node, as 4 × 500m exceed
  // an m6i.large's 1930m; unready until 60 + 90 s launch + 60 s start-up, and still on target).
  option eks_ec2 = eks;
  eks_ec2.name = "eks-ec2";
  eks_ec2.compute = compute_kind::ec2;
  eks_ec2.instance_types = {"m6i.large"};
  s.options.push_back(eks_ec2);
  auto r = simulate_path(s, default_catalog(), 0);
  EXPECT_NEAR(r[0].task_hours, 72.0, 1e-9);
  EXPECT_NEAR(r[1].task_hours, 72.0 + 86340.0 / 3600.0, 1e-9);
  EXPECT_NEAR(r[2].task_hours, 72.0 + 86340.0 / 3600.0, 1e-9);
  // An HPA on every option scales the ECS option the same way.
  s.services[0].hpa_on = hpa_scope::all_options;
  r = simulate_path(s, default_catalog(), 0);
  EXPECT_NEAR(r[0].task_hours, 72.0 + 86340.0 / 3600.0, 1e-9);
}

// Two services of 3 pods (500m each) fill two EKS m6i.large nodes (1930m allocatable).
scenario two_services_on_eks() {
  scenario s = steady(compute_kind::ec2, platform::eks, {"m6i.large"});
  s.services.push_back(s.services[0]);
  s.services[1].name = "second";
  s.options[0].provisioner = sim::provisioner_kind::cluster_autoscaler;
  return s;
}

TEST(Simulate, ClusterAutoscalerDrainsAnUnneededNode) {
  // At 06:00 both services drop to 1 pod (max 1): each node keeps one pod, 500m of 1930m =
  // 26 % < 50 %, and either pod fits on the other node, so both are unneeded from 21 600 s.
  // After scale-down-unneeded-time (600 s; the nodes are older than the 600 s delay after
  // add) the autoscaler drains the first one: 24 h + 22 200 s = 30.1667 node-hours. The
  // survivor, now at 2 pods (52 %), is needed. With a threshold of 0 nothing is unneeded: 48 h.
  scenario s = two_services_on_eks();
  for (auto& sv : s.services) sv.schedule = {{6.0, 1, 1}};
  auto r = simulate_path(s, default_catalog(), 0);
  ASSERT_EQ(r[0].instance_hours.size(), 1u);
  EXPECT_NEAR(r[0].instance_hours[0].second, 24.0 + 22200.0 / 3600.0, 1e-9);
  s.options[0].scale_down_utilisation_percent = 0;
  r = simulate_path(s, default_catalog(), 0);
  EXPECT_NEAR(r[0].instance_hours[0].second, 48.0, 1e-9);
}

TEST(Simulate, NodeGroupMinimumAndMaximum) {
  // Minimum 3: the 3 pods need one node, but the group keeps 3 all day: 72 node-hours.
  scenario s = steady(compute_kind::ec2, platform::eks, {"m6i.large"});
  s.options[0].provisioner = sim::provisioner_kind::cluster_autoscaler;
  s.options[0].node_groups = {{"m6i.large", 3, 10}};
  auto r = simulate_path(s, default_catalog(), 0);
  EXPECT_NEAR(r[0].instance_hours[0].second, 72.0, 1e-9);
  // Maximum 1 with two services that need a node each: the second service's 3 pods wait all
  // day, reported as unplaceable, and its demand of 2 goes unserved: 2 × 86 400 task-seconds.
  s = two_services_on_eks();
  s.options[0].node_groups = {{"m6i.large", 0, 1}};
  r = simulate_path(s, default_catalog(), 0);
  EXPECT_NEAR(r[0].instance_hours[0].second, 24.0, 1e-9);
  EXPECT_EQ(r[0].unplaceable_tasks, 3);
  EXPECT_NEAR(r[0].unserved_task_seconds, 2 * 86400.0, 1e-9);
}

TEST(Simulate, KarpenterReplacesAnOversizedNodeWhenUnderutilised) {
  // 7 pods of 500m: an m6i.xlarge (3930m allocatable, $0.192/h) holds all 7, 36.5 pods per
  // dollar-hour, against 3 on an m6i.large (1930m, $0.096/h), 31.3 — Karpenter picks the
  // xlarge. At 06:00 max falls to 2: they fit an m6i.large, and no other node can take them,
  // so only a replacement helps. With WhenEmptyOrUnderutilized and a 600 s cadence, the step
  // ending at 21 600 s (a multiple of 600) repacks: m6i.xlarge 6 h, then m6i.large 18 h. With
  // WhenEmpty the xlarge runs all 24 h.
  scenario s = steady(compute_kind::ec2, platform::eks, {"m6i.large", "m6i.xlarge"});
  s.services[0].initial_tasks = 7;
  s.services[0].demand.base = 4.5;  // ⌈4.5 / 0.7⌉ = 7: nothing scales before 06:00
  s.services[0].schedule = {{6.0, 1, 2}};
  s.options[0].consolidation_interval_s = 600;
  auto hours_of = [](const option_result& r, const std::string& type) {
    for (const auto& [t, h] : r.instance_hours)
      if (t == type) return h;
    return 0.0;
  };
  auto r = simulate_path(s, default_catalog(), 0);
  EXPECT_NEAR(hours_of(r[0], "m6i.xlarge"), 6.0, 1e-9);
  EXPECT_NEAR(hours_of(r[0], "m6i.large"), 18.0, 1e-9);
  s.options[0].consolidation_policy = sim::consolidation_policy_kind::when_empty;
  r = simulate_path(s, default_catalog(), 0);
  EXPECT_NEAR(hours_of(r[0], "m6i.xlarge"), 24.0, 1e-9);
  EXPECT_NEAR(hours_of(r[0], "m6i.large"), 0.0, 1e-9);
}

TEST(Simulate, KarpenterV1DefaultsConsolidateAtOnce) {
  // As KarpenterReplacesAnOversizedNodeWhenUnderutilised, with max falling to 2 at 06:15
  // (22 500 s, not a multiple of 600). Karpenter v1's defaults (WhenEmptyOrUnderutilized,
  // consolidateAfter 0 s; the disruption controller polls every 10 s, so every 60 s step)
  // replace the xlarge at the end of that step: 6.25 h of m6i.xlarge, 17.75 h of m6i.large.
  // A 600 s interval waits for 22 800 s; consolidateAfter 600 s for 22 500 + 600 = 23 100 s.
  scenario s = steady(compute_kind::ec2, platform::eks, {"m6i.large", "m6i.xlarge"});
  s.services[0].initial_tasks = 7;
  s.services[0].demand.base = 4.5;
  s.services[0].schedule = {{6.25, 1, 2}};
  auto hours_of = [](const option_result& r, const std::string& type) {
    for (const auto& [t, h] : r.instance_hours)
      if (t == type) return h;
    return 0.0;
  };
  struct row {
    std::optional<std::int64_t> interval;
    std::optional<double> after;
    double xlarge_s;
  };
  for (const row& c : {row{std::nullopt, std::nullopt, 22500}, row{600, std::nullopt, 22800},
                       row{std::nullopt, 600.0, 23100}}) {
    s.options[0].consolidation_interval_s = c.interval;
    s.options[0].consolidate_after_s = c.after;
    const auto r = simulate_path(s, default_catalog(), 0);
    EXPECT_NEAR(hours_of(r[0], "m6i.xlarge"), c.xlarge_s / 3600.0, 1e-9) << c.xlarge_s;
    EXPECT_NEAR(hours_of(r[0], "m6i.large"), 24.0 - c.xlarge_s / 3600.0, 1e-9) << c.xlarge_s;
  }
}

TEST(Simulate, KarpenterRemovesAnEmptyNodeWithoutWaiting) {
  // Two services of 3 pods, one m6i.large node each. At 06:00 the second service goes to 0
  // pods: its node is empty at 21 600 s and, with consolidateAfter 0 s, goes at once:
  // 24 + 6 node-hours (before Karpenter v1's defaults it waited 600 s: 24 + 22 200 / 3600).
  // consolidate_after_s = 600 restores the wait, as do fleetcast's former defaults (no
  // consolidation, scale_in_after_s = 600); scale_in_after_s alone does not, since the
  // consolidation pass at every step removes an empty node too.
  scenario s = steady(compute_kind::ec2, platform::eks, {"m6i.large"});
  s.services.push_back(s.services[0]);
  s.services[1].name = "second";
  s.services[1].scaling.min_tasks = 0;
  s.services[1].schedule = {{6.0, 0, 0}};
  auto r = simulate_path(s, default_catalog(), 0);
  ASSERT_EQ(r[0].instance_hours.size(), 1u);
  EXPECT_NEAR(r[0].instance_hours[0].second, 30.0, 1e-9);
  s.options[0].consolidate_after_s = 600;
  r = simulate_path(s, default_catalog(), 0);
  EXPECT_NEAR(r[0].instance_hours[0].second, 24.0 + 22200.0 / 3600.0, 1e-9);
  s.options[0].consolidate_after_s.reset();
  s.options[0].scale_in_after_s = 600;
  r = simulate_path(s, default_catalog(), 0);
  EXPECT_NEAR(r[0].instance_hours[0].second, 30.0, 1e-9);
  s.options[0].consolidation_interval_s = 0;
  r = simulate_path(s, default_catalog(), 0);
  EXPECT_NEAR(r[0].instance_hours[0].second, 24.0 + 22200.0 / 3600.0, 1e-9);
}

commitment plan(commitment_type type, double per_hour) {
  commitment c;
  c.name = "plan";
  c.type = type;
  c.hourly_commitment = per_hour;
  return c;
}

TEST(Simulate, ComputeSavingsPlanOnFargateHourByHour) {
  // 3 tasks of 0.5 vCPU / 1 GB all day: each hour 1.5 vCPU-h and 3 GB-h, at the per-second
  // rates × 3600 ($0.0404784, $0.004446) $0.0740556 on demand.
  // The catalog's 1-year no-upfront Fargate rate is 20 % off, so a $0.05/h plan, fully used,
  // covers $0.05 / 0.8 = $0.0625 of on-demand usage an hour: 24 × (0.0625 − 0.05) = $0.30 saved.
  // A $1/h plan covers everything, costs $24 and leaves 24 × (1 − 0.8 × 0.0740556) unused.
  scenario s = steady(compute_kind::fargate, platform::ecs);
  const double plain = simulate_path(s, default_catalog(), 0)[0].total_usd;
  s.options[0].commitments = {plan(commitment_type::compute_sp, 0.05)};
  auto r = simulate_path(s, default_catalog(), 0);
  EXPECT_NEAR(r[0].total_usd, plain - 0.30, 1e-9);
  EXPECT_NEAR(line(r[0], "commitment"), 24 * 0.05, 1e-12);
  ASSERT_EQ(r[0].commitments.size(), 1u);
  EXPECT_NEAR(r[0].commitments[0].used, 24 * 0.05, 1e-9);
  EXPECT_NEAR(r[0].eligible_on_demand_equivalent, plain, 1e-9);  // commitments never change usage
  EXPECT_NEAR(r[0].covered_on_demand_equivalent, 24 * 0.0625, 1e-9);
  s.options[0].commitments = {plan(commitment_type::compute_sp, 1.0)};
  r = simulate_path(s, default_catalog(), 0);
  EXPECT_NEAR(r[0].total_usd, 24.0, 1e-9);
  EXPECT_NEAR(r[0].commitments[0].charge - r[0].commitments[0].used, 24 * (1 - 0.8 * 0.0740556), 1e-9);
  EXPECT_NEAR(line(r[0], "compute_on_demand"), 0.0, 1e-9);
}

TEST(Simulate, ReservedInstanceOnEcsEc2AndSpotNeverCovered) {
  // 2 m6i.large all day; one RI at the catalog's 1-year all-upfront rate covers one of them:
  // total = quote − 24 × $0.096 + 24 × RI rate. On Spot, a Compute SP covers nothing.
  scenario s = steady(compute_kind::ec2, platform::ecs, {"m6i.large"});
  const double plain = simulate_path(s, default_catalog(), 0)[0].total_usd;
  commitment ri;
  ri.name = "ri";
  ri.type = commitment_type::reserved_instance;
  ri.instance_type = "m6i.large";
  ri.count = 1;
  ri.term_years = 1;
  ri.payment = payment_option::all_upfront;
  double rate = 0;
  for (const auto& c : default_catalog().ec2.find("m6i.large")->commitments)
    if (c.offer == "ri_standard_1yr_all_upfront") rate = c.usd_per_hour;
  ASSERT_GT(rate, 0.0);
  ri.hourly_rate = rate;
  s.options[0].commitments = {ri};
  auto r = simulate_path(s, default_catalog(), 0);
  EXPECT_NEAR(r[0].total_usd, plain - 24 * 0.096 + 24 * rate, 1e-9);
  EXPECT_NEAR(r[0].commitments[0].used, 24 * rate, 1e-9);
  s.options[0].spot_percent = 100;
  s.options[0].spot_interruption_probability_per_month = 0;
  s.options[0].commitments = {plan(commitment_type::compute_sp, 0.05)};
  r = simulate_path(s, default_catalog(), 0);
  EXPECT_EQ(r[0].covered_on_demand_equivalent, 0.0);
  EXPECT_EQ(r[0].commitments[0].used, 0.0);
  EXPECT_NEAR(line(r[0], "commitment"), 1.2, 1e-12);
}

TEST(Simulate, CommitmentSweepOnConstantUsageCommitsExactlyTheUsage) {
  // Constant usage: every hour $0.0740556 on demand, $0.05924448 at the 1-year no-upfront plan
  // rate (20 % off). Savings at a level L up to that spend are 24 × L × (1/0.8 − 1) = 6 L, and
  // fall beyond it, so the best level is exactly the usage at plan rates — the top of the
  // default grid (the pilot's highest hourly spend) — with 24 × 0.01481112 = $0.35546688 saved.
  const scenario s = steady(compute_kind::fargate, platform::ecs);
  mc::sweep_config c;
  c.scenarios = 20;
  c.grid_levels = 8;
  const mc::sweep_result r = mc::sweep_commitment(s, default_catalog(), c);
  ASSERT_EQ(r.levels.size(), 9u);
  EXPECT_NEAR(r.levels.back().level, 0.8 * 0.0740556, 1e-12);
  EXPECT_EQ(r.best_mean, 8u);
  EXPECT_EQ(r.best_p5, 8u);
  EXPECT_NEAR(r.levels[8].savings.moments().mean(), 24 * (0.0740556 - 0.8 * 0.0740556), 1e-9);
  EXPECT_NEAR(r.levels[4].savings.moments().mean(), 6 * r.levels[4].level, 1e-9);
  EXPECT_NEAR(r.levels[8].utilisation.moments().mean(), 1.0, 1e-9);
}

TEST(Simulate, CommitmentSweepOnUsageZeroHalfTheTimeCommitsLess) {
  // The same usage until 12:00, none after (max 0): a level L saves 12 × 0.25 L while used and
  // loses 12 L unused, −9 L in all, so the best level is 0 (the lower of ties at 3 years).
  scenario s = steady(compute_kind::fargate, platform::ecs);
  s.services[0].schedule = {{12.0, 0, 0}};
  mc::sweep_config c;
  c.scenarios = 20;
  c.grid_levels = 8;
  const mc::sweep_result r = mc::sweep_commitment(s, default_catalog(), c);
  EXPECT_EQ(r.best_mean, 0u);
  EXPECT_EQ(r.best_p5, 0u);
  EXPECT_NEAR(r.levels[4].savings.moments().mean(), -9 * r.levels[4].level, 1e-9);
}

TEST(Simulate, CostAllocationSplitsInstancesByRequests) {
  // 3 tasks of 512 CPU units / 1024 MiB on 2 m6i.large ($0.096/h: 2 vCPU, 8 GiB) all day. The
  // price splits in the ratio of Fargate's vCPU and GB prices: c = 2 × 0.0404784, m = 8 ×
  // 0.004446; the service requests 3 × (512/4096 of the CPU part + 1024/16384 of the memory
  // part) of the two instances each hour: 72 × (cpu_part/4 + mem_part/8) a day; the rest of
  // the $4.608 is idle. Every option's shares sum to its total.
  const scenario s = steady(compute_kind::ec2, platform::ecs, {"m6i.large"});
  const auto r = simulate_path(s, default_catalog(), 0);
  const double c = 2 * 0.0404784, m = 8 * 0.004446;
  const double cpu_part = 0.096 * c / (c + m), mem_part = 0.096 * m / (c + m);
  ASSERT_EQ(r[0].allocation.size(), 3u);  // the service, idle, and the (empty here) network share
  EXPECT_EQ(r[0].allocation[0].name, "payments-api");
  EXPECT_NEAR(r[0].allocation[0].usd, 72 * (cpu_part / 4 + mem_part / 8), 1e-9);
  EXPECT_EQ(r[0].allocation[1].name, "(idle)");
  EXPECT_NEAR(r[0].allocation[1].usd, 4.608 - 72 * (cpu_part / 4 + mem_part / 8), 1e-9);
  for (compute_kind k : {compute_kind::fargate, compute_kind::ec2})
    for (platform on : {platform::ecs, platform::eks}) {
      scenario v = steady(k, on, k == compute_kind::ec2 ? std::vector<std::string>{"m6i.large"} : std::vector<std::string>{});
      v.services[0].demand.noise = {0.3, 0.8};
      v.options[0].commitments = {plan(commitment_type::compute_sp, 0.02)};
      const auto x = simulate_path(v, default_catalog(), 5);
      double sum = 0;
      for (const auto& a : x[0].allocation) sum += a.usd;
      EXPECT_NEAR(sum, x[0].total_usd, 1e-9);
    }
}

TEST(Simulate, CostAllocationOfSpotInstancesIsAtTheirSpotPrice) {
  // The same 3 tasks on m6i.large bought as Spot: each instance's CPU and memory parts are its
  // Spot price, 0.096 × (1 − discount), split as above; the service pays 72 × (cpu/4 + mem/8)
  // of those a day, the rest is idle (never negative: before, the parts were on-demand prices
  // and a Spot option's idle share came out below zero). A refund for an instance EC2
  // interrupts in its first hour is shared in proportion; the shares still sum to the total.
  scenario s = steady(compute_kind::ec2, platform::ecs, {"m6i.large"});
  s.options[0].spot_percent = 100;
  const instance_type* it = default_catalog().ec2.find("m6i.large");
  ASSERT_NE(it, nullptr);
  const double price = 0.096 * (1.0 - it->spot.discount);
  const double c = 2 * 0.0404784, m = 8 * 0.004446;
  const double cpu_part = price * c / (c + m), mem_part = price * m / (c + m);
  for (std::uint64_t path = 0; path < 20; ++path) {
    const auto r = simulate_path(s, default_catalog(), path);
    double sum = 0;
    for (const auto& a : r[0].allocation) {
      EXPECT_GE(a.usd, 0.0) << a.name << " on trial " << path;
      sum += a.usd;
    }
    EXPECT_NEAR(sum, r[0].total_usd, 1e-9);
    if (r[0].spot_interruptions == 0) {
      EXPECT_NEAR(r[0].allocation[0].usd, 72 * (cpu_part / 4 + mem_part / 8), 1e-9);
    }
  }
}

// The parts (docs/simulator.md) on their own.

TEST(SimParts, EveryAutoscalerKindHasTheInterface) {
  static_assert(detail::autoscaler_kind<scaling::target_tracker>);
  static_assert(detail::autoscaler_kind<scaling::step_scaler>);
  service sv;
  sv.initial_tasks = 3;
  EXPECT_EQ(detail::kind_of(sv, platform::ecs).index(), 0u);  // target tracking unless step scaling is set
  sv.step_scaling = scaling::step_scaling_policy{};
  EXPECT_EQ(detail::kind_of(sv, platform::ecs).index(), 1u);
  // An HPA scales EKS options only, unless it is the service's scaling on every option.
  static_assert(detail::autoscaler_kind<scaling::hpa>);
  sv.hpa = scaling::hpa_policy{};
  EXPECT_EQ(detail::kind_of(sv, platform::ecs).index(), 1u);
  EXPECT_EQ(detail::kind_of(sv, platform::eks).index(), 2u);
  sv.step_scaling.reset();
  sv.hpa_on = hpa_scope::all_options;
  EXPECT_EQ(detail::kind_of(sv, platform::ecs).index(), 2u);
}

TEST(SimParts, ScheduledActionAppliesInTheStepThatReachesItsHour) {
  // An action at 02:00 on a run starting at 00:00 is 7200 s in: it applies in the step whose
  // (t0, t1] holds 7200, and again 86400 s later; the desired count moves into its bounds.
  service sv;
  sv.scaling.min_tasks = 1;
  sv.scaling.max_tasks = 10;
  sv.initial_tasks = 1;
  sv.schedule = {{2.0, 5, 10}};
  const demand::horizon h{2, 60};
  detail::service_autoscaler a(sv, h, platform::ecs);
  EXPECT_EQ(a.step(7080, 7140, 60, 0.0, 1), 1);
  EXPECT_EQ(a.step(7140, 7200, 60, 0.0, 1), 5);
  EXPECT_EQ(a.desired(), 5);
}

TEST(SimParts, SpotProcessIsDueAtItsEarliestPendingEvent) {
  // A monthly probability of 1 interrupts at once: the notice is the launch time.
  EXPECT_EQ(detail::hazard_per_second(0.0), 0.0);
  EXPECT_EQ(detail::hazard_per_second(1.0), detail::never);
  detail::spot_process p(make_stream(1, 0, stream_purpose::spot, 0));
  EXPECT_FALSE(p.due(1e12));
  EXPECT_EQ(p.launch(detail::never, 300.0), 300.0);
  EXPECT_EQ(p.launch(0.0, 100.0), detail::never);  // no hazard: never interrupted
  EXPECT_FALSE(p.due(299.0));
  EXPECT_TRUE(p.due(300.0));
  p.rescan();  // the caller handled the notice; nothing else is pending
  EXPECT_FALSE(p.due(1e12));
}

}  // namespace
}  // namespace fleetcast::sim
