// GPU instance types, GPU services, and an importer that keeps a workload's own sizes and
// says which options it cannot generate.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "cli.hpp"
#include "fleetcast/billing/fargate.hpp"
#include "fleetcast/core/error.hpp"
#include "fleetcast/io/catalog_json.hpp"
#include "fleetcast/io/files.hpp"
#include "fleetcast/io/scenario_json.hpp"
#include "fleetcast/io/workload_scenario.hpp"
#include "fleetcast/packing/from_catalog.hpp"
#include "fleetcast/packing/type_choice.hpp"
#include "fleetcast/sim/simulate.hpp"
#include "fleetcast/sim/validate.hpp"

namespace fleetcast {
namespace {

std::string imported_text(std::string_view text, std::string_view path) {
  return workloads_to_scenario_json(import_workloads(text, path), "imported");
}
sim::scenario imported(std::string_view text, std::string_view path) {
  return parse_scenario(imported_text(text, path), "imported", default_catalog());
}
std::vector<std::string> option_names(const sim::scenario& s) {
  std::vector<std::string> v;
  for (const auto& o : s.options) v.push_back(o.name);
  return v;
}
// Only the option named `name` (an imported scenario has every option that can run it).
void keep_only(sim::scenario& s, std::string_view name) {
  std::erase_if(s.options, [&](const sim::option& o) { return o.name != name; });
  ASSERT_EQ(s.options.size(), 1u) << name;
}
// n tasks all the time: min = max = n for the autoscaler the option uses (an imported
// Kubernetes workload scales with an HPA on its EKS options).
void hold_tasks(sim::scenario& s, int n) {
  auto& sv = s.services[0];
  sv.scaling.min_tasks = sv.scaling.max_tasks = sv.initial_tasks = n;
  if (sv.hpa) sv.hpa->min_replicas = sv.hpa->max_replicas = n;
}
void hold_one_task(sim::scenario& s) { hold_tasks(s, 1); }
double line(const sim::option_result& r, std::string_view name) {
  for (const auto& l : r.lines)
    if (l.name == name) return l.usd;
  return 0.0;
}

// --- the catalog ------------------------------------------------------------------------------

TEST(GpuCatalog, GpuTypesCarryCountModelAndKarpenterPrice) {
  // fidelity-facts §13: Karpenter's generated pricing file (2026-07-20) and instance-types page.
  const price_catalog& c = default_catalog();
  struct row {
    const char* name;
    int vcpu, memory_gib, gpus;
    const char* gpu;
    double usd_per_hour;
    int max_pods;
  };
  for (const row& r : {row{"g4dn.xlarge", 4, 16, 1, "NVIDIA T4", 0.526, 29},
                       row{"g4dn.12xlarge", 48, 192, 4, "NVIDIA T4", 3.912, 234},
                       row{"g5.48xlarge", 192, 768, 8, "NVIDIA A10G", 16.288, 345},
                       row{"g6.xlarge", 4, 16, 1, "NVIDIA L4", 0.8048, 58},
                       row{"p4d.24xlarge", 96, 1152, 8, "NVIDIA A100", 21.957642, 737},
                       row{"p5.4xlarge", 16, 256, 1, "NVIDIA H100", 6.88, 118},
                       row{"p5.48xlarge", 192, 2048, 8, "NVIDIA H100", 55.04, 100}}) {
    const instance_type* t = c.ec2.find(r.name);
    ASSERT_NE(t, nullptr) << r.name;
    EXPECT_EQ(t->vcpu, r.vcpu) << r.name;
    EXPECT_EQ(t->memory_mib, r.memory_gib * 1024) << r.name;
    EXPECT_EQ(t->gpus, r.gpus) << r.name;
    EXPECT_EQ(t->gpu_name, r.gpu) << r.name;
    EXPECT_EQ(t->on_demand.usd_per_hour, r.usd_per_hour) << r.name;
    EXPECT_EQ(t->on_demand.source, "karpenter-pricing-2026-07-20") << r.name;
    EXPECT_EQ(t->eks_max_pods, r.max_pods) << r.name;
  }
  ASSERT_NE(c.find_source("karpenter-pricing-2026-07-20"), nullptr);
  EXPECT_EQ(c.ec2.find("m6i.large")->gpus, 0);
  EXPECT_TRUE(c.ec2.find("m6i.large")->gpu_name.empty());
}

TEST(GpuCatalog, GpuNameWithoutCountIsRefused) {
  const std::string base =
      read_text_file(std::string(FLEETCAST_SOURCE_DIR) + "/pricing/aws-us-east-1.json");
  std::string t = base;
  const std::string from = "\"gpus\": 1, \"gpu_name\": \"NVIDIA T4\"";
  const auto at = t.find(from);
  ASSERT_NE(at, std::string::npos);
  t.replace(at, from.size(), "\"gpu_name\": \"NVIDIA T4\"");
  try {
    (void)parse_catalog(t, "cat.json");
    FAIL() << "expected a catalog error";
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errid::catalog_inconsistent) << e.what();
  }
}

// --- packing ----------------------------------------------------------------------------------

TEST(GpuPacking, CapacityIsTheTypesGpuCountAndGpuTypesAreKeptForGpuTasks) {
  const price_catalog& c = default_catalog();
  const packing::platform_setup eks{.platform = platform::eks};
  std::vector<packing::bin_type<packing::platform_dims>> types;
  for (const char* n : {"m6i.xlarge", "g4dn.xlarge", "g4dn.12xlarge"})
    types.push_back(packing::bin_type_from_catalog(*c.ec2.find(n), eks, c).type);
  EXPECT_EQ(types[0].capacity[3], 0);
  EXPECT_EQ(types[1].capacity[3], 1);
  EXPECT_EQ(types[2].capacity[3], 4);
  // A 1-vCPU pod without GPUs: m6i.xlarge ($0.192) is the cheapest type holding it; g4dn.xlarge
  // ($0.526) would hold it too. A pod with 2 GPUs fits only g4dn.12xlarge.
  const std::vector<packing::resources<4>> shapes = {
      packing::task_shape(platform::eks, 1024, 2048, 0),
      packing::task_shape(platform::eks, 1024, 2048, 2)};
  const std::int64_t pending[] = {1, 1};
  const std::uint32_t order[] = {0, 1};
  const packing::type_choice keep{packing::type_policy::cheapest, 0,
                                  std::size_t(packing::dim::gpus)};
  EXPECT_EQ(packing::choose_type<4>(types, shapes, keep, 0, pending, order),
            std::optional<std::uint32_t>(0));
  EXPECT_EQ(packing::choose_type<4>(types, shapes, keep, 1, pending, order),
            std::optional<std::uint32_t>(2));
  // With only GPU types listed, a pod without GPUs still gets one: the cheapest, g4dn.xlarge.
  const std::vector<packing::bin_type<4>> gpu_only = {types[2], types[1]};
  EXPECT_EQ(packing::choose_type<4>(gpu_only, shapes, keep, 0, pending, order),
            std::optional<std::uint32_t>(1));
  // A task needing more GPUs than any type has fits nowhere.
  const std::vector<packing::resources<4>> big = {
      packing::task_shape(platform::eks, 1024, 2048, 8)};
  const std::int64_t one[] = {1};
  const std::uint32_t first[] = {0};
  EXPECT_FALSE(packing::choose_type<4>(types, big, keep, 0, one, first).has_value());
}

// --- validation -------------------------------------------------------------------------------

constexpr const char* gpu_scenario = R"({
  "name": "gpu", "horizon": {"days": 1},
  "services": [{"name": "infer", "task": {"cpu": 4096, "memory": 16384, "gpus": 1}, "demand": {"base": 1}}],
  "options": [%OPTION%]
})";
std::string with_option(const std::string& option) {
  std::string s = gpu_scenario;
  s.replace(s.find("%OPTION%"), 8, option);
  return s;
}

