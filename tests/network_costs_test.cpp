// Network and storage cost lines in simulations, against hand calculations from the built-in
// catalog's rates: public IPv4 $0.005 per address-hour; NAT gateway $0.045 per hour and per GB;
// interface endpoints $0.01 per endpoint-AZ-hour and per GB; gp3 $0.08 per GB-month of 730 h;
// ALB $0.0225 per hour and $0.008 per LCU-hour; EKS $0.10 / $0.60 per cluster-hour.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fleetcast/core/error.hpp"
#include "fleetcast/io/scenario_json.hpp"
#include "fleetcast/sim/simulate.hpp"
#include "fleetcast/sim/validate.hpp"

namespace fleetcast::sim {
namespace {

// One service of 3 tasks (512 CPU units / 1024 MiB) that never scales: demand 2.0 at a 70 %
// target needs ⌈2 / 0.7⌉ = 3 tasks. One day in 60 s steps. The scenario's defaults apply:
// private subnets behind one NAT gateway in each of 2 zones, 200 MiB images, 20 GiB roots.
scenario steady(compute_kind compute, platform on, std::vector<std::string> types = {}) {
  scenario s;
  s.name = "steady";
  s.horizon = {1.0, 60};
  service sv;
  sv.name = "api";
  sv.task.cpu_units = 512;
  sv.task.memory_mib = 1024;
  sv.scaling.target_percent = 70;
  sv.scaling.min_tasks = 2;
  sv.scaling.max_tasks = 20;
  sv.initial_tasks = 3;
  sv.startup = {60, 60};
  sv.demand.base = 2.0;
  s.services.push_back(sv);
  option o;
  o.name = "opt";
  o.on = on;
  o.compute = compute;
  o.instance_types = std::move(types);
  s.options.push_back(o);
  return s;
}

double line(const option_result& r, cost_line_kind k) {
  for (const auto& l : r.lines)
    if (l.kind == k) return l.usd;
  ADD_FAILURE() << "no line " << to_string(k);
  return 0;
}

double allocated(const option_result& r) {
  double sum = 0;
  for (const auto& a : r.allocation) sum += a.usd;
  return sum;
}

constexpr double pull_gb = 200.0 / 1024;  // a 200 MiB image: 0.1953125 GB

// Fargate, defaults: NAT 2 zones × 24 h × $0.045 = $2.16; the gateways' Elastic IPs
// 2 × 24 × $0.005 = $0.24; the 3 tasks started at t = 0 pull 3 × 0.1953125 GB × $0.045 =
// $0.0263671875; no task addresses, no volumes.
TEST(NetworkCosts, FargateDefaultsArePrivateSubnetsBehindNat) {
  const auto r = simulate_path(steady(compute_kind::fargate, platform::ecs), default_catalog(), 0);
  EXPECT_NEAR(line(r[0], cost_line_kind::nat_gateway), 2.16, 1e-12);
  EXPECT_NEAR(line(r[0], cost_line_kind::public_ipv4), 0.24, 1e-12);
  EXPECT_NEAR(line(r[0], cost_line_kind::network_data), 3 * pull_gb * 0.045, 1e-12);
  EXPECT_EQ(line(r[0], cost_line_kind::ebs_root_volumes), 0.0);
  EXPECT_EQ(line(r[0], cost_line_kind::vpc_endpoints), 0.0);
  EXPECT_EQ(line(r[0], cost_line_kind::load_balancer), 0.0);
  // Compute as before: 3 × 86 400 s × (0.5 × 0.000011244 + 0.000001235) = $1.7773344.
  EXPECT_NEAR(line(r[0], cost_line_kind::compute_on_demand), 1.7773344, 1e-9);
  EXPECT_NEAR(r[0].total_usd, 1.7773344 + 2.16 + 0.24 + 3 * pull_gb * 0.045, 1e-9);
  EXPECT_NEAR(allocated(r[0]), r[0].total_usd, 1e-9);
}

// 10 Fargate tasks with public IPs for 730 h: 10 × 730 × $0.005 = $36.50 (egress off, so only
// the tasks' addresses are billed).
TEST(NetworkCosts, FargateTasksWithPublicAddresses) {
  scenario s = steady(compute_kind::fargate, platform::ecs);
  s.horizon = {730.0 / 24, 3600};
  s.services[0].initial_tasks = 10;
  s.services[0].scaling.min_tasks = 10;
  s.network.egress = egress_kind::none;
  s.options[0].public_ipv4 = true;
  const auto r = simulate_path(s, default_catalog(), 0);
  EXPECT_NEAR(line(r[0], cost_line_kind::public_ipv4), 36.50, 1e-9);
  ASSERT_EQ(r[0].usage.hours, 730);
  bool found = false;
  for (std::size_t k = 0; k < r[0].usage.keys.size(); ++k)
    if (r[0].usage.keys[k] == "vpc:public_ipv4") {
      found = true;
      EXPECT_NEAR(r[0].usage.total(k), 10 * 730 * 3600.0, 1e-3);  // address-seconds
    }
  EXPECT_TRUE(found);
}

// Fargate pulls the image at every task start: with Fargate Spot interruptions every
// replacement pulls again, so the data line is (3 initial + interruptions) pulls.
TEST(NetworkCosts, FargateImagePullsScaleWithTaskStarts) {
  scenario s = steady(compute_kind::fargate, platform::ecs);
  s.horizon = {10.0, 60};
  s.options[0].strategy = {{fargate_provider::fargate_spot, 0, 1}};
  s.options[0].spot_interruption_probability_per_month = 0.99;
  std::int64_t interrupted = 0;
  for (std::uint64_t path = 0; path < 8; ++path) {
    const auto r = simulate_path(s, default_catalog(), path);
    interrupted += r[0].spot_interruptions;
    EXPECT_NEAR(line(r[0], cost_line_kind::network_data),
                double(3 + r[0].spot_interruptions) * pull_gb * 0.045, 1e-12)
        << "path " << path;
  }
  EXPECT_GT(interrupted, 0);  // the relation was tested with replacements, not only the 3 starts
}

// EC2: each node has a 20 GiB gp3 root ($0.08 per GB-month of 730 h) and, with public IPs, an
// address for its life; it pulls the service's image once. ECS on m6i.large fits 2 tasks per
// node (ENIs − 1), so 3 tasks run on 2 nodes all day: 48 node-hours.
//   roots  2 × 20 GiB × 24 h / 730 h × $0.08 = $0.10520547…
//   IPv4   48 × $0.005 = $0.24 (nodes) + 0.24 (the NAT gateways' addresses)
//   pulls  2 nodes × 0.1953125 GB × $0.045
TEST(NetworkCosts, Ec2NodesHaveRootVolumesAddressesAndPullOncePerNode) {
  scenario s = steady(compute_kind::ec2, platform::ecs, {"m6i.large"});
  s.options[0].public_ipv4 = true;
  const auto r = simulate_path(s, default_catalog(), 0);
  ASSERT_EQ(r[0].instance_hours.size(), 1u);
  ASSERT_NEAR(r[0].instance_hours[0].second, 48.0, 1e-9);
  EXPECT_NEAR(line(r[0], cost_line_kind::ebs_root_volumes), 2 * 20 * 24 / 730.0 * 0.08, 1e-12);
  EXPECT_NEAR(line(r[0], cost_line_kind::public_ipv4), 48 * 0.005 + 0.24, 1e-12);
  EXPECT_NEAR(line(r[0], cost_line_kind::network_data), 2 * pull_gb * 0.045, 1e-12);
  EXPECT_NEAR(line(r[0], cost_line_kind::nat_gateway), 2.16, 1e-12);
  EXPECT_NEAR(line(r[0], cost_line_kind::compute_on_demand), 4.608, 1e-9);
  EXPECT_NEAR(allocated(r[0]), r[0].total_usd, 1e-9);
  // Root volumes switched off: the line is 0.
  s.options[0].root_volume_gib = 0;
  EXPECT_EQ(line(simulate_path(s, default_catalog(), 0)[0], cost_line_kind::ebs_root_volumes), 0.0);
}

// VPC endpoints instead of NAT: 2 endpoints × 2 zones × 24 h × $0.01 = $0.96; pulls at $0.01
// per GB; no NAT, no gateway addresses. Public subnets: tasks get addresses, no NAT, no data.
TEST(NetworkCosts, EgressChoices) {
  scenario s = steady(compute_kind::fargate, platform::ecs);
  s.network.egress = egress_kind::vpc_endpoints;
  auto r = simulate_path(s, default_catalog(), 0);
  EXPECT_NEAR(line(r[0], cost_line_kind::vpc_endpoints), 0.96, 1e-12);
  EXPECT_NEAR(line(r[0], cost_line_kind::network_data), 3 * pull_gb * 0.01, 1e-12);
  EXPECT_EQ(line(r[0], cost_line_kind::nat_gateway), 0.0);
  EXPECT_EQ(line(r[0], cost_line_kind::public_ipv4), 0.0);
  s.network.egress = egress_kind::public_subnets;
  r = simulate_path(s, default_catalog(), 0);
  EXPECT_NEAR(line(r[0], cost_line_kind::public_ipv4), 3 * 24 * 0.005, 1e-12);
  EXPECT_EQ(line(r[0], cost_line_kind::network_data), 0.0);
  EXPECT_EQ(line(r[0], cost_line_kind::nat_gateway), 0.0);
  // Three zones: 3 NAT gateways.
  s.network.egress = egress_kind::nat_gateway;
  s.network.availability_zones = 3;
  r = simulate_path(s, default_catalog(), 0);
  EXPECT_NEAR(line(r[0], cost_line_kind::nat_gateway), 3 * 24 * 0.045, 1e-12);
}

// An ALB at 50 new connections/s is 2 LCUs: 24 h × $0.0225 + 24 × 2 × $0.008 = $0.924, plus its
// 2 zones' addresses 2 × 24 × $0.005 = $0.24; the same on a Fargate and an EC2 option, and in the
// service's allocation share.
TEST(NetworkCosts, LoadBalancerIsTheSameOnEveryOption) {
  scenario s = steady(compute_kind::fargate, platform::ecs);
  s.network.egress = egress_kind::none;
  load_balancer_load lb;
  lb.new_connections_per_s = 50;
  lb.processed_gb_per_hour = 0.5;  // 0.5 LCU: the highest dimension, 2, counts
  s.services[0].load_balancer = lb;
  option e = s.options[0];
  e.name = "ec2";
  e.compute = compute_kind::ec2;
  e.instance_types = {"m6i.large"};
  s.options.push_back(e);
  const auto r = simulate_path(s, default_catalog(), 0);
  for (const auto& x : r) {
    EXPECT_NEAR(line(x, cost_line_kind::load_balancer), 0.924, 1e-12) << x.option;
    EXPECT_NEAR(allocated(x), x.total_usd, 1e-9) << x.option;
  }
  EXPECT_NEAR(line(r[0], cost_line_kind::public_ipv4), 0.24, 1e-12);
  // Fargate: the service pays its tasks and its ALB.
  EXPECT_NEAR(r[0].allocation[0].usd, line(r[0], cost_line_kind::compute_on_demand) + 0.924 + 0.24, 1e-9);
}

// EKS extended support: 24 cluster-hours × $0.60 = $14.40 instead of 24 × $0.10 = $2.40.
TEST(NetworkCosts, EksExtendedSupport) {
  scenario s = steady(compute_kind::fargate, platform::eks);
  s.options[0].support = support_tier::extended;
  option st = s.options[0];
  st.name = "standard";
  st.support = support_tier::standard;
  s.options.push_back(st);
  const auto r = simulate_path(s, default_catalog(), 0);
  EXPECT_NEAR(line(r[0], cost_line_kind::control_plane), 14.40, 1e-12);
  EXPECT_NEAR(line(r[1], cost_line_kind::control_plane), 2.40, 1e-12);
  EXPECT_NEAR(r[0].total_usd - r[1].total_usd, 12.0, 1e-9);
}

// The JSON keys, and the rules sim::validate keeps.
TEST(NetworkCosts, ScenarioKeys) {
  const std::string base = R"({"name": "n", "horizon": {"days": 1, "step_seconds": 60},
    "services": [{"name": "api", "task": {"cpu": 512, "memory": 1024}, "image_size_mib": 512,
                  "load_balancer": {"type": "alb", "active_connections_per_minute": 6000},
                  "demand": {"base": 2}}],
    "network": {"egress": "vpc_endpoints", "availability_zones": 3, "interface_endpoints": 4, "public_ipv4_addresses": 1},
    "options": [{"name": "f"}, {"name": "e", "compute": "ec2", "instance_types": ["m6i.large"],
                 "public_ipv4": true, "root_volume_gib": 50}]})";
  const scenario s = parse_scenario(base, "input", default_catalog());
  EXPECT_EQ(s.network.egress, egress_kind::vpc_endpoints);
  EXPECT_EQ(s.network.availability_zones, 3);
  EXPECT_EQ(s.network.interface_endpoints, 4);
  EXPECT_EQ(s.network.public_ipv4_addresses, 1);
  EXPECT_EQ(s.services[0].image_size_mib, 512.0);
  ASSERT_TRUE(s.services[0].load_balancer);
  EXPECT_EQ(s.services[0].load_balancer->lcus(), 2.0);
  EXPECT_FALSE(s.options[0].public_ipv4.has_value());
  EXPECT_EQ(s.options[1].public_ipv4, true);
  EXPECT_EQ(s.options[1].root_volume_gib, 50);

