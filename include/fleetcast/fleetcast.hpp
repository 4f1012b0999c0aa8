#pragma once
/// @file
/// Umbrella header: everything a C++ tool author needs. Each header also compiles on its own.

#include "fleetcast/billing/ec2.hpp"
#include "fleetcast/billing/eks.hpp"
#include "fleetcast/billing/fargate.hpp"
#include "fleetcast/billing/fleet_quote.hpp"
#include "fleetcast/billing/invoice.hpp"
#include "fleetcast/core/error.hpp"
#include "fleetcast/core/money.hpp"
#include "fleetcast/core/units.hpp"
#include "fleetcast/examples.hpp"
#include "fleetcast/fwd.hpp"
#include "fleetcast/io/catalog_json.hpp"
#include "fleetcast/io/files.hpp"
#include "fleetcast/io/quote_json.hpp"
#include "fleetcast/pricing/catalog.hpp"
#include "fleetcast/version.hpp"
