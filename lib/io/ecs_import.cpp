// import_ecs: ECS task and service definitions → imported workloads.
//
// AWS files carry many fields fleetcast has no use for (logConfiguration, portMappings, tags,
// deployments, events, …), so unknown keys are ignored rather than rejected. The fields that
// decide what a task costs are read strictly: a value that does not parse, a combination ECS
// itself would refuse, or a cost-relevant feature fleetcast cannot model (inference
// accelerators, DAEMON services, placement constraints) is an input_error with its place.
#include "fleetcast/io/workload_import.hpp"

#include <cctype>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fleetcast/core/error.hpp"
#include "json_reader.hpp"

namespace fleetcast {
namespace {

using detail::node;

// Bounds that keep sums exact and catch typos. ECS's largest task is 192 vCPU / 1.5 TiB today.
constexpr std::int64_t max_cpu_units = std::int64_t{1} << 20;   // 1024 vCPU
constexpr std::int64_t max_memory_mib = std::int64_t{1} << 24;  // 16 TiB
constexpr std::int64_t max_tasks = 1'000'000;
constexpr std::int64_t max_gpus = 1024;
constexpr std::int64_t max_revision = 100'000'000;

[[noreturn]] void fail_at(const std::string& path, error_id id, std::string_view message) {
  detail::fail(detail::input_errors, id, path.empty() ? std::string("/") : path, message);
}

std::string where(const std::string& path) {
  return path.empty() ? std::string("/") : path;
}

// node::expect_object takes a closed key list; AWS objects are open, so only the type is checked.
const node& require_object(const node& n) {
  if (!n.value().is_object())
    n.fail(errid::wrong_type, detail::show(n.value()) + " is " + detail::type_name(n.value()) +
                                  "; expected an object");
  return n;
}

std::string in_quotes(std::string_view s) {
  return "\"" + std::string(s) + "\"";
}

std::string lower(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return r;
}

// --- sizes -------------------------------------------------------------------------------------

enum class size_kind { cpu, memory };

// A CPU or memory size as ECS accepts it: a JSON number or a string of CPU units / MiB, or a
// string with a unit that ECS converts at registration: "0.5 vCPU" (× 1024 units) and "2 GB"
// (× 1024 MiB; ECS's "GB" is GiB). The unit is case-insensitive and the space before it
// optional. Decimals are multiplied exactly (no floating point), and a result that is not a
// whole number of units or MiB ("0.3 vCPU" = 307.2 units) is refused as ECS does not round.
std::int64_t read_size(const node& n, size_kind kind, std::int64_t lo) {
  const bool cpu = kind == size_kind::cpu;
  const std::int64_t hi = cpu ? max_cpu_units : max_memory_mib;
  if (n.value().is_number()) {
    // A fraction is reported as such before the range, as for strings ("0.5" units).
    const double d = n.value().get<double>();
    if (n.value().is_number_float() && std::isfinite(d) && d != std::floor(d))
      n.fail(errid::not_whole, detail::show(n.value()) + (cpu ? " CPU units" : " MiB") +
                                   " is not a whole number; ECS sizes are whole " +
                                   (cpu ? "CPU units (1 vCPU = 1024 units)" : "MiB"));
    return n.integer(lo, hi);
  }
  const char* expected = cpu ? "CPU units (\"1024\") or vCPUs (\"0.5 vCPU\", 1 vCPU = 1024 units)"
                             : "MiB (\"2048\") or GB (\"2 GB\", 1 GB = 1024 MiB)";
  if (!n.value().is_string())
    n.fail(errid::wrong_type, detail::show(n.value()) + " is " + detail::type_name(n.value()) +
                                  "; expected a number or a string of " + expected);
  const std::string& s = n.string();
  auto bad = [&]() -> void {
    n.fail(errid::out_of_range,
           in_quotes(s) + " is not a " + (cpu ? "CPU" : "memory") + " size; expected " + expected);
  };
  std::size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  std::int64_t whole = 0;
  int whole_digits = 0;
  bool huge = false;  // 10^9 or more: far above any bound, reported once the syntax is checked
  for (; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i, ++whole_digits) {
    huge = huge || whole >= 100'000'000;
    if (!huge) whole = whole * 10 + (s[i] - '0');
  }
  if (whole_digits == 0) bad();
  std::int64_t frac = 0, scale = 1;
  int frac_digits = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    for (; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i, ++frac_digits) {
      if (frac_digits < 6) {
        frac = frac * 10 + (s[i] - '0');
        scale *= 10;
      }
    }
    if (frac_digits == 0) bad();
  }
  while (i < s.size() && s[i] == ' ') ++i;
  std::size_t end = s.size();
  while (end > i && s[end - 1] == ' ') --end;
  const std::string unit = lower(std::string_view(s).substr(i, end - i));
  std::int64_t multiplier = 1;
  if (unit == (cpu ? "vcpu" : "gb"))
    multiplier = 1024;
  else if (!unit.empty())
    bad();
  const std::string range = ", outside " + std::to_string(lo) + ".." + std::to_string(hi);
  if (huge) n.fail(errid::out_of_range, in_quotes(s) + " is too large" + range);
  if (frac_digits > 6)
    n.fail(errid::out_of_range, in_quotes(s) + " has more than 6 decimals; give whole " +
                                    (cpu ? "CPU units" : "MiB") + " instead");
  // whole < 10^9, scale <= 10^6, multiplier <= 1024: the product stays below 2^63.
  const std::int64_t scaled = (whole * scale + frac) * multiplier;
  if (scaled % scale != 0)
    n.fail(errid::not_whole, in_quotes(s) + " is " + node::num(double(scaled) / double(scale)) +
                                 (cpu ? " CPU units" : " MiB") + "; ECS sizes are whole " +
                                 (cpu ? "CPU units (1 vCPU = 1024 units)" : "MiB"));
  const std::int64_t v = scaled / scale;
  if (v < lo || v > hi)
    n.fail(errid::out_of_range,
           in_quotes(s) + " is " + std::to_string(v) + (cpu ? " CPU units" : " MiB") + range);
  return v;
}

// A GPU count as ECS writes it in resourceRequirements: a string ("1"); a number is taken too.
std::int64_t read_gpu_count(const node& n) {
  if (n.value().is_number()) return n.integer(1, max_gpus);
  const std::string& s = n.string();
  std::int64_t v = 0;
  bool ok = !s.empty() && s.size() <= 4;
  for (char c : s) {
    ok = ok && std::isdigit(static_cast<unsigned char>(c));
    if (ok) v = v * 10 + (c - '0');
  }
  if (!ok || v < 1 || v > max_gpus)
    n.fail(errid::out_of_range, in_quotes(s) + " is not a GPU count; expected a whole number 1.." +
                                    std::to_string(max_gpus));
  return v;
}

// --- task-definition references -----------------------------------------------------------------

struct task_ref {
  std::string family;
  std::optional<std::int64_t> revision;  ///< absent: ECS takes the latest ACTIVE revision
};

// "web", "web:3" or "arn:aws:ecs:<region>:<account>:task-definition/web:3".
std::optional<task_ref> parse_task_ref(std::string_view s) {
  constexpr std::string_view marker = ":task-definition/";
  if (s.starts_with("arn:")) {
    const auto p = s.find(marker);
    if (p == std::string_view::npos) return std::nullopt;
    s.remove_prefix(p + marker.size());
  }
  task_ref r;
  if (const auto colon = s.rfind(':'); colon != std::string_view::npos) {
    const std::string_view rev = s.substr(colon + 1);
    if (rev.empty() || rev.size() > 9) return std::nullopt;
    std::int64_t v = 0;
    for (char c : rev) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
      v = v * 10 + (c - '0');
    }
    if (v < 1) return std::nullopt;
    r.revision = v;
    s = s.substr(0, colon);
  }
  if (s.empty() || s.find_first_of(":/ ") != std::string_view::npos) return std::nullopt;
  r.family = std::string(s);
  return r;
}

