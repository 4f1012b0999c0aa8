// The scenario format: examples/payments-api.json read field by field, the defaults, and a
// table of bad inputs, each with the error id and the JSON pointer it must name.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fleetcast/core/random.hpp"
#include "fleetcast/io/files.hpp"
#include "fleetcast/io/scenario_json.hpp"

namespace fleetcast {
namespace {

const std::string example_path = std::string(FLEETCAST_SOURCE_DIR) + "/examples/payments-api.json";

const std::string& example_text() {
  static const std::string text = read_text_file(example_path);
  return text;
}

sim::scenario parse(const std::string& text) {
  return parse_scenario(text, "scenario.json", default_catalog());
}

// The smallest valid scenario, for the defaults and for cases the example cannot reach by one
// replacement.
std::string minimal(
    const std::string& services =
        R"([{"name": "api", "task": {"cpu": 256, "memory": 512}, "demand": {"base": 1}}])",
    const std::string& options = R"([{"name": "f"}])") {
  return R"({"name": "m", "horizon": {"days": 1}, "services": )" + services + R"(, "options": )" +
         options + "}";
}

TEST(ScenarioJson, ExampleMapsEveryField) {
  const sim::scenario s = load_scenario(example_path, default_catalog());
  EXPECT_EQ(s.name, "payments-api");
  EXPECT_EQ(s.region, "us-east-1");
  EXPECT_EQ(s.horizon.days, 1.0);
  EXPECT_EQ(s.horizon.step_seconds, 60);
  EXPECT_EQ(s.horizon.steps(), 1440);
  EXPECT_EQ(s.horizon.start_weekday, 0);
  EXPECT_EQ(s.horizon.start_hour, 0.0);
  EXPECT_EQ(s.scenarios, 1000);
  EXPECT_EQ(s.seed, 42u);

  ASSERT_EQ(s.services.size(), 1u);
  const sim::service& v = s.services[0];
  EXPECT_EQ(v.name, "payments-api");
  EXPECT_EQ(v.task.cpu_units, 512);
  EXPECT_EQ(v.task.memory_mib, 1024);
  EXPECT_EQ(v.task.os, os_family::linux_os);
  EXPECT_EQ(v.task.arch, cpu_arch::x86_64);
  EXPECT_EQ(v.task.ephemeral_storage_gib, 20);
  EXPECT_FALSE(v.task.spot);
  EXPECT_EQ(v.capacity_per_task, 1.0);
  EXPECT_EQ(v.scaling.target_percent, 70.0);
  EXPECT_EQ(v.scaling.min_tasks, 2);
  EXPECT_EQ(v.scaling.max_tasks, 20);
  EXPECT_EQ(v.initial_tasks, 3);
  EXPECT_EQ(v.scaling.scale_out_cooldown_s, 60);
  EXPECT_EQ(v.scaling.scale_in_cooldown_s, 300);
  EXPECT_FALSE(v.scaling.disable_scale_in);
  EXPECT_EQ(v.startup.min_s, 30.0);
  EXPECT_EQ(v.startup.max_s, 90.0);
  const demand::demand_model& d = v.demand;
  EXPECT_EQ(d.base, 2.0);
  EXPECT_EQ(d.diurnal.amplitude, 0.5);
  EXPECT_EQ(d.diurnal.peak_hour, 15.0);
  EXPECT_EQ(d.weekly.weekend_factor, 0.7);
  EXPECT_EQ(d.trend_per_month, 0.0);
  EXPECT_EQ(d.noise.cv, 0.1);
  EXPECT_EQ(d.noise.ar1, 0.9);
  EXPECT_EQ(d.bursts.per_day, 1.0);
  EXPECT_EQ(d.bursts.size_mean, 2.0);
  EXPECT_EQ(d.bursts.duration_minutes, 20.0);
  EXPECT_EQ(d.bursts.tail_alpha, 2.5);  // not in the file: the default

  ASSERT_EQ(s.options.size(), 5u);
  const sim::option& fg = s.options[0];
  EXPECT_EQ(fg.name, "ecs-fargate");
  EXPECT_EQ(fg.on, platform::ecs);
  EXPECT_EQ(fg.compute, sim::compute_kind::fargate);
  EXPECT_TRUE(fg.strategy.empty());
  EXPECT_TRUE(fg.instance_types.empty());

  const sim::option& spot = s.options[1];
  ASSERT_EQ(spot.strategy.size(), 2u);
  EXPECT_EQ(spot.strategy[0].provider, sim::fargate_provider::fargate);
  EXPECT_EQ(spot.strategy[0].base, 2);
  EXPECT_EQ(spot.strategy[0].weight, 1);
  EXPECT_EQ(spot.strategy[1].provider, sim::fargate_provider::fargate_spot);
  EXPECT_EQ(spot.strategy[1].base, 0);
  EXPECT_EQ(spot.strategy[1].weight, 3);

  const sim::option& ecs = s.options[2];
  EXPECT_EQ(ecs.compute, sim::compute_kind::ec2);
  EXPECT_EQ(ecs.instance_types, (std::vector<std::string>{"m6i.large", "m6i.xlarge"}));
  EXPECT_EQ(ecs.placement, packing::placement_policy::binpack_memory);
  EXPECT_EQ(ecs.on_demand_base, 1);
  EXPECT_EQ(ecs.spot_percent, 0.0);
  EXPECT_EQ(ecs.instance_launch_s, 90.0);
  EXPECT_FALSE(ecs.consolidation_interval_s);  // unset: the platform's default (none on ECS)

  const sim::option& eks = s.options[3];
  EXPECT_EQ(eks.on, platform::eks);
  EXPECT_EQ(eks.compute, sim::compute_kind::ec2);
  EXPECT_EQ(eks.instance_types, (std::vector<std::string>{"m6i.large", "m6i.xlarge", "c6i.large"}));
  EXPECT_EQ(eks.provisioner, sim::provisioner_kind::karpenter);
  EXPECT_EQ(eks.clusters, 1);
  EXPECT_EQ(eks.support, support_tier::standard);

  const sim::option& eksf = s.options[4];
  EXPECT_EQ(eksf.on, platform::eks);
  EXPECT_EQ(eksf.compute, sim::compute_kind::fargate);
  EXPECT_EQ(eksf.clusters, 1);
}

TEST(ScenarioJson, DefaultsOfAMinimalScenario) {
  const sim::scenario s = parse(minimal());
  EXPECT_EQ(s.region, default_catalog().region);
  EXPECT_EQ(s.horizon.step_seconds, 60);
  EXPECT_EQ(s.scenarios, 1);
  EXPECT_EQ(s.seed, 42u);
  const sim::service& v = s.services[0];
  EXPECT_EQ(v.capacity_per_task, 1.0);
  EXPECT_EQ(v.scaling.target_percent, 70.0);
  EXPECT_EQ(v.scaling.min_tasks, 1);
  EXPECT_EQ(v.scaling.max_tasks, 10);
  EXPECT_EQ(v.initial_tasks, 1);
  EXPECT_EQ(v.startup.min_s, 30.0);
  EXPECT_EQ(v.startup.max_s, 90.0);
  EXPECT_EQ(v.demand.diurnal.amplitude, 0.0);
  EXPECT_EQ(v.demand.weekly.weekend_factor, 1.0);
  EXPECT_EQ(v.demand.noise.cv, 0.0);
  EXPECT_EQ(v.demand.bursts.per_day, 0.0);
  const sim::option& o = s.options[0];
  EXPECT_EQ(o.on, platform::ecs);
  EXPECT_EQ(o.compute, sim::compute_kind::fargate);

  // With every variation at zero, demand is exactly base (the issue's contract).
  std::vector<double> path(std::size_t(s.horizon.steps()));
  auto g = make_stream(s.seed, 0, stream_purpose::demand);
  demand::generate(v.demand, s.horizon, g, path);
  for (double x : path) ASSERT_EQ(x, 1.0);
}

TEST(ScenarioJson, InitialDefaultsToOneClampedIntoMinMax) {
  const auto s =
      parse(minimal(R"([{"name": "a", "task": {"cpu": 256, "memory": 512}, "demand": {"base": 1},
                                    "scaling": {"min": 4, "max": 8}},
                                   {"name": "b", "task": {"cpu": 256, "memory": 512}, "demand": {"base": 1},
                                    "scaling": {"min": 0, "max": 3}}])"));
  EXPECT_EQ(s.services[0].initial_tasks, 4);
  EXPECT_EQ(s.services[1].initial_tasks, 1);
}

TEST(ScenarioJson, OptionalFieldsAndDollarKeys) {
  const auto s = parse(
      R"({"$schema": "./scenario.schema.json", "name": "x", "region": "us-east-1",
          "horizon": {"days": 0.5, "step_seconds": 300.0, "start_weekday": 5, "start_hour": 23.5, "$comment": "c"},
          "services": [{"$comment": "c", "name": "s",
                        "task": {"cpu": 1024.0, "memory": 2048, "arch": "arm64", "ephemeral_storage_gib": 50},
                        "scaling": {"disable_scale_in": true, "min": 0, "max": 0},
                        "demand": {"base": 0, "trend_per_month": -0.5, "bursts": {"tail_alpha": 1.5}}}],
          "options": [{"name": "g", "platform": "eks", "compute": "auto_mode", "instance_types": ["m7g.large"],
                       "placement": "spread", "spot_percent": 50, "instance_launch_seconds": 45.5,
                       "consolidation_interval_seconds": 600, "support": "extended", "clusters": 2}],
          "monte_carlo": {"seed": 9223372036854775807, "scenarios": 1000000000}})");
  EXPECT_EQ(s.horizon.days, 0.5);
  EXPECT_EQ(s.horizon.step_seconds, 300);
  EXPECT_EQ(s.horizon.start_weekday, 5);
  EXPECT_EQ(s.horizon.start_hour, 23.5);
  EXPECT_EQ(s.services[0].task.cpu_units, 1024);
  EXPECT_EQ(s.services[0].task.arch, cpu_arch::arm64);
  EXPECT_EQ(s.services[0].task.ephemeral_storage_gib, 50);
  EXPECT_TRUE(s.services[0].scaling.disable_scale_in);
  EXPECT_EQ(s.services[0].initial_tasks, 0);
  EXPECT_EQ(s.services[0].demand.trend_per_month, -0.5);
  EXPECT_EQ(s.services[0].demand.bursts.tail_alpha, 1.5);
  const sim::option& o = s.options[0];
  EXPECT_EQ(o.compute, sim::compute_kind::auto_mode);
  EXPECT_EQ(o.placement, packing::placement_policy::spread);
  EXPECT_EQ(o.spot_percent, 50.0);
  EXPECT_EQ(o.instance_launch_s, 45.5);
  EXPECT_EQ(o.consolidation_interval_s, std::optional<std::int64_t>(600));
  EXPECT_EQ(o.support, support_tier::extended);
  EXPECT_EQ(o.clusters, 2);
  EXPECT_EQ(s.seed, 9223372036854775807u);
  EXPECT_EQ(s.scenarios, 1000000000);
}