TEST(GpuValidate, FargateOptionForAGpuServiceIsAnInputError) {
  for (const char* option : {R"({"name": "f", "platform": "ecs", "compute": "fargate"})",
                             R"({"name": "f", "platform": "eks", "compute": "fargate"})"}) {
    try {
      (void)parse_scenario(with_option(option), "gpu.json", default_catalog());
      FAIL() << "expected an input error for " << option;
    } catch (const input_error& e) {
      EXPECT_EQ(e.code(), errid::unsupported) << e.what();
      EXPECT_NE(std::string(e.what()).find("[fleetcast.input.9] /services/0/task/gpus: "),
                std::string::npos)
          << e.what();
      EXPECT_NE(std::string(e.what()).find("Fargate has no GPUs"), std::string::npos) << e.what();
    }
  }
  // The same on a structure built in code.
  sim::scenario s = parse_scenario(with_option(R"({"name": "e", "platform": "eks", "compute": "ec2",
                                                 "instance_types": ["g4dn.2xlarge"]})"),
                                   "gpu.json", default_catalog());
  s.options[0].compute = sim::compute_kind::fargate;
  s.options[0].instance_types.clear();
  EXPECT_THROW(sim::validate(s, default_catalog()), input_error);
}

TEST(GpuValidate, Ec2OptionWithoutAGpuTypeIsAnInputError) {
  try {
    (void)parse_scenario(with_option(R"({"name": "e", "platform": "ecs", "compute": "ec2",
                                         "instance_types": ["m6i.xlarge", "m6i.2xlarge"]})"),
                         "gpu.json", default_catalog());
    FAIL() << "expected an input error";
  } catch (const input_error& e) {
    EXPECT_EQ(e.code(), errid::unsupported) << e.what();
    EXPECT_NE(std::string(e.what()).find("no instance type has 1 GPU(s)"), std::string::npos)
        << e.what();
  }
}

