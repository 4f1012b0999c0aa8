// A whole application from files and directories: which files, in which order, read as one
// application; and the summary of what was made of them.

#include "fleetcast/io/app_import.hpp"

#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

#include "fleetcast/core/error.hpp"
#include "fleetcast/io/files.hpp"
#include "fleetcast/io/workload_scenario.hpp"

namespace fleetcast {
namespace detail {
std::string_view embedded_scenario_schema_json() noexcept;  // generated from examples/
}
std::string_view scenario_schema_json() noexcept {
  return detail::embedded_scenario_schema_json();
}

namespace {

namespace fs = std::filesystem;

bool has_extension(const fs::path& p) {
  const std::string e = p.extension().string();
  return e == ".yaml" || e == ".yml" || e == ".json";
}

bool is_kustomization(const fs::path& p) {
  const std::string n = p.filename().string();
  return n == "kustomization.yaml" || n == "kustomization.yml" || n == "Kustomization";
}

std::string show(const fs::path& p) {
  return p.lexically_normal().generic_string();
}

/// The fields of a kustomization that change what kustomize renders; fleetcast reads the
/// resources as they are and says so.
constexpr const char* kustomize_transforms[] = {"patches",          "patchesStrategicMerge",
                                                "patchesJson6902",  "namePrefix",
                                                "nameSuffix",       "namespace",
                                                "replicas",         "images",
                                                "components",       "generators",
                                                "transformers",     "configMapGenerator",
                                                "secretGenerator",  "helmCharts",
                                                "commonLabels",     "labels",
                                                "commonAnnotations"};

class collector {
 public:
  explicit collector(const input_limits& limits) : limits_(limits) {}

  void path(const fs::path& p) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      directory(p);
    } else {
      file(p);
    }
  }

  imported_app app;
  std::vector<fs::path> files;
  std::set<fs::path> scanned;  ///< files found by searching a directory, not named

 private:
  void file(const fs::path& p, bool from_directory = false) {
    if (is_kustomization(p)) {
      kustomization(p, from_directory);
      return;
    }
    std::error_code ec;
    const fs::path key = fs::weakly_canonical(p, ec);
    if (!seen_.insert(ec ? p.lexically_normal() : key).second) return;  // given twice
    files.push_back(p);
    if (from_directory) scanned.insert(p);
  }