TEST(ScenarioJson, OptionCommitments) {
  const auto s = parse(
      R"({"name": "x", "horizon": {"days": 1},
          "services": [{"name": "s", "task": {"cpu": 256, "memory": 512}, "demand": {"base": 1}}],
          "options": [{"name": "ec2", "platform": "ecs", "compute": "ec2", "instance_types": ["m6i.large"],
                       "commitments": [{"name": "csp", "type": "compute_sp", "hourly_commitment": 0.5, "term": "3y"},
                                       {"type": "ri", "instance_type": "m6i.large", "count": 2, "payment": "all_upfront"}]}]})");
  const auto& c = s.options[0].commitments;
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].name, "csp");
  EXPECT_EQ(c[0].term_years, 3);
  EXPECT_EQ(c[0].hourly_commitment, 0.5);
  EXPECT_EQ(c[1].name, "ri-1");
  EXPECT_EQ(c[1].count, 2);
  EXPECT_EQ(c[1].region, "us-east-1");
  double rate = 0;  // from the catalog's offer
  for (const auto& r : default_catalog().ec2.find("m6i.large")->commitments)
    if (r.offer == "ri_standard_1yr_all_upfront") rate = r.usd_per_hour;
  EXPECT_EQ(c[1].hourly_rate, rate);
}

TEST(ScenarioJson, PlanRatesMustBeInTheCatalog) {
  // A catalog without Fargate Savings Plan discounts cannot price a plan on a Fargate option.
  price_catalog cat = default_catalog();
  cat.fargate.commitment_discounts.clear();
  std::string text = example_text();
  const std::string from = R"("name": "ecs-fargate", "platform": "ecs", "compute": "fargate")";
  text.replace(text.find(from), from.size(),
               from + R"(, "commitments": [{"type": "compute_sp", "hourly_commitment": 1}])");
  try {
    (void)parse_scenario(text, "scenario.json", cat);
    FAIL() << "accepted";
  } catch (const input_error& e) {
    EXPECT_EQ(e.id(), "fleetcast.input.9");
    EXPECT_EQ(e.place(), "/options/0/commitments/0");
  }
}

