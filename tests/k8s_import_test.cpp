// Kubernetes import: the resource.Quantity grammar with exact values (each worked by hand in
// its comment), the two real manifests under shared/data/samples, and small inline manifests
// for the sizing rule, autoscalers and every error id the importer raises.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "fleetcast/core/error.hpp"
#include "fleetcast/core/limits.hpp"
#include "fleetcast/io/files.hpp"
#include "fleetcast/io/k8s_quantity.hpp"
#include "fleetcast/io/workload_import.hpp"

namespace fleetcast {
namespace {

constexpr std::int64_t Ki = 1024, Mi = Ki * 1024, Gi = Mi * 1024;

std::int64_t cpu(std::string_view q) {
  return parse_cpu_millicores(q, "/cpu");
}
std::int64_t bytes(std::string_view q) {
  return parse_memory_bytes(q, "/memory");
}

/// Runs `f`, which must throw input_error with this id; returns the error for further checks.
input_error expect_input_error(const std::function<void()>& f, const std::string& id) {
  try {
    f();
  } catch (const input_error& e) {
    EXPECT_EQ(e.id(), id) << e.what();
    return e;
  }
  ADD_FAILURE() << "no input_error thrown, expected " << id;
  return input_error(errid::usage, "", "");
}

std::vector<imported_workload> import(const std::string& yaml) {
  return import_kubernetes(yaml, "test.yaml");
}

input_error import_error(const std::string& yaml, const std::string& id) {
  return expect_input_error([&] { (void)import(yaml); }, id);
}

// ---------------------------------------------------------------------------------------------
// Quantities

TEST(K8sQuantity, HeaderAndIssueExamples) {
  EXPECT_EQ(cpu("500m"), 500);  // 500 × 10^-3 cores = 500 millicores
  EXPECT_EQ(cpu("1.5"), 1500);  // 1.5 cores × 1000
  EXPECT_EQ(cpu("0.0001"), 1);  // 0.1 millicore, rounded up to 1
  EXPECT_EQ(cpu("0.1"), 100);   // exactly 100, no binary-float 99.999…
  EXPECT_EQ(cpu("2"), 2000);
  EXPECT_EQ(bytes("1Gi"), 1073741824);       // 1024^3
  EXPECT_EQ(bytes("128974848"), 128974848);  // plain bytes
  EXPECT_EQ(bytes("129e6"), 129000000);      // 129 × 10^6
  EXPECT_EQ(bytes("123Mi"), 128974848);      // 123 × 1048576 = 128974848, the same as above
  EXPECT_EQ(bytes("1.5Gi"), 1610612736);     // 1.5 × 1073741824 = 1610612736 (= 1536Mi)
  EXPECT_EQ(bytes("1.5G"), 1500000000);      // 1.5 × 10^9
  EXPECT_EQ(bytes("129M"), 129000000);       // 129 × 10^6
  EXPECT_EQ(bytes("1G"), 1000000000);
  EXPECT_EQ(bytes("100Mi"), 104857600);  // 100 × 1048576, the guestbook request
}

TEST(K8sQuantity, EveryFormOfTheGrammar) {
  EXPECT_EQ(cpu(".5"), 500);   // <number> ::= .<digits>
  EXPECT_EQ(cpu("5."), 5000);  // <number> ::= <digits>.
  EXPECT_EQ(cpu("+1"), 1000);  // a sign is allowed; + is harmless
  EXPECT_EQ(cpu("0"), 0);
  EXPECT_EQ(cpu("-0"), 0);  // zero is not negative
  EXPECT_EQ(bytes("0.000Gi"), 0);
  EXPECT_EQ(cpu("1e-3"), 1);                    // 10^-3 cores = 1 millicore
  EXPECT_EQ(cpu("2E+0"), 2000);                 // exponent with a sign
  EXPECT_EQ(bytes("1E3"), 1000);                // E followed by digits is an exponent …
  EXPECT_EQ(bytes("1E"), 1000000000000000000);  // … E alone is exa, 10^18
  EXPECT_EQ(bytes("1k"), 1000);
  EXPECT_EQ(bytes("1Ki"), Ki);
  EXPECT_EQ(bytes("1Ti"), Gi * 1024);
  EXPECT_EQ(bytes("1Pi"), Gi * 1024 * 1024);
  EXPECT_EQ(bytes("1T"), 1000000000000);
  EXPECT_EQ(bytes("1P"), 1000000000000000);
  EXPECT_EQ(cpu("1000000u"), 1000);   // 10^6 × 10^-6 cores = 1 core
  EXPECT_EQ(cpu("500000000n"), 500);  // 5 × 10^8 × 10^-9 = 0.5 core
  EXPECT_EQ(cpu("0.5k"), 500000);     // 500 cores
  EXPECT_EQ(bytes("007Mi"), 7 * Mi);  // leading zeros are digits like any other
  EXPECT_EQ(bytes("1.000000000000000000000000000000Ki"), Ki);  // long fractions stay exact
}

TEST(K8sQuantity, RoundsUpBelowTheUnit) {
  EXPECT_EQ(cpu("0.1m"), 1);                         // 0.1 millicore → 1 (the formats.md example)
  EXPECT_EQ(cpu("1n"), 1);                           // 10^-6 millicore → 1
  EXPECT_EQ(cpu("1.0001"), 1001);                    // 1000.1 millicores → 1001
  EXPECT_EQ(cpu("100.0001m"), 101);                  // 100.0001 → 101
  EXPECT_EQ(cpu("1e-400"), 1);                       // far below a millicore, still not zero
  EXPECT_EQ(bytes("1.5"), 2);                        // 1.5 bytes → 2
  EXPECT_EQ(bytes("1m"), 1);                         // a thousandth of a byte → 1
  EXPECT_EQ(bytes("0.5Ki"), 512);                    // exact: 0.5 × 1024
  EXPECT_EQ(bytes("0.3Ki"), 308);                    // 0.3 × 1024 = 307.2 → 308
  EXPECT_EQ(bytes("1.0000000001Gi"), Gi + 1);        // 1073741824.1073741824 → +1
  EXPECT_EQ(bytes("2.99999999999999999999999"), 3);  // no double would tell this from 3
}

TEST(K8sQuantity, Limits) {
  EXPECT_EQ(cpu("1e9"), 1000000000000);  // 10^9 cores = 10^12 millicores, the largest allowed
  EXPECT_EQ(bytes("1Ei"), std::int64_t{1} << 60);  // 2^60, the largest allowed
  const auto too_large = [](std::function<void()> f) {
    const input_error e = expect_input_error(f, "fleetcast.input.5");
    EXPECT_NE(e.message().find("too large"), std::string::npos) << e.what();
  };
  too_large([] { (void)cpu("1000000001"); });       // 10^12 + 1000 millicores
  too_large([] { (void)cpu("1000000000.0001"); });  // 10^12 + 0.1 → 10^12 + 1 millicores
  too_large([] { (void)bytes("1025Pi"); });         // 2^60 + 2^50
  too_large([] { (void)bytes("1e400"); });
  too_large([] { (void)bytes("99999999999999999999999"); });
}

TEST(K8sQuantity, NegativeIsRejected) {
  for (const char* q : {"-1", "-500m", "-1Gi", "-0.001"}) {
    const input_error e = expect_input_error([&] { (void)bytes(q); }, "fleetcast.input.5");
    EXPECT_EQ(e.place(), "/memory");
    EXPECT_NE(e.message().find("negative"), std::string::npos) << e.what();
  }
}

TEST(K8sQuantity, InvalidFormsAreRejectedWithThePlace) {
  const std::vector<std::string> invalid = {
      "",    " 1",  "1 ",  "500 m", "1 Gi", "10GB", "1.5.2", "1e",    "e3",   "--1",
      "+-1", "-+1", "Mi",  "1mi",   "1KI",  "1Kb",  "1KiB",  "1gi",   "1K",   ".",
      "+",   "-",   "1e+", "1e3Mi", "1Mi2", "0x10", "1,5",   "1e1.5", "1.5e", "1ee3",
      "Gi1", "1 m", "1\t", "1i",    "1mm",  "inf",  "NaN",   "1_000", "１"};
  for (const std::string& q : invalid) {
    for (bool as_cpu : {true, false}) {
      const std::string place = "/spec/containers/0/resources/requests/x";
      const input_error e = expect_input_error(
          [&] { (void)(as_cpu ? parse_cpu_millicores(q, place) : parse_memory_bytes(q, place)); },
          "fleetcast.input.5");
      EXPECT_EQ(e.place(), place) << "for \"" << q << "\"";
      EXPECT_NE(e.message().find("\"" + q + "\""), std::string::npos) << e.what();
      EXPECT_NE(e.message().find("not a Kubernetes quantity"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("[fleetcast.input.5] " + place + ": "),
                std::string::npos)
          << e.what();
    }
  }
}

TEST(K8sQuantity, MessagesSayWhy) {
  const auto why = [](std::string_view q) {
    return expect_input_error([&] { (void)bytes(q); }, "fleetcast.input.5").message();
  };
  EXPECT_NE(why("10GB").find("unknown suffix \"GB\""), std::string::npos);
  EXPECT_NE(why("1.5.2").find("more than one decimal point"), std::string::npos);
  EXPECT_NE(why("500 m").find("white space"), std::string::npos);
  EXPECT_NE(why("").find("empty"), std::string::npos);
  EXPECT_NE(why("Mi").find("no digits"), std::string::npos);
  EXPECT_NE(why("1e+").find("exponent"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// The real samples

std::string sample(const std::string& name) {
  return std::string(FLEETCAST_SHARED_DATA_DIR) + "/samples/" + name;
}

TEST(K8sImport, GuestbookSample) {
  const std::string path = sample("k8s-guestbook-all-in-one.yaml");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "sample not found: " << path;
  const auto w = import_kubernetes(read_text_file(path), "guestbook.yaml");
  // Documents: 1 Service, 2 Deployment redis-master, 3 Service, 4 Deployment redis-replica,
  // 5 Service, 6 Deployment frontend. The Services are skipped.
  ASSERT_EQ(w.size(), 3u);
  const std::vector<std::string> names = {"redis-master", "redis-replica", "frontend"};
  for (std::size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE(names[i]);
    EXPECT_EQ(w[i].name, names[i]);
    EXPECT_EQ(w[i].kind, "Deployment");
    EXPECT_EQ(w[i].source, "guestbook.yaml (document " + std::to_string(2 * i + 2) + ")");
    EXPECT_EQ(w[i].on, platform::eks);
    EXPECT_EQ(w[i].replicas, static_cast<std::int64_t>(i + 1));  // 1, 2, 3
    EXPECT_EQ(w[i].cpu_millicores, 100);                         // cpu: 100m
    EXPECT_EQ(w[i].cpu_units, 0);
    EXPECT_EQ(w[i].memory_mib, 100);            // memory: 100Mi = 104857600 bytes = 100 MiB
    EXPECT_EQ(w[i].ephemeral_storage_gib, 20);  // none requested: the free 20 GiB
    EXPECT_EQ(w[i].gpus, 0);
    EXPECT_EQ(w[i].os, os_family::linux_os);
    EXPECT_EQ(w[i].arch, cpu_arch::x86_64);
    EXPECT_FALSE(w[i].min_replicas);
    EXPECT_FALSE(w[i].max_replicas);
    EXPECT_FALSE(w[i].target_cpu_percent);
  }
}

TEST(K8sImport, VllmSample) {
  const std::string path = sample("k8s-vllm-deployment.yaml");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "sample not found: " << path;
  const auto w = import_kubernetes(read_text_file(path), "vllm.yaml");
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].name, "vllm-gemma-deployment");
  EXPECT_EQ(w[0].kind, "Deployment");
  EXPECT_EQ(w[0].source, "vllm.yaml (document 1)");
  EXPECT_EQ(w[0].replicas, 1);
  // One container; requests equal limits: cpu "2", memory "10Gi", ephemeral-storage "10Gi",
  // nvidia.com/gpu "1" (all quoted strings).
  EXPECT_EQ(w[0].cpu_millicores, 2000);       // 2 cores
  EXPECT_EQ(w[0].memory_mib, 10240);          // 10 × 1024 MiB
  EXPECT_EQ(w[0].ephemeral_storage_gib, 10);  // 10Gi requested
  EXPECT_EQ(w[0].gpus, 1);
  EXPECT_EQ(w[0].arch, cpu_arch::x86_64);  // the nodeSelectors are comments only
}

// ---------------------------------------------------------------------------------------------
// Pod sizing

std::string deployment(const std::string& name, const std::string& pod_spec,
                       const std::string& extra_spec = "  replicas: 2\n") {
  return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name + "\nspec:\n" +
         extra_spec + "  template:\n    spec:\n" + pod_spec;
}

TEST(K8sImport, InitContainersTakeTheLargerOfSumAndMax) {
  // App containers: 250m + 250m = 500m, 256Mi + 256Mi = 512Mi. Init containers: max(1, 100m) =
  // 1000m and max(128Mi, 64Mi) = 128Mi. Pod: max(500, 1000) = 1000m, max(512, 128) = 512Mi.
  const auto w = import(deployment("web", R"(
      initContainers:
      - name: migrate
        resources: {requests: {cpu: 1, memory: 128Mi}}
      - name: warm
        resources: {requests: {cpu: 100m, memory: 64Mi}}
      containers:
      - name: app
        resources: {requests: {cpu: 250m, memory: 256Mi}}
      - name: proxy
        resources: {requests: {cpu: 250m, memory: 256Mi}}
)"));
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].cpu_millicores, 1000);
  EXPECT_EQ(w[0].memory_mib, 512);
  EXPECT_EQ(w[0].replicas, 2);
}

TEST(K8sImport, InitContainerMemoryCanDominate) {
  // App: 100m / 100Mi. Init: 50m / 2Gi. Pod: max(100, 50) = 100m, max(100, 2048) = 2048 MiB.
  const auto w = import(deployment("batch", R"(
      initContainers:
      - name: load
        resources: {requests: {cpu: 50m, memory: 2Gi}}
      containers:
      - name: app
        resources: {requests: {cpu: 100m, memory: 100Mi}}
)"));
  EXPECT_EQ(w[0].cpu_millicores, 100);
  EXPECT_EQ(w[0].memory_mib, 2048);
}

TEST(K8sImport, SidecarInitContainersRunBesideTheApp) {
  // The sidecar (restartPolicy Always, 100m / 64Mi) joins the app sum: 500m + 100m = 600m,
  // 512Mi + 64Mi = 576Mi. The init container after it runs beside it: 1000m + 100m = 1100m,
  // 128Mi + 64Mi = 192Mi. Pod: max(600, 1100) = 1100m, max(576, 192) = 576Mi.
  const auto w = import(deployment("mesh", R"(
      initContainers:
      - name: envoy
        restartPolicy: Always
        resources: {requests: {cpu: 100m, memory: 64Mi}}
      - name: migrate
        resources: {requests: {cpu: 1, memory: 128Mi}}
      containers:
      - name: app
        resources: {requests: {cpu: 500m, memory: 512Mi}}
)"));
  EXPECT_EQ(w[0].cpu_millicores, 1100);
  EXPECT_EQ(w[0].memory_mib, 576);
}

TEST(K8sImport, LimitsStandInForMissingRequests) {
  // app: limits only → requests 500m / 1Gi. sidecar: request 250m wins over its limit 1;
  // memory only limited → 256Mi. idle: nothing → 0. Sum: 750m, 1024 + 256 = 1280 MiB.
  const auto w = import(deployment("limits", R"(
      containers:
      - name: app
        resources:
          limits: {cpu: 500m, memory: 1Gi}
      - name: sidecar
        resources:
          requests: {cpu: 250m}
          limits: {cpu: "1", memory: 256Mi}
      - name: idle
)"));
  EXPECT_EQ(w[0].cpu_millicores, 750);
  EXPECT_EQ(w[0].memory_mib, 1280);
}

TEST(K8sImport, NoRequestsLeaveZero) {
  // Fargate gives such a pod its smallest size; the importer only reports what was asked.
  const auto w =
      import(deployment("bare", "      containers:\n      - name: app\n        image: nginx\n"));
  EXPECT_EQ(w[0].cpu_millicores, 0);
  EXPECT_EQ(w[0].memory_mib, 0);
  EXPECT_EQ(w[0].ephemeral_storage_gib, 20);
}

TEST(K8sImport, RoundsMemoryAndStorageUp) {
  // 100M = 10^8 bytes = 95.367 MiB → 96. Storage 20.5Gi + 1 byte in the second container →
  // 21 GiB. GPUs add up: 1 + 2 = 3.
  const auto w = import(deployment("round", R"(
      containers:
      - name: a
        resources:
          requests: {memory: 100M, ephemeral-storage: 20.5Gi}
          limits: {nvidia.com/gpu: 1}
      - name: b
        resources:
          requests: {ephemeral-storage: "1", nvidia.com/gpu: "2"}
)"));
  EXPECT_EQ(w[0].memory_mib, 96);
  EXPECT_EQ(w[0].ephemeral_storage_gib, 21);
  EXPECT_EQ(w[0].gpus, 3);
}

TEST(K8sImport, PodOverheadIsAdded) {
  // 250m + 50m overhead = 300m; 512Mi + 64Mi = 576 MiB.
  const auto w = import(R"(
apiVersion: v1
kind: Pod
metadata: {name: kata}
spec:
  overhead: {cpu: 50m, memory: 64Mi}
  containers:
  - name: app
    resources: {requests: {cpu: 250m, memory: 512Mi}}
)");
  EXPECT_EQ(w[0].cpu_millicores, 300);
  EXPECT_EQ(w[0].memory_mib, 576);
}

// ---------------------------------------------------------------------------------------------
// Kinds and formats

TEST(K8sImport, StatefulSetDefaultsToOneReplica) {
  const auto w = import(R"(
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  template:
    spec:
      containers:
      - name: postgres
        resources: {requests: {cpu: "2", memory: 4Gi, ephemeral-storage: 30Gi}}
)");
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].kind, "StatefulSet");
  EXPECT_EQ(w[0].name, "db");
  EXPECT_EQ(w[0].replicas, 1);  // spec.replicas absent
  EXPECT_EQ(w[0].cpu_millicores, 2000);
  EXPECT_EQ(w[0].memory_mib, 4096);
  EXPECT_EQ(w[0].ephemeral_storage_gib, 30);
}

TEST(K8sImport, PodWithNodeSelector) {
  const auto w = import(R"(
apiVersion: v1
kind: Pod
metadata: {name: graviton, namespace: jobs}
spec:
  nodeSelector:
    kubernetes.io/arch: arm64
    kubernetes.io/os: linux
  containers:
  - name: app
    resources: {requests: {cpu: 0.5, memory: 1Gi}}
)");
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].kind, "Pod");
  EXPECT_EQ(w[0].replicas, 1);
  EXPECT_EQ(w[0].cpu_millicores, 500);  // a YAML number 0.5, read from its text
  EXPECT_EQ(w[0].arch, cpu_arch::arm64);
  EXPECT_EQ(w[0].os, os_family::linux_os);
  EXPECT_EQ(w[0].on, platform::eks);
}

TEST(K8sImport, WindowsAndAmd64) {
  const auto w = import(deployment("iis", R"(
      nodeSelector: {kubernetes.io/os: windows, kubernetes.io/arch: amd64}
      containers:
      - name: iis
        resources: {requests: {cpu: 1, memory: 2Gi}}
)"));
  EXPECT_EQ(w[0].os, os_family::windows_os);
  EXPECT_EQ(w[0].arch, cpu_arch::x86_64);
}

TEST(K8sImport, ListItemsAreRead) {
  const auto w = import(R"(
apiVersion: v1
kind: List
items:
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: api}
  spec:
    replicas: 3
    template:
      spec:
        containers: [{name: api, resources: {requests: {cpu: 200m, memory: 256Mi}}}]
- apiVersion: v1
  kind: Service
  metadata: {name: api}
- apiVersion: v1
  kind: Pod
  metadata: {name: debug}
  spec:
    containers: [{name: sh}]
)");
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0].name, "api");
  EXPECT_EQ(w[0].replicas, 3);
  EXPECT_EQ(w[0].cpu_millicores, 200);
  EXPECT_EQ(w[0].source, "test.yaml (document 1): /items/0");
  EXPECT_EQ(w[1].name, "debug");
  EXPECT_EQ(w[1].source, "test.yaml (document 1): /items/2");
}

TEST(K8sImport, JsonInput) {
  // kubectl get -o json: JSON is YAML, numbers and strings alike.
  const auto w = import_kubernetes(R"({
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": {"name": "api", "namespace": "prod"},
  "spec": {
    "replicas": 4,
    "template": {"spec": {
      "nodeSelector": {"kubernetes.io/arch": "arm64"},
      "containers": [{"name": "api", "resources": {
        "requests": {"cpu": 0.25, "memory": "512Mi"},
        "limits": {"cpu": "1", "memory": 1073741824}}}]}}}
})",
                                   "api.json");
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].source, "api.json (document 1)");
  EXPECT_EQ(w[0].replicas, 4);
  EXPECT_EQ(w[0].cpu_millicores, 250);
  EXPECT_EQ(w[0].memory_mib, 512);
  EXPECT_EQ(w[0].arch, cpu_arch::arm64);
}