  void directory(const fs::path& dir) {
    std::error_code ec;
    if (fs::exists(dir / "Chart.yaml", ec))
      throw input_error(
          errid::unsupported, show(dir),
          "this is a Helm chart (it has Chart.yaml); render it first: `helm template NAME " +
              show(dir) +
              " > app.yaml` (with your values: -f values.yaml), then `fleetcast import app.yaml`");
    for (const char* k : {"kustomization.yaml", "kustomization.yml", "Kustomization"})
      if (fs::exists(dir / k, ec)) {
        kustomization(dir / k, true);
        return;
      }
    std::vector<fs::path> found;
    for (auto it = fs::recursive_directory_iterator(
             dir, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      const fs::path& q = it->path();
      const std::string name = q.filename().string();
      if (it->is_directory(ec)) {
        if (!name.empty() && name[0] == '.')
          it.disable_recursion_pending();
        else if (fs::exists(q / "Chart.yaml", ec))
          throw input_error(
              errid::unsupported, show(q),
              "this is a Helm chart (it has Chart.yaml); render it first: `helm template NAME " +
                  show(q) + " > app.yaml`, then import app.yaml with the rest");
        continue;
      }
      if (!name.empty() && name[0] != '.' && has_extension(q)) found.push_back(q);
    }
    if (ec) throw io_error(errid::io_read, show(dir), "cannot list the directory: " + ec.message());
    std::sort(found.begin(), found.end());
    // A kustomization below the top: its directory is read through it, not file by file.
    std::vector<fs::path> kdirs;
    for (const auto& f : found)
      if (is_kustomization(f)) kdirs.push_back(f.parent_path());
    for (const auto& f : found) {
      const bool under_k = std::any_of(kdirs.begin(), kdirs.end(), [&](const fs::path& d) {
        const std::string fd = f.parent_path().generic_string(), dd = d.generic_string();
        return !is_kustomization(f) && (fd == dd || fd.rfind(dd + "/", 0) == 0);
      });
      if (!under_k) file(f, true);
    }
    if (found.empty())
      throw input_error(errid::empty_input, show(dir),
                        "the directory holds no .yaml, .yml or .json file");
  }

  /// Follows a kustomization's resources. Read for a directory (`from_directory`), the files
  /// beside it that it does not list are noted as left out; named on the command line with
  /// other files, those are the user's choice.
  void kustomization(const fs::path& k, bool from_directory) {
    std::error_code ec;
    if (!kustomizations_.insert(fs::weakly_canonical(k, ec)).second) return;
    const std::string text = read_text_file(k.string(), limits_);
    YAML::Node doc;
    try {
      doc = YAML::Load(text);
    } catch (const YAML::Exception& e) {
      throw input_error(errid::malformed_json, show(k), std::string("not valid YAML: ") + e.msg);
    }
    if (!doc.IsMap())
      throw input_error(errid::wrong_type, show(k), "a kustomization is a mapping with resources:");
    std::vector<std::string> transforms;
    for (const char* t : kustomize_transforms)
      if (doc[t] && !doc[t].IsNull()) transforms.push_back(t);
    if (!transforms.empty()) {
      std::string list;
      for (const auto& t : transforms) list += (list.empty() ? "" : ", ") + t;
      app.notes.push_back(
          show(k) + " has " + list +
          ", which fleetcast does not apply: the resources are read as written. For the exact "
          "result, render it first: `kubectl kustomize " +
          show(k.parent_path()) + " > app.yaml` and import app.yaml");
    }
    const YAML::Node res = doc["resources"];
    const YAML::Node bases = doc["bases"];  // the old name
    std::vector<std::string> listed;
    for (const YAML::Node& list : {res, bases})
      if (list && list.IsSequence())
        for (const auto& r : list)
          if (r.IsScalar()) listed.push_back(r.Scalar());
    const fs::path dir = k.parent_path();
    std::set<fs::path> followed;
    for (const std::string& r : listed) {
      if (r.find("://") != std::string::npos || r.rfind("github.com/", 0) == 0) {
        app.skipped.push_back(
            {"resource", r, show(k),
             "is remote; fleetcast reads local files only (render with kubectl kustomize)"});
        continue;
      }
      const fs::path p = dir / r;
      if (!fs::exists(p, ec))
        throw input_error(errid::missing_field, show(k),
                          "lists resource \"" + r + "\", which does not exist at " + show(p));
      followed.insert(p.lexically_normal());
      path(p);
    }
    app.notes.insert(app.notes.begin(), "followed " + show(k) + ": its " +
                                            std::to_string(listed.size()) +
                                            " resources are the application");
    // Files beside it that it does not list are not part of what kustomize builds.
    std::vector<fs::path> beside;
    for (const auto& e : fs::directory_iterator(dir, ec))
      if (e.is_regular_file(ec) && has_extension(e.path()) && !is_kustomization(e.path()) &&
          !followed.count(e.path().lexically_normal()))
        beside.push_back(e.path());
    std::sort(beside.begin(), beside.end());
    if (from_directory)
      for (const auto& b : beside)
        app.skipped.push_back(
            {"file", b.filename().string(), show(b), "is not in " + show(k) + "'s resources"});
  }

  const input_limits& limits_;
  std::set<fs::path> seen_, kustomizations_;
};

/// CloudFormation templates: the AWS::ECS::TaskDefinition and AWS::ECS::Service resources
/// become the ECS JSON the ECS importer reads. CloudFormation spells the API's keys in
/// PascalCase (ContainerDefinitions for containerDefinitions), so keys get their first letter
/// lowered; `Ref` to a parameter takes the parameter's Default, `Ref` to a task definition its
/// family; other intrinsic functions (Fn::Sub, !GetAtt, …) become a text that names them, so
/// one in a field that matters for cost (Cpu, Memory) is reported there by the ECS importer.
class cloudformation {
 public:
  explicit cloudformation(const YAML::Node& doc) : doc_(doc) {}

