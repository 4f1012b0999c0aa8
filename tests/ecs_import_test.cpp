// import_ecs: ECS task and service definitions → imported workloads. Expected sizes come from
// the files themselves and ECS's unit rules (1 vCPU = 1024 CPU units, 1 GB = 1024 MiB); each
// test says which field gives which number.
#include <gtest/gtest.h>

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "fleetcast/core/error.hpp"
#include "fleetcast/io/files.hpp"
#include "fleetcast/io/workload_import.hpp"

namespace fleetcast {
namespace {

namespace fs = std::filesystem;

std::string sample(const char* name) {
  return (fs::path(FLEETCAST_SHARED_DATA_DIR) / "samples" / name).string();
}

// A Fargate-less task definition with task-level cpu and memory given as JSON text.
std::string task_with(const std::string& cpu, const std::string& memory) {
  return R"({"family": "t", "containerDefinitions": [{"name": "c", "image": "x"}], "cpu": )" + cpu +
         R"(, "memory": )" + memory + "}";
}

TEST(EcsImport, KibanaFargateSample) {
  const std::string path = sample("ecs-taskdef-kibana-fargate.json");
  if (!fs::exists(path))
    GTEST_SKIP() << "sample not found at " << path << " (FLEETCAST_SHARED_DATA_DIR)";
  const auto ws = import_ecs(read_text_file(path), "ecs-taskdef-kibana-fargate.json");
  ASSERT_EQ(ws.size(), 1u);
  const imported_workload& w = ws[0];
  EXPECT_EQ(w.name, "kibana");  // family
  EXPECT_EQ(w.kind, "TaskDefinition");
  EXPECT_EQ(w.source, "ecs-taskdef-kibana-fargate.json");
  EXPECT_EQ(w.on, platform::ecs);
  EXPECT_EQ(w.cpu_units, 1024);  // task-level "cpu": "1024" (a string) wins over the container's
  EXPECT_EQ(w.cpu_millicores, 0);
  EXPECT_EQ(w.memory_mib, 2048);         // task-level "memory": "2048"
  EXPECT_EQ(w.os, os_family::linux_os);  // no runtimePlatform: ECS defaults to LINUX/X86_64
  EXPECT_EQ(w.arch, cpu_arch::x86_64);
  EXPECT_EQ(w.ephemeral_storage_gib, 20);  // no ephemeralStorage: the free 20 GiB
  EXPECT_EQ(w.gpus, 0);
  EXPECT_EQ(w.compatibilities, std::vector<std::string>{"FARGATE"});
  EXPECT_EQ(w.replicas, 1);
  EXPECT_TRUE(w.capacity_provider_strategy.empty());
  EXPECT_EQ(w.placement, "");
}

TEST(EcsImport, NginxEc2SampleSumsContainers) {
  const std::string path = sample("ecs-taskdef-nginx-ec2.json");
  if (!fs::exists(path))
    GTEST_SKIP() << "sample not found at " << path << " (FLEETCAST_SHARED_DATA_DIR)";
  const auto ws = import_ecs(read_text_file(path), "ecs-taskdef-nginx-ec2.json");
  ASSERT_EQ(ws.size(), 1u);
  EXPECT_EQ(ws[0].name, "nginx");
  EXPECT_EQ(ws[0].cpu_units, 256);   // no task-level cpu: the one container's "cpu": 256
  EXPECT_EQ(ws[0].memory_mib, 256);  // no task-level memory: the container's "memory": 256
  EXPECT_EQ(ws[0].compatibilities, std::vector<std::string>{"EC2"});
  EXPECT_EQ(ws[0].os, os_family::linux_os);
}

struct size_case {
  const char* cpu;
  const char* memory;
  std::int64_t units, mib;
};

// ECS's conversions: units = vCPU × 1024, MiB = GB × 1024; plain values are units and MiB.
TEST(EcsImport, SizeStringsWithUnits) {
  const size_case cases[] = {
      {R"("0.5 vCPU")", R"("1 GB")", 512, 1024},       // 0.5 × 1024; 1 × 1024
      {R"("1 vCPU")", R"("0.5GB")", 1024, 512},        // unit without a space
      {R"("2 vcpu")", R"("2 gb")", 2048, 2048},        // case-insensitive units
      {R"("0.25vCPU")", R"("3072")", 256, 3072},       // 0.25 × 1024 = 256 exactly
      {R"("16 vCPU")", R"("120 GB")", 16384, 122880},  // the largest Fargate size
      {"4096", "8192", 4096, 8192},                    // JSON numbers
      {R"(" 1024 ")", R"("2048.0")", 1024, 2048},      // spaces; a whole decimal
  };
  for (const auto& c : cases) {
    const auto ws = import_ecs(task_with(c.cpu, c.memory), "t.json");
    ASSERT_EQ(ws.size(), 1u);
    EXPECT_EQ(ws[0].cpu_units, c.units) << c.cpu;
    EXPECT_EQ(ws[0].memory_mib, c.mib) << c.memory;
  }
}

TEST(EcsImport, RuntimePlatformAndEphemeralStorage) {
  const auto ws = import_ecs(R"([
    {"family": "arm", "cpu": "256", "memory": "512", "containerDefinitions": [{"name": "c"}],
     "runtimePlatform": {"operatingSystemFamily": "LINUX", "cpuArchitecture": "ARM64"},
     "ephemeralStorage": {"sizeInGiB": 50}},
    {"family": "win", "cpu": "1024", "memory": "2048", "containerDefinitions": [{"name": "c"}],
     "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE", "cpuArchitecture": "X86_64"}},
    {"family": "win19", "cpu": "1024", "memory": "2048", "containerDefinitions": [{"name": "c"}],
     "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2019_FULL"}}
  ])",
                             "p.json");
  ASSERT_EQ(ws.size(), 3u);
  EXPECT_EQ(ws[0].arch, cpu_arch::arm64);
  EXPECT_EQ(ws[0].os, os_family::linux_os);
  EXPECT_EQ(ws[0].ephemeral_storage_gib, 50);  // ephemeralStorage.sizeInGiB
  EXPECT_EQ(ws[0].source, "p.json [0]");
  EXPECT_EQ(ws[1].os, os_family::windows_os);
  EXPECT_EQ(ws[1].arch, cpu_arch::x86_64);
  EXPECT_EQ(ws[1].ephemeral_storage_gib, 20);
  EXPECT_EQ(ws[2].os, os_family::windows_os);
  EXPECT_EQ(ws[2].arch, cpu_arch::x86_64);  // the architecture defaults to X86_64
  EXPECT_EQ(ws[2].source, "p.json [2]");
  EXPECT_TRUE(ws[2].compatibilities.empty());  // no requiresCompatibilities: any launch type
}