TEST(K8sImport, TypedJsonListItemsTakeTheListKind) {
  // The API server's DeploymentList leaves kind out of its items.
  const auto w = import_kubernetes(R"({"apiVersion": "apps/v1", "kind": "DeploymentList",
    "items": [{"metadata": {"name": "a"}, "spec": {"template": {"spec": {"containers": [
      {"name": "c", "resources": {"requests": {"cpu": "100m"}}}]}}}}]})",
                                   "list.json");
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].kind, "Deployment");
  EXPECT_EQ(w[0].cpu_millicores, 100);
}

TEST(K8sImport, EmptyDocumentsAreSkippedAndCounted) {
  const std::string pod =
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c}]\n";
  // Document 1 is empty, 2 the Deployment, 3 empty (a comment), 4 the Pod, 5 empty.
  const auto w = import("---\n---\n" + deployment("d", "      containers: [{name: c}]\n") +
                        "---\n# nothing here\n---\n" + pod + "---\n");
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0].source, "test.yaml (document 2)");
  EXPECT_EQ(w[1].source, "test.yaml (document 4)");
}

TEST(K8sImport, SkipsKindsWithoutCompute) {
  const auto w = import(R"(
kind: ConfigMap
metadata: {name: c}
---
kind: Secret
---
kind: Namespace
metadata: {name: n}
---
kind: Ingress
---
kind: ServiceAccount
---
kind: PersistentVolumeClaim
---
kind: ClusterRoleBinding
---
kind: PodDisruptionBudget
---
kind: CustomResourceDefinition
)");
  EXPECT_TRUE(w.empty());
}