TEST(GpuValidate, CpuMillicoresMustAgreeWithCpuUnits) {
  const std::string base = R"({"name": "m", "horizon": {"days": 1},
    "services": [{"name": "tiny", "task": {"cpu": %CPU%, "cpu_millicores": 100, "memory": 64}, "demand": {"base": 1}}],
    "options": [{"name": "e", "platform": "eks", "compute": "ec2", "instance_types": ["m6i.large"]}]})";
  auto with_cpu = [&](const char* cpu) {
    std::string s = base;
    s.replace(s.find("%CPU%"), 5, cpu);
    return s;
  };
  // 100 millicores = ⌈100 × 1024 / 1000⌉ = 103 units.
  EXPECT_EQ(parse_scenario(with_cpu("103"), "m.json", default_catalog()).services[0].cpu_millicores,
            100);
  try {
    (void)parse_scenario(with_cpu("256"), "m.json", default_catalog());
    FAIL() << "expected an input error";
  } catch (const input_error& e) {
    EXPECT_EQ(e.code(), errid::out_of_range) << e.what();
    EXPECT_NE(
        std::string(e.what()).find("/services/0/task/cpu: 256 disagrees with cpu_millicores 100"),
        std::string::npos)
        << e.what();
  }
}

TEST(GpuValidate, CliRejectsAFargateOptionForAGpuServiceWithOneLine) {
  const auto dir = std::filesystem::temp_directory_path() / "fleetcast-gpu-test-cli";
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "gpu-fargate.json").string();
  write_file_atomic(path, with_option(R"({"name": "f", "platform": "ecs", "compute": "fargate"})"));
  std::vector<const char*> args = {"fleetcast", "simulate", path.c_str(), "--trials", "1"};
  std::ostringstream out, err;
  EXPECT_EQ(cli::run(static_cast<int>(args.size()), args.data(), out, err), 2);
  const std::string e = err.str();
  EXPECT_EQ(e.rfind("[fleetcast.input.9]", 0), 0u) << e;
  EXPECT_EQ(std::count(e.begin(), e.end(), '\n'), 1) << e;
  std::filesystem::remove_all(dir);
}

// --- import -----------------------------------------------------------------------------------

constexpr const char* gpu_pod = R"(apiVersion: v1
kind: Pod
metadata: {name: infer}
spec:
  containers:
  - name: c
    resources:
      requests: {cpu: "4", memory: 16Gi, nvidia.com/gpu: 1}
      limits: {nvidia.com/gpu: 1}
)";

