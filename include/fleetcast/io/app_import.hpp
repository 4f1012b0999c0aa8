#pragma once
/// @file
/// A whole application from what an analyst has on disk: a directory of Kubernetes manifests
/// (with or without a kustomization.yaml), several files, or ECS task definitions of both
/// launch types, read as one application (`import_application`), and the plain-words summary
/// `fleetcast import` prints of what it mapped, defaulted and left out (`import_summary`).

#include <string>
#include <string_view>
#include <vector>

#include "fleetcast/core/limits.hpp"
#include "fleetcast/io/workload_import.hpp"

namespace fleetcast {

/// What `import_application` read.
struct imported_app {
  std::string name;                          ///< the directory's or file's base name
  std::vector<std::string> files;            ///< files read, in the order read
  std::vector<imported_workload> workloads;  ///< every workload, DaemonSets included
  std::vector<import_note> skipped;          ///< objects and files left out, with why
  std::vector<std::string> notes;            ///< other things the reader should know (kustomize)
};

/// Reads `paths` (files and directories) as one application. A directory is searched
/// recursively for *.yaml, *.yml and *.json (hidden directories skipped), in sorted order; when
/// it holds a kustomization.yaml (or .yml, or Kustomization), its `resources:` are followed
/// instead (files and directories, relative to it; remote ones are left out with a note), and
/// what kustomize would change (patches, namePrefix, replicas, images, …) is not applied but
/// noted. A directory with a Chart.yaml is a Helm chart: an error with the `helm template`
/// command. Kubernetes files are read together, so an HPA may target a Deployment in another
/// file; JSON with containerDefinitions (or taskDefinition, serviceName) is ECS. A file given
/// twice is read once. Throws `input_error` (or `io` errors) naming the file, and when
/// nothing but DaemonSets and left-out objects was found (saying what was).
[[nodiscard]] imported_app import_application(const std::vector<std::string>& paths,
                                              const input_limits& limits = {});

/// The scenario text that `inputs` stand for, and its name for messages.
struct scenario_input {
  std::string text;    ///< scenario JSON
  std::string source;  ///< the file's path, or "PATH (imported)" / "NAME (imported)"
};

/// What `fleetcast simulate` and `evaluate` read: one file that is a scenario, as it is;
/// anything else — workload files, directories, several paths — imported together by
/// `import_application` into the scenario `workloads_to_scenario_json` writes (named after the
/// application). Throws `input_error` input.10 for no inputs, and the readers' errors.
[[nodiscard]] scenario_input scenario_from_inputs(const std::vector<std::string>& inputs,
                                                  const input_limits& limits = {});

/// A few plain lines for stderr: services mapped (kind, size of one task or pod, replicas and
/// scaling), per-node DaemonSets, the options generated and those not (with the reason), the
/// defaults invented for what the files do not say (the demand model above all), and what was
/// left out and why. Each line ends in '\n'.
[[nodiscard]] std::string import_summary(const imported_app& app);

/// The scenario JSON Schema (examples/scenario.schema.json) compiled into the library, which
/// `fleetcast import -o FILE` writes beside FILE so that its `$schema` resolves.
[[nodiscard]] std::string_view scenario_schema_json() noexcept;

}  // namespace fleetcast