// ---------------------------------------------------------------------------------------------
// Autoscalers

const std::string web = deployment("web", R"(
      containers:
      - name: web
        resources: {requests: {cpu: 500m, memory: 1Gi}}
)");

TEST(K8sImport, HpaV2Attaches) {
  const auto w = import(web + R"(---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 10
  metrics:
  - type: Resource
    resource:
      name: cpu
      target: {type: Utilization, averageUtilization: 60}
)");
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].min_replicas, 2);
  EXPECT_EQ(w[0].max_replicas, 10);
  EXPECT_EQ(w[0].target_cpu_percent, 60.0);
  EXPECT_EQ(w[0].replicas, 2);
}

TEST(K8sImport, HpaV1BeforeItsDeployment) {
  const auto w = import(R"(apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {name: web-hpa}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 5
  targetCPUUtilizationPercentage: 70
---
)" + web);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].min_replicas, 1);  // minReplicas defaults to 1
  EXPECT_EQ(w[0].max_replicas, 5);
  EXPECT_EQ(w[0].target_cpu_percent, 70.0);
}

TEST(K8sImport, HpaWithoutMetricsUsesTheKubernetesDefault) {
  // autoscaling/v2 defaults missing metrics to 80% average CPU utilisation.
  const auto w = import(web + R"(---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {kind: Deployment, name: web}
  minReplicas: 3
  maxReplicas: 4
)");
  EXPECT_EQ(w[0].target_cpu_percent, 80.0);
  EXPECT_EQ(w[0].min_replicas, 3);
}