TEST(GpuImport, GpuPodGetsEc2OnlyAndPacksOnTheCheapestGTypeThatHoldsIt) {
  const std::string text = imported_text(gpu_pod, "infer.yaml");
  sim::scenario s = parse_scenario(text, "imported", default_catalog());
  // No Fargate option, ECS or EKS: "GPUs aren't currently available on Fargate" (EKS user guide).
  EXPECT_EQ(option_names(s), (std::vector<std::string>{"ecs-ec2", "ecs-ec2-spot", "eks-ec2", "eks-ec2-spot"}));
  EXPECT_EQ(s.services[0].gpus, 1);
  EXPECT_EQ(s.services[0].cpu_millicores, 4000);
  EXPECT_EQ(s.services[0].task.memory_mib, 16384);
  EXPECT_NE(text.find(R"("$not_generated")"), std::string::npos);
  EXPECT_NE(text.find(R"("option": "eks-fargate")"), std::string::npos);
  EXPECT_NE(text.find("(Fargate has no GPUs)"), std::string::npos);
  const auto skipped = impossible_options(import_workloads(gpu_pod, "infer.yaml"));
  ASSERT_EQ(skipped.size(), 3u);
  EXPECT_EQ(skipped[2].option, "eks-fargate");
  keep_only(s, "eks-ec2");

  // One pod all the time (min = max = 1) over one day. By hand, from the built-in catalog
  // (Karpenter's 2026-07-20 prices): g4dn.xlarge ($0.526) and g6.xlarge/g5.xlarge have 4 vCPU,
  // whose allocatable (4000m − 80m kube-reserved = 3920m) is below the pod's 4000m; of the
  // 8-vCPU types g4dn.2xlarge is the cheapest at $0.752 (g6.2xlarge $0.9776, g5.2xlarge
  // $1.212). So one g4dn.2xlarge for 24 h: 24 × 0.752 = $18.048, plus the EKS control plane
  // 24 × $0.10.
  s.horizon.days = 1;
  hold_one_task(s);
  const auto r = sim::simulate_path(s, default_catalog(), 0);
  ASSERT_EQ(r.size(), 1u);
  ASSERT_EQ(r[0].instance_hours.size(), 1u);
  EXPECT_EQ(r[0].instance_hours[0].first, "g4dn.2xlarge");
  EXPECT_NEAR(r[0].instance_hours[0].second, 24.0, 1e-9);
  EXPECT_NEAR(line(r[0], "compute_on_demand"), 24 * 0.752, 1e-9);
  EXPECT_NEAR(line(r[0], "control_plane"), 24 * 0.10, 1e-9);
  EXPECT_EQ(r[0].unplaceable_tasks, 0);
}

TEST(GpuImport, SharedVllmDeploymentPacksOnG4dnXlarge) {
  const std::string path =
      std::string(FLEETCAST_SHARED_DATA_DIR) + "/samples/k8s-vllm-deployment.yaml";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "shared sample absent: " << path;
  sim::scenario s = imported(read_text_file(path), path);
  EXPECT_EQ(option_names(s), (std::vector<std::string>{"ecs-ec2", "ecs-ec2-spot", "eks-ec2", "eks-ec2-spot"}));
  keep_only(s, "eks-ec2");
  EXPECT_EQ(s.services[0].gpus, 1);
  // 2 CPU, 10 GiB, 1 GPU fits the 4-vCPU, 16-GiB g4dn.xlarge, the cheapest GPU type ($0.526).
  s.horizon.days = 1;
  hold_one_task(s);
  const auto r = sim::simulate_path(s, default_catalog(), 0);
  ASSERT_EQ(r[0].instance_hours.size(), 1u);
  EXPECT_EQ(r[0].instance_hours[0].first, "g4dn.xlarge");
  EXPECT_NEAR(line(r[0], "compute_on_demand"), 24 * 0.526, 1e-9);
}

TEST(GpuImport, SmallPodKeepsItsRequestsOnEc2AndIsRoundedOnlyOnFargate) {
  const char* yaml = R"(apiVersion: v1
kind: Pod
metadata: {name: tiny}
spec:
  containers:
  - name: c
    resources: {requests: {cpu: 100m, memory: 64Mi}}
)";
  const sim::scenario s = imported(yaml, "tiny.yaml");
  EXPECT_EQ(option_names(s), (std::vector<std::string>{"ecs-fargate", "ecs-fargate-spot", "ecs-ec2", "ecs-ec2-spot",
                                                       "eks-fargate", "eks-ec2", "eks-ec2-spot"}));
  EXPECT_EQ(s.services[0].cpu_millicores, 100);
  EXPECT_EQ(s.services[0].task.cpu_units, 103);  // ⌈100 × 1024 / 1000⌉
  EXPECT_EQ(s.services[0].task.memory_mib, 64);
  // EKS on EC2 packs the request as written: 100 millicores, 64 MiB.
  sim::scenario one = s;
  keep_only(one, "eks-ec2");
  one.horizon.days = 1;
  one.services[0].scaling.min_tasks = one.services[0].scaling.max_tasks =
      one.services[0].initial_tasks = 1;
  // Fargate: 64 MiB + 256 MiB overhead = 320 MiB, 103 units → the smallest size, 0.25 vCPU / 0.5
  // GB.
  fargate_request r = s.services[0].task;
  r.on = platform::eks;
  const fargate_size f = fargate_billed_size(default_catalog().fargate, r);
  EXPECT_EQ(f.cpu_units, 256);
  EXPECT_EQ(f.memory_mib, 512);
  EXPECT_EQ(f.requested_memory_mib, 64 + 256);
  EXPECT_TRUE(f.rounded);
  // A pod without requests gets EKS Fargate's default: 250m, 256 MiB (+256 MiB on Fargate).
  const char* bare = R"(apiVersion: v1