// --- task definitions ----------------------------------------------------------------------------

constexpr std::string_view launch_types[] = {"EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES"};
constexpr const char* launch_type_list = "EC2, FARGATE, EXTERNAL, MANAGED_INSTANCES";

bool is_launch_type(std::string_view s) {
  for (auto l : launch_types)
    if (l == s) return true;
  return false;
}

bool contains(const std::vector<std::string>& v, std::string_view s) {
  for (const auto& x : v)
    if (x == s) return true;
  return false;
}

std::string join(const std::vector<std::string>& v) {
  std::string r;
  for (const auto& x : v) r += (r.empty() ? "" : ", ") + x;
  return r;
}

// Placement constraints decide which instances a task may use (distinctInstance: one task per
// instance; memberOf: a subset chosen by an expression such as an instance type). Both change
// the instance count, and fleetcast has no field for them, so they are refused, not dropped.
void reject_constraints(const node& pc) {
  if (pc.array_size() == 0) return;
  const node e = pc[0];
  require_object(e);
  const std::string type = e.has("type") ? e.at("type").string() : std::string();
  e.fail(errid::unsupported,
         "placement constraint " + in_quotes(type) +
             " limits which instances tasks run on, which changes the instance count; fleetcast "
             "cannot model it: remove it and choose the instance types in the scenario");
}

