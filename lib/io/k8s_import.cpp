// Kubernetes manifests → imported workloads. One YAML parser reads YAML and JSON alike; every
// value is read from its scalar text, so `cpu: 2`, `cpu: "2"` and `"cpu": 2` mean the same.
// Pod size follows the Kubernetes/EKS Fargate rule (see workload_import.hpp); nothing that
// matters for cost is dropped silently: an unknown kind, resource or autoscaling metric is an
// error naming the document and the path.

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <sstream>
#include <unordered_map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fleetcast/core/error.hpp"
#include "fleetcast/core/limits.hpp"
#include "fleetcast/io/k8s_quantity.hpp"
#include "fleetcast/io/workload_import.hpp"

namespace fleetcast {
namespace {

constexpr std::int64_t int32_max = 2'147'483'647;
constexpr std::int64_t max_millicores = 1'000'000'000'000;  // as parse_cpu_millicores
constexpr std::int64_t max_bytes = std::int64_t{1} << 60;   // as parse_memory_bytes

/// JSON pointer escaping (RFC 6901): "nvidia.com/gpu" → "nvidia.com~1gpu".
std::string escape(std::string_view k) {
  std::string s;
  for (char c : k) {
    if (c == '~')
      s += "~0";
    else if (c == '/')
      s += "~1";
    else
      s += c;
  }
  return s;
}

std::string in_quotes(std::string_view s) {
  std::string q = "\"";
  q += s.size() > 60 ? std::string(s.substr(0, 57)) + "..." : std::string(s);
  return q + '"';
}

std::string join(std::span<const std::string_view> items) {
  std::string s;
  for (auto i : items) {
    if (!s.empty()) s += ", ";
    s += i;
  }
  return s;
}

/// A YAML node and where it is: "<source> (document N)" and a JSON pointer below it.
class ynode {
 public:
  ynode(YAML::Node n, std::string document, std::string path)
      : n_(std::move(n)), document_(std::move(document)), path_(std::move(path)) {}

  [[nodiscard]] const YAML::Node& yaml() const noexcept { return n_; }
  [[nodiscard]] const std::string& document() const noexcept { return document_; }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  [[nodiscard]] std::string place() const {
    return document_ + ": " + (path_.empty() ? "/" : path_);
  }

  [[noreturn]] void fail(error_id id, std::string_view message) const {
    throw input_error(id, place(), message);
  }

  [[nodiscard]] std::string show() const {
    if (n_.IsScalar()) return in_quotes(n_.Scalar());
    if (n_.IsMap()) return "a mapping";
    if (n_.IsSequence()) return "a list";
    return "null";
  }

  /// A key of a mapping; nullopt when absent or null (Kubernetes reads null as unset).
  [[nodiscard]] std::optional<ynode> find(std::string_view key) const {
    expect_map();
    const YAML::Node& self = n_;  // const: a lookup must not insert the key
    for (auto it = self.begin(); it != self.end(); ++it) {
      if (it->first.IsScalar() && it->first.Scalar() == key) {
        if (!it->second.IsDefined() || it->second.IsNull()) return std::nullopt;
        return ynode(it->second, document_, path_ + "/" + escape(key));
      }
    }
    return std::nullopt;
  }
  [[nodiscard]] ynode at(std::string_view key) const {
    auto v = find(key);
    if (!v) fail(errid::missing_field, "missing required field \"" + std::string(key) + "\"");
    return *v;
  }

  void expect_map() const {
    if (!n_.IsMap())
      fail(errid::wrong_type, show() + " is not a mapping; expected key: value pairs");
  }
  /// The entries of a mapping, keys as text.
  [[nodiscard]] std::vector<std::pair<std::string, ynode>> entries() const {
    expect_map();
    std::vector<std::pair<std::string, ynode>> out;
    const YAML::Node& self = n_;
    for (auto it = self.begin(); it != self.end(); ++it) {
      const std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string("?");
      out.emplace_back(key, ynode(it->second, document_, path_ + "/" + escape(key)));
    }
    return out;
  }
  /// The items of a list.
  [[nodiscard]] std::vector<ynode> items() const {
    if (!n_.IsSequence()) fail(errid::wrong_type, show() + " is not a list");
    std::vector<ynode> out;
    for (std::size_t i = 0; i < n_.size(); ++i)
      out.emplace_back(n_[i], document_, path_ + "/" + std::to_string(i));
    return out;
  }