kind: Pod
metadata: {name: bare}
spec:
  containers:
  - name: c
    image: x
)";
  const sim::scenario b = imported(bare, "bare.yaml");
  EXPECT_EQ(b.services[0].cpu_millicores, 250);
  EXPECT_EQ(b.services[0].task.cpu_units, 256);
  EXPECT_EQ(b.services[0].task.memory_mib, 256);
}

TEST(GpuImport, SmallPodPacksAsWrittenInTheCluster) {
  // 100m pods on m6i.large under Karpenter: allocatable 2000 − 70 = 1930 m (kube-reserved for
  // 2 cores: 60 + 10) and max pods 29; at 100m, 19 pods fit by CPU, so 19 pods need one node.
  // At the old 256 units (250m) only 7 would fit a node: 3 nodes for 19.
  const char* yaml = R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: tiny}
spec:
  replicas: 19
  template:
    spec:
      containers:
      - name: c
        resources: {requests: {cpu: 100m, memory: 64Mi}}
)";
  sim::scenario s = imported(yaml, "tiny.yaml");
  keep_only(s, "eks-ec2");
  s.options[0].instance_types = {"m6i.large"};
  s.horizon.days = 1;
  hold_tasks(s, 19);
  const auto r = sim::simulate_path(s, default_catalog(), 0);
  ASSERT_EQ(r[0].instance_hours.size(), 1u);
  EXPECT_NEAR(r[0].instance_hours[0].second, 24.0, 1e-9);  // one node all day
}

TEST(GpuImport, HostNetworkTaskDefinitionGetsFargateOptionsThatSayWhatTheyAssume) {
  // A host-mode EC2 task definition can move to Fargate with awsvpc: the Fargate options are
  // generated, and the import summary says what they assume (option_adaptations).
  const char* td = R"({"family": "agent", "networkMode": "host", "cpu": "512", "memory": "1024",
                       "containerDefinitions": [{"name": "a", "image": "x"}]})";
  const std::string text = imported_text(td, "agent.json");
  const sim::scenario s = parse_scenario(text, "imported", default_catalog());
  EXPECT_EQ(option_names(s), (std::vector<std::string>{"ecs-fargate", "ecs-fargate-spot", "ecs-ec2", "ecs-ec2-spot",
                                                       "eks-fargate", "eks-ec2", "eks-ec2-spot"}));
  EXPECT_TRUE(impossible_options(import_workloads(td, "agent.json")).empty());
  const auto why = option_adaptations(import_workloads(td, "agent.json"));
  ASSERT_EQ(why.size(), 1u);
  EXPECT_NE(why[0].find("networkMode host becomes awsvpc"), std::string::npos) << why[0];
  // Without task-level sizes: the same, with that said.
  const char* sized_by_containers = R"({"family": "web", "networkMode": "awsvpc",
                       "containerDefinitions": [{"name": "a", "image": "x", "cpu": 256, "memory": 512}]})";
  const auto sized = option_adaptations(import_workloads(sized_by_containers, "web.json"));
  ASSERT_EQ(sized.size(), 1u);
  EXPECT_NE(sized[0].find("task-level cpu and memory"), std::string::npos) << sized[0];
  // A host-mode task definition that asks for FARGATE is refused on import, as ECS refuses it.
  const char* fargate_host =
      R"({"family": "agent", "networkMode": "host", "cpu": "512", "memory": "1024",
                                 "requiresCompatibilities": ["FARGATE"],
                                 "containerDefinitions": [{"name": "a", "image": "x"}]})";
  EXPECT_THROW((void)import_workloads(fargate_host, "agent.json"), input_error);
}

TEST(GpuImport, CliImportSummaryListsEachOptionNotGenerated) {
  const auto dir = std::filesystem::temp_directory_path() / "fleetcast-gpu-test-import";
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "infer.yaml").string();
  write_file_atomic(path, gpu_pod);
  std::vector<const char*> args = {"fleetcast", "import", path.c_str()};
  std::ostringstream out, err;
  EXPECT_EQ(cli::run(static_cast<int>(args.size()), args.data(), out, err), 0) << err.str();
  const std::string e = err.str();
  EXPECT_NE(e.find("not generated: ecs-fargate: Pod \"infer\""), std::string::npos) << e;
  EXPECT_NE(e.find("not generated: eks-fargate: Pod \"infer\""), std::string::npos) << e;
  EXPECT_NE(out.str().find("\"$not_generated\""), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace fleetcast