TEST(ScenarioJson, NodeGroupsWarmupAndScaleIn) {
  const auto s = parse(
      R"({"name": "x", "horizon": {"days": 1},
          "services": [{"name": "s", "task": {"cpu": 256, "memory": 512}, "demand": {"base": 1}}],
          "options": [{"name": "ca", "platform": "eks", "compute": "ec2",
                       "node_groups": [{"instance_type": "m6i.large", "min": 1, "max": 4},
                                       {"instance_type": "c6i.large"}],
                       "instance_warmup_seconds": 120, "scale_in_after_seconds": 300,
                       "scale_down_utilization_threshold": 0.6, "consolidation_policy": "WhenEmpty"},
                      {"name": "ecs", "platform": "ecs", "compute": "ec2", "instance_types": ["m6i.large"]}]})");
  const sim::option& o = s.options[0];
  EXPECT_EQ(o.provisioner, sim::provisioner_kind::cluster_autoscaler);  // node groups imply the cluster autoscaler
  EXPECT_EQ(o.instance_types, (std::vector<std::string>{"m6i.large", "c6i.large"}));
  ASSERT_EQ(o.node_groups.size(), 2u);
  EXPECT_EQ(o.node_groups[0].min, 1);
  EXPECT_EQ(o.node_groups[0].max, 4);
  EXPECT_EQ(o.node_groups[1].min, 0);
  EXPECT_EQ(o.node_groups[1].max, INT64_MAX);
  EXPECT_EQ(o.instance_warmup_s, std::optional<double>(120.0));
  EXPECT_EQ(o.scale_in_after_s, std::optional<double>(300.0));
  EXPECT_EQ(o.scale_down_utilisation_percent, 60.0);
  EXPECT_EQ(o.consolidation_policy, sim::consolidation_policy_kind::when_empty);
  EXPECT_EQ(s.options[1].consolidation_policy, sim::consolidation_policy_kind::when_empty_or_underutilized);  // Karpenter's default
  EXPECT_FALSE(s.options[1].instance_warmup_s);  // unset: the platform's default
  EXPECT_FALSE(s.options[1].scale_in_after_s);
}

// 1000 days at one-second steps is 86.4e6 steps × 1 service × 5 options = 4.32e8 <= 5e8.
TEST(ScenarioJson, WorkLimitAcceptsJustBelow) {
  std::string text = example_text();
  const std::string from = R"("days": 1, "step_seconds": 60)";
  text.replace(text.find(from), from.size(), R"("days": 1000, "step_seconds": 1)");
  EXPECT_EQ(parse(text).horizon.steps(), 86'400'000);
}

TEST(ScenarioJson, EmptyTextAndUnreadableFile) {
  try {
    (void)parse(" \n");
    FAIL() << "accepted empty text";
  } catch (const input_error& e) {
    EXPECT_EQ(e.id(), "fleetcast.input.10");
  }
  try {
    (void)load_scenario(std::string(FLEETCAST_SOURCE_DIR) + "/examples/no-such-file.json",
                        default_catalog());
    FAIL() << "read a missing file";
  } catch (const io_error& e) {
    EXPECT_EQ(e.id(), "fleetcast.io.1");
  }
}

TEST(ScenarioJson, FargateSizeErrorsNameTheServiceTaskAndTheOption) {
  try {
    (void)parse(minimal(
        R"([{"name": "a", "task": {"cpu": 256, "memory": 512, "arch": "arm64"}, "demand": {"base": 1}}])",
        R"([{"name": "on-ecs"}, {"name": "on-eks", "platform": "eks"}])"));
    FAIL() << "accepted ARM on EKS Fargate";
  } catch (const input_error& e) {
    EXPECT_EQ(e.id(), "fleetcast.input.9");
    EXPECT_EQ(e.place(), "/services/0/task");
    EXPECT_NE(e.message().find("\"on-eks\""), std::string::npos) << e.what();
  }
}

struct bad_case {
  const char* name;
  // Replace the first `from` in the example with `to`; with `from` empty, `to` is the text.
  std::string from, to;
  const char* id;
  std::string place;  // exact JSON pointer; ending in ':' a prefix (syntax errors: file:line:col)
};

class ScenarioRejects : public ::testing::TestWithParam<bad_case> {};

TEST_P(ScenarioRejects, NamingIdAndJsonPointer) {
  const bad_case& c = GetParam();
  std::string text = c.to;
  if (!c.from.empty()) {
    text = example_text();
    const auto pos = text.find(c.from);
    ASSERT_NE(pos, std::string::npos) << c.from;
    text.replace(pos, c.from.size(), c.to);
  }
  try {
    (void)parse(text);
    FAIL() << "accepted: " << c.name;
  } catch (const input_error& e) {
    EXPECT_EQ(e.id(), std::string("fleetcast.") + c.id) << e.what();
    if (!c.place.empty() && c.place.back() == ':')
      EXPECT_EQ(e.place().rfind(c.place, 0), 0u) << e.what();
    else
      EXPECT_EQ(e.place(), c.place) << e.what();
  }
}

const std::string svc =
    R"({"name": "a", "task": {"cpu": 256, "memory": 512}, "demand": {"base": 1}})";