  /// A scalar's text (a YAML number or string alike).
  [[nodiscard]] std::string text() const {
    if (!n_.IsScalar()) fail(errid::wrong_type, show() + " is not a single value; expected text");
    return n_.Scalar();
  }
  /// A whole number in [lo, hi], written as a number (a quoted "3" is a string, as in Kubernetes).
  [[nodiscard]] std::int64_t integer(std::int64_t lo, std::int64_t hi) const {
    if (!n_.IsScalar())
      fail(errid::wrong_type, show() + " is not a number; expected a whole number");
    if (n_.Tag() == "!")
      fail(errid::wrong_type,
           show() + " is a quoted string; write the whole number without quotes");
    const std::string& s = n_.Scalar();
    std::size_t i = s.empty() || (s[0] != '-' && s[0] != '+') ? 0 : 1;
    const bool negative = i == 1 && s[0] == '-';
    if (i == s.size()) fail(errid::wrong_type, show() + " is not a whole number");
    std::int64_t v = 0;
    for (; i < s.size(); ++i) {
      if (s[i] < '0' || s[i] > '9') {
        if (s.find_first_not_of("+-0123456789.eE") == std::string::npos)
          fail(errid::not_whole, show() + " is not a whole number");
        fail(errid::wrong_type, show() + " is not a number; expected a whole number");
      }
      v = std::min<std::int64_t>(v * 10 + (s[i] - '0'), std::int64_t{1} << 40);
    }
    if (negative) v = -v;
    if (v < lo || v > hi)
      fail(errid::out_of_range,
           show() + " is outside " + std::to_string(lo) + ".." + std::to_string(hi));
    return v;
  }