TEST(K8sImport, HpaOnMemoryIsAnError) {
  const input_error e = import_error(web + R"(---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {kind: Deployment, name: web}
  maxReplicas: 10
  metrics:
  - type: Resource
    resource:
      name: memory
      target: {type: Utilization, averageUtilization: 60}
)",
                                     "fleetcast.input.9");
  EXPECT_EQ(e.place(), "test.yaml (document 2): /spec/metrics/0/resource/name");
  EXPECT_NE(e.message().find("\"memory\""), std::string::npos) << e.what();
}

TEST(K8sImport, HpaOnOtherMetricTypesIsAnError) {
  const input_error e = import_error(web + R"(---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {kind: Deployment, name: web}
  maxReplicas: 10
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 60}}
  - type: Pods
    pods: {metric: {name: rps}, target: {type: AverageValue, averageValue: "100"}}
)",
                                     "fleetcast.input.9");
  EXPECT_EQ(e.place(), "test.yaml (document 2): /spec/metrics/1/type");
}

TEST(K8sImport, HpaWithUnknownTargetIsAnError) {
  const input_error e = import_error(web + R"(---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api}
spec:
  scaleTargetRef: {kind: Deployment, name: api}
  maxReplicas: 10
)",
                                     "fleetcast.input.4");
  EXPECT_EQ(e.place(), "test.yaml (document 2): /spec/scaleTargetRef");
  EXPECT_NE(e.message().find("Deployment \"api\""), std::string::npos) << e.what();
  EXPECT_NE(e.message().find("not among the files given"), std::string::npos) << e.what();
}