  /// The ECS JSON array, or an empty array when the template has no ECS resources.
  nlohmann::json ecs() {
    nlohmann::json out = nlohmann::json::array();
    const YAML::Node resources = doc_["Resources"];
    if (!resources || !resources.IsMap()) return out;
    for (const auto& r : resources)
      if (r.second.IsMap() && r.second["Type"] &&
          r.second["Type"].Scalar() == "AWS::ECS::TaskDefinition") {
        const YAML::Node props = r.second["Properties"];
        families_[r.first.Scalar()] =
            props && props.IsMap() && props["Family"] && props["Family"].IsScalar()
                ? props["Family"].Scalar()
                : r.first.Scalar();
      }
    for (const auto& r : resources) {
      if (!r.second.IsMap() || !r.second["Type"]) continue;
      const std::string type = r.second["Type"].Scalar();
      const YAML::Node props = r.second["Properties"];
      if (type == "AWS::ECS::TaskDefinition") {
        nlohmann::json td = props ? convert(props, 0) : nlohmann::json::object();
        td["family"] = families_[r.first.Scalar()];
        out.push_back(std::move(td));
      } else if (type == "AWS::ECS::Service") {
        nlohmann::json sv = props ? convert(props, 0) : nlohmann::json::object();
        if (!sv.contains("serviceName") || !sv["serviceName"].is_string())
          sv["serviceName"] = r.first.Scalar();
        out.push_back(std::move(sv));
      }
    }
    return out;
  }

 private:
  nlohmann::json ref(const std::string& name, int depth) {
    if (auto f = families_.find(name); f != families_.end()) return f->second;
    const YAML::Node params = doc_["Parameters"];
    if (params && params.IsMap() && params[name] && params[name].IsMap() && params[name]["Default"])
      return convert(params[name]["Default"], depth + 1);
    return "(Ref " + name + ": no Default)";
  }

  nlohmann::json convert(const YAML::Node& n, int depth) {
    if (depth > 64) return nullptr;  // deeper than any task definition
    // YAML aliases share nodes, so a small file can name a huge tree: a budget of nodes.
    if (++visited_ > max_nodes)
      throw input_error(errid::limit_exceeded, "CloudFormation template",
                        "more than " + std::to_string(max_nodes) +
                            " values in the ECS resources (YAML aliases?)");
    const std::string& tag = n.Tag();
    if (!tag.empty() && tag != "!" && tag != "?" &&
        tag.rfind("tag:yaml.org", 0) != 0) {  // !Ref, !Sub, …
      if (tag == "!Ref" && n.IsScalar()) return ref(n.Scalar(), depth);
      return "(" + tag + " function)";
    }
    if (n.IsMap()) {
      if (n.size() == 1) {
        const std::string key = n.begin()->first.Scalar();
        if (key == "Ref" && n.begin()->second.IsScalar())
          return ref(n.begin()->second.Scalar(), depth);
        if (key.rfind("Fn::", 0) == 0) return "(" + key + " function)";
      }
      nlohmann::json o = nlohmann::json::object();
      for (const auto& e : n) {
        std::string key = e.first.Scalar();
        if (!key.empty())
          key[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(key[0])));
        o[key] = convert(e.second, depth + 1);
      }
      return o;
    }
    if (n.IsSequence()) {
      nlohmann::json a = nlohmann::json::array();
      for (const auto& e : n) a.push_back(convert(e, depth + 1));
      return a;
    }
    if (!n.IsScalar()) return nullptr;
    const std::string& s = n.Scalar();
    if (tag != "!") {  // plain (unquoted): numbers and booleans as such
      if (s == "true" || s == "false") return s == "true";
      if (!s.empty() && s.size() < 16 && s.find_first_not_of("0123456789") == std::string::npos)
        return std::stoll(s);
    }
    return s;
  }

  static constexpr std::size_t max_nodes = 1'000'000;
  const YAML::Node& doc_;
  std::map<std::string, std::string> families_;
  std::size_t visited_ = 0;
};

bool json_file(const fs::path& p) {
  return p.extension() == ".json";
}