 private:
  YAML::Node n_;
  std::string document_;
  std::string path_;
};

/// Resource amounts of one container or pod.
struct amounts {
  std::int64_t millicores = 0, memory = 0, storage = 0, gpus = 0;  // memory, storage: bytes
};

/// Adds, refusing totals beyond the per-quantity limits (and so any overflow).
std::int64_t add(std::int64_t a, std::int64_t b, std::int64_t limit, const ynode& where,
                 std::string_view what) {
  if (a > limit - b)
    where.fail(errid::out_of_range, "the pod's total " + std::string(what) + " is too large");
  return a + b;
}
amounts add(const amounts& a, const amounts& b, const ynode& where) {
  return {add(a.millicores, b.millicores, max_millicores, where, "CPU"),
          add(a.memory, b.memory, max_bytes, where, "memory"),
          add(a.storage, b.storage, max_bytes, where, "ephemeral storage"),
          add(a.gpus, b.gpus, max_millicores, where, "GPU count")};
}
amounts max(const amounts& a, const amounts& b) {
  return {std::max(a.millicores, b.millicores), std::max(a.memory, b.memory),
          std::max(a.storage, b.storage), std::max(a.gpus, b.gpus)};
}

constexpr std::string_view gpu_resource = "nvidia.com/gpu";

/// Reads one resource quantity into `a`.
void read_quantity(amounts& a, std::string_view resource, const ynode& q) {
  const std::string text = q.text();
  const std::string place = q.place();
  if (resource == "cpu") {
    a.millicores = parse_cpu_millicores(text, place);
  } else if (resource == "memory") {
    a.memory = parse_memory_bytes(text, place);
  } else if (resource == "ephemeral-storage") {
    a.storage = parse_memory_bytes(text, place);
  } else {
    // Kubernetes' own test for an extended resource: a whole number of milli-units / 1000.
    const std::int64_t milli = parse_cpu_millicores(text, place);
    if (milli % 1000 != 0)
      q.fail(errid::not_whole, in_quotes(text) + " is not a whole number of GPUs");
    a.gpus = milli / 1000;
  }
}

bool known_resource(std::string_view r) {
  return r == "cpu" || r == "memory" || r == "ephemeral-storage" || r == gpu_resource;
}

/// A map of resource quantities (requests, limits, overhead); unknown resources are errors,
/// since a request we cannot price must not vanish from the cost.
std::map<std::string, ynode> resource_map(const ynode& m) {
  std::map<std::string, ynode> out;
  for (const auto& [name, q] : m.entries()) {
    if (!known_resource(name))
      q.fail(
          errid::unsupported,
          "resource " + in_quotes(name) +
              " is not supported; fleetcast reads cpu, memory, ephemeral-storage and "
              "nvidia.com/gpu (hugepages and other extended resources do not run on EKS Fargate)");
    out.emplace(name, q);
  }
  return out;
}

struct container_request {
  amounts a;
  bool has_cpu_request = false;  ///< a CPU request, given or defaulted from the limit
  std::string name;
  std::string place;
};

/// A container's requests; a resource with only a limit requests its limit (the API server's
/// defaulting), one with neither counts 0.
container_request read_container(const ynode& c) {
  container_request r;
  r.place = c.place();
  if (auto n = c.find("name")) r.name = n->text();
  const auto resources = c.find("resources");
  if (!resources) return r;
  std::map<std::string, ynode> requests, limits;
  if (auto q = resources->find("requests")) requests = resource_map(*q);
  if (auto q = resources->find("limits")) limits = resource_map(*q);
  for (std::string_view resource : {"cpu", "memory", "ephemeral-storage", "nvidia.com/gpu"}) {
    const std::string key(resource);
    const ynode* q = nullptr;
    if (auto it = requests.find(key); it != requests.end())
      q = &it->second;
    else if (auto lt = limits.find(key); lt != limits.end())
      q = &lt->second;
    if (q == nullptr) continue;
    read_quantity(r.a, resource, *q);
    if (resource == "cpu") r.has_cpu_request = true;
  }
  return r;
}

/// One workload being read, with what an autoscaler attached to it must check.
struct workload_entry {
  imported_workload w;
  std::string namespace_;
  std::optional<std::string> container_without_cpu;  ///< "name" at place, for HPA checks
  bool autoscaled = false;
};

/// The pod size by the Kubernetes rule that EKS Fargate applies: the larger, per resource, of
/// the sum of the app containers and the largest init container; a sidecar (an init container
/// with restartPolicy Always) runs beside the app containers, so it joins the sum and also
/// stays running under every init container started after it. Then the pod overhead.
void read_pod_spec(const ynode& spec, workload_entry& e) {
  amounts app;
  for (const ynode& c : spec.at("containers").items()) {
    const container_request r = read_container(c);
    app = add(app, r.a, c);
    if (!r.has_cpu_request && !e.container_without_cpu)
      e.container_without_cpu = "container " + in_quotes(r.name) + " (" + r.place + ")";
  }
  amounts init, sidecars;
  if (auto list = spec.find("initContainers")) {
    for (const ynode& c : list->items()) {
      const container_request r = read_container(c);
      bool sidecar = false;
      if (auto policy = c.find("restartPolicy")) {
        if (policy->text() != "Always")
          policy->fail(errid::bad_enum, policy->show() +
                                            " is not a restart policy for an init container; the "
                                            "only one is \"Always\" (a sidecar)");
        sidecar = true;
      }
      if (sidecar) {
        app = add(app, r.a, c);
        sidecars = add(sidecars, r.a, c);
        init = max(init, sidecars);
      } else {
        init = max(init, add(r.a, sidecars, c));
      }
    }
  }
  amounts pod = max(app, init);
  if (auto overhead = spec.find("overhead")) {
    amounts o;
    for (const auto& [name, q] : resource_map(*overhead)) read_quantity(o, name, q);
    pod = add(pod, o, *overhead);
  }

  imported_workload& w = e.w;
  w.cpu_millicores = pod.millicores;
  w.memory_mib = (pod.memory + (std::int64_t{1} << 20) - 1) >> 20;
  w.ephemeral_storage_gib =
      pod.storage > 0 ? static_cast<int>((pod.storage + (std::int64_t{1} << 30) - 1) >> 30) : 20;
  w.gpus = pod.gpus;

  std::optional<std::string> os_from_selector;
  if (auto selector = spec.find("nodeSelector")) {
    for (const auto& [key, value] : selector->entries()) {
      if (key == "kubernetes.io/arch" || key == "beta.kubernetes.io/arch") {
        const std::string v = value.text();
        if (v == "amd64")
          w.arch = cpu_arch::x86_64;
        else if (v == "arm64")
          w.arch = cpu_arch::arm64;
        else
          value.fail(
              errid::bad_enum,
              in_quotes(v) +
                  " is not a CPU architecture fleetcast knows; expected \"amd64\" or \"arm64\"");
      } else if (key == "kubernetes.io/os" || key == "beta.kubernetes.io/os") {
        const std::string v = value.text();
        if (v == "linux")
          w.os = os_family::linux_os;
        else if (v == "windows")
          w.os = os_family::windows_os;
        else
          value.fail(
              errid::bad_enum,
              in_quotes(v) +
                  " is not an operating system fleetcast knows; expected \"linux\" or \"windows\"");
        os_from_selector = v;
      }
    }
  }
  // spec.os.name (Kubernetes 1.25+) says the same; a pod whose two answers differ never runs.
  if (auto os = spec.find("os")) {
    const ynode name = os->at("name");
    const std::string v = name.text();
    if (v != "linux" && v != "windows")
      name.fail(
          errid::bad_enum,
          in_quotes(v) +
              " is not an operating system fleetcast knows; expected \"linux\" or \"windows\"");
    if (os_from_selector && *os_from_selector != v)
      name.fail(errid::unsupported,
                in_quotes(v) + " contradicts the nodeSelector's kubernetes.io/os " +
                    in_quotes(*os_from_selector) + "; such a pod is never scheduled");
    w.os = v == "windows" ? os_family::windows_os : os_family::linux_os;
  }
}

/// A HorizontalPodAutoscaler on CPU utilisation, waiting for its target.
struct autoscaler {
  std::string name, target_kind, target_name, namespace_;
  std::int64_t min = 1, max = 1;
  double target_percent = 80;
  std::string place;  ///< of spec.scaleTargetRef
  /// spec.behavior, with Kubernetes' defaults for what it leaves out (and all of it for v1).
  scaling::hpa_scaling_rules scale_up = scaling::default_hpa_scale_up();
  scaling::hpa_scaling_rules scale_down = scaling::default_hpa_scale_down();
};

/// One direction of spec.behavior (autoscaling/v2, v2beta2). As the API server's defaulting
/// does, each field left out keeps the default; the ranges are Kubernetes' validation.
void read_hpa_rules(const ynode& r, scaling::hpa_scaling_rules& rules) {
  if (auto w = r.find("stabilizationWindowSeconds")) rules.stabilization_window_s = w->integer(0, 3600);
  if (auto sp = r.find("selectPolicy")) {
    const std::string v = sp->text();
    const auto select = parse_among(v, scaling::all_hpa_select_policies);
    if (!select)
      sp->fail(errid::bad_enum,
               in_quotes(v) + " is not a selectPolicy; expected " + names_of(scaling::all_hpa_select_policies));
    rules.select = *select;
  }
  if (auto ps = r.find("policies")) {
    const auto list = ps->items();
    if (list.empty()) ps->fail(errid::out_of_range, "an empty policies list; Kubernetes needs at least one");
    rules.policies.clear();
    for (const ynode& q : list) {
      const ynode type = q.at("type");
      const auto t = parse_among(type.text(), scaling::all_hpa_policy_types);
      if (!t)
        type.fail(errid::bad_enum,
                  type.show() + " is not a scaling policy type; expected " + names_of(scaling::all_hpa_policy_types));
      rules.policies.push_back({*t, q.at("value").integer(1, int32_max), q.at("periodSeconds").integer(1, 1800)});
    }
  }
}

/// The CPU utilisation target of an autoscaling/v2 (or v2beta2, v2beta1) HPA. Kubernetes
/// defaults an HPA without metrics to 80% CPU utilisation; any other metric is an error, since
/// a fleet scaled on memory or requests per second cannot be simulated from CPU.
double read_v2_metrics(const ynode& spec, bool v2beta1) {
  const auto metrics = spec.find("metrics");
  if (!metrics) return 80;
  const auto list = metrics->items();
  if (list.empty()) return 80;
  std::optional<double> percent;
  for (const ynode& m : list) {
    const ynode type = m.at("type");
    if (type.text() != "Resource")
      type.fail(errid::unsupported, "the autoscaler scales on a " + type.show() +
                                        " metric; fleetcast simulates only type \"Resource\" with "
                                        "name \"cpu\" and a Utilization target");
    const ynode resource = m.at("resource");
    const ynode name = resource.at("name");
    if (name.text() != "cpu")
      name.fail(errid::unsupported, "the autoscaler scales on resource " + name.show() +
                                        "; fleetcast simulates only CPU utilisation, and guessing "
                                        "a CPU equivalent would misstate the fleet");
    std::int64_t value = 0;
    if (v2beta1) {
      if (!resource.find("targetAverageUtilization"))
        resource.fail(errid::unsupported,
                      "the CPU metric has no targetAverageUtilization (an average value target is "
                      "not simulated)");
      value = resource.at("targetAverageUtilization").integer(1, int32_max);
    } else {
      const ynode target = resource.at("target");
      const ynode target_type = target.at("type");
      if (target_type.text() != "Utilization")
        target_type.fail(
            errid::unsupported,
            "the CPU target is of type " + target_type.show() +
                "; fleetcast simulates only \"Utilization\" (a percentage of the CPU request)");
      value = target.at("averageUtilization").integer(1, int32_max);
    }
    if (percent)
      m.fail(errid::duplicate, "a second CPU utilisation metric; an autoscaler has one target");
    percent = static_cast<double>(value);
  }
  return *percent;
}

autoscaler read_hpa(const ynode& object, const std::string& name, const std::string& namespace_) {
  const ynode api = object.at("apiVersion");
  const std::string version = api.text();
  const bool v1 = version == "autoscaling/v1";
  const bool v2 = version == "autoscaling/v2" || version == "autoscaling/v2beta2";
  const bool v2beta1 = version == "autoscaling/v2beta1";
  if (!v1 && !v2 && !v2beta1)
    api.fail(errid::bad_enum,
             in_quotes(version) +
                 " is not a HorizontalPodAutoscaler version fleetcast reads; expected "
                 "autoscaling/v2 (or v2beta2, v2beta1) or autoscaling/v1");
  const ynode spec = object.at("spec");
  autoscaler h;
  h.name = name;
  h.namespace_ = namespace_;
  const ynode ref = spec.at("scaleTargetRef");
  h.place = ref.place();
  h.target_kind = ref.at("kind").text();
  h.target_name = ref.at("name").text();
  if (auto m = spec.find("minReplicas")) h.min = m->integer(1, int32_max);
  const ynode max = spec.at("maxReplicas");
  h.max = max.integer(1, int32_max);
  if (h.max < h.min)
    max.fail(errid::out_of_range, max.show() + " is below minReplicas " + std::to_string(h.min));
  if (v1) {
    // autoscaling/v1 without a target uses the controller's default, 80%.
    if (auto t = spec.find("targetCPUUtilizationPercentage"))
      h.target_percent = static_cast<double>(t->integer(1, int32_max));
  } else {
    h.target_percent = read_v2_metrics(spec, v2beta1);
  }
  if (auto b = spec.find("behavior"); b && !v2beta1) {
    if (auto r = b->find("scaleUp")) read_hpa_rules(*r, h.scale_up);
    if (auto r = b->find("scaleDown")) read_hpa_rules(*r, h.scale_down);
  }
  return h;
}

constexpr std::string_view workload_kinds[] = {"Deployment", "StatefulSet", "DaemonSet", "Pod"};
/// Kinds that run pods to completion: left out with a note (their cost is not simulated).
constexpr std::string_view batch_kinds[] = {"Job", "CronJob"};
/// Kinds whose pods a Deployment (or nothing current) owns: an error that says what to import.
constexpr std::string_view owned_kinds[] = {"ReplicaSet", "ReplicationController"};
/// Kinds that describe no running compute of their own.
// clang-format off
constexpr std::string_view skipped_kinds[] = {
    "Service", "ConfigMap", "Secret", "Namespace", "Ingress", "IngressClass", "ServiceAccount",
    "PersistentVolumeClaim", "PersistentVolume", "StorageClass", "Role", "RoleBinding",
    "ClusterRole", "ClusterRoleBinding", "NetworkPolicy", "PodDisruptionBudget",
    "CustomResourceDefinition", "Endpoints", "EndpointSlice", "ResourceQuota", "LimitRange",
    "PriorityClass", "RuntimeClass", "PodTemplate", "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration", "APIService", "Lease", "Event", "VerticalPodAutoscaler"};
// clang-format on

bool in(std::string_view s, std::span<const std::string_view> set) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

/// API groups built into Kubernetes (the part of apiVersion before '/'; "v1" is the core
/// group). A kind from any other group is a custom resource (an operator's, a mesh's), which
/// runs no pods fleetcast can size.
bool builtin_group(std::string_view api_version) {
  const auto slash = api_version.find('/');
  if (slash == std::string_view::npos) return true;  // core: v1
  const std::string_view group = api_version.substr(0, slash);
  return group.find('.') == std::string_view::npos || group.ends_with(".k8s.io");
}

/// What `import_kubernetes` tells a reader who gave it a CloudFormation template.
constexpr std::string_view cloudformation_advice =
    "this is an AWS CloudFormation template, not a Kubernetes manifest or ECS task definition; "
    "give fleetcast the task definitions it deploys: run `aws ecs describe-task-definition "
    "--task-definition FAMILY --query taskDefinition > FAMILY.json` after deploying, or copy each "
    "AWS::ECS::TaskDefinition resource's Properties into a JSON file with the keys in camelCase "
    "(ContainerDefinitions -> containerDefinitions, Cpu -> cpu, ...)";

class importer {
 public:
  explicit importer(std::vector<import_note>* skipped) : skipped_(skipped) {}

