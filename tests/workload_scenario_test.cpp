// From analysts' files to a scenario: `fleetcast import` and `simulate` on ECS task/service
// definitions and Kubernetes manifests (the shared real samples and inline cases).
#include <gtest/gtest.h>

#include <filesystem>

#include "fleetcast/core/error.hpp"
#include "fleetcast/io/files.hpp"
#include "fleetcast/io/scenario_json.hpp"
#include "fleetcast/io/workload_scenario.hpp"
#include "fleetcast/sim/simulate.hpp"

namespace fleetcast {
namespace {

std::string sample(const char* name) { return std::string(FLEETCAST_SHARED_DATA_DIR) + "/samples/" + name; }

sim::scenario imported(std::string_view text, std::string_view path) {
  return parse_scenario(workloads_to_scenario_json(import_workloads(text, path), "imported"), "imported", default_catalog());
}

std::vector<std::string> option_names(const sim::scenario& s) {
  std::vector<std::string> v;
  for (const auto& o : s.options) v.push_back(o.name);
  return v;
}

TEST(WorkloadScenario, GuestbookManifestBecomesThreeServicesOnEks) {
  const std::string path = sample("k8s-guestbook-all-in-one.yaml");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "shared sample absent: " << path;
  const sim::scenario s = imported(read_text_file(path), path);
  ASSERT_EQ(s.services.size(), 3u);
  // replicas 1, 2, 3 at 100m / 100 MiB: the requests as written (100 millicores for EKS on
  // EC2, ⌈100 × 1024 / 1000⌉ = 103 units for Fargate, which rounds up to its sizes when it
  // bills; the importer no longer raises them to 256 / 256); target tracking at 70 % over
  // replicas … 3 × replicas, demand = replicas × 0.7 so the file's replicas run on an average day.
  for (std::size_t i = 0; i < 3; ++i) {
    const auto replicas = std::int64_t(i + 1);
    EXPECT_EQ(s.services[i].initial_tasks, replicas);
    EXPECT_EQ(s.services[i].scaling.min_tasks, replicas);
    EXPECT_EQ(s.services[i].scaling.max_tasks, 3 * replicas);
    EXPECT_NEAR(s.services[i].demand.base, 0.7 * double(replicas), 1e-12);
    EXPECT_EQ(s.services[i].cpu_millicores, 100);
    EXPECT_EQ(s.services[i].task.cpu_units, 103);
    EXPECT_EQ(s.services[i].task.memory_mib, 100);
  }
  // Every option that can run it, ECS ones included: the comparison needs no editing.
  EXPECT_EQ(option_names(s), (std::vector<std::string>{"ecs-fargate", "ecs-fargate-spot", "ecs-ec2", "ecs-ec2-spot",
                                                       "eks-fargate", "eks-ec2", "eks-ec2-spot"}));
  const auto r = sim::simulate_path(s, default_catalog(), 0);
  EXPECT_GT(r[0].total_usd, 0.0);
}

TEST(WorkloadScenario, HpaBehaviorIsKeptWithKubernetesDefaultsForWhatItLeavesOut) {
  // behavior.scaleDown gives a 60 s window and one Pods policy; selectPolicy and all of
  // scaleUp are left out, so they keep Kubernetes' defaults (Max; 4 pods or 100 % per 15 s).
  const char* yaml = R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  replicas: 3
  template:
    spec:
      containers:
      - name: c
        resources: {requests: {cpu: 500m, memory: 1Gi}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: 1
  maxReplicas: 9
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 60
      policies:
      - {type: Pods, value: 1, periodSeconds: 30}
)";
  const std::string json = workloads_to_scenario_json(import_workloads(yaml, "api.yaml"), "api");
  // The HPA scales it on EKS options ("hpa"), ECS target tracking at the same target on ECS ones.
  EXPECT_NE(json.find("\"hpa\": {"), std::string::npos) << json;
  const sim::scenario s = imported(yaml, "api.yaml");
  ASSERT_TRUE(s.services[0].hpa);
  const scaling::hpa_policy& h = *s.services[0].hpa;
  EXPECT_EQ(h.target_percent, 50);
  EXPECT_EQ(h.scale_down.stabilization_window_s, 60);
  EXPECT_EQ(h.scale_down.select, scaling::hpa_select_policy::max);
  ASSERT_EQ(h.scale_down.policies.size(), 1u);
  EXPECT_EQ(h.scale_down.policies[0].type, scaling::hpa_policy_type::pods);
  EXPECT_EQ(h.scale_down.policies[0].value, 1);
  EXPECT_EQ(h.scale_down.policies[0].period_s, 30);
  EXPECT_EQ(h.scale_up.stabilization_window_s, 0);
  ASSERT_EQ(h.scale_up.policies.size(), 2u);
  EXPECT_EQ(h.scale_up.policies[0].value, 4);
  EXPECT_EQ(h.scale_up.policies[1].type, scaling::hpa_policy_type::percent);
  EXPECT_EQ(s.services[0].initial_tasks, 3);
}

TEST(WorkloadScenario, EcsSamplesPickTheOptionsTheirLaunchTypesAllow) {
  const std::string fargate = sample("ecs-taskdef-kibana-fargate.json"), ec2 = sample("ecs-taskdef-nginx-ec2.json");
  if (!std::filesystem::exists(fargate) || !std::filesystem::exists(ec2)) GTEST_SKIP() << "shared samples absent";
  const sim::scenario a = imported(read_text_file(fargate), fargate);
  const std::vector<std::string> all = {"ecs-fargate", "ecs-fargate-spot", "ecs-ec2", "ecs-ec2-spot",
                                        "eks-fargate", "eks-ec2", "eks-ec2-spot"};
  // FARGATE only and EC2 only (bridge): every option still, with what each assumes in the
  // import summary (option_adaptations), so the two compare without editing.
  EXPECT_EQ(option_names(a), all);
  EXPECT_EQ(a.services[0].task.cpu_units, 1024);
  EXPECT_EQ(a.services[0].task.memory_mib, 2048);
  const sim::scenario b = imported(read_text_file(ec2), ec2);
  EXPECT_EQ(option_names(b), all);  // 256 units / 256 MiB
  EXPECT_EQ(option_adaptations(import_workloads(read_text_file(ec2), ec2)).size(), 1u);
  // bridge on every ECS task: the ECS EC2 options pack as bridge (no ENI per task).
  EXPECT_EQ(b.options[2].ecs.network_mode, packing::ecs_network_mode::bridge);
  EXPECT_EQ(b.services[0].task.cpu_units, 256);
  EXPECT_EQ(b.services[0].task.memory_mib, 256);
}

TEST(WorkloadScenario, BridgeImportPacksWithoutEniSlots) {
  // The nginx sample is networkMode bridge: imported, its ECS-on-EC2 option is bridge, so no
  // instance-hour is bound by ENI slots (CPU binds: 0.25 vCPU tasks on 2-vCPU m6i.large = 8 per
  // instance, before memory). The same option set to awsvpc binds on ENI slots: an m6i.large has
  // 3 ENIs (pricing/aws-us-east-1.json), so 3 − 1 = 2 awsvpc tasks per instance.
  const std::string ec2 = sample("ecs-taskdef-nginx-ec2.json");
  if (!std::filesystem::exists(ec2)) GTEST_SKIP() << "shared samples absent";
  sim::scenario s = imported(read_text_file(ec2), ec2);
  std::size_t at = s.options.size();
  for (std::size_t i = 0; i < s.options.size(); ++i)
    if (s.options[i].name == "ecs-ec2") at = i;
  ASSERT_LT(at, s.options.size());
  ASSERT_EQ(s.options[at].ecs.network_mode, packing::ecs_network_mode::bridge);
  s.options = {s.options[at]};
  const auto eni = std::size_t(sim::binding_resource::eni_slots), cpu = std::size_t(sim::binding_resource::cpu);
  const auto bridge = sim::simulate_path(s, default_catalog(), 0);
  EXPECT_EQ(bridge[0].binding_hours[eni], 0.0);
  EXPECT_GT(bridge[0].binding_hours[cpu], 0.0);
  s.options[0].ecs.network_mode = packing::ecs_network_mode::awsvpc;
  const auto awsvpc = sim::simulate_path(s, default_catalog(), 0);
  EXPECT_GT(awsvpc[0].binding_hours[eni], 0.0);
}

TEST(WorkloadScenario, MixedNetworkModesGiveOneModeAndSayIt) {
  // An option has one network mode: awsvpc if any ECS service uses it (the binding case), else
  // host when every service does, else bridge (docs/import.md); the summary says so.
  const std::string mixed = R"([
    {"family": "web", "networkMode": "awsvpc", "requiresCompatibilities": ["EC2"],
     "containerDefinitions": [{"name": "web", "image": "x", "cpu": 256, "memory": 512}]},
    {"family": "nginx", "networkMode": "bridge", "requiresCompatibilities": ["EC2"],
     "containerDefinitions": [{"name": "nginx", "image": "nginx", "cpu": 256, "memory": 256}]}])";
  const auto mode_of = [](const std::string& text) {
    const sim::scenario s = imported(text, "m.json");
    for (const auto& o : s.options)
      if (o.name == "ecs-ec2") return o.ecs.network_mode;
    ADD_FAILURE() << "no ecs-ec2 option";
    return packing::ecs_network_mode::awsvpc;
  };
  const auto says = [](const std::string& text, const std::string& what) {
    for (const auto& line : option_adaptations(import_workloads(text, "m.json")))
      if (line.find(what) != std::string::npos) return true;
    return false;
  };
  EXPECT_EQ(mode_of(mixed), packing::ecs_network_mode::awsvpc);
  EXPECT_TRUE(says(mixed, "network modes differ (web: awsvpc, nginx: bridge); the ECS-on-EC2 options use awsvpc"));
  std::string host_and_bridge = mixed;
  host_and_bridge.replace(host_and_bridge.find("\"awsvpc\""), 8, "\"host\"");
  EXPECT_EQ(mode_of(host_and_bridge), packing::ecs_network_mode::bridge);
  EXPECT_TRUE(says(host_and_bridge, "(web: host, nginx: bridge); the ECS-on-EC2 options use bridge"));
  std::string both_host = host_and_bridge;
  both_host.replace(both_host.find("\"bridge\""), 8, "\"host\"");
  EXPECT_EQ(mode_of(both_host), packing::ecs_network_mode::host);
  EXPECT_FALSE(says(both_host, "network modes differ"));
}