struct task_definition {
  std::string path;  ///< JSON pointer of the task-definition object
  std::string family;
  /// From `revision` or `taskDefinitionArn` (describe output); Register JSON has none.
  std::optional<std::int64_t> revision;
  bool task_cpu = false, task_memory = false;  ///< task-level values given
  std::string gpu_path;                        ///< the first GPU requirement, for messages
  imported_workload w;                         ///< kind "TaskDefinition", name = family
  std::size_t services = 0;                    ///< services in the input that run it
};

task_definition read_task_definition(const node& td, const std::string& source) {
  require_object(td);
  task_definition t;
  t.path = td.path();
  imported_workload& w = t.w;
  const node family = td.at("family");
  t.family = family.string();
  if (!parse_task_ref(t.family) || t.family.find(':') != std::string::npos)
    family.fail(errid::out_of_range, in_quotes(t.family) + " is not a task-definition family name");
  w.name = t.family;
  w.kind = "TaskDefinition";
  w.source = source;
  w.on = platform::ecs;
  if (auto r = td.find("revision")) {
    t.revision = r->integer(1, max_revision);
  } else if (auto a = td.find("taskDefinitionArn")) {
    const auto ref = parse_task_ref(a->string());
    if (!ref || !ref->revision || ref->family != t.family)
      a->fail(errid::out_of_range,
              in_quotes(a->string()) + " is not the ARN of " + in_quotes(t.family) + ":<revision>");
    t.revision = ref->revision;
  }

  if (auto rc = td.find("requiresCompatibilities")) {
    for (std::size_t i = 0, n = rc->array_size(); i < n; ++i) {
      const node c = (*rc)[i];
      const std::string& s = c.string();
      if (!is_launch_type(s))
        c.fail(errid::bad_enum, in_quotes(s) + " is not one of " + launch_type_list);
      if (!contains(w.compatibilities, s)) w.compatibilities.push_back(s);
    }
  }
  const bool fargate = contains(w.compatibilities, "FARGATE");
  if (auto nm = td.find("networkMode")) {
    w.network_mode = nm->string();
    if (w.network_mode != "awsvpc" && w.network_mode != "bridge" && w.network_mode != "host" &&
        w.network_mode != "none")
      nm->fail(errid::bad_enum, in_quotes(w.network_mode) + " is not one of awsvpc, bridge, host, none");
    if (fargate && w.network_mode != "awsvpc")
      nm->fail(errid::unsupported, "Fargate tasks need networkMode awsvpc, and requiresCompatibilities includes FARGATE");
  }

  if (auto rp = td.find("runtimePlatform")) {
    require_object(*rp);
    if (auto o = rp->find("operatingSystemFamily")) {
      const std::string& s = o->string();
      // Every Windows Server edition is priced alike (Windows rates plus the licence fee), so
      // editions AWS adds later map without a code change; anything else is refused rather
      // than taken for Linux.
      if (s == "LINUX")
        w.os = os_family::linux_os;
      else if (s.starts_with("WINDOWS_SERVER_"))
        w.os = os_family::windows_os;
      else
        o->fail(errid::bad_enum, in_quotes(s) +
                                     " is not LINUX or a WINDOWS_SERVER_… family (e.g. " +
                                     "WINDOWS_SERVER_2022_CORE)");
    }
    if (auto a = rp->find("cpuArchitecture")) {
      const std::string& s = a->string();
      if (s == "X86_64")
        w.arch = cpu_arch::x86_64;
      else if (s == "ARM64")
        w.arch = cpu_arch::arm64;
      else
        a->fail(errid::bad_enum, in_quotes(s) + " is not one of X86_64, ARM64");
      if (w.os == os_family::windows_os && w.arch == cpu_arch::arm64)
        a->fail(errid::unsupported, "ECS runs Windows containers on X86_64 only, not ARM64");
    }
  }

  if (auto e = td.find("ephemeralStorage")) {
    require_object(*e);
    // 21..200 is ECS's range; 20 GiB is what a task gets when the field is absent.
    w.ephemeral_storage_gib = static_cast<int>(e->at("sizeInGiB").integer(21, 200));
  }

  if (auto ia = td.find("inferenceAccelerators"); ia && ia->array_size() > 0)
    (*ia)[0].fail(errid::unsupported,
                  "Elastic Inference accelerators are billed separately and fleetcast does not "
                  "price them; remove them");
  if (auto pc = td.find("placementConstraints")) reject_constraints(*pc);

  const std::optional<node> task_cpu = td.find("cpu");
  const std::optional<node> task_memory = td.find("memory");
  // Checked before the containers: on Fargate their sizes do not matter.
  if (fargate && !task_cpu)
    fail_at(t.path + "/cpu", errid::missing_field,
            "requiresCompatibilities includes FARGATE, which needs a task-level cpu (Fargate bills "
            "it)");
  if (fargate && !task_memory)
    fail_at(t.path + "/memory", errid::missing_field,
            "requiresCompatibilities includes FARGATE, which needs a task-level memory (Fargate "
            "bills it)");
  const node containers = td.at("containerDefinitions");
  std::int64_t cpu_sum = 0, memory_sum = 0;
  for (std::size_t i = 0, n = containers.array_size(false); i < n; ++i) {
    const node c = containers[i];
    require_object(c);
    if (auto v = c.find("cpu")) cpu_sum += read_size(*v, size_kind::cpu, 0);
    std::optional<std::int64_t> hard, soft;
    if (auto v = c.find("memory")) hard = read_size(*v, size_kind::memory, 1);
    if (auto v = c.find("memoryReservation")) {
      soft = read_size(*v, size_kind::memory, 1);
      if (hard && *soft > *hard)
        v->fail(errid::out_of_range,
                std::to_string(*soft) + " MiB is above the container's memory limit of " +
                    std::to_string(*hard) + " MiB (ECS requires memory >= memoryReservation)");
    }
    // The hard limit counts when both are given (header contract): an upper bound of what
    // ECS reserves, which reserves memoryReservation in that case.
    if (hard)
      memory_sum += *hard;
    else if (soft)
      memory_sum += *soft;
    else if (!task_memory)
      c.fail(errid::missing_field,
             "the container" +
                 (c.has("name") && c.at("name").value().is_string()
                      ? " " + in_quotes(c.at("name").string())
                      : std::string()) +
                 " gives neither memory nor memoryReservation and the task has no task-level "
                 "memory; ECS requires one of them");
    if (auto rr = c.find("resourceRequirements")) {
      for (std::size_t j = 0, m = rr->array_size(); j < m; ++j) {
        const node r = (*rr)[j];
        require_object(r);
        const node type = r.at("type");
        const std::string& s = type.string();
        if (s == "GPU") {
          w.gpus += read_gpu_count(r.at("value"));
          if (t.gpu_path.empty()) t.gpu_path = r.path();
        } else if (s == "InferenceAccelerator") {
          type.fail(errid::unsupported,
                    "Elastic Inference accelerators are billed separately and fleetcast does not "
                    "price them; remove the requirement");
        } else {
          type.fail(errid::unsupported,
                    in_quotes(s) + " is a resource type fleetcast cannot price (known: GPU)");
        }
      }
    }
  }
  if (fargate && w.gpus > 0)
    fail_at(t.gpu_path, errid::unsupported,
            "Fargate has no GPUs, and requiresCompatibilities includes FARGATE");

  // Task-level values win: Fargate bills them and EC2 reserves them. Without them, EC2 reserves
  // the containers' sum (Fargate was refused above).
  if (task_cpu) {
    w.cpu_units = read_size(*task_cpu, size_kind::cpu, 1);
    t.task_cpu = true;
  } else {
    if (cpu_sum == 0)
      fail_at(t.path + "/cpu", errid::missing_field,
              "no CPU size: no task-level cpu and no container gives cpu; fleetcast needs a "
              "reservation above 0 to place and price the task");
    if (cpu_sum > max_cpu_units)
      fail_at(t.path + "/containerDefinitions", errid::out_of_range,
              "the containers' cpu adds up to " + std::to_string(cpu_sum) + " units, above " +
                  std::to_string(max_cpu_units));
    w.cpu_units = cpu_sum;
  }
  if (task_memory) {
    w.memory_mib = read_size(*task_memory, size_kind::memory, 1);
    t.task_memory = true;
  } else {
    if (memory_sum > max_memory_mib)
      fail_at(t.path + "/containerDefinitions", errid::out_of_range,
              "the containers' memory adds up to " + std::to_string(memory_sum) + " MiB, above " +
                  std::to_string(max_memory_mib));
    w.memory_mib = memory_sum;  // > 0: every container gave memory or memoryReservation
  }
  w.task_level_size = t.task_cpu && t.task_memory;
  return t;
}