INSTANTIATE_TEST_SUITE_P(
    Cases, ScenarioRejects,
    ::testing::Values(
        // input.1: not JSON
        bad_case{"nan_literal", R"("base": 2.0)", R"("base": NaN)", "input.1", "scenario.json:"},
        bad_case{"infinity_literal", R"("cv": 0.1)", R"("cv": Infinity)", "input.1",
                 "scenario.json:"},
        bad_case{"beyond_double", R"("cv": 0.1)", R"("cv": 1e400)", "input.1", "scenario.json"},
        bad_case{"truncated", R"("monte_carlo")", R"("monte_carlo)", "input.1", "scenario.json:"},
        // input.2: wrong type
        bad_case{"cpu_string", R"("cpu": 512)", R"("cpu": "512")", "input.2",
                 "/services/0/task/cpu"},
        bad_case{"weight_boolean", R"("weight": 3)", R"("weight": true)", "input.2",
                 "/options/1/capacity_provider_strategy/1/weight"},
        bad_case{"monte_carlo_array", R"({"scenarios": 1000, "seed": 42})", "[]", "input.2",
                 "/monte_carlo"},
        bad_case{"root_array", "", "[]", "input.2", "/"},
        bad_case{"services_object", "",
                 R"({"name": "m", "horizon": {"days": 1}, "services": {}, "options": []})",
                 "input.2", "/services"},
        // input.3: unknown field
        bad_case{"unknown_root", R"("region": "us-east-1",)",
                 R"("region": "us-east-1", "regoin": 1,)", "input.3", "/regoin"},
        bad_case{"unknown_noise", R"("ar1": 0.9)", R"("ar1": 0.9, "ar2": 0.1)", "input.3",
                 "/services/0/demand/noise/ar2"},
        bad_case{"unknown_option", R"("provisioner": "karpenter",)",
                 R"("provisioner": "karpenter", "nodepool": "x",)", "input.3",
                 "/options/3/nodepool"},
        // input.4: missing required field
        bad_case{"missing_root_name", "\"name\": \"payments-api\",\n  \"region\"", "\"region\"",
                 "input.4", "/"},
        bad_case{"missing_service_name", "\"name\": \"payments-api\",\n    \"task\"", "\"task\"",
                 "input.4", "/services/0"},
        bad_case{"missing_cpu", R"("cpu": 512, )", "", "input.4", "/services/0/task"},
        bad_case{"missing_memory", R"("memory": 1024, )", "", "input.4", "/services/0/task"},
        bad_case{"missing_task", "", minimal(R"([{"name": "a", "demand": {"base": 1}}])"),
                 "input.4", "/services/0"},
        bad_case{"missing_base", R"("demand": {"base": 2.0,)", R"("demand": {)", "input.4",
                 "/services/0/demand"},
        bad_case{"missing_demand", "",
                 minimal(R"([{"name": "a", "task": {"cpu": 256, "memory": 512}}])"), "input.4",
                 "/services/0"},
        bad_case{"missing_horizon", R"("horizon": {"days": 1, "step_seconds": 60},)", "", "input.4",
                 "/"},
        bad_case{"missing_days", R"("days": 1, )", "", "input.4", "/horizon"},
        bad_case{"missing_services", "",
                 R"({"name": "m", "horizon": {"days": 1}, "options": [{"name": "f"}]})", "input.4",
                 "/"},
        bad_case{"missing_options", "",
                 R"({"name": "m", "horizon": {"days": 1}, "services": [)" + svc + "]}", "input.4",
                 "/"},
        bad_case{"missing_option_name", R"({"name": "ecs-fargate", )", "{", "input.4",
                 "/options/0"},
        bad_case{"missing_provider", R"({"provider": "FARGATE_SPOT", "weight": 3})",
                 R"({"weight": 3})", "input.4", "/options/1/capacity_provider_strategy/1"},
        // input.5: out of range
        bad_case{"days_zero", R"("days": 1,)", R"("days": 0,)", "input.5", "/horizon/days"},
        bad_case{"days_too_many", R"("days": 1,)", R"("days": 3661,)", "input.5", "/horizon/days"},
        bad_case{"step_zero", R"("step_seconds": 60)", R"("step_seconds": 0)", "input.5",
                 "/horizon/step_seconds"},
        bad_case{"step_over_a_day", R"("step_seconds": 60)", R"("step_seconds": 86401)", "input.5",
                 "/horizon/step_seconds"},
        bad_case{"weekday_7", R"("step_seconds": 60)", R"("step_seconds": 60, "start_weekday": 7)",
                 "input.5", "/horizon/start_weekday"},
        bad_case{"start_hour_24", R"("step_seconds": 60)",
                 R"("step_seconds": 60, "start_hour": 24)", "input.5", "/horizon/start_hour"},
        // input.13: the path-work limit (limits().path_work, tests/limits_test.cpp)
        bad_case{"work_limit", R"("days": 1, "step_seconds": 60)",
                 R"("days": 3660, "step_seconds": 1)", "input.13", "/horizon"},
        bad_case{"target_zero", R"("target_percent": 70)", R"("target_percent": 0)", "input.5",
                 "/services/0/scaling/target_percent"},
        bad_case{"target_over_100", R"("target_percent": 70)", R"("target_percent": 100.5)",
                 "input.5", "/services/0/scaling/target_percent"},
        bad_case{"min_negative", R"("min": 2, "max": 20)", R"("min": -1, "max": 20)", "input.5",
                 "/services/0/scaling/min"},
        bad_case{"max_too_large", R"("min": 2, "max": 20)", R"("min": 2, "max": 100001)", "input.5",
                 "/services/0/scaling/max"},
        bad_case{"max_below_min", R"("min": 2, "max": 20)", R"("min": 21, "max": 20)", "input.5",
                 "/services/0/scaling/max"},
        bad_case{"min_above_default_max", R"("min": 2, "max": 20)", R"("min": 11)", "input.5",
                 "/services/0/scaling/min"},
        bad_case{"initial_above_max", R"("initial": 3)", R"("initial": 21)", "input.5",
                 "/services/0/scaling/initial"},
        bad_case{"initial_below_min", R"("initial": 3)", R"("initial": 1)", "input.5",
                 "/services/0/scaling/initial"},
        bad_case{"cooldown_negative", R"("scale_in_cooldown_s": 300)",
                 R"("scale_in_cooldown_s": -1)", "input.5",
                 "/services/0/scaling/scale_in_cooldown_s"},
        bad_case{"startup_min_above_max", R"("startup_seconds": {"min": 30, "max": 90})",
                 R"("startup_seconds": {"min": 100, "max": 90})", "input.5",
                 "/services/0/startup_seconds/max"},
        bad_case{"startup_negative", R"("startup_seconds": {"min": 30, "max": 90})",
                 R"("startup_seconds": {"min": -1, "max": 90})", "input.5",
                 "/services/0/startup_seconds/min"},
        bad_case{"capacity_zero", R"("capacity_per_task": 1.0)", R"("capacity_per_task": 0)",
                 "input.5", "/services/0/capacity_per_task"},
        bad_case{"storage_below_free", R"("arch": "x86_64")",
                 R"("arch": "x86_64", "ephemeral_storage_gib": 10)", "input.5",
                 "/services/0/task/ephemeral_storage_gib"},
        bad_case{"base_negative", R"("base": 2.0)", R"("base": -2)", "input.5",
                 "/services/0/demand/base"},
        bad_case{"base_1e308", R"("base": 2.0)", R"("base": 1e308)", "input.5",
                 "/services/0/demand/base"},
        bad_case{"amplitude_above_1", R"("amplitude": 0.5)", R"("amplitude": 1.5)", "input.5",
                 "/services/0/demand/diurnal/amplitude"},
        bad_case{"peak_hour_24", R"("peak_hour": 15)", R"("peak_hour": 24)", "input.5",
                 "/services/0/demand/diurnal/peak_hour"},
        bad_case{"weekend_negative", R"("weekend_factor": 0.7)", R"("weekend_factor": -0.1)",
                 "input.5", "/services/0/demand/weekly/weekend_factor"},
        bad_case{"trend_minus_one", R"("trend_per_month": 0.0)", R"("trend_per_month": -1)",
                 "input.5", "/services/0/demand/trend_per_month"},
        bad_case{"cv_negative", R"("cv": 0.1)", R"("cv": -0.1)", "input.5",
                 "/services/0/demand/noise/cv"},
        bad_case{"ar1_one", R"("ar1": 0.9)", R"("ar1": 1)", "input.5",
                 "/services/0/demand/noise/ar1"},
        bad_case{"bursts_negative", R"("per_day": 1.0)", R"("per_day": -1)", "input.5",
                 "/services/0/demand/bursts/per_day"},
        bad_case{"burst_size_negative", R"("size_mean": 2.0)", R"("size_mean": -2)", "input.5",
                 "/services/0/demand/bursts/size_mean"},
        bad_case{"burst_duration_negative", R"("duration_minutes": 20)",
                 R"("duration_minutes": -20)", "input.5",
                 "/services/0/demand/bursts/duration_minutes"},
        bad_case{"tail_alpha_one", R"("duration_minutes": 20)",
                 R"("duration_minutes": 20, "tail_alpha": 1)", "input.5",
                 "/services/0/demand/bursts/tail_alpha"},
        bad_case{"scenarios_zero", R"("scenarios": 1000)", R"("scenarios": 0)", "input.5",
                 "/monte_carlo/scenarios"},
        bad_case{"scenarios_too_many", R"("scenarios": 1000)", R"("scenarios": 1000000001)",
                 "input.5", "/monte_carlo/scenarios"},
        bad_case{"seed_negative", R"("seed": 42)", R"("seed": -1)", "input.5", "/monte_carlo/seed"},
        bad_case{"seed_2_63", R"("seed": 42)", R"("seed": 9223372036854775808)", "input.5",
                 "/monte_carlo/seed"},
        bad_case{"spot_percent_101", R"("spot_percent": 0)", R"("spot_percent": 101)", "input.5",
                 "/options/2/spot_percent"},
        bad_case{"clusters_negative", R"("clusters": 1, "support")", R"("clusters": -1, "support")",
                 "input.5", "/options/3/clusters"},
        bad_case{"base_too_large", R"("base": 2, "weight": 1)", R"("base": 100001, "weight": 1)",
                 "input.5", "/options/1/capacity_provider_strategy/0/base"},
        bad_case{"empty_services", "", minimal("[]"), "input.5", "/services"},
        bad_case{"empty_options", "", minimal(R"([)" + svc + "]", "[]"), "input.5", "/options"},
        bad_case{"empty_name", R"("name": "ecs-fargate", )", R"("name": "", )", "input.5",
                 "/options/0/name"},
        // input.6: a fraction where a whole number belongs
        bad_case{"min_fraction", R"("min": 2,)", R"("min": 2.5,)", "input.6",
                 "/services/0/scaling/min"},
        bad_case{"step_fraction", R"("step_seconds": 60)", R"("step_seconds": 60.5)", "input.6",
                 "/horizon/step_seconds"},
        // input.7: not in the catalog
        bad_case{"unknown_instance", R"(["m6i.large", "m6i.xlarge"])",
                 R"(["m6i.large", "m9z.large"])", "input.7", "/options/2/instance_types/1"},
        // input.8: no Fargate size holds the task
        bad_case{"no_fargate_size", R"("memory": 1024)", R"("memory": 300000)", "input.8",
                 "/services/0/task"},
        // input.9: unsupported combinations
        bad_case{"instance_types_on_fargate", R"("compute": "fargate"})",
                 R"("compute": "fargate", "instance_types": ["m6i.large"]})", "input.9",
                 "/options/0/instance_types"},
        bad_case{"ec2_no_instance_types", R"(["m6i.large", "m6i.xlarge"])", "[]", "input.9",
                 "/options/2/instance_types"},
        bad_case{"ec2_missing_instance_types", R"("instance_types": ["m6i.large", "m6i.xlarge"], )",
                 "", "input.9", "/options/2/instance_types"},
        bad_case{
            "strategy_on_eks", R"("compute": "fargate", "clusters": 1})",
            R"("compute": "fargate", "clusters": 1, "capacity_provider_strategy": [{"provider": "FARGATE"}]})",
            "input.9", "/options/4/capacity_provider_strategy"},
        bad_case{
            "strategy_on_ec2", R"("placement": "binpack:memory",)",
            R"("placement": "binpack:memory", "capacity_provider_strategy": [{"provider": "FARGATE"}],)",
            "input.9", "/options/2/capacity_provider_strategy"},
        bad_case{"two_bases", R"({"provider": "FARGATE_SPOT", "weight": 3})",
                 R"({"provider": "FARGATE_SPOT", "base": 1, "weight": 3})", "input.9",
                 "/options/1/capacity_provider_strategy/1/base"},
        bad_case{"all_weights_zero", "",
                 minimal("[" + svc + "]", R"([{"name": "s", "capacity_provider_strategy": [
                                              {"provider": "FARGATE", "base": 2}, {"provider": "FARGATE_SPOT"}]}])"),
                 "input.9", "/options/0/capacity_provider_strategy"},
        bad_case{"fargate_spot_windows", R"("cpu": 512, "memory": 1024, "os": "linux")",
                 R"("cpu": 1024, "memory": 2048, "os": "windows")", "input.9",
                 "/options/1/capacity_provider_strategy/1/provider"},
        bad_case{"windows_below_one_vcpu", R"("os": "linux")", R"("os": "windows")", "input.9",
                 "/services/0/task"},
        bad_case{"arm_task_on_x86_instances", R"("arch": "x86_64")", R"("arch": "arm64")",
                 "input.9", "/services/0/task"},
        bad_case{
            "arm_on_eks_fargate", "",
            minimal(
                R"([{"name": "a", "task": {"cpu": 256, "memory": 512, "arch": "arm64"}, "demand": {"base": 1}}])",
                R"([{"name": "f", "platform": "eks"}])"),
            "input.9", "/services/0/task"},
        bad_case{"auto_mode_on_ecs", R"("name": "ecs-ec2", "platform": "ecs", "compute": "ec2")",
                 R"("name": "ecs-ec2", "platform": "ecs", "compute": "auto_mode")", "input.9",
                 "/options/2/compute"},
        bad_case{"clusters_on_ecs", R"("compute": "fargate"})",
                 R"("compute": "fargate", "clusters": 1})", "input.9", "/options/0/clusters"},
        bad_case{"provisioner_on_ecs", R"("placement": "binpack:memory",)",
                 R"("placement": "binpack:memory", "provisioner": "karpenter",)", "input.9",
                 "/options/2/provisioner"},
        bad_case{"spot_percent_on_fargate", R"("compute": "fargate"})",
                 R"("compute": "fargate", "spot_percent": 50})", "input.9",
                 "/options/0/spot_percent"},
        bad_case{
            "cluster_autoscaler_on_auto_mode", "",
            minimal("[" + svc + "]", R"([{"name": "a", "platform": "eks", "compute": "auto_mode",
                                              "instance_types": ["m6i.large"], "provisioner": "cluster_autoscaler"}])"),
            "input.9", "/options/0/provisioner"},
        // input.11: a value outside its set
        bad_case{"platform_enum", R"("platform": "ecs", "compute": "fargate"})",
                 R"("platform": "ecr", "compute": "fargate"})", "input.11", "/options/0/platform"},
        bad_case{"compute_enum", R"("platform": "ecs", "compute": "fargate"})",
                 R"("platform": "ecs", "compute": "lambda"})", "input.11", "/options/0/compute"},
        bad_case{"provider_enum", R"("provider": "FARGATE_SPOT")",
                 R"("provider": "FARGATE_SPOTTY")", "input.11",
                 "/options/1/capacity_provider_strategy/1/provider"},
        bad_case{"os_enum", R"("os": "linux")", R"("os": "macos")", "input.11",
                 "/services/0/task/os"},
        bad_case{"arch_enum", R"("arch": "x86_64")", R"("arch": "riscv64")", "input.11",
                 "/services/0/task/arch"},
        bad_case{"support_enum", R"("support": "standard")", R"("support": "premium")", "input.11",
                 "/options/3/support"},
        bad_case{"provisioner_enum", R"("provisioner": "karpenter")",
                 R"("provisioner": "cluster-autoscaler")", "input.11", "/options/3/provisioner"},
        bad_case{"scaling_type_enum", R"("type": "target_tracking")", R"("type": "step_scaling")",
                 "input.11", "/services/0/scaling/type"},
        bad_case{"placement_enum", R"("placement": "binpack:memory")",
                 R"("placement": "binpack:disk")", "input.11", "/options/2/placement"},
        bad_case{"region_enum", R"("region": "us-east-1")", R"("region": "eu-west-1")", "input.11",
                 "/region"},
        // input.12: a name used twice
        bad_case{"duplicate_option", R"("name": "ecs-fargate-spot")", R"("name": "ecs-fargate")",
                 "input.12", "/options/1/name"},
        bad_case{"duplicate_service", "", minimal("[" + svc + ", " + svc + "]"), "input.12",
                 "/services/1/name"},
        bad_case{"duplicate_instance_type", R"(["m6i.large", "m6i.xlarge"])",
                 R"(["m6i.large", "m6i.large"])", "input.12", "/options/2/instance_types/1"},
        bad_case{"node_groups_and_types", R"("provisioner": "karpenter",)",
                 R"("provisioner": "karpenter", "node_groups": [{"instance_type": "m6i.large"}],)",
                 "input.9", "/options/3/instance_types"},
        bad_case{"node_groups_on_ecs", R"("placement": "binpack:memory")",
                 R"("placement": "binpack:memory", "node_groups": [])", "input.9",
                 "/options/2/node_groups"},
        bad_case{"node_group_max_below_min", R"("instance_types": ["m6i.large", "m6i.xlarge", "c6i.large"], "provisioner": "karpenter")",
                 R"("node_groups": [{"instance_type": "m6i.large", "min": 3, "max": 2}])", "input.5",
                 "/options/3/node_groups/0/max"},
        bad_case{"node_group_unknown_type", R"("instance_types": ["m6i.large", "m6i.xlarge", "c6i.large"], "provisioner": "karpenter")",
                 R"("node_groups": [{"instance_type": "m9i.large"}])", "input.7",
                 "/options/3/node_groups/0/instance_type"},
        bad_case{"node_groups_with_karpenter", R"("instance_types": ["m6i.large", "m6i.xlarge", "c6i.large"], "provisioner": "karpenter")",
                 R"("node_groups": [{"instance_type": "m6i.large"}], "provisioner": "karpenter")", "input.9",
                 "/options/3/provisioner"},
        bad_case{"threshold_with_karpenter", R"("provisioner": "karpenter",)",
                 R"("provisioner": "karpenter", "scale_down_utilization_threshold": 0.5,)", "input.9",
                 "/options/3/scale_down_utilization_threshold"},
        bad_case{"threshold_above_one", R"("provisioner": "karpenter",)",
                 R"("provisioner": "cluster_autoscaler", "scale_down_utilization_threshold": 1.5,)", "input.5",
                 "/options/3/scale_down_utilization_threshold"},
        bad_case{"consolidation_policy_enum", R"("provisioner": "karpenter",)",
                 R"("provisioner": "karpenter", "consolidation_policy": "Never",)", "input.11",
                 "/options/3/consolidation_policy"},
        bad_case{"consolidation_policy_on_fargate", R"("name": "ecs-fargate", "platform": "ecs", "compute": "fargate")",
                 R"("name": "ecs-fargate", "platform": "ecs", "compute": "fargate", "consolidation_policy": "WhenEmpty")",
                 "input.9", "/options/0/consolidation_policy"},
        bad_case{"ri_on_fargate", R"("name": "ecs-fargate", "platform": "ecs", "compute": "fargate")",
                 R"("name": "ecs-fargate", "platform": "ecs", "compute": "fargate", "commitments": [{"type": "ri", "instance_type": "m6i.large", "count": 1}])",
                 "input.9", "/options/0/commitments/0"},
        bad_case{"instance_sp_on_fargate", R"("name": "ecs-fargate", "platform": "ecs", "compute": "fargate")",
                 R"("name": "ecs-fargate", "platform": "ecs", "compute": "fargate", "commitments": [{"type": "ec2_instance_sp", "family": "m6i", "hourly_commitment": 1}])",
                 "input.9", "/options/0/commitments/0"},
        bad_case{"commitment_type_enum", R"("name": "ecs-fargate", "platform": "ecs", "compute": "fargate")",
                 R"("name": "ecs-fargate", "platform": "ecs", "compute": "fargate", "commitments": [{"type": "savings"}])",
                 "input.11", "/options/0/commitments/0/type"},
        bad_case{"warmup_negative", R"("placement": "binpack:memory")",
                 R"("placement": "binpack:memory", "instance_warmup_seconds": -1)", "input.5",
                 "/options/2/instance_warmup_seconds"},
        bad_case{"duplicate_provider", R"("provider": "FARGATE_SPOT")", R"("provider": "FARGATE")",
                 "input.12", "/options/1/capacity_provider_strategy/1/provider"}),
    [](const ::testing::TestParamInfo<bad_case>& i) { return std::string(i.param.name); });

}  // namespace
}  // namespace fleetcast