TEST(K8sImport, HpaNeedsCpuRequests) {
  const input_error e =
      import_error(deployment("bare", "      containers: [{name: app}]\n") + R"(---
apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {name: bare}
spec:
  scaleTargetRef: {kind: Deployment, name: bare}
  maxReplicas: 3
)",
                   "fleetcast.input.4");
  EXPECT_NE(e.message().find("no CPU request"), std::string::npos) << e.what();
}

TEST(K8sImport, HpaBadBounds) {
  const input_error e = import_error(web + R"(---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {kind: Deployment, name: web}
  minReplicas: 5
  maxReplicas: 2
)",
                                     "fleetcast.input.5");
  EXPECT_EQ(e.place(), "test.yaml (document 2): /spec/maxReplicas");
}

// ---------------------------------------------------------------------------------------------
// Errors

TEST(K8sImport, DaemonSetIsPerNodeAndJobsAreLeftOutWithANote) {
  const char* yaml = R"(apiVersion: apps/v1
kind: DaemonSet
metadata: {name: fluentd}
spec:
  template:
    spec:
      containers: [{name: fluentd, resources: {requests: {cpu: 100m, memory: 200Mi}}}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: report}
spec: {}
)";
  const workload_text one{yaml, "test.yaml"};
  std::vector<import_note> skipped;
  const auto w = import_kubernetes(std::span<const workload_text>(&one, 1), {}, &skipped);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].kind, "DaemonSet");
  EXPECT_EQ(w[0].replicas, 0);  // one per node
  EXPECT_EQ(w[0].cpu_millicores, 100);
  EXPECT_EQ(w[0].memory_mib, 200);
  ASSERT_EQ(skipped.size(), 1u);
  EXPECT_EQ(skipped[0].kind, "CronJob");
  EXPECT_EQ(skipped[0].name, "report");
  EXPECT_NE(skipped[0].why.find("runs pods to completion"), std::string::npos);
}

