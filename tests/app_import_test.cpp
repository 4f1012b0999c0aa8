// Importing a whole application: a directory (with or without kustomization.yaml) or several
// files read as one, every option for every input, DaemonSets as per-node overhead, and errors
// that say what to give instead. Real inputs: tests/data/online-boutique and tests/data/podinfo
// (see their SOURCE.md), /work/shared/data/samples via FLEETCAST_SHARED_DATA_DIR when present.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "cli.hpp"
#include "fleetcast/core/error.hpp"
#include "fleetcast/io/app_import.hpp"
#include "fleetcast/io/files.hpp"
#include "fleetcast/io/scenario_json.hpp"
#include "fleetcast/io/workload_scenario.hpp"
#include "fleetcast/sim/simulate.hpp"

namespace fleetcast {
namespace {

namespace fs = std::filesystem;

const fs::path data = fs::path(FLEETCAST_SOURCE_DIR) / "tests" / "data";

std::vector<std::string> option_names(const sim::scenario& s) {
  std::vector<std::string> v;
  for (const auto& o : s.options) v.push_back(o.name);
  return v;
}

const std::vector<std::string> all_seven = {"ecs-fargate",  "ecs-fargate-spot", "ecs-ec2",
                                            "ecs-ec2-spot", "eks-fargate",      "eks-ec2",
                                            "eks-ec2-spot"};

/// A scratch directory removed at the end of the test.
struct scratch {
  fs::path dir;
  explicit scratch(const char* name) : dir(fs::temp_directory_path() / name) {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~scratch() { fs::remove_all(dir); }
  std::string put(const std::string& rel, std::string_view text) const {
    fs::create_directories((dir / rel).parent_path());
    write_file_atomic((dir / rel).string(), text);
    return (dir / rel).string();
  }
};

TEST(AppImport, OnlineBoutiqueDirectoryFollowsItsKustomization) {
  const imported_app app = import_application({(data / "online-boutique").string()});
  EXPECT_EQ(app.name, "online-boutique");
  // kustomization.yaml lists 10 of the 11 workload files (loadgenerator.yaml is commented
  // out); cartservice.yaml holds two Deployments (cartservice, redis-cart): 11 workloads.
  EXPECT_EQ(app.files.size(), 10u);
  ASSERT_EQ(app.workloads.size(), 11u);
  for (const auto& w : app.workloads) EXPECT_NE(w.name, "loadgenerator");
  // adservice.yaml: requests cpu 200m, memory 180Mi (the file).
  EXPECT_EQ(app.workloads[0].name, "adservice");
  EXPECT_EQ(app.workloads[0].cpu_millicores, 200);
  EXPECT_EQ(app.workloads[0].memory_mib, 180);
  std::size_t services = 0, accounts = 0, not_listed = 0;
  for (const auto& s : app.skipped) {
    services += s.kind == "Service";
    accounts += s.kind == "ServiceAccount";
    not_listed += s.name == "loadgenerator.yaml";
  }
  // Counted in the 10 files: 12 Services (cartservice.yaml has redis-cart's, frontend.yaml
  // frontend-external), 10 ServiceAccounts (redis-cart has none).
  EXPECT_EQ(services, 12u);
  EXPECT_EQ(accounts, 10u);
  EXPECT_EQ(not_listed, 1u);

  const sim::scenario s =
      parse_scenario(workloads_to_scenario_json(app.workloads, app.name), "x", default_catalog());
  EXPECT_EQ(s.name, "online-boutique");
  EXPECT_EQ(option_names(s), all_seven);
  EXPECT_EQ(s.services.size(), 11u);
  // Every service has the same demand model shape and both autoscalers.
  for (const auto& sv : s.services) {
    EXPECT_TRUE(sv.hpa.has_value()) << sv.name;
    EXPECT_EQ(sv.hpa_on, sim::hpa_scope::eks_options) << sv.name;
  }
  const std::string summary = import_summary(app);
  EXPECT_NE(summary.find("scenario \"online-boutique\": 11 services from 10 files"),
            std::string::npos)
      << summary;
  EXPECT_NE(summary.find("12 Service ("), std::string::npos) << summary;
  EXPECT_NE(summary.find("loadgenerator.yaml"), std::string::npos) << summary;
  EXPECT_NE(summary.find("demand: every service gets the same model"), std::string::npos)
      << summary;
  // adservice on Fargate: 200m → 205 units → 0.25 vCPU; 180 MiB → 0.5 GB on ECS; EKS adds
  // 256 MiB: 436 MiB → 0.5 GB still (Fargate's size table: 0.25 vCPU with 0.5, 1, 2 GB).
  EXPECT_NE(summary.find("adservice: Deployment in "), std::string::npos) << summary;
  EXPECT_NE(summary.find("200m CPU, 180 MiB; 1 replica; default scaling: 1-3 at 70 % CPU; Fargate "
                         "bills 0.25 vCPU + "
                         "0.5 GB on ECS, 0.25 vCPU + 0.5 GB on EKS"),
            std::string::npos)
      << summary;
  EXPECT_NE(summary.find("Note: followed "), std::string::npos) << summary;
}

TEST(AppImport, ShellGlobOfTheDirectoryReadsEveryFileGivenOnce) {
  // `fleetcast import online-boutique/*.yaml`: the kustomization is followed, and the files it
  // lists, named again by the glob, are read once; loadgenerator.yaml, named by the glob, is
  // read too (12 Deployments in 11 files).
  std::vector<std::string> glob;
  for (const auto& e : fs::directory_iterator(data / "online-boutique"))
    if (e.path().extension() == ".yaml") glob.push_back(e.path().string());
  std::sort(glob.begin(), glob.end());
  const imported_app app = import_application(glob);
  EXPECT_EQ(app.name, "online-boutique");
  EXPECT_EQ(app.files.size(), 11u);
  EXPECT_EQ(app.workloads.size(), 12u);
  for (const auto& s : app.skipped)
    EXPECT_EQ(s.kind.find("file"), std::string::npos) << s.name << ": " << s.why;
}

TEST(AppImport, PodinfoHpaInAnotherFileAttaches) {
  const imported_app app = import_application({(data / "podinfo").string()});
  EXPECT_EQ(app.name, "podinfo");
  ASSERT_EQ(app.workloads.size(), 1u);
  const imported_workload& w = app.workloads[0];
  // hpa.yaml: minReplicas 2, maxReplicas 4, averageUtilization 99; deployment.yaml: 100m, 64Mi.
  EXPECT_EQ(w.min_replicas, 2);
  EXPECT_EQ(w.max_replicas, 4);
  EXPECT_EQ(w.target_cpu_percent, 99.0);
  EXPECT_EQ(w.cpu_millicores, 100);
  EXPECT_EQ(w.memory_mib, 64);
  // The same three files given one by one, HPA first: the same result (matched across files).
  const imported_app files = import_application({(data / "podinfo" / "hpa.yaml").string(),
                                                 (data / "podinfo" / "deployment.yaml").string(),
                                                 (data / "podinfo" / "service.yaml").string()});
  EXPECT_EQ(files.name, "podinfo");  // the files' common directory
  ASSERT_EQ(files.workloads.size(), 1u);
  EXPECT_EQ(files.workloads[0].max_replicas, 4);
  EXPECT_EQ(files.skipped.size(), 1u);  // the Service
}

TEST(AppImport, DirectoryWithoutKustomizationIsSearchedInSortedOrderSkippingHiddenDirs) {
  scratch t("fleetcast-app-import-dir");
  t.put("b/web.yaml", R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  template:
    spec:
      containers: [{name: c, resources: {requests: {cpu: 500m, memory: 1Gi}}}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: web-config}
)");
  t.put("a/hpa.yml", R"(apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 6
)");
  t.put("c/logs.yaml", R"(apiVersion: apps/v1
kind: DaemonSet
metadata: {name: fluent-bit}
spec:
  template:
    spec:
      containers: [{name: c, resources: {requests: {cpu: 100m, memory: 128Mi}}}]
)");
  t.put("c/job.yaml", R"(apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec: {template: {spec: {containers: [{name: c}]}}}
)");
  t.put(".git/junk.yaml", "not: [valid");
  t.put("README.md", "# not read");
  // Found in the directory but not workload files: left out with a note, not an error.
  t.put("docker-compose.yml", "services:\n  web: {image: nginx}\n");
  t.put("package.json", R"({"name": "web", "version": "1.0.0"})");
  const imported_app app = import_application({t.dir.string()});
  EXPECT_EQ(app.name, "fleetcast-app-import-dir");
  ASSERT_EQ(app.files.size(), 4u);  // not docker-compose.yml, package.json
  EXPECT_NE(app.files[0].find("a/hpa.yml"), std::string::npos);
  ASSERT_EQ(app.workloads.size(), 2u);
  EXPECT_EQ(app.workloads[0].max_replicas, 6);  // autoscaling/v2 without metrics: 80 %
  EXPECT_EQ(app.workloads[0].target_cpu_percent, 80.0);
  EXPECT_EQ(app.workloads[1].kind, "DaemonSet");

  const std::string json = workloads_to_scenario_json(app.workloads, app.name);
  const sim::scenario s = parse_scenario(json, "x", default_catalog());
  EXPECT_EQ(option_names(s), all_seven);
  ASSERT_EQ(s.services.size(), 1u);  // the DaemonSet is overhead, not a service
  for (const auto& o : s.options) {
    if (o.on == platform::eks && o.compute == sim::compute_kind::ec2) {
      EXPECT_EQ(o.daemonset_cpu_millicores, 100) << o.name;
      EXPECT_EQ(o.daemonset_memory_mib, 128) << o.name;
      EXPECT_EQ(o.daemonset_pods, 1) << o.name;
    } else if (o.compute == sim::compute_kind::ec2) {
      EXPECT_EQ(o.ecs.reserved_memory_mib, 128) << o.name;
    } else {
      EXPECT_EQ(o.daemonset_pods, 0) << o.name;
    }
  }
  const std::string summary = import_summary(app);
  EXPECT_NE(summary.find("fluent-bit"), std::string::npos) << summary;
  EXPECT_NE(summary.find("EKS Fargate runs no DaemonSets"), std::string::npos) << summary;
  EXPECT_NE(summary.find("1 Job (migrate): runs pods to completion"), std::string::npos) << summary;
  EXPECT_NE(summary.find("1 ConfigMap (web-config): runs no pods"), std::string::npos) << summary;
  EXPECT_NE(summary.find("(docker-compose.yml): holds no Kubernetes object"), std::string::npos)
      << summary;
  EXPECT_NE(
      summary.find("(package.json): is neither an ECS task definition nor a Kubernetes object"),
      std::string::npos)
      << summary;
}

TEST(AppImport, EcsTaskDefinitionsOfBothLaunchTypesTogether) {
  const fs::path samples = fs::path(FLEETCAST_SHARED_DATA_DIR) / "samples";
  if (!fs::exists(samples)) GTEST_SKIP() << "no " << samples;
  const imported_app app =
      import_application({(samples / "ecs-taskdef-kibana-fargate.json").string(),
                          (samples / "ecs-taskdef-nginx-ec2.json").string()});
  ASSERT_EQ(app.workloads.size(), 2u);
  const sim::scenario s =
      parse_scenario(workloads_to_scenario_json(app.workloads, app.name), "x", default_catalog());
  EXPECT_EQ(option_names(s), all_seven);
  const std::string summary = import_summary(app);
  // nginx: bridge, EC2 only, no task-level size: the Fargate options say what they assume.
  EXPECT_NE(summary.find("networkMode bridge becomes awsvpc"), std::string::npos) << summary;
  // nginx's container: 256 units, 256 MiB → ECS Fargate 0.25 vCPU / 0.5 GB; EKS: 256 + 256 MiB
  // = 512 MiB → 0.25 vCPU / 0.5 GB.
  EXPECT_NE(summary.find("0.25 vCPU, 256 MiB"), std::string::npos) << summary;
}

TEST(AppImport, GpuWorkloadListsEveryFargateOptionAsNotGenerated) {
  const char* pod = R"(apiVersion: v1
kind: Pod
metadata: {name: infer}
spec:
  containers: [{name: c, resources: {limits: {nvidia.com/gpu: 1, cpu: 4, memory: 16Gi}}}]
)";
  const auto w = import_workloads(pod, "infer.yaml");
  const auto skipped = impossible_options(w);
  ASSERT_EQ(skipped.size(), 3u);
  EXPECT_EQ(skipped[0].option, "ecs-fargate");
  EXPECT_EQ(skipped[1].option, "ecs-fargate-spot");
  EXPECT_EQ(skipped[2].option, "eks-fargate");
  EXPECT_EQ(generated_options(w),
            (std::vector<std::string>{"ecs-ec2", "ecs-ec2-spot", "eks-ec2", "eks-ec2-spot"}));
}

TEST(AppImport, Arm64WorkloadsGetGravitonTypesAndNoEksFargate) {
  const char* yaml = R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  replicas: 2
  template:
    spec:
      nodeSelector: {kubernetes.io/arch: arm64}
      containers: [{name: c, resources: {requests: {cpu: 500m, memory: 1Gi}}}]
)";
  const auto w = import_workloads(yaml, "arm.yaml");
  const sim::scenario s =
      parse_scenario(workloads_to_scenario_json(w, "arm"), "x", default_catalog());
  // EKS Fargate runs x86_64 pods only (billing::validate_fargate_request); ECS Fargate runs arm64.
  EXPECT_EQ(option_names(s), (std::vector<std::string>{"ecs-fargate", "ecs-fargate-spot", "ecs-ec2",
                                                       "ecs-ec2-spot", "eks-ec2", "eks-ec2-spot"}));
  const auto& eks = s.options[4].instance_types;
  EXPECT_NE(std::find(eks.begin(), eks.end(), "m6g.large"), eks.end());
  EXPECT_NE(std::find(eks.begin(), eks.end(), "r6g.large"), eks.end());
  const auto r = sim::simulate_path(s, default_catalog(), 0);
  for (const auto& o : r) EXPECT_EQ(o.unplaceable_tasks, 0);
}

TEST(AppImport, WindowsTaskGetsEcsFargateOnly) {
  // Windows: ECS Fargate runs it (1 vCPU at least); Fargate Spot and EKS Fargate are Linux only
  // (billing::validate_fargate_request); the catalog has Linux EC2 prices only.
  const char* td = R"({"family": "iis", "cpu": "1024", "memory": "2048", "networkMode": "awsvpc",
    "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE", "cpuArchitecture": "X86_64"},
    "containerDefinitions": [{"name": "iis", "image": "iis"}]})";
  const auto w = import_workloads(td, "iis.json");
  const sim::scenario s =
      parse_scenario(workloads_to_scenario_json(w, "iis"), "x", default_catalog());
  EXPECT_EQ(option_names(s), (std::vector<std::string>{"ecs-fargate"}));
  EXPECT_EQ(impossible_options(w).size(), 6u);
}