// --- services -----------------------------------------------------------------------------------

struct service_definition {
  task_ref ref;
  std::string ref_text, ref_path;
  std::string launch_type, launch_path;  ///< empty without launchType
  std::string fargate_provider_path;     ///< the first FARGATE or FARGATE_SPOT provider
  imported_workload w;  ///< name, kind, source, replicas, strategy, placement; the rest on resolve
};

// ECS applies placement strategies in order, each one breaking the ties the one before left.
// fleetcast models a single strategy, so the first binpack or spread in the list wins: it
// decides most placements. Spread on any field (instanceId, host, attribute:…) is "spread".
// "random" expresses no packing preference: it maps to "" (fleetcast's default) and the search
// goes on to the next entry. Entries after the winner are still checked.
std::string read_placement(const node& ps) {
  std::string chosen;
  for (std::size_t i = 0, n = ps.array_size(); i < n; ++i) {
    const node e = ps[i];
    require_object(e);
    const node type = e.at("type");
    const std::string& t = type.string();
    std::string mapped;
    if (t == "binpack") {
      const node f = e.at("field");
      const std::string& fs = f.string();
      if (fs != "cpu" && fs != "memory")
        f.fail(errid::bad_enum, in_quotes(fs) + " is not a binpack field; expected cpu or memory");
      mapped = "binpack:" + fs;
    } else if (t == "spread") {
      (void)e.at("field").string();
      mapped = "spread";
    } else if (t != "random") {
      type.fail(errid::bad_enum, in_quotes(t) + " is not one of binpack, spread, random");
    }
    if (chosen.empty()) chosen = mapped;
  }
  return chosen;
}