  void object(const ynode& o, std::string_view kind_from_list = {}) {
    if (!o.yaml().IsMap())
      o.fail(
          errid::wrong_type,
          o.show() +
              " is not a Kubernetes object; expected a mapping with apiVersion, kind and metadata");
    std::string kind;
    if (auto k = o.find("kind"))
      kind = k->text();
    else if (!kind_from_list.empty())
      kind = kind_from_list;  // typed lists omit it in items
    else if (o.find("AWSTemplateFormatVersion") || o.find("Resources"))
      o.fail(errid::unsupported, cloudformation_advice);
    else
      o.fail(errid::missing_field, "missing required field \"kind\"");

    if (kind == "List" || (kind.size() > 4 && kind.ends_with("List") && o.find("items"))) {
      const std::string item_kind =
          kind == "List" ? std::string() : kind.substr(0, kind.size() - 4);
      if (auto items = o.find("items"))
        for (const ynode& item : items->items()) object(item, item_kind);
      return;
    }
    std::string api_version;
    if (auto a = o.find("apiVersion")) api_version = a->text();
    if (in(kind, skipped_kinds)) {
      if (kind == "LimitRange") check_limit_range(o);
      note(o, kind, "runs no pods");
      return;
    }
    if (in(kind, batch_kinds)) {
      note(o, kind,
           "runs pods to completion; fleetcast simulates long-running services, so its cost is not included");
      return;
    }
    if (kind == "Kustomization") {
      note(o, kind, "is a kustomize file; give fleetcast its directory to follow its resources");
      return;
    }

    const std::optional<ynode> kind_node = o.find("kind");
    const ynode& kind_place = kind_node ? *kind_node : o;
    const std::string supported = "fleetcast reads the workload kinds " + join(workload_kinds) +
                                  " with their HorizontalPodAutoscalers";
    if (in(kind, owned_kinds))
      kind_place.fail(errid::unsupported,
                      kind + (kind == "ReplicaSet"
                                  ? " is normally created by a Deployment; import the Deployment instead. "
                                  : " is the old form of a Deployment; change it to \"apiVersion: apps/v1\", "
                                    "\"kind: Deployment\" (the same spec, with spec.selector.matchLabels). ") +
                          supported);
    if (!in(kind, workload_kinds) && kind != "HorizontalPodAutoscaler") {
      if (!builtin_group(api_version)) {
        note(o, kind, "is a custom resource (" + api_version + "); any pods its operator runs are not included");
        return;
      }
      kind_place.fail(
          errid::bad_enum,
          in_quotes(kind) + " is not a kind fleetcast knows; " + supported + ", and skips " +
              join(skipped_kinds) + ", " + join(batch_kinds) + " and custom resources");
    }

    const ynode metadata = o.at("metadata");
    const std::string name = metadata.at("name").text();
    std::string namespace_;
    if (auto ns = metadata.find("namespace")) namespace_ = ns->text();
    if (kind == "HorizontalPodAutoscaler") {
      autoscalers_.push_back(read_hpa(o, name, namespace_));
      return;
    }

    workload_entry e;
    e.namespace_ = namespace_;
    imported_workload& w = e.w;
    w.name = name;
    w.kind = kind;
    w.source = o.path().empty() ? o.document() : o.place();
    w.on = platform::eks;
    const ynode spec = o.at("spec");
    if (kind == "Pod") {
      w.replicas = 1;
      read_pod_spec(spec, e);
    } else if (kind == "DaemonSet") {
      w.replicas = 0;  // one pod on every node, however many there are
      read_pod_spec(spec.at("template").at("spec"), e);
    } else {
      if (auto r = spec.find("replicas")) w.replicas = r->integer(0, int32_max);
      read_pod_spec(spec.at("template").at("spec"), e);
    }
    for (const workload_entry& other : workloads_)
      if (other.w.kind == kind && other.w.name == name && other.namespace_ == namespace_)
        o.fail(errid::duplicate, kind + " " + in_quotes(name) + " is defined twice (first in " +
                                     other.w.source + ")");
    workloads_.push_back(std::move(e));
  }