TEST(AppImport, ErrorsSayWhatToGiveInstead) {
  scratch t("fleetcast-app-import-errors");
  t.put("chart/Chart.yaml", "apiVersion: v2\nname: web\n");
  t.put("chart/templates/deploy.yaml", "kind: Deployment\n");
  try {
    (void)import_application({(t.dir / "chart").string()});
    ADD_FAILURE() << "no error";
  } catch (const input_error& e) {
    EXPECT_NE(std::string(e.what()).find("helm template NAME"), std::string::npos) << e.what();
  }
  // A template without ECS resources: what to do instead.
  const std::string cfn = t.put("bucket.yaml", R"(AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Bucket: {Type: AWS::S3::Bucket}
)");
  try {
    (void)import_application({cfn});
    ADD_FAILURE() << "no error";
  } catch (const input_error& e) {
    EXPECT_NE(std::string(e.what()).find("CloudFormation template"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("AWS::ECS::TaskDefinition"), std::string::npos)
        << e.what();
  }
  const std::string cfn_json =
      t.put("stack.json", R"({"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}})");
  EXPECT_THROW((void)import_application({cfn_json}), input_error);
  const std::string rc = t.put("rc.yaml", R"(apiVersion: v1
kind: ReplicationController
metadata: {name: old}
spec: {replicas: 2, template: {spec: {containers: [{name: c}]}}}
)");
  try {
    (void)import_application({rc});
    ADD_FAILURE() << "no error";
  } catch (const input_error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("kind: Deployment"), std::string::npos) << m;
    EXPECT_NE(m.find("Deployment, StatefulSet, DaemonSet, Pod"), std::string::npos) << m;
  }
  // An HPA whose Deployment is in no file given.
  const std::string hpa = t.put("only/hpa.yaml", R"(apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec: {scaleTargetRef: {kind: Deployment, name: web}, maxReplicas: 3}
)");
  try {
    (void)import_application({hpa});
    ADD_FAILURE() << "no error";
  } catch (const input_error& e) {
    EXPECT_NE(std::string(e.what()).find("not among the files given"), std::string::npos)
        << e.what();
  }
}