/// An ECS file by content: JSON that is not a Kubernetes object (import_workloads decides).
bool kubernetes_text(std::string_view text, const fs::path& p) {
  if (!json_file(p)) return true;
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return false;
  // A Kubernetes JSON object names its apiVersion and kind; ECS JSON never does.
  return text.find("\"apiVersion\"") != std::string_view::npos &&
         text.find("\"kind\"") != std::string_view::npos;
}

std::string app_name(const std::vector<std::string>& paths) {
  auto base = [](const fs::path& p) {
    std::error_code ec;
    fs::path c = fs::weakly_canonical(p, ec);
    if (ec) c = p;
    if (c.filename().empty()) c = c.parent_path();
    return c;
  };
  std::error_code ec;
  if (paths.size() == 1) {
    const fs::path p = base(paths.front());
    return fs::is_directory(p, ec) ? p.filename().string() : p.stem().string();
  }
  // Several files: their common directory's name when they share one, else the first's stem.
  const fs::path dir = base(paths.front()).parent_path();
  for (const auto& p : paths)
    if (base(p).parent_path() != dir) return base(paths.front()).stem().string();
  return dir.filename().string();
}

}  // namespace

imported_app import_application(const std::vector<std::string>& paths, const input_limits& limits) {
  if (paths.empty()) throw input_error(errid::empty_input, "import", "no file or directory given");
  collector c(limits);
  for (const auto& p : paths) c.path(p);
  imported_app app = std::move(c.app);
  app.name = app_name(paths);
  std::vector<std::string> texts, sources;
  texts.reserve(c.files.size());
  for (const auto& f : c.files) {
    texts.push_back(read_text_file(f.string(), limits));
    sources.push_back(show(f));
  }
  std::vector<workload_text> k8s;
  for (std::size_t i = 0; i < c.files.size(); ++i) {
    if (c.scanned.count(c.files[i])) {
      // Found by searching a directory, not named: a file that is not a workload file
      // (docker-compose.yml, package.json, a fleetcast scenario) is left out, not an error.
      const bool yaml = !json_file(c.files[i]);
      const bool looks = texts[i].find("AWS::ECS::") != std::string::npos ||
                         (yaml ? texts[i].find("kind:") != std::string::npos
                               : is_workload_file(texts[i], sources[i], limits));
      if (!looks) {
        app.skipped.push_back({"file", c.files[i].filename().string(), sources[i],
                               yaml ? "holds no Kubernetes object (no kind:)"
                                    : "is neither an ECS task definition nor a Kubernetes object"});
        continue;
      }
    }
    app.files.push_back(sources[i]);
    if (texts[i].find("AWS::ECS::") != std::string::npos) {
      // A CloudFormation template with ECS resources: read them as the ECS API's JSON.
      nlohmann::json ecs = nlohmann::json::array();
      try {
        const YAML::Node doc = YAML::Load(texts[i]);
        if (doc.IsMap() && doc["Resources"] && !doc["kind"]) ecs = cloudformation(doc).ecs();
      } catch (const YAML::Exception&) {
        // Not valid YAML: the readers below say where.
      }
      if (!ecs.empty()) {
        app.notes.push_back(sources[i] + " is a CloudFormation template: read its " +
                            std::to_string(ecs.size()) +
                            " AWS::ECS::TaskDefinition and AWS::ECS::Service resources");
        auto w = import_ecs(ecs.dump(), sources[i] + " (CloudFormation resources)", limits);
        app.workloads.insert(app.workloads.end(), std::make_move_iterator(w.begin()),
                             std::make_move_iterator(w.end()));
        continue;
      }
    }
    if (kubernetes_text(texts[i], c.files[i])) {
      k8s.push_back({texts[i], sources[i]});
    } else {
      auto w = import_workloads(texts[i], sources[i], limits);  // ECS (or a CloudFormation error)
      app.workloads.insert(app.workloads.end(), std::make_move_iterator(w.begin()),
                           std::make_move_iterator(w.end()));
    }
  }
  if (!k8s.empty()) {
    auto w = import_kubernetes(k8s, limits, &app.skipped);
    app.workloads.insert(app.workloads.end(), std::make_move_iterator(w.begin()),
                         std::make_move_iterator(w.end()));
  }
  if (std::all_of(app.workloads.begin(), app.workloads.end(),
                  [](const imported_workload& w) { return w.kind == "DaemonSet"; })) {
    // Say what was found instead, so the reader sees why.
    std::map<std::string, int> kinds;
    for (const auto& s : app.skipped) ++kinds[s.kind];
    std::string found;
    for (const auto& [kind, n] : kinds)
      found += (found.empty() ? "" : ", ") + std::to_string(n) + " " + kind +
               (n == 1                ? ""
                : kind.ends_with("s") ? "es"
                                      : "s");
    if (!app.workloads.empty())
      found += (found.empty() ? "" : ", ") + std::to_string(app.workloads.size()) + " DaemonSet";
    throw input_error(
        errid::missing_field, app.name,
        "no workload to simulate: no Deployment, StatefulSet, Pod or ECS task definition" +
            (found.empty() ? std::string() : " (found " + found + ")") +
            "; give the files that define the application's services");
  }
  return app;
}