  /// Attaches each autoscaler to its target, wherever in the file the target was.
  std::vector<imported_workload> finish() {
    for (const autoscaler& h : autoscalers_) {
      workload_entry* target = nullptr;
      for (workload_entry& e : workloads_)
        if (e.w.kind == h.target_kind && e.w.name == h.target_name && e.namespace_ == h.namespace_)
          target = &e;
      const std::string hpa = "HorizontalPodAutoscaler " + in_quotes(h.name);
      if (target == nullptr)
        throw input_error(
            errid::missing_field, h.place,
            hpa + " targets " + h.target_kind + " " + in_quotes(h.target_name) +
                (h.namespace_.empty() ? "" : " in namespace " + in_quotes(h.namespace_)) +
                ", which is not among the files given; add the file that defines it (or the whole directory), "
                "or drop the autoscaler");
      if (target->w.kind == "Pod" || target->w.kind == "DaemonSet")
        throw input_error(errid::unsupported, h.place,
                          hpa + " targets a " + target->w.kind + ", which cannot be scaled");
      if (target->autoscaled)
        throw input_error(errid::duplicate, h.place,
                          hpa + " is the second autoscaler for " + target->w.kind + " " +
                              in_quotes(target->w.name));
      if (target->container_without_cpu)
        throw input_error(errid::missing_field, h.place,
                          hpa + " scales on CPU utilisation, but " +
                              *target->container_without_cpu +
                              " has no CPU request, so Kubernetes cannot compute utilisation");
      target->autoscaled = true;
      target->w.min_replicas = h.min;
      target->w.max_replicas = h.max;
      target->w.target_cpu_percent = h.target_percent;
      target->w.hpa_scale_up = h.scale_up;
      target->w.hpa_scale_down = h.scale_down;
    }
    std::vector<imported_workload> out;
    out.reserve(workloads_.size());
    for (workload_entry& e : workloads_) out.push_back(std::move(e.w));
    return out;
  }

