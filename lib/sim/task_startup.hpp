#pragma once
/// @file
/// Task start-up: seconds from a task's launch (image pull, which Fargate bills) until it
/// serves demand. Drawn from the service's start-up stream, keyed by service and not by
/// option, so options that launch alike draw alike (common random numbers).

#include "fleetcast/core/random.hpp"
#include "fleetcast/sim/scenario.hpp"

namespace fleetcast::sim::detail {

/// Uniform in the service's [min, max] (exactly min when the range is empty).
inline double draw_startup(const startup_latency& l, xoshiro256pp& g) {
  return l.max_s > l.min_s ? uniform(g, l.min_s, l.max_s) : l.min_s;
}

}  // namespace fleetcast::sim::detail