scenario_input scenario_from_inputs(const std::vector<std::string>& inputs, const input_limits& limits) {
  if (inputs.empty()) throw input_error(errid::empty_input, "inputs", "no file or directory to read");
  if (inputs.size() == 1) {
    std::error_code ec;
    if (!std::filesystem::is_directory(inputs[0], ec)) {
      std::string text = read_text_file(inputs[0], limits);
      if (!is_workload_file(text, inputs[0], limits)) return {std::move(text), inputs[0]};
    }
  }
  const imported_app app = import_application(inputs, limits);
  return {workloads_to_scenario_json(app.workloads, app.name),
          (inputs.size() == 1 ? inputs[0] : app.name) + " (imported)"};
}

namespace {

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

std::string vcpu(std::int64_t units) {
  return fmt("%g vCPU", double(units) / 1024.0);
}

std::string size_text(const imported_workload& w) {
  const imported_size z = scenario_size(w);
  std::string cpu =
      z.cpu_millicores > 0 ? std::to_string(z.cpu_millicores) + "m CPU" : vcpu(z.cpu_units);
  std::string s = cpu + ", " + std::to_string(z.memory_mib) + " MiB";
  if (w.on == platform::eks && (w.cpu_millicores == 0 || w.memory_mib == 0))
    s += " (" + std::string(w.cpu_millicores == 0 ? "no CPU request" : "") +
         (w.cpu_millicores == 0 && w.memory_mib == 0 ? ", " : "") +
         (w.memory_mib == 0 ? "no memory request" : "") + ": EKS Fargate's default used)";
  if (w.gpus > 0) s += ", " + std::to_string(w.gpus) + " GPU";
  return s;
}

std::string fargate_text(const imported_workload& w, platform on) {
  const auto f = fargate_size_for(w, on);
  if (!f) return w.gpus > 0 ? "nothing (no GPUs)" : "nothing (no Fargate size fits)";
  return fmt("%g", f->cpu_units / 1024.0) + " vCPU + " + fmt("%g", f->memory_mib / 1024.0) + " GB";
}

}  // namespace