 private:
  /// A LimitRange that gives containers default requests would change pod sizes; it is not
  /// applied, so say so instead of skipping it.
  static void check_limit_range(const ynode& o) {
    const auto spec = o.find("spec");
    if (!spec) return;
    const auto limits = spec->find("limits");
    if (!limits) return;
    for (const ynode& l : limits->items())
      for (std::string_view key : {"default", "defaultRequest"})
        if (auto d = l.find(key))
          d->fail(errid::unsupported,
                  "a LimitRange with default requests or limits changes the size of pods that set "
                  "none; fleetcast does not apply it — set the requests on the containers instead");
  }

  void note(const ynode& o, const std::string& kind, std::string why) {
    if (!skipped_) return;
    std::string name;
    if (auto m = o.find("metadata"); m && m->yaml().IsMap())
      if (auto n = m->find("name"); n && n->yaml().IsScalar()) name = n->text();
    skipped_->push_back({kind, std::move(name), o.document(), std::move(why)});
  }

  std::vector<workload_entry> workloads_;
  std::vector<autoscaler> autoscalers_;
  std::vector<import_note>* skipped_ = nullptr;
};

/// `source:line:column` of a yaml-cpp mark (0-based in yaml-cpp, 1-based in messages).
std::string mark_place(std::string_view source, const YAML::Mark& mark) {
  return std::string(source) + ":" + std::to_string(mark.line + 1) + ":" +
         std::to_string(mark.column + 1);
}

/// Offset of the first byte that is not well-formed UTF-8 (Unicode 15, table 3-7: no overlong
/// forms, no surrogates, nothing above U+10FFFF), or npos.
std::size_t first_invalid_utf8(std::string_view text) {
  const auto* b = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned c = b[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned lo = 0x80, hi = 0xBF;  // the second byte's range
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return i;
    }
    if (i + len > n || b[i + 1] < lo || b[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k)
      if (b[i + k] < 0x80 || b[i + k] > 0xBF) return i;
    i += len;
  }
  return std::string_view::npos;
}

/// Builds the documents of a YAML stream from the parser's events. It replaces YAML::LoadAll,
/// which loops forever on some malformed streams in yaml-cpp 0.7 (a token no rule consumes
/// yields an empty document again and again: jbeder/yaml-cpp#1319, found by fuzz_k8s_manifest),
/// and it enforces fleetcast's limits while the tree is built:
/// - nesting deeper than `--limit depth` is refused at the node that goes too deep;
/// - anchors and aliases may not expand a document beyond `--limit file-bytes` nodes (without
///   aliases a document has fewer nodes than bytes, so this bounds only "billion laughs"
///   files, whose aliased lists the importer would otherwise walk again and again);
/// - an alias must name a node that is complete (no self-containing structures).
class yaml_loader final : public YAML::EventHandler {
 public:
  yaml_loader(std::string_view source, const input_limits& limits) : source_(source), limits_(limits) {}