  struct bad {
    std::string json;
    const char* id;
    const char* place;
  };
  const bad cases[] = {
      {R"({"name": "n", "horizon": {"days": 1, "step_seconds": 60}, "services": [{"name": "a",
          "task": {"cpu": 512, "memory": 1024}, "demand": {"base": 2}}], "network": {"egress": "nat"},
          "options": [{"name": "f"}]})",
       "fleetcast.input.11", "/network/egress"},
      {R"({"name": "n", "horizon": {"days": 1, "step_seconds": 60}, "services": [{"name": "a",
          "task": {"cpu": 512, "memory": 1024}, "demand": {"base": 2}}], "network": {"egress": "public_subnets"},
          "options": [{"name": "f", "public_ipv4": false}]})",
       "fleetcast.input.9", "/options/0/public_ipv4"},
      {R"({"name": "n", "horizon": {"days": 1, "step_seconds": 60}, "services": [{"name": "a",
          "task": {"cpu": 512, "memory": 1024}, "demand": {"base": 2}}],
          "options": [{"name": "f", "root_volume_gib": 30}]})",
       "fleetcast.input.9", "/options/0/root_volume_gib"},
      {R"({"name": "n", "horizon": {"days": 1, "step_seconds": 60}, "services": [{"name": "a",
          "task": {"cpu": 512, "memory": 1024}, "demand": {"base": 2}, "load_balancer": {}}],
          "network": {"availability_zones": 1}, "options": [{"name": "f"}]})",
       "fleetcast.input.9", "/services/0/load_balancer"},
      {R"({"name": "n", "horizon": {"days": 1, "step_seconds": 60}, "services": [{"name": "a",
          "task": {"cpu": 512, "memory": 1024}, "demand": {"base": 2}, "image_size_mib": -1}],
          "options": [{"name": "f"}]})",
       "fleetcast.input.5", "/services/0/image_size_mib"},
      {R"({"name": "n", "horizon": {"days": 1, "step_seconds": 60}, "services": [{"name": "a",
          "task": {"cpu": 512, "memory": 1024}, "demand": {"base": 2}}],
          "options": [{"name": "p", "platform": "eks", "compute": "fargate", "public_ipv4": true}]})",
       "fleetcast.input.9", "/options/0/public_ipv4"},
      {R"({"name": "n", "horizon": {"days": 1, "step_seconds": 60}, "services": [{"name": "a",
          "task": {"cpu": 512, "memory": 1024}, "demand": {"base": 2}}], "network": {"egress": "public_subnets"},
          "options": [{"name": "p", "platform": "eks", "compute": "fargate"}]})",
       "fleetcast.input.9", "/network/egress"},
  };
  for (const auto& c : cases) {
    try {
      (void)parse_scenario(c.json, "input", default_catalog());
      ADD_FAILURE() << "accepted " << c.json;
    } catch (const input_error& e) {
      EXPECT_EQ(e.id(), c.id) << e.what();
      EXPECT_EQ(e.place(), c.place) << e.what();
    }
  }
}

// A catalog without the network sections: the default scenario (NAT) is refused with a clear
// message; with egress off and no roots it runs on compute alone.
TEST(NetworkCosts, CatalogWithoutNetworkRates) {
  price_catalog cat = default_catalog();
  cat.vpc = {};
  cat.ebs = {};
  cat.elb = {};
  scenario s = steady(compute_kind::ec2, platform::ecs, {"m6i.large"});
  try {
    (void)simulate_path(s, cat, 0);
    FAIL();
  } catch (const input_error& e) {
    EXPECT_EQ(e.place(), "network.egress");
  }
  s.network.egress = egress_kind::none;
  s.options[0].root_volume_gib = 0;
  const auto r = simulate_path(s, cat, 0);
  EXPECT_NEAR(r[0].total_usd, 4.608, 1e-9);
}

}  // namespace
}  // namespace fleetcast::sim
