#pragma once
/// @file
/// Umbrella header: everything a C++ tool author needs — `fleetcast/core.hpp` (the model,
/// simulator and Monte Carlo engine) and `fleetcast/io.hpp` (readers and writers). Link
/// `fleetcast::fleetcast`. Code that links only `fleetcast::core` includes `fleetcast/core.hpp`.
/// Neither includes a third-party header; bench/header_cost.py measures what this one costs a
/// consumer's compile.

#include "fleetcast/core.hpp"
#include "fleetcast/io.hpp"