  /// Reads every document; empty ones become null nodes.
  std::vector<YAML::Node> load(std::string_view text) {
    std::istringstream in{std::string(text)};
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(*this)) {
      if (!root_) root_ = YAML::Node();  // nothing inside the document
      documents_.push_back(*root_);
      root_.reset();
    }
    return std::move(documents_);
  }

  void OnDocumentStart(const YAML::Mark& mark) override {
    // A document must start past the previous one; yaml-cpp 0.7 can fail to consume a stray
    // token and report the same empty document at the same place forever.
    if (!documents_.empty() && mark.pos <= last_start_)
      fail(mark, errid::malformed_json, "not valid YAML: unexpected text the parser cannot read");
    last_start_ = mark.pos;
    anchors_.clear();
    stack_.clear();
    root_.reset();
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    complete(YAML::Node(YAML::NodeType::Null), 1, anchor, mark);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const auto it = anchors_.find(anchor);
    if (it == anchors_.end())
      fail(mark, errid::malformed_json,
           "not valid YAML: an alias refers to a node that contains it, or to no node");
    complete(it->second.node, it->second.size, 0, mark);
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    // YAML text is Unicode, but yaml-cpp passes stray bytes (and escapes such as "\ud800")
    // through; a name holding them could not be written back as JSON (fuzz_k8s_manifest).
    if (const std::size_t bad = first_invalid_utf8(value); bad != std::string_view::npos) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(value[bad]));
      fail(mark, errid::malformed_json,
           std::string("not valid YAML: the value holds byte ") + hex +
               ", which is not UTF-8 text");
    }
    YAML::Node n(value);
    n.SetTag(tag);
    complete(std::move(n), 1, anchor, mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value /*style*/) override {
    open(YAML::NodeType::Sequence, tag, anchor, mark);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value /*style*/) override {
    open(YAML::NodeType::Map, tag, anchor, mark);
  }
  void OnMapEnd() override { close(); }