TEST(K8sImport, OwnedKindsSayWhatToImportInstead) {
  for (const char* kind : {"ReplicaSet", "ReplicationController"}) {
    const input_error e =
        import_error(std::string("kind: ") + kind + "\nmetadata: {name: x}\n", "fleetcast.input.9");
    EXPECT_NE(e.message().find(kind), std::string::npos) << e.what();
    EXPECT_NE(e.message().find("Deployment, StatefulSet, DaemonSet, Pod"), std::string::npos) << e.what();
  }
}

TEST(K8sImport, CustomResourcesAreLeftOutButUnknownBuiltInKindsAreErrors) {
  const char* yaml = "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: m}\n";
  const workload_text one{yaml, "test.yaml"};
  std::vector<import_note> skipped;
  EXPECT_TRUE(import_kubernetes(std::span<const workload_text>(&one, 1), {}, &skipped).empty());
  ASSERT_EQ(skipped.size(), 1u);
  EXPECT_NE(skipped[0].why.find("custom resource (monitoring.coreos.com/v1)"), std::string::npos) << skipped[0].why;
  // apps/v1 is built in: a misspelt kind there is an error, not a silent skip.
  (void)import_error("apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: x}\n", "fleetcast.input.11");
}

TEST(K8sImport, UnknownKindListsWhatIsSupported) {
  const input_error e =
      import_error("---\nkind: Deploymnet\nmetadata: {name: x}\n", "fleetcast.input.11");
  EXPECT_EQ(e.place(), "test.yaml (document 1): /kind");
  EXPECT_NE(e.message().find("\"Deploymnet\""), std::string::npos) << e.what();
  EXPECT_NE(e.message().find("Deployment, StatefulSet, DaemonSet, Pod"), std::string::npos) << e.what();
  EXPECT_NE(e.message().find("HorizontalPodAutoscaler"), std::string::npos) << e.what();
}