TEST(EcsImport, MemoryReservationFallback) {
  const auto ws =
      import_ecs(R"({"family": "m", "requiresCompatibilities": ["EC2"], "containerDefinitions": [
      {"name": "a", "cpu": 256, "memory": 512, "memoryReservation": 256},
      {"name": "b", "memoryReservation": 128},
      {"name": "c", "cpu": "128", "memory": "64"}]})",
                 "m.json");
  ASSERT_EQ(ws.size(), 1u);
  EXPECT_EQ(ws[0].cpu_units, 256 + 0 + 128);  // b gives no cpu: 0
  EXPECT_EQ(ws[0].memory_mib,
            512 + 128 + 64);  // a: the hard limit; b: memoryReservation; c: memory
}

TEST(EcsImport, TaskLevelCpuWithContainerMemory) {
  // Task-level values are taken per resource: cpu from the task, memory summed (EC2 allows it).
  const auto ws = import_ecs(R"({"family": "h", "cpu": "1 vCPU", "requiresCompatibilities": ["EC2"],
      "containerDefinitions": [{"name": "a", "cpu": 100, "memory": 300}, {"name": "b", "memory": 200}]})",
                             "h.json");
  ASSERT_EQ(ws.size(), 1u);
  EXPECT_EQ(ws[0].cpu_units, 1024);
  EXPECT_EQ(ws[0].memory_mib, 500);  // 300 + 200
}