 private:
  struct frame {
    YAML::Node node;
    YAML::anchor_t anchor;
    YAML::Mark mark;
    std::uint64_t size = 1;  // nodes below and including this one, aliases expanded
    std::optional<YAML::Node> key;
  };
  struct anchored {
    YAML::Node node;
    std::uint64_t size;
  };

  [[noreturn]] void fail(const YAML::Mark& mark, error_id id, std::string_view message) const {
    throw input_error(id, mark_place(source_, mark), message);
  }

  void open(YAML::NodeType::value type, const std::string& tag, YAML::anchor_t anchor,
            const YAML::Mark& mark) {
    if (stack_.size() + 1 > limits_.depth)
      throw_limit(limits_, limit::depth, mark_place(source_, mark), "nesting depth exceeds");
    YAML::Node n(type);
    n.SetTag(tag);
    stack_.push_back(frame{std::move(n), anchor, mark, 1, std::nullopt});
  }
  void close() {
    frame f = std::move(stack_.back());
    stack_.pop_back();
    complete(std::move(f.node), f.size, f.anchor, f.mark);
  }

  /// A finished node: registers its anchor and attaches it to its parent (or makes it the root).
  void complete(YAML::Node n, std::uint64_t size, YAML::anchor_t anchor, const YAML::Mark& mark) {
    if (anchor != YAML::NullAnchor) anchors_[anchor] = anchored{n, size};
    if (stack_.empty()) {
      root_ = std::move(n);
      return;
    }
    frame& parent = stack_.back();
    parent.size = std::min(parent.size + size, max_size);
    if (parent.size > limits_.file_bytes)
      throw_limit(limits_, limit::file_bytes, mark_place(source_, mark),
                  "anchors and aliases expand the document beyond as many nodes as");
    if (parent.node.IsSequence()) {
      parent.node.push_back(n);
    } else if (!parent.key) {
      parent.key = std::move(n);
    } else {
      parent.node.force_insert(*parent.key, n);
      parent.key.reset();
    }
  }

  static constexpr std::uint64_t max_size = std::uint64_t{1} << 62;
  std::string_view source_;
  const input_limits& limits_;
  std::vector<YAML::Node> documents_;
  std::optional<YAML::Node> root_;
  std::vector<frame> stack_;
  std::unordered_map<YAML::anchor_t, anchored> anchors_;
  int last_start_ = 0;
};

/// The documents of a YAML (or JSON) text. Throws input.1 with line:column for a syntax error
/// or a scalar that is not UTF-8, input.13 for a limit.
std::vector<YAML::Node> load_yaml_documents(std::string_view text, std::string_view source,
                                            const input_limits& limits) {
  try {
    return yaml_loader(source, limits).load(text);
  } catch (const YAML::DeepRecursion& e) {
    throw input_error(errid::limit_exceeded, mark_place(source, e.mark),
                      "nesting deeper than " + std::to_string(e.depth()) +
                          " levels, the YAML parser's own fixed limit");
  } catch (const YAML::Exception& e) {
    throw input_error(errid::malformed_json, mark_place(source, e.mark), "not valid YAML: " + e.msg);
  }
}

}  // namespace

std::vector<imported_workload> import_kubernetes(std::span<const workload_text> files, const input_limits& limits,
                                                 std::vector<import_note>* skipped) {
  importer in(skipped);
  for (const workload_text& f : files) {
    const std::vector<YAML::Node> documents = load_yaml_documents(f.text, f.source, limits);
    bool any = false;
    for (std::size_t i = 0; i < documents.size(); ++i) {
      if (!documents[i].IsDefined() || documents[i].IsNull()) continue;  // empty document
      any = true;
      const std::string document = std::string(f.source) + " (document " + std::to_string(i + 1) + ")";
      try {
        in.object(ynode(documents[i], document, ""));
      } catch (const YAML::Exception& e) {
        // A node yaml-cpp cannot hand out (it should not happen); keep the place.
        throw input_error(errid::malformed_json, document, std::string("not valid YAML: ") + e.msg);
      }
    }
    if (!any) throw input_error(errid::empty_input, f.source, "the input holds no Kubernetes objects");
  }
  return in.finish();
}

std::vector<imported_workload> import_kubernetes(std::string_view text, std::string_view source,
                                                 const input_limits& limits) {
  const workload_text one{text, source};
  return import_kubernetes(std::span<const workload_text>(&one, 1), limits, nullptr);
}

}  // namespace fleetcast