TEST(K8sImport, YamlSyntaxErrorHasTheLine) {
  const input_error e = import_error(
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\nspec: {}\n", "fleetcast.input.1");
  EXPECT_EQ(e.place().rfind("test.yaml:", 0), 0u) << e.what();  // test.yaml:<line>:<column>
  EXPECT_NE(e.message().find("not valid YAML"), std::string::npos) << e.what();
  const input_error bad_indent = import_error("a:\n  - x\n b: 2\n", "fleetcast.input.1");
  EXPECT_EQ(bad_indent.place(), "test.yaml:3:2");  // yaml-cpp reports where the map breaks
}

TEST(K8sImport, EmptyInput) {
  import_error("", "fleetcast.input.10");
  import_error("---\n# only a comment\n---\n", "fleetcast.input.10");
}

TEST(K8sImport, BadQuantityNamesThePath) {
  const input_error e = import_error(deployment("web", R"(
      containers:
      - name: web
        resources: {requests: {cpu: 10GB}}
)"),
                                     "fleetcast.input.5");
  EXPECT_EQ(e.place(),
            "test.yaml (document 1): /spec/template/spec/containers/0/resources/requests/cpu");
  EXPECT_NE(e.message().find("\"10GB\" is not a Kubernetes quantity"), std::string::npos)
      << e.what();
}

TEST(K8sImport, FractionalGpuIsNotWhole) {
  const input_error e = import_error(deployment("gpu", R"(
      initContainers:
      - name: i
        resources: {limits: {nvidia.com/gpu: "0.5"}}
      containers: [{name: c}]
)"),
                                     "fleetcast.input.6");
  EXPECT_EQ(e.place(),
            "test.yaml (document 1): "
            "/spec/template/spec/initContainers/0/resources/limits/nvidia.com~1gpu");
}

TEST(K8sImport, UnknownResourceIsUnsupported) {
  const input_error e = import_error(deployment("huge", R"(
      containers:
      - name: c
        resources: {requests: {cpu: 1, hugepages-2Mi: 1Gi}}
)"),
                                     "fleetcast.input.9");
  EXPECT_EQ(
      e.place(),
      "test.yaml (document 1): /spec/template/spec/containers/0/resources/requests/hugepages-2Mi");
}

TEST(K8sImport, StructuralErrors) {
  // No containers.
  EXPECT_EQ(import_error(deployment("x", "      nodeSelector: {}\n"), "fleetcast.input.4").place(),
            "test.yaml (document 1): /spec/template/spec");
  // replicas quoted: a string where Kubernetes wants an integer.
  EXPECT_EQ(import_error(deployment("x", "      containers: [{name: c}]\n", "  replicas: \"3\"\n"),
                         "fleetcast.input.2")
                .place(),
            "test.yaml (document 1): /spec/replicas");
  import_error(deployment("x", "      containers: [{name: c}]\n", "  replicas: -1\n"),
               "fleetcast.input.5");
  import_error(deployment("x", "      containers: [{name: c}]\n", "  replicas: 1.5\n"),
               "fleetcast.input.6");
  // containers as a mapping instead of a list.
  import_error(deployment("x", "      containers: {name: c}\n"), "fleetcast.input.2");
  // No metadata.name.
  EXPECT_EQ(import_error("kind: Pod\nmetadata: {}\nspec: {containers: []}\n", "fleetcast.input.4")
                .place(),
            "test.yaml (document 1): /metadata");
  // A document that is not an object.
  import_error("just text\n", "fleetcast.input.2");
  // An architecture Fargate does not have.
  import_error(
      deployment(
          "x", "      nodeSelector: {kubernetes.io/arch: s390x}\n      containers: [{name: c}]\n"),
      "fleetcast.input.11");
}

TEST(K8sImport, DuplicateWorkloadIsAnError) {
  const std::string d = deployment("web", "      containers: [{name: c}]\n");
  import_error(d + "---\n" + d, "fleetcast.input.12");
}

// ---------------------------------------------------------------------------------------------
// The YAML loader (fleetcast's own event handler in place of YAML::LoadAll) and its limits

TEST(K8sYamlLoader, AnchorsAndAliasesShareTheNode) {
  // Two containers from one anchored mapping: 2 × 100m = 200m, 2 × 64Mi = 128Mi per pod.
  const auto w = import(deployment(
      "a", "      containers:\n      - &c {name: x, resources: {requests: {cpu: 100m, memory: 64Mi}}}\n      - *c\n"));
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].cpu_millicores, 200);
}

TEST(K8sYamlLoader, StrayTokenIsAnErrorNotAnEndlessLoop) {
  // yaml-cpp 0.7's LoadAll never returns on these (jbeder/yaml-cpp#1319; the first is the input
  // fuzz_k8s_manifest found, kept in fuzz/regressions/k8s_manifest); a lone ',' is the issue's
  // own example.
  import_error("\"Pod\",\"met\"adata\":{\"name\":\"p\":{\"name\":\"p\"},\"specp\":{\"name\":\"p\"},\"spe}",
               "fleetcast.input.1");
  import_error("\n,\n", "fleetcast.input.1");
}

TEST(K8sYamlLoader, NestingBeyondTheDepthLimit) {
  // depth 64 (the default): a flow list nested 64 deep below the top mapping is 65 levels.
  const std::string inner = std::string(64, '[') + std::string(64, ']');
  const auto e = import_error("a: " + inner + "\n", "fleetcast.input.13");
  EXPECT_NE(std::string(e.what()).find("--limit depth=N"), std::string::npos) << e.what();
  EXPECT_EQ(e.place(), "test.yaml:1:67") << e.what();  // the 64th '[' is at column 4 + 63
  // 63 nested lists + the mapping = 64 levels: within the limit, refused later as not a Pod.
  import_error("a: " + std::string(63, '[') + std::string(63, ']') + "\n", "fleetcast.input.4");
  // yaml-cpp's own recursion guard (500 levels) is reported as a limit too, never a crash.
  input_limits deep;
  deep.depth = 100000;
  expect_input_error([&] { (void)import_kubernetes("a: " + std::string(100000, '['), "test.yaml", deep); },
                     "fleetcast.input.13");
}