namespace fleetcast {
namespace {

TEST(ScenarioJson, ScheduledActions) {
  const std::string from = "\"scale_in_cooldown_s\": 300";
  std::string text = example_text();
  const auto pos = text.find(from);
  ASSERT_NE(pos, std::string::npos);
  text.replace(pos, from.size(), from + R"(, "scheduled": [{"hour": 8, "min": 6, "max": 20}, {"hour": 20.5, "min": 2, "max": 10}])");
  const sim::scenario s = parse_scenario(text, "s.json", default_catalog());
  ASSERT_EQ(s.services[0].schedule.size(), 2u);
  EXPECT_EQ(s.services[0].schedule[1].hour, 20.5);
  EXPECT_EQ(s.services[0].schedule[0].min_tasks, 6);
  text = example_text();
  text.replace(text.find(from), from.size(), from + R"(, "scheduled": [{"hour": 8, "min": 6, "max": 2}])");
  try {
    (void)parse_scenario(text, "s.json", default_catalog());
    FAIL();
  } catch (const input_error& e) {
    EXPECT_EQ(e.id(), "fleetcast.input.5");
    EXPECT_EQ(e.place(), "/services/0/scaling/scheduled/0/max");
  }
}

}  // namespace
}  // namespace fleetcast

namespace fleetcast {
namespace {

TEST(ScenarioJson, StepScaling) {
  const std::string from = R"("type": "target_tracking", "target_percent": 70, "min": 2, "max": 20,)";
  std::string text = example_text();
  const auto pos = text.find(from);
  ASSERT_NE(pos, std::string::npos) << "the example's scaling line changed";
  std::string step = text;
  step.replace(pos, from.size(), R"("type": "step", "adjustment_type": "PercentChangeInCapacity", "cooldown_s": 120,
      "scale_out": {"threshold_percent": 70, "steps": [{"lower": 0, "upper": 20, "adjustment": 10}, {"lower": 20, "adjustment": 50}]},
      "scale_in": {"threshold_percent": 30, "datapoints": 10, "steps": [{"upper": 0, "adjustment": -10}]},
      "min": 2, "max": 20,)");
  // The example's cooldown fields belong to target tracking: drop them for step scaling.
  for (const char* f : {R"(, "scale_out_cooldown_s": 60)", R"(, "scale_in_cooldown_s": 300)"}) {
    const auto p = step.find(f);
    if (p != std::string::npos) step.erase(p, std::string(f).size());
  }
  const sim::scenario s = parse_scenario(step, "s.json", default_catalog());
  ASSERT_TRUE(s.services[0].step_scaling.has_value());
  const auto& p = *s.services[0].step_scaling;
  EXPECT_EQ(p.type, scaling::adjustment_type::percent_change_in_capacity);
  EXPECT_EQ(p.cooldown_s, 120);
  ASSERT_EQ(p.alarms.size(), 2u);
  EXPECT_EQ(p.alarms[0].datapoints, 3);  // the default for scale-out
  EXPECT_EQ(p.alarms[1].datapoints, 10);
  EXPECT_EQ(p.alarms[0].steps[1].adjustment, 50);
  EXPECT_EQ(p.min_tasks, 2);
  EXPECT_EQ(p.max_tasks, 20);
  // A target-tracking field with step scaling is an unknown field.
  std::string bad = step;
  bad.replace(bad.find(R"("cooldown_s": 120)"), 17, R"("target_percent": 70)");
  try {
    (void)parse_scenario(bad, "s.json", default_catalog());
    FAIL();
  } catch (const input_error& e) {
    EXPECT_EQ(e.id(), "fleetcast.input.3");
  }
}

}  // namespace
}  // namespace fleetcast