std::string import_summary(const imported_app& app) {
  std::string out;
  std::size_t services = 0, daemonsets = 0;
  for (const auto& w : app.workloads) (w.kind == "DaemonSet" ? daemonsets : services) += 1;
  out += "fleetcast import: scenario \"" + app.name + "\": " + std::to_string(services) +
         " service" + (services == 1 ? "" : "s") +
         (daemonsets
              ? " and " + std::to_string(daemonsets) + " DaemonSet" + (daemonsets == 1 ? "" : "s")
              : "") +
         " from " + std::to_string(app.files.size()) + " file" +
         (app.files.size() == 1 ? "" : "s") + "\n";
  out +=
      "Services (size of one task or pod as written; Fargate bills the next valid size, on EKS "
      "after adding "
      "256 MiB per pod):\n";
  bool defaulted_scaling = false;
  for (const auto& w : app.workloads) {
    if (w.kind == "DaemonSet") continue;
    const std::int64_t replicas = std::max<std::int64_t>(1, w.replicas);
    std::string scaling;
    if (w.max_replicas) {
      scaling = "its autoscaler: " + std::to_string(*w.min_replicas) + "-" +
                std::to_string(*w.max_replicas) + " at " +
                fmt("%g", w.target_cpu_percent.value_or(80.0)) + " % CPU";
    } else {
      defaulted_scaling = true;
      scaling = "default scaling: " + std::to_string(replicas) + "-" +
                std::to_string(3 * replicas) + " at 70 % CPU";
    }
    out += "  " + w.name + ": " + w.kind + " in " + w.source + "; " + size_text(w) + "; " +
           std::to_string(replicas) + (replicas == 1 ? " replica" : " replicas") + "; " + scaling +
           "; Fargate bills " + fargate_text(w, platform::ecs) + " on ECS, " +
           fargate_text(w, platform::eks) + " on EKS\n";
  }
  if (daemonsets) {
    out +=
        "DaemonSets (one pod on every node): added to every EC2 node of the EKS options as "
        "overhead; the ECS "
        "EC2 options hold their memory back on every instance; the Fargate options run without "
        "them (EKS "
        "Fargate runs no DaemonSets: make a needed daemon a sidecar):\n";
    for (const auto& w : app.workloads)
      if (w.kind == "DaemonSet")
        out += "  " + w.name + " (" + w.source + "): " + size_text(w) + " per node\n";
  }
  const auto options = generated_options(app.workloads);
  std::string list;
  for (const auto& o : options) list += (list.empty() ? "" : ", ") + o;
  out += "Options generated (" + std::to_string(options.size()) + "): " + list + "\n";
  for (const auto& s : impossible_options(app.workloads))
    out += "  not generated: " + s.option + ": " + s.reason + "\n";
  const bool any_fargate = std::any_of(options.begin(), options.end(), [](const std::string& o) {
    return o.find("fargate") != std::string::npos;
  });
  for (const auto& a : option_adaptations(app.workloads))
    if (any_fargate || a.find("the Fargate options") == std::string::npos) out += "  " + a + "\n";
  out +=
      "Defaults fleetcast invented (the files do not say them; edit the scenario to change "
      "them):\n";
  out +=
      "  demand: every service gets the same model, not measured load: on an average day the "
      "file's replicas "
      "at the CPU target, a daily swing of +/-30 % peaking at 15:00, random noise of 10 %, one "
      "burst a day of "
      "half the replicas for 20 minutes\n";
  if (defaulted_scaling)
    out +=
        "  scaling: a service without an autoscaler in the files scales between its replicas and 3 "
        "times as "
        "many at 70 % CPU (ECS target tracking on ECS options, a Kubernetes HPA on EKS options)\n";
  const bool arm =
      std::any_of(app.workloads.begin(), app.workloads.end(),
                  [](const imported_workload& w) { return w.arch == cpu_arch::arm64; });
  out +=
      "  instance types m6i.large, m6i.xlarge (ECS) and m6i.large, m6i.xlarge, c6i.large, "
      "r6i.large (EKS, "
      "Karpenter)" +
      std::string(arm ? ", with their Graviton twins (m6g, c6g, r6g) for the arm64 services" : "") +
      "; Spot mixes keep 1 on-demand task or instance and put 75 % of the rest on Spot; region "
      "us-east-1; 7 days at 1-minute steps; 1000 trials\n";
  for (const auto& n : app.notes) out += "Note: " + n + "\n";
  if (!app.skipped.empty()) {
    out += "Left out:\n";
    // One line per reason and kind: "12 Service (runs no pods)".
    std::map<std::pair<std::string, std::string>, std::vector<std::string>> groups;
    std::vector<std::pair<std::string, std::string>> order;
    for (const auto& s : app.skipped) {
      const auto key = std::make_pair(s.kind, s.why);
      if (!groups.count(key)) order.push_back(key);
      groups[key].push_back(s.name.empty() ? s.source : s.name);
    }
    for (const auto& key : order) {
      const auto& names = groups[key];
      std::string who;
      for (std::size_t i = 0; i < names.size() && i < 6; ++i) who += (i ? ", " : "") + names[i];
      if (names.size() > 6) who += ", ...";
      out += "  " + std::to_string(names.size()) + " " + key.first + " (" + who +
             "): " + key.second + "\n";
    }
  }
  return out;
}

}  // namespace fleetcast