service_definition read_service(const node& s, const std::string& source) {
  require_object(s);
  service_definition d;
  imported_workload& w = d.w;
  const node name = s.at("serviceName");
  w.name = name.string();
  if (w.name.empty()) name.fail(errid::out_of_range, "a service name must not be empty");
  w.kind = "Service";
  w.source = source;
  w.on = platform::ecs;

  const node td = s.at("taskDefinition");
  d.ref_text = td.string();
  d.ref_path = td.path();
  const auto ref = parse_task_ref(d.ref_text);
  if (!ref)
    td.fail(errid::out_of_range, in_quotes(d.ref_text) +
                                     " is not a task-definition reference; expected \"family\", "
                                     "\"family:revision\" or an ARN ending in "
                                     "\"task-definition/family:revision\"");
  d.ref = *ref;

  if (auto st = s.find("schedulingStrategy")) {
    const std::string& v = st->string();
    if (v == "DAEMON")
      st->fail(
          errid::unsupported,
          "a DAEMON service runs one task on every container instance, so its task count "
          "depends on the cluster, which fleetcast does not read; use REPLICA with a desiredCount");
    if (v != "REPLICA") st->fail(errid::bad_enum, in_quotes(v) + " is not one of REPLICA, DAEMON");
  }
  if (auto c = s.find("desiredCount")) w.replicas = c->integer(0, max_tasks);

  if (auto lt = s.find("launchType")) {
    d.launch_type = lt->string();
    if (!is_launch_type(d.launch_type))
      lt->fail(errid::bad_enum, in_quotes(d.launch_type) + " is not one of " + launch_type_list);
    d.launch_path = lt->path();
  }
  if (auto cps = s.find("capacityProviderStrategy")) {
    const std::size_t n = cps->array_size();
    // DescribeServices omits launchType for a service created with a strategy, and CreateService
    // refuses both, so both together is a hand-edited file whose intent is unclear.
    if (n > 0 && !d.launch_type.empty())
      cps->fail(
          errid::unsupported,
          "a service gives launchType or capacityProviderStrategy, not both (ECS refuses both)");
    std::string base_path;
    std::int64_t weights = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const node e = (*cps)[i];
      require_object(e);
      imported_provider_share p;
      const node cp = e.at("capacityProvider");
      p.provider = cp.string();
      if (p.provider.empty())
        cp.fail(errid::out_of_range, "a capacity provider name must not be empty");
      for (const auto& q : w.capacity_provider_strategy)
        if (q.provider == p.provider)
          cp.fail(errid::duplicate, in_quotes(p.provider) + " is listed twice");
      if (auto b = e.find("base")) {
        p.base = b->integer(0, 100'000);
        if (p.base > 0 && !base_path.empty())
          b->fail(errid::out_of_range, "only one capacity provider may have a base above 0; " +
                                           base_path + " has one too");
        if (p.base > 0) base_path = b->path();
      }
      if (auto wt = e.find("weight")) p.weight = wt->integer(0, 1000);
      weights += p.weight;
      if ((p.provider == "FARGATE" || p.provider == "FARGATE_SPOT") &&
          d.fargate_provider_path.empty())
        d.fargate_provider_path = cp.path();
      w.capacity_provider_strategy.push_back(std::move(p));
    }
    if (n > 1 && weights == 0)
      cps->fail(errid::out_of_range,
                "with several capacity providers at least one needs a weight above 0 (ECS rule)");
  }
  if (auto ps = s.find("placementStrategy")) w.placement = read_placement(*ps);
  if (auto pc = s.find("placementConstraints")) reject_constraints(*pc);
  return d;
}