namespace fleetcast {
namespace {

TEST(ScenarioJson, CorrelationMatrix) {
  // Two services: the example's and a copy; ρ = 0.6 is accepted, a non-PSD 3-service matrix
  // cannot occur with 2 services, so test shape and range errors plus a valid one.
  std::string text = example_text();
  const std::string svc_start = "\"services\": [";
  const auto a = text.find(svc_start) + svc_start.size();
  const auto b = text.find("\"options\"");
  std::string svc = text.substr(a, b - a);
  svc = svc.substr(0, svc.rfind(']'));
  std::string copy = svc;
  copy.replace(copy.find("\"payments-api\""), 14, "\"ledger\"");
  std::string two = text.substr(0, a) + svc + ", " + copy + "], " + text.substr(b);
  auto with = [&](const std::string& corr) {
    std::string t = two;
    t.insert(t.rfind('}'), ", \"correlation\": " + corr);
    return t;
  };
  const sim::scenario s = parse_scenario(with("[[1, 0.6], [0.6, 1]]"), "s.json", default_catalog());
  ASSERT_EQ(s.services.size(), 2u);
  EXPECT_EQ(s.correlation, (std::vector<double>{1, 0.6, 0.6, 1}));
  EXPECT_EQ(s.correlation_root.n, 2u);
  auto id = [&](const std::string& corr) -> std::string {
    try {
      (void)parse_scenario(with(corr), "s.json", default_catalog());
    } catch (const input_error& e) {
      return e.id() + " " + e.place();
    }
    return "ok";
  };
  EXPECT_EQ(id("[[1, 0.6]]"), "fleetcast.input.5 /correlation");
  EXPECT_EQ(id("[[1, 0.6], [0.6]]"), "fleetcast.input.5 /correlation/1");
  EXPECT_EQ(id("[[1, 1.6], [1.6, 1]]"), "fleetcast.input.5 /correlation/0/1");
  EXPECT_EQ(id("[[1, 0.5], [0.4, 1]]"), "fleetcast.input.5 /correlation/0/1");
}

}  // namespace
}  // namespace fleetcast