TEST(EcsImport, GpusAreSummedOverContainers) {
  const auto ws =
      import_ecs(R"({"family": "g", "requiresCompatibilities": ["EC2"], "containerDefinitions": [
      {"name": "a", "cpu": 1024, "memory": 4096, "resourceRequirements": [{"type": "GPU", "value": "1"}]},
      {"name": "b", "cpu": 1024, "memory": 4096, "resourceRequirements": [{"type": "GPU", "value": "2"}]},
      {"name": "c", "cpu": 512, "memory": 1024}]})",
                 "g.json");
  ASSERT_EQ(ws.size(), 1u);
  EXPECT_EQ(ws[0].gpus, 3);  // "1" + "2"; c asks for none
  EXPECT_EQ(ws[0].cpu_units, 2560);
  EXPECT_EQ(ws[0].memory_mib, 9216);
}

constexpr const char* web_task = R"({"family": "web", "cpu": "512", "memory": "1024",
    "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc",
    "containerDefinitions": [{"name": "web", "image": "nginx", "portMappings": [{"containerPort": 80}]}]})";

TEST(EcsImport, ServiceWithItsTaskDefinition) {
  const std::string text =
      std::string(R"([{"serviceName": "web-svc", "cluster": "prod", "taskDefinition": "web:3",
      "desiredCount": 4,
      "capacityProviderStrategy": [{"capacityProvider": "FARGATE", "base": 1, "weight": 1},
                                   {"capacityProvider": "FARGATE_SPOT", "weight": 4}],
      "placementStrategy": [{"type": "binpack", "field": "memory"}],
      "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["s-1"]}}},
    )") +
      web_task + "]";
  const auto ws = import_ecs(text, "svc.json");
  ASSERT_EQ(ws.size(), 1u);  // the task definition is used by the service: no workload of its own
  const imported_workload& w = ws[0];
  EXPECT_EQ(w.name, "web-svc");
  EXPECT_EQ(w.kind, "Service");
  EXPECT_EQ(w.source, "svc.json [0]");
  EXPECT_EQ(w.replicas, 4);     // desiredCount
  EXPECT_EQ(w.cpu_units, 512);  // from task definition "web"
  EXPECT_EQ(w.memory_mib, 1024);
  EXPECT_EQ(w.compatibilities, std::vector<std::string>{"FARGATE"});  // the task's (no launchType)
  ASSERT_EQ(w.capacity_provider_strategy.size(), 2u);
  EXPECT_EQ(w.capacity_provider_strategy[0].provider, "FARGATE");
  EXPECT_EQ(w.capacity_provider_strategy[0].base, 1);
  EXPECT_EQ(w.capacity_provider_strategy[0].weight, 1);
  EXPECT_EQ(w.capacity_provider_strategy[1].provider, "FARGATE_SPOT");
  EXPECT_EQ(w.capacity_provider_strategy[1].base, 0);  // base defaults to 0
  EXPECT_EQ(w.capacity_provider_strategy[1].weight, 4);
  EXPECT_EQ(w.placement, "binpack:memory");
}

TEST(EcsImport, ServiceDefaultsAndReferenceForms) {
  // desiredCount defaults to 1; an ARN or the bare family also name the task definition (web_task
  // is RegisterTaskDefinition JSON without a revision, so any revision of "web" matches it);
  // launchType replaces the task's compatibilities; two services may share one definition.
  const std::string text = std::string("[") + web_task + R"(,
    {"serviceName": "a", "taskDefinition": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:12"},
    {"serviceName": "b", "taskDefinition": "web", "desiredCount": 0, "launchType": "FARGATE"},
    {"family": "batch", "cpu": 256, "memory": 512, "containerDefinitions": [{"name": "c"}]}])";
  const auto ws = import_ecs(text, "s.json");
  ASSERT_EQ(ws.size(), 3u);  // a, b, and the unreferenced "batch", in input order
  EXPECT_EQ(ws[0].name, "a");
  EXPECT_EQ(ws[0].replicas, 1);
  EXPECT_EQ(ws[0].source, "s.json [1]");
  EXPECT_EQ(ws[1].name, "b");
  EXPECT_EQ(ws[1].replicas, 0);
  EXPECT_EQ(ws[1].compatibilities, std::vector<std::string>{"FARGATE"});
  EXPECT_EQ(ws[2].name, "batch");
  EXPECT_EQ(ws[2].kind, "TaskDefinition");
  EXPECT_EQ(ws[2].replicas, 1);
  EXPECT_EQ(ws[2].source, "s.json [3]");
}