// The service's workload: its task definition's size and platform, its own count and placement.
imported_workload resolve(const service_definition& s, const task_definition& t) {
  imported_workload w = t.w;
  w.name = s.w.name;
  w.kind = s.w.kind;
  w.source = s.w.source;
  w.replicas = s.w.replicas;
  w.capacity_provider_strategy = s.w.capacity_provider_strategy;
  w.placement = s.w.placement;
  if (!s.launch_type.empty()) {
    if (!t.w.compatibilities.empty() && !contains(t.w.compatibilities, s.launch_type))
      fail_at(s.launch_path, errid::unsupported,
              "launchType " + in_quotes(s.launch_type) +
                  " is not among the requiresCompatibilities (" + join(t.w.compatibilities) +
                  ") of the task definition at " + where(t.path));
    w.compatibilities = {s.launch_type};
  }
  const bool fargate = s.launch_type == "FARGATE" || !s.fargate_provider_path.empty();
  if (fargate) {
    const std::string& why = s.launch_type == "FARGATE" ? s.launch_path : s.fargate_provider_path;
    const std::string runs = "the service " + in_quotes(w.name) +
                             " runs this task definition on Fargate (" + where(why) +
                             "), which needs a task-level ";
    if (!t.task_cpu)
      fail_at(t.path + "/cpu", errid::missing_field, runs + "cpu (Fargate bills it)");
    if (!t.task_memory)
      fail_at(t.path + "/memory", errid::missing_field, runs + "memory (Fargate bills it)");
    if (!t.w.network_mode.empty() && t.w.network_mode != "awsvpc")
      fail_at(t.path + "/networkMode", errid::unsupported,
              "Fargate tasks need networkMode awsvpc, and the service " + in_quotes(w.name) +
                  " runs this task definition (networkMode " + t.w.network_mode + ") on Fargate (" + where(why) + ")");
    if (t.w.gpus > 0)
      fail_at(t.gpu_path, errid::unsupported,
              "Fargate has no GPUs, and the service " + in_quotes(w.name) +
                  " runs this task on Fargate (" + where(why) + ")");
    if (!t.w.compatibilities.empty() && !contains(t.w.compatibilities, "FARGATE"))
      fail_at(why, errid::unsupported,
              "Fargate is not among the requiresCompatibilities (" + join(t.w.compatibilities) +
                  ") of the task definition at " + where(t.path));
  }
  return w;
}