namespace fleetcast {
namespace {

// The service of minimal() with `extra` keys.
std::string api_with(const std::string& extra) {
  return R"([{"name": "api", "task": {"cpu": 256, "memory": 512}, "demand": {"base": 1}, )" + extra + "}]";
}

void expect_rejected(const std::string& text, const char* id, const std::string& place) {
  try {
    (void)parse(text);
    FAIL() << "accepted: " << text;
  } catch (const input_error& e) {
    EXPECT_EQ(e.id(), std::string("fleetcast.") + id) << e.what();
    EXPECT_EQ(e.place(), place) << e.what();
  }
}

TEST(ScenarioJson, HpaOnEveryOptionOrOnEksOptions) {
  // "scaling": {"type": "hpa"}: the HPA on every option; what behavior leaves out keeps
  // Kubernetes' defaults, field by field.
  const sim::scenario a = parse(minimal(api_with(
      R"("scaling": {"type": "hpa", "target_percent": 60, "min": 2, "max": 30, "initial": 4, "tolerance": 0.05,
                     "sync_period_seconds": 30,
                     "behavior": {"scale_up": {"select_policy": "Min",
                                               "policies": [{"type": "Percent", "value": 50, "period_seconds": 60}]},
                                  "scale_down": {"stabilization_window_seconds": 120}}})")));
  const sim::service& s = a.services[0];
  ASSERT_TRUE(s.hpa);
  EXPECT_EQ(s.hpa_on, sim::hpa_scope::all_options);
  EXPECT_EQ(s.hpa->target_percent, 60);
  EXPECT_EQ(s.hpa->min_replicas, 2);
  EXPECT_EQ(s.hpa->max_replicas, 30);
  EXPECT_EQ(s.initial_tasks, 4);
  EXPECT_EQ(s.hpa->tolerance, 0.05);
  EXPECT_EQ(s.hpa->sync_period_s, 30);
  EXPECT_EQ(s.hpa->scale_up.select, scaling::hpa_select_policy::min);
  EXPECT_EQ(s.hpa->scale_up.stabilization_window_s, 0);  // default
  ASSERT_EQ(s.hpa->scale_up.policies.size(), 1u);
  EXPECT_EQ(s.hpa->scale_up.policies[0].type, scaling::hpa_policy_type::percent);
  EXPECT_EQ(s.hpa->scale_up.policies[0].period_s, 60);
  EXPECT_EQ(s.hpa->scale_down.stabilization_window_s, 120);
  EXPECT_EQ(s.hpa->scale_down.select, scaling::hpa_select_policy::max);  // default
  ASSERT_EQ(s.hpa->scale_down.policies.size(), 1u);                      // default: 100 % per 15 s
  EXPECT_EQ(s.hpa->scale_down.policies[0].value, 100);
  // "hpa" beside target tracking: EKS options only, Kubernetes' defaults throughout.
  const sim::scenario b = parse(minimal(api_with(R"("scaling": {"min": 2, "max": 8}, "hpa": {"max": 40})")));
  ASSERT_TRUE(b.services[0].hpa);
  EXPECT_EQ(b.services[0].hpa_on, sim::hpa_scope::eks_options);
  EXPECT_EQ(b.services[0].hpa->target_percent, 80);
  EXPECT_EQ(b.services[0].hpa->min_replicas, 1);
  EXPECT_EQ(b.services[0].hpa->max_replicas, 40);
  EXPECT_EQ(b.services[0].hpa->scale_down.stabilization_window_s, 300);
  EXPECT_EQ(b.services[0].scaling.max_tasks, 8);
  EXPECT_FALSE(b.services[0].step_scaling);
}

TEST(ScenarioJson, HpaRulesAreSimValidatesWithTheirJsonPointers) {
  expect_rejected(minimal(api_with(R"("scaling": {"type": "hpa"}, "hpa": {})")), "input.9", "/services/0/hpa");
  expect_rejected(minimal(api_with(R"("scaling": {"type": "hpe"})")), "input.11", "/services/0/scaling/type");
  expect_rejected(minimal(api_with(R"("hpa": {"behavior": {"scale_down": {"select_policy": "Maximum"}}})")),
                  "input.11", "/services/0/hpa/behavior/scale_down/select_policy");
  expect_rejected(minimal(api_with(R"("hpa": {"behavior": {"scale_up": {"policies": [{"type": "Pods", "value": 1,
                  "period_seconds": 1801}]}}})")),
                  "input.5", "/services/0/hpa/behavior/scale_up/policies/0/period_seconds");
  expect_rejected(minimal(api_with(R"("hpa": {"behavior": {"scale_up": {"policies": []}}})")), "input.5",
                  "/services/0/hpa/behavior/scale_up/policies");
  expect_rejected(minimal(api_with(R"("hpa": {"behavior": {"scale_down": {"stabilization_window_seconds": 3601}}})")),
                  "input.5", "/services/0/hpa/behavior/scale_down/stabilization_window_seconds");
  expect_rejected(minimal(api_with(R"("scaling": {"type": "hpa", "min": 0})")), "input.5", "/services/0/scaling/min");
  expect_rejected(minimal(api_with(R"("scaling": {"type": "hpa", "min": 5, "max": 3})")), "input.5",
                  "/services/0/scaling/max");
  expect_rejected(minimal(api_with(R"("scaling": {"type": "hpa", "max": 3, "initial": 4})")), "input.5",
                  "/services/0/scaling/initial");
  expect_rejected(minimal(api_with(R"("hpa": {"tolerance": 1})")), "input.5", "/services/0/hpa/tolerance");
  expect_rejected(minimal(api_with(R"("scaling": {"type": "hpa", "scale_in_cooldown_s": 60})")), "input.3",
                  "/services/0/scaling/scale_in_cooldown_s");
}