TEST(K8sYamlLoader, AliasExpansionIsBounded) {
  // "Billion laughs": each level lists the previous one 10 times, so level k stands for about
  // 10^k nodes; 9 levels are 10^9 nodes from a few hundred bytes, above the 64 MiB file-bytes
  // limit (a document without aliases has fewer nodes than bytes).
  std::string y = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int k = 1; k <= 9; ++k) {
    const std::string prev = "*a" + std::to_string(k - 1);
    y += "a" + std::to_string(k) + ": &a" + std::to_string(k) + " [" + prev;
    for (int i = 1; i < 10; ++i) y += ", " + prev;
    y += "]\n";
  }
  const auto e = import_error(y, "fleetcast.input.13");
  EXPECT_NE(std::string(e.what()).find("--limit file-bytes=N"), std::string::npos) << e.what();
  // An alias to the node that contains it would make a cycle.
  import_error("a: &x [*x]\n", "fleetcast.input.1");
}

TEST(ErrorMessage, ControlCharactersAreEscapedToKeepOneLine) {
  // fuzz_k8s_quantity's first finding: a quantity holding a newline was quoted into a two-line
  // message. error::format escapes control characters in place and message alike.
  const auto e = expect_input_error([] { (void)cpu("1\nGi\t\x01"); }, "fleetcast.input.5");
  const std::string what = e.what();
  EXPECT_EQ(what.find('\n'), std::string::npos) << what;
  EXPECT_NE(what.find("1\\nGi\\t\\x01"), std::string::npos) << what;
  EXPECT_EQ(error::format(errid::usage, "a\rb", "c\x7f"), "[fleetcast.usage.1] a\\rb: c\\x7f");
}

TEST(K8sYamlLoader, ValuesMustBeUtf8) {
  // fuzz_k8s_manifest's second finding: a name holding byte 0xE2 alone (a truncated UTF-8
  // sequence) reached the scenario writer, whose JSON output must be UTF-8, and escaped as an
  // internal error. Now refused where it is read; a valid multi-byte name still imports.
  const auto e = import_error("kind: Pod\nmetadata: {name: web\xe2}\nspec: {containers: [{name: c}]}\n",
                              "fleetcast.input.1");
  EXPECT_EQ(e.place(), "test.yaml:2:18") << e.what();
  EXPECT_NE(std::string(e.what()).find("0xE2"), std::string::npos) << e.what();
  // Overlong "/" (C0 AF) and a CESU surrogate (ED A0 80) are not UTF-8 either.
  import_error("kind: Pod\nmetadata: {name: a\xc0\xaf}\n", "fleetcast.input.1");
  import_error("kind: Pod\nmetadata: {name: a\xed\xa0\x80}\n", "fleetcast.input.1");
  const auto w = import("apiVersion: v1\nkind: Pod\nmetadata: {name: caf\xc3\xa9}\nspec: {containers: [{name: c}]}\n");
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].name, "caf\xc3\xa9");
}

}  // namespace
}  // namespace fleetcast

namespace fleetcast {
namespace {

TEST(K8sImport, HpaBehaviorIsReadWithKubernetesRules) {
  const std::string hpa = R"(---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {kind: Deployment, name: web}
  maxReplicas: 10
  behavior:
)";
  // scaleUp replaces its policies and selectPolicy; its window and all of scaleDown keep
  // Kubernetes' defaults.
  const auto w = import(web + hpa + R"(    scaleUp:
      selectPolicy: Min
      policies:
      - {type: Percent, value: 50, periodSeconds: 60}
      - {type: Pods, value: 2, periodSeconds: 30}
)");
  ASSERT_EQ(w.size(), 1u);
  ASSERT_TRUE(w[0].hpa_scale_up && w[0].hpa_scale_down);
  EXPECT_EQ(w[0].hpa_scale_up->select, scaling::hpa_select_policy::min);
  EXPECT_EQ(w[0].hpa_scale_up->stabilization_window_s, 0);
  ASSERT_EQ(w[0].hpa_scale_up->policies.size(), 2u);
  EXPECT_EQ(w[0].hpa_scale_up->policies[1].type, scaling::hpa_policy_type::pods);
  EXPECT_EQ(w[0].hpa_scale_up->policies[1].period_s, 30);
  EXPECT_EQ(w[0].hpa_scale_down->stabilization_window_s, 300);
  // Kubernetes' validation: known names, periods of 1–1800 s, values above 0.
  EXPECT_EQ(import_error(web + hpa + "    scaleDown: {selectPolicy: Biggest}\n", "fleetcast.input.11").place(),
            "test.yaml (document 2): /spec/behavior/scaleDown/selectPolicy");
  EXPECT_EQ(import_error(web + hpa + "    scaleUp: {policies: [{type: Pods, value: 1, periodSeconds: 1801}]}\n",
                         "fleetcast.input.5")
                .place(),
            "test.yaml (document 2): /spec/behavior/scaleUp/policies/0/periodSeconds");
  EXPECT_EQ(import_error(web + hpa + "    scaleUp: {policies: [{type: Pods, value: 0, periodSeconds: 15}]}\n",
                         "fleetcast.input.5")
                .place(),
            "test.yaml (document 2): /spec/behavior/scaleUp/policies/0/value");
  // A workload without an HPA has no behavior.
  EXPECT_FALSE(import(web)[0].hpa_scale_up);
}

}  // namespace
}  // namespace fleetcast
