#pragma once
/// @file
/// Umbrella header: everything a C++ tool author needs — `fleetcast/core.hpp` (the model,
/// simulator and Monte Carlo engine) and `fleetcast/io.hpp` (readers and writers). Link
/// `fleetcast::fleetcast`. Code that links only `fleetcast::core` includes `fleetcast/core.hpp`.
/// Neither pulls in a third-party header, so this costs about as much to compile as a few
/// standard headers (bench/header_cost.sh measures it).

#include "fleetcast/core.hpp"
#include "fleetcast/io.hpp"