// --- the input as a whole -----------------------------------------------------------------------

struct ecs_input {
  std::vector<task_definition> tasks;
  std::vector<service_definition> services;
  struct item {
    bool service;
    std::size_t index;
  };
  std::vector<item> order;  ///< input order, which is the output order
};

std::string label(const std::string& source, const std::string& suffix) {
  return source.empty() ? suffix : source + " " + suffix;
}

void add_task(const node& n, const std::string& source, ecs_input& in) {
  in.order.push_back({false, in.tasks.size()});
  in.tasks.push_back(read_task_definition(n, source));
}
void add_service(const node& n, const std::string& source, ecs_input& in) {
  in.order.push_back({true, in.services.size()});
  in.services.push_back(read_service(n, source));
}

void read_object(const node& o, const std::string& source, ecs_input& in) {
  require_object(o);
  if (auto ss = o.find("services")) {  // DescribeServices output; `failures` name no service
    for (std::size_t j = 0, n = ss->array_size(); j < n; ++j)
      add_service((*ss)[j], label(source, "services[" + std::to_string(j) + "]"), in);
    return;
  }
  if (auto t = o.find("taskDefinition"); t && t->value().is_object())
    return add_task(*t, source, in);
  if (o.has("containerDefinitions") || o.has("family")) return add_task(o, source, in);
  if (o.has("serviceName") || o.has("taskDefinition")) return add_service(o, source, in);
  if (o.has("ServiceNamespace") || o.has("ScalableDimension") || o.has("ScalableTargets") ||
      o.has("ScalingPolicies"))
    o.fail(errid::unsupported,
           "Application Auto Scaling objects are not imported; set the replica range and the "
           "target in the scenario");
  if (o.has("Properties") || o.has("Resources") || o.has("ContainerDefinitions") ||
      o.has("ServiceName"))
    o.fail(errid::unsupported,
           "CloudFormation (PascalCase keys) is not read; give the RegisterTaskDefinition or "
           "CreateService JSON (e.g. from aws ecs describe-task-definition / describe-services)");
  o.fail(errid::missing_field,
         "not an ECS task definition (containerDefinitions), service (serviceName, taskDefinition) "
         "or describe-task-definition / describe-services output (taskDefinition, services)");
}