TEST(EcsImport, PlacementStrategyFirstBinpackOrSpreadWins) {
  struct placement_case {
    const char* strategy;
    const char* expected;
  };
  const placement_case cases[] = {
      {"[]", ""},
      {R"([{"type": "random"}])", ""},  // no packing preference: the default
      {R"([{"type": "binpack", "field": "cpu"}])", "binpack:cpu"},
      {R"([{"type": "spread", "field": "instanceId"}])", "spread"},
      // AWS's usual pair: spread over zones, then binpack; the first one is kept.
      {R"([{"type": "spread", "field": "attribute:ecs.availability-zone"}, {"type": "binpack", "field": "memory"}])",
       "spread"},
      {R"([{"type": "random"}, {"type": "binpack", "field": "memory"}])", "binpack:memory"},
  };
  for (const auto& c : cases) {
    const std::string text =
        std::string(R"([{"serviceName": "s", "taskDefinition": "t", "placementStrategy": )") +
        c.strategy + "}, " +
        R"({"family": "t", "cpu": 256, "memory": 512, "containerDefinitions": [{"name": "c"}]}])";
    const auto ws = import_ecs(text, "p.json");
    ASSERT_EQ(ws.size(), 1u);
    EXPECT_EQ(ws[0].placement, c.expected) << c.strategy;
  }
}

TEST(EcsImport, DescribeOutputWrappers) {
  const auto ws = import_ecs(std::string(R"([{"taskDefinition": )") + web_task + R"(, "tags": []},
    {"services": [{"serviceName": "web", "taskDefinition": "web", "desiredCount": 2, "launchType": "FARGATE",
                   "runningCount": 2, "deployments": [], "events": []}],
     "failures": []}])",
                             "d.json");
  ASSERT_EQ(ws.size(), 1u);
  EXPECT_EQ(ws[0].kind, "Service");
  EXPECT_EQ(ws[0].replicas, 2);
  EXPECT_EQ(ws[0].cpu_units, 512);
  EXPECT_EQ(ws[0].source, "d.json [1] services[0]");

  // A bare describe-task-definition output.
  const auto one = import_ecs(std::string(R"({"taskDefinition": )") + web_task + "}", "td.json");
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].name, "web");
  EXPECT_EQ(one[0].source, "td.json");
}

TEST(EcsImport, DescribeFixtureWithUnneededFields) {
  // tests/ecs/describe-web.json: describe-task-definition and describe-services output as the
  // AWS CLI writes them, with roles, deployments, network configuration and tags.
  const std::string path = std::string(FLEETCAST_SOURCE_DIR) + "/tests/ecs/describe-web.json";
  const auto ws = import_ecs(read_text_file(path), "describe-web.json");
  ASSERT_EQ(ws.size(), 1u);
  const imported_workload& w = ws[0];
  EXPECT_EQ(w.name, "web");
  EXPECT_EQ(w.kind, "Service");
  EXPECT_EQ(w.source, "describe-web.json [1] services[0]");
  EXPECT_EQ(w.cpu_units, 512);    // "cpu": "512"
  EXPECT_EQ(w.memory_mib, 1024);  // "memory": "1024"
  EXPECT_EQ(w.arch, cpu_arch::arm64);
  EXPECT_EQ(w.replicas, 3);  // desiredCount (runningCount is not read)
  EXPECT_EQ(w.compatibilities,
            std::vector<std::string>{"FARGATE"});  // requiresCompatibilities, not compatibilities
  ASSERT_EQ(w.capacity_provider_strategy.size(), 2u);
  EXPECT_EQ(w.capacity_provider_strategy[1].provider, "FARGATE_SPOT");
  EXPECT_EQ(w.capacity_provider_strategy[1].weight, 3);
  EXPECT_EQ(w.placement, "");
}

TEST(EcsImport, EmptyListsGiveNoWorkloads) {
  EXPECT_TRUE(import_ecs("[]", "e.json").empty());
  EXPECT_TRUE(import_ecs(R"({"services": [], "failures": []})", "e.json").empty());
}