TEST(ScenarioJson, KarpenterConsolidateAfter) {
  const std::string eks = R"([{"name": "k", "platform": "eks", "compute": "ec2", "instance_types": ["m6i.large"],
                               "consolidate_after_seconds": 30}])";
  const sim::scenario s = parse(minimal(api_with(R"("scaling": {"min": 1})"), eks));
  EXPECT_EQ(s.options[0].consolidate_after_s, std::optional<double>(30.0));
  EXPECT_FALSE(s.options[0].consolidation_interval_s);  // Karpenter's default: every step
  expect_rejected(minimal(api_with(R"("scaling": {"min": 1})"),
                          R"([{"name": "e", "platform": "ecs", "compute": "ec2", "instance_types": ["m6i.large"],
                               "consolidate_after_seconds": 30}])"),
                  "input.9", "/options/0/consolidate_after_seconds");
  expect_rejected(minimal(api_with(R"("scaling": {"min": 1})"),
                          R"([{"name": "f", "consolidate_after_seconds": 30}])"),
                  "input.9", "/options/0/consolidate_after_seconds");
  expect_rejected(minimal(api_with(R"("scaling": {"min": 1})"),
                          R"([{"name": "k", "platform": "eks", "compute": "ec2", "instance_types": ["m6i.large"],
                               "consolidate_after_seconds": -1}])"),
                  "input.5", "/options/0/consolidate_after_seconds");
}

}  // namespace
}  // namespace fleetcast