TEST(WorkloadScenario, HpaAndServiceStrategyCarryOver) {
  const char* yaml = R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  replicas: 4
  template:
    spec:
      containers:
      - name: c
        resources: {requests: {cpu: "1", memory: 2Gi}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: 2
  maxReplicas: 12
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 60}}
)";
  const sim::scenario s = imported(yaml, "api.yaml");
  ASSERT_EQ(s.services.size(), 1u);
  // A Kubernetes workload scales by the HPA algorithm on EKS options: the HPA's target and
  // bounds, and (no behavior in the file) Kubernetes' default behavior; ECS options use
  // target tracking with the same target and bounds.
  ASSERT_TRUE(s.services[0].hpa);
  EXPECT_EQ(s.services[0].hpa_on, sim::hpa_scope::eks_options);
  EXPECT_EQ(s.services[0].scaling.target_percent, 60.0);
  EXPECT_EQ(s.services[0].hpa->min_replicas, 2);
  EXPECT_EQ(s.services[0].hpa->max_replicas, 12);
  EXPECT_EQ(s.services[0].hpa->target_percent, 60);
  EXPECT_EQ(s.services[0].hpa->scale_down.stabilization_window_s, 300);
  ASSERT_EQ(s.services[0].hpa->scale_up.policies.size(), 2u);
  EXPECT_EQ(s.services[0].scaling.min_tasks, 2);
  EXPECT_EQ(s.services[0].scaling.max_tasks, 12);
  EXPECT_NEAR(s.services[0].demand.base, 4 * 0.6, 1e-12);
  EXPECT_EQ(s.services[0].task.cpu_units, 1024);  // 1000m → 1024 units
  EXPECT_EQ(s.services[0].task.memory_mib, 2048);
  const char* ecs = R"([{"family": "web", "cpu": "512", "memory": "1024", "requiresCompatibilities": ["FARGATE"],
                         "containerDefinitions": [{"name": "w", "image": "x"}]},
                        {"serviceName": "web", "taskDefinition": "web:3", "desiredCount": 5,
                         "capacityProviderStrategy": [{"capacityProvider": "FARGATE", "base": 1, "weight": 1},
                                                      {"capacityProvider": "FARGATE_SPOT", "weight": 4}]}])";
  const sim::scenario e = imported(ecs, "web.json");
  EXPECT_EQ(option_names(e), (std::vector<std::string>{"ecs-fargate-as-defined", "ecs-fargate", "ecs-fargate-spot",
                                                       "ecs-ec2", "ecs-ec2-spot", "eks-fargate", "eks-ec2",
                                                       "eks-ec2-spot"}));
  // ECS services keep target tracking on ECS options; on EKS options an HPA at the same target
  // (70 %) with Kubernetes' default behavior.
  ASSERT_TRUE(e.services[0].hpa);
  EXPECT_EQ(e.services[0].hpa_on, sim::hpa_scope::eks_options);
  EXPECT_EQ(e.services[0].hpa->target_percent, 70);
  ASSERT_EQ(e.options[0].strategy.size(), 2u);
  EXPECT_EQ(e.options[0].strategy[1].provider, sim::fargate_provider::fargate_spot);
  EXPECT_EQ(e.options[0].strategy[1].weight, 4);
  EXPECT_EQ(e.services[0].initial_tasks, 5);
}

TEST(WorkloadScenario, DetectsWorkloadFilesAndRefusesEmptyOnes) {
  EXPECT_TRUE(is_workload_file("kind: Pod", "x.yaml"));
  EXPECT_TRUE(is_workload_file(R"({"family": "a", "containerDefinitions": []})", "a.json"));
  EXPECT_TRUE(is_workload_file(R"({"services": [{"serviceName": "a"}]})", "a.json"));
  EXPECT_FALSE(is_workload_file(R"({"name": "s", "services": [{"name": "a"}]})", "s.json"));
  try {
    (void)workloads_to_scenario_json({}, "empty");
    FAIL();
  } catch (const input_error& e) {
    EXPECT_EQ(e.id(), "fleetcast.input.4");
  }
}

}  // namespace
}  // namespace fleetcast
