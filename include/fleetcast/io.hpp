#pragma once
/// @file
/// Umbrella header of `fleetcast::io`: reading scenarios, catalogs, quotes, task definitions,
/// manifests, price-list offers, traces and benchmark instances, and writing JSON, CSV, FOCUS
/// and HTML. Declarations only: JSON and YAML stay inside the compiled library, so this header
/// includes no third-party header either. Link `fleetcast::io` (or `fleetcast::fleetcast`).
/// `fleetcast/io/partial.hpp` reads and writes partial-state files; the accumulators' binary
/// form behind it, `fleetcast/mc/serialize.hpp`, is not included.

#include "fleetcast/examples.hpp"
#include "fleetcast/io/app_import.hpp"
#include "fleetcast/io/catalog_json.hpp"
#include "fleetcast/io/commit_json.hpp"
#include "fleetcast/io/cost_digest.hpp"
#include "fleetcast/io/files.hpp"
#include "fleetcast/io/focus.hpp"
#include "fleetcast/io/k8s_quantity.hpp"
#include "fleetcast/io/mc_report.hpp"
#include "fleetcast/io/pack_json.hpp"
#include "fleetcast/io/partial.hpp"
#include "fleetcast/io/price_list_import.hpp"
#include "fleetcast/io/quote_json.hpp"
#include "fleetcast/io/region_json.hpp"
#include "fleetcast/io/report_html.hpp"
#include "fleetcast/io/run_summary.hpp"
#include "fleetcast/io/scenario_json.hpp"
#include "fleetcast/io/sim_report.hpp"
#include "fleetcast/io/trace_csv.hpp"
#include "fleetcast/io/workload_import.hpp"
#include "fleetcast/io/workload_scenario.hpp"
#include "fleetcast/packing/instances.hpp"  // readers of benchmark instance files