struct error_case {
  const char* json;
  const char* id;
  const char* place;
};

// Names a failing case by what it expects rather than by its bytes.
void PrintTo(const error_case& c, std::ostream* os) {
  *os << c.id << " at " << c.place;
}

class EcsImportRejects : public ::testing::TestWithParam<error_case> {};

TEST_P(EcsImportRejects, WithIdAndPlace) {
  const auto& c = GetParam();
  try {
    (void)import_ecs(c.json, "t.json");
    FAIL() << "accepted: " << c.json;
  } catch (const input_error& e) {
    EXPECT_EQ(e.id(), c.id) << e.what();
    EXPECT_EQ(e.place(), c.place) << e.what();
  }
}

#define TD_(extra) R"({"family": "t", "containerDefinitions": [{"name": "c"}], )" extra "}"

INSTANTIATE_TEST_SUITE_P(
    EcsImport, EcsImportRejects,
    ::testing::Values(
        // Sizes: a unit ECS does not know, a fraction of a CPU unit (0.3 × 1024 = 307.2), …
        error_case{TD_(R"("cpu": "1.5 cores", "memory": "1024")"), "fleetcast.input.5",
                   "t.json:/cpu"},
        error_case{TD_(R"("cpu": "0.3 vCPU", "memory": "1024")"), "fleetcast.input.6",
                   "t.json:/cpu"},
        error_case{TD_(R"("cpu": "256", "memory": "1 GiB")"), "fleetcast.input.5",
                   "t.json:/memory"},
        error_case{TD_(R"("cpu": "-256", "memory": "512")"), "fleetcast.input.5", "t.json:/cpu"},
        error_case{TD_(R"("cpu": "0", "memory": "512")"), "fleetcast.input.5", "t.json:/cpu"},
        error_case{TD_(R"("cpu": 0.5, "memory": "512")"), "fleetcast.input.6", "t.json:/cpu"},
        error_case{TD_(R"("cpu": "99999999999.999999 vCPU", "memory": "512")"), "fleetcast.input.5",
                   "t.json:/cpu"},  // too large, without overflowing on the way
        error_case{TD_(R"("cpu": true, "memory": "512")"), "fleetcast.input.2", "t.json:/cpu"},
        error_case{
            R"([{"family": "a", "cpu": 256, "memory": 512, "containerDefinitions": [{"name": "c"}]},
                       {"family": "b", "cpu": 256, "memory": 512, "containerDefinitions": [{"name": "c"}]},
                       {"family": "c", "containerDefinitions": [{"name": "c", "cpu": 256, "memory": "lots"}]}])",
            "fleetcast.input.5", "t.json:/2/containerDefinitions/0/memory"},
        // Fargate bills task-level values, so they must be there.
        error_case{TD_(R"("requiresCompatibilities": ["FARGATE"], "cpu": "256")"),
                   "fleetcast.input.4", "t.json:/memory"},
        error_case{R"({"family": "t", "requiresCompatibilities": ["FARGATE"], "memory": "512",
                       "containerDefinitions": [{"name": "c", "cpu": 256}]})",
                   "fleetcast.input.4", "t.json:/cpu"},
        // EC2 without task-level memory: every container needs memory or memoryReservation.
        error_case{
            R"({"family": "t", "containerDefinitions": [{"name": "a", "cpu": 10, "memory": 64},
                                                              {"name": "b", "cpu": 10}]})",
            "fleetcast.input.4", "t.json:/containerDefinitions/1"},
        error_case{R"({"family": "t", "containerDefinitions": [{"name": "a", "memory": 64}]})",
                   "fleetcast.input.4", "t.json:/cpu"},  // no CPU anywhere: size 0
        error_case{
            R"({"family": "t", "containerDefinitions": [{"name": "a", "cpu": 10, "memory": 64,
                                                               "memoryReservation": 128}]})",
            "fleetcast.input.5", "t.json:/containerDefinitions/0/memoryReservation"},
        error_case{R"({"family": "t", "cpu": 256, "memory": 512, "containerDefinitions": []})",
                   "fleetcast.input.5", "t.json:/containerDefinitions"},
        // Platform.
        error_case{
            TD_(R"("cpu": 256, "memory": 512, "runtimePlatform": {"operatingSystemFamily": "MACOS"})"),
            "fleetcast.input.11", "t.json:/runtimePlatform/operatingSystemFamily"},
        error_case{
            TD_(R"("cpu": 256, "memory": 512, "runtimePlatform": {"cpuArchitecture": "arm64"})"),
            "fleetcast.input.11", "t.json:/runtimePlatform/cpuArchitecture"},
        error_case{TD_(R"("cpu": 256, "memory": 512, "runtimePlatform": {"operatingSystemFamily":
                          "WINDOWS_SERVER_2022_CORE", "cpuArchitecture": "ARM64"})"),
                   "fleetcast.input.9", "t.json:/runtimePlatform/cpuArchitecture"},
        error_case{TD_(R"("cpu": 256, "memory": 512, "requiresCompatibilities": ["LAMBDA"])"),
                   "fleetcast.input.11", "t.json:/requiresCompatibilities/0"},
        error_case{TD_(R"("cpu": 256, "memory": 512, "ephemeralStorage": {"sizeInGiB": 500})"),
                   "fleetcast.input.5", "t.json:/ephemeralStorage/sizeInGiB"},
        error_case{TD_(R"("cpu": 256, "memory": 512, "ephemeralStorage": {"sizeInGiB": 20})"),
                   "fleetcast.input.5",
                   "t.json:/ephemeralStorage/sizeInGiB"},  // ECS's minimum is 21
        // Accelerators and other things fleetcast cannot price or place.
        error_case{
            R"({"family": "t", "cpu": 256, "memory": 512, "containerDefinitions": [{"name": "c",
                       "resourceRequirements": [{"type": "InferenceAccelerator", "value": "dev1"}]}]})",
            "fleetcast.input.9", "t.json:/containerDefinitions/0/resourceRequirements/0/type"},
        error_case{
            TD_(R"("cpu": 256, "memory": 512, "inferenceAccelerators": [{"deviceName": "d", "deviceType": "eia2.medium"}])"),
            "fleetcast.input.9", "t.json:/inferenceAccelerators/0"},
        error_case{
            R"({"family": "t", "cpu": 256, "memory": 512, "requiresCompatibilities": ["FARGATE"],
                       "containerDefinitions": [{"name": "c", "resourceRequirements": [{"type": "GPU", "value": "1"}]}]})",
            "fleetcast.input.9", "t.json:/containerDefinitions/0/resourceRequirements/0"},
        error_case{R"({"family": "t", "containerDefinitions": [{"name": "c", "cpu": 1, "memory": 1,
                       "resourceRequirements": [{"type": "GPU", "value": "one"}]}]})",
                   "fleetcast.input.5",
                   "t.json:/containerDefinitions/0/resourceRequirements/0/value"},
        error_case{TD_(R"("cpu": 256, "memory": 512, "placementConstraints": [{"type": "memberOf",
                          "expression": "attribute:ecs.instance-type =~ t3.*"}])"),
                   "fleetcast.input.9", "t.json:/placementConstraints/0"},
        // Services.
        error_case{R"({"serviceName": "s", "taskDefinition": "web:3", "desiredCount": 2})",
                   "fleetcast.input.4", "t.json:/taskDefinition"},
        error_case{
            R"([{"family": "web", "revision": 2, "cpu": 256, "memory": 512, "containerDefinitions": [{"name": "c"}]},
                       {"serviceName": "s", "taskDefinition": "web:3"}])",
            "fleetcast.input.4", "t.json:/1/taskDefinition"},  // revision 2 is not 3
        error_case{
            R"([{"family": "web", "cpu": 256, "memory": 512, "containerDefinitions": [{"name": "c"}]},
                       {"family": "web", "cpu": 512, "memory": 1024, "containerDefinitions": [{"name": "c"}]},
                       {"serviceName": "s", "taskDefinition": "web"}])",
            "fleetcast.input.12", "t.json:/2/taskDefinition"},
        error_case{
            R"({"serviceName": "s", "taskDefinition": "arn:aws:ecs:us-east-1:1:service/prod/web"})",
            "fleetcast.input.5", "t.json:/taskDefinition"},
        error_case{R"({"serviceName": "s", "taskDefinition": "t", "schedulingStrategy": "DAEMON"})",
                   "fleetcast.input.9", "t.json:/schedulingStrategy"},
        error_case{R"({"serviceName": "s", "taskDefinition": "t", "desiredCount": -1})",
                   "fleetcast.input.5", "t.json:/desiredCount"},
        error_case{R"({"serviceName": "s", "taskDefinition": "t", "launchType": "EC2",
                       "capacityProviderStrategy": [{"capacityProvider": "FARGATE", "weight": 1}]})",
                   "fleetcast.input.9", "t.json:/capacityProviderStrategy"},
        error_case{R"({"serviceName": "s", "taskDefinition": "t", "capacityProviderStrategy": [
                       {"capacityProvider": "FARGATE", "base": 1, "weight": 1},
                       {"capacityProvider": "FARGATE_SPOT", "base": 2, "weight": 1}]})",
                   "fleetcast.input.5", "t.json:/capacityProviderStrategy/1/base"},
        error_case{R"({"serviceName": "s", "taskDefinition": "t", "capacityProviderStrategy": [
                       {"capacityProvider": "FARGATE", "weight": 1}, {"capacityProvider": "FARGATE", "weight": 2}]})",
                   "fleetcast.input.12", "t.json:/capacityProviderStrategy/1/capacityProvider"},
        error_case{R"({"serviceName": "s", "taskDefinition": "t",
                       "placementStrategy": [{"type": "binpack", "field": "attribute:ecs.instance-type"}]})",
                   "fleetcast.input.11", "t.json:/placementStrategy/0/field"},
        error_case{
            R"({"serviceName": "s", "taskDefinition": "t", "placementStrategy": [{"type": "pack"}]})",
            "fleetcast.input.11", "t.json:/placementStrategy/0/type"},
        error_case{
            R"({"serviceName": "s", "taskDefinition": "t", "placementConstraints": [{"type": "distinctInstance"}]})",
            "fleetcast.input.9", "t.json:/placementConstraints/0"},
        // A service that runs an EC2-only definition, or one without task-level sizes, on Fargate.
        error_case{
            R"([{"family": "t", "cpu": 256, "memory": 512, "requiresCompatibilities": ["EC2"],
                        "containerDefinitions": [{"name": "c"}]},
                       {"serviceName": "s", "taskDefinition": "t", "launchType": "FARGATE"}])",
            "fleetcast.input.9", "t.json:/1/launchType"},
        error_case{
            R"([{"family": "t", "containerDefinitions": [{"name": "c", "cpu": 256, "memory": 512}]},
                       {"serviceName": "s", "taskDefinition": "t",
                        "capacityProviderStrategy": [{"capacityProvider": "FARGATE_SPOT", "weight": 1}]}])",
            "fleetcast.input.4", "t.json:/0/cpu"},
        // Not ECS, or not the form fleetcast reads.
        error_case{R"({"kind": "Deployment"})", "fleetcast.input.4", "t.json:/"},
        error_case{
            R"({"ServiceNamespace": "ecs", "ResourceId": "service/prod/web", "MinCapacity": 1})",
            "fleetcast.input.9", "t.json:/"},
        error_case{R"({"Type": "AWS::ECS::TaskDefinition", "Properties": {"Cpu": "256"}})",
                   "fleetcast.input.9", "t.json:/"},
        error_case{R"([[{"family": "t"}]])", "fleetcast.input.2", "t.json:/0"},
        error_case{"  \n", "fleetcast.input.10", "t.json"},
        error_case{R"({"family": )", "fleetcast.input.1", "t.json:1:12"}));

#undef TD_

TEST(EcsImport, PlacesAreBarePointersWithoutSource) {
  try {
    (void)import_ecs(task_with(R"("0.3 vCPU")", "512"), "");
    FAIL() << "accepted 0.3 vCPU";
  } catch (const input_error& e) {
    EXPECT_EQ(e.place(), "/cpu");
    // The message names the value and what it came to.
    EXPECT_NE(std::string(e.what()).find("\"0.3 vCPU\" is 307.2 CPU units"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace fleetcast