TEST(AppImport, CloudFormationEcsResourcesAreReadDirectly) {
  scratch t("fleetcast-app-import-cfn");
  // The shape of a typical template: sizes as parameters with defaults, the image from a
  // function, a service that refers to the task definition.
  const std::string cfn = t.put("stack.yaml", R"(AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  TaskCpu: {Type: String, Default: "512"}
  TaskMemory: {Type: Number, Default: 1024}
Resources:
  WebTask:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: web
      Cpu: !Ref TaskCpu
      Memory: {Ref: TaskMemory}
      NetworkMode: awsvpc
      RequiresCompatibilities: [FARGATE]
      ContainerDefinitions:
        - Name: web
          Image: !Sub "${AWS::AccountId}.dkr.ecr.us-east-1.amazonaws.com/web:latest"
          PortMappings: [{ContainerPort: 8080}]
  WebService:
    Type: AWS::ECS::Service
    Properties:
      ServiceName: web
      TaskDefinition: !Ref WebTask
      DesiredCount: 3
      LaunchType: FARGATE
  Bucket: {Type: AWS::S3::Bucket}
)");
  const imported_app app = import_application({cfn});
  ASSERT_EQ(app.workloads.size(), 1u);
  const imported_workload& w = app.workloads[0];
  EXPECT_EQ(w.name, "web");
  EXPECT_EQ(w.cpu_units, 512);    // the TaskCpu parameter's Default
  EXPECT_EQ(w.memory_mib, 1024);  // TaskMemory's
  EXPECT_EQ(w.replicas, 3);       // the service's DesiredCount
  ASSERT_EQ(app.notes.size(), 1u);
  EXPECT_NE(app.notes[0].find("CloudFormation template"), std::string::npos) << app.notes[0];
  const sim::scenario s =
      parse_scenario(workloads_to_scenario_json(app.workloads, app.name), "x", default_catalog());
  EXPECT_EQ(option_names(s), all_seven);
}

