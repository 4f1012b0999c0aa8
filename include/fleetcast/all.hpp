#pragma once
/// @file
/// Everything a C++ tool author may use — `fleetcast/core.hpp` (the model, simulator and Monte
/// Carlo engine) and `fleetcast/io.hpp` (readers and writers) — besides the front door,
/// `fleetcast/fleetcast.hpp`. Link `fleetcast::fleetcast`. Code that links only
/// `fleetcast::core` includes `fleetcast/core.hpp`. Neither includes a third-party header.

#include "fleetcast/core.hpp"
#include "fleetcast/fleetcast.hpp"
#include "fleetcast/io.hpp"
