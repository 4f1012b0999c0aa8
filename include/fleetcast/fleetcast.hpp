#pragma once
/// @file
/// Umbrella header: everything a C++ tool author needs. Each header also compiles on its own.
/// Not included here because they pull in heavy dependencies: `fleetcast/demand/correlation.hpp`
/// (Eigen) — include it where correlated demand is needed.

#include "fleetcast/billing/ec2.hpp"
#include "fleetcast/billing/eks.hpp"
#include "fleetcast/billing/fargate.hpp"
#include "fleetcast/billing/fleet_quote.hpp"
#include "fleetcast/billing/invoice.hpp"
#include "fleetcast/core/error.hpp"
#include "fleetcast/core/money.hpp"
#include "fleetcast/core/random.hpp"
#include "fleetcast/core/units.hpp"
#include "fleetcast/demand/demand_model.hpp"
#include "fleetcast/examples.hpp"
#include "fleetcast/fwd.hpp"
#include "fleetcast/io/catalog_json.hpp"
#include "fleetcast/io/files.hpp"
#include "fleetcast/io/pack_json.hpp"
#include "fleetcast/io/quote_json.hpp"
#include "fleetcast/packing/capacity.hpp"
#include "fleetcast/packing/cluster.hpp"
#include "fleetcast/packing/heuristics.hpp"
#include "fleetcast/packing/instances.hpp"
#include "fleetcast/packing/lower_bounds.hpp"
#include "fleetcast/packing/pack.hpp"
#include "fleetcast/packing/problem.hpp"
#include "fleetcast/packing/reference.hpp"
#include "fleetcast/packing/resources.hpp"
#include "fleetcast/packing/type_choice.hpp"
#include "fleetcast/pricing/catalog.hpp"
#include "fleetcast/version.hpp"