TEST(AppImport, CliImportsADirectoryWritesTheSchemaBesideAndSimulateRunsIt) {
  scratch t("fleetcast-app-import-cli");
  const std::string out_path = (t.dir / "boutique.json").string();
  const std::string dir = (data / "online-boutique").string();
  {
    std::vector<const char*> args = {"fleetcast", "import", dir.c_str(), "-o", out_path.c_str()};
    std::ostringstream out, err;
    ASSERT_EQ(cli::run(static_cast<int>(args.size()), args.data(), out, err), 0) << err.str();
    EXPECT_NE(err.str().find("Options generated (7)"), std::string::npos) << err.str();
    EXPECT_NE(err.str().find("Left out:"), std::string::npos) << err.str();
  }
  const std::string text = read_text_file(out_path);
  EXPECT_NE(text.find(R"("$schema": "./scenario.schema.json")"), std::string::npos);
  // The $schema resolves: the file is there, and it is the schema compiled in.
  EXPECT_EQ(read_text_file((t.dir / "scenario.schema.json").string()),
            std::string(scenario_schema_json()));
  EXPECT_EQ(read_text_file(
                (fs::path(FLEETCAST_SOURCE_DIR) / "examples" / "scenario.schema.json").string()),
            std::string(scenario_schema_json()));
  {
    // --quiet: nothing on stderr.
    std::vector<const char*> args = {"fleetcast", "import", "--quiet",
                                     "--name",    "shop",   dir.c_str()};
    std::ostringstream out, err;
    ASSERT_EQ(cli::run(static_cast<int>(args.size()), args.data(), out, err), 0) << err.str();
    EXPECT_EQ(err.str(), "");
    EXPECT_NE(out.str().find(R"("name": "shop")"), std::string::npos);
    EXPECT_EQ(out.str().find("$schema"), std::string::npos);  // on stdout nothing sits beside it
  }
  {
    std::vector<const char*> args = {"fleetcast", "simulate", out_path.c_str(), "--trials", "2",
                                     "--format",  "csv"};
    std::ostringstream out, err;
    ASSERT_EQ(cli::run(static_cast<int>(args.size()), args.data(), out, err), 0) << err.str();
    for (const auto& o : all_seven) EXPECT_NE(out.str().find(o + ","), std::string::npos) << o;
  }
  {
    // simulate takes the directory itself too.
    const std::string podinfo = (data / "podinfo").string();
    std::vector<const char*> args = {"fleetcast", "simulate", podinfo.c_str(), "--trials", "2",
                                     "--format",  "csv"};
    std::ostringstream out, err;
    ASSERT_EQ(cli::run(static_cast<int>(args.size()), args.data(), out, err), 0) << err.str();
    EXPECT_NE(out.str().find("ecs-fargate,"), std::string::npos);
    EXPECT_NE(out.str().find("eks-ec2,"), std::string::npos);
  }
}

}  // namespace
}  // namespace fleetcast