std::vector<imported_workload> read_ecs(std::string_view json_text, const std::string& source,
                                        const input_limits& limits) {
  const detail::error_family errors = detail::with_limits(detail::input_errors, limits);
  const detail::json doc = detail::parse_json(json_text, source, errors);
  const node root(doc, "", errors);
  ecs_input in;
  if (doc.is_array()) {
    for (std::size_t i = 0, n = root.array_size(); i < n; ++i)
      read_object(root[i], label(source, "[" + std::to_string(i) + "]"), in);
  } else {
    read_object(root, source, in);
  }

  // A service names its task definition by family, optionally with a revision; a definition in
  // the input matches when the families are equal and the revisions do not contradict (either
  // side may lack one, as RegisterTaskDefinition JSON has none). Exactly one must match: ECS
  // would take the latest ACTIVE revision, which a file cannot tell, so an ambiguity is an error.
  std::vector<imported_workload> resolved(in.services.size());
  for (std::size_t k = 0; k < in.services.size(); ++k) {
    const service_definition& s = in.services[k];
    std::vector<std::size_t> hits;
    for (std::size_t i = 0; i < in.tasks.size(); ++i) {
      const task_definition& t = in.tasks[i];
      if (t.family == s.ref.family &&
          (!s.ref.revision || !t.revision || *s.ref.revision == *t.revision))
        hits.push_back(i);
    }
    if (hits.empty()) {
      std::vector<std::string> have;
      for (const auto& t : in.tasks)
        have.push_back(t.revision ? t.family + ":" + std::to_string(*t.revision) : t.family);
      fail_at(s.ref_path, errid::missing_field,
              "the task definition " + in_quotes(s.ref_text) +
                  " is not in the input; give it in the same JSON array as the service (matched "
                  "by family and revision; the input has " +
                  (have.empty() ? std::string("none") : join(have)) + ")");
    }
    if (hits.size() > 1) {
      std::vector<std::string> at;
      for (auto i : hits) at.push_back(where(in.tasks[i].path));
      fail_at(s.ref_path, errid::duplicate,
              in_quotes(s.ref_text) + " matches several task definitions in the input (" +
                  join(at) + "); give revisions (\"family:3\") to tell them apart");
    }
    ++in.tasks[hits[0]].services;
    resolved[k] = resolve(s, in.tasks[hits[0]]);
  }

  std::vector<imported_workload> out;
  for (const auto& it : in.order) {
    if (it.service)
      out.push_back(std::move(resolved[it.index]));
    else if (in.tasks[it.index].services == 0)
      out.push_back(in.tasks[it.index].w);
  }
  return out;
}

}  // namespace

std::vector<imported_workload> import_ecs(std::string_view json_text, std::string_view source,
                                          const input_limits& limits) {
  const std::string src(source);
  try {
    return read_ecs(json_text, src, limits);
  } catch (const input_error& e) {
    // Places are JSON pointers into the input; prefix the file as load_catalog does. Syntax
    // errors and an empty input already name it (file:line:column).
    const bool named = e.code().number == errid::malformed_json.number ||
                       e.code().number == errid::empty_input.number;
    if (src.empty() || named) throw;
    throw input_error(e.code(), src + ":" + e.place(), e.message());
  }
}

}  // namespace fleetcast
