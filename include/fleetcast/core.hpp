#pragma once
/// @file
/// Umbrella header of `fleetcast::core`: pricing, billing, packing, demand, scaling, the
/// simulator and the Monte Carlo engine — everything that needs no file format. It includes no
/// third-party header (no JSON, YAML, Boost or Eigen), only the standard library.
/// `fleetcast/io.hpp` adds the readers and writers (`fleetcast::io`); `fleetcast/all.hpp`
/// is both, with the front door `fleetcast/fleetcast.hpp`. Each header also compiles on its own.
///
/// Left out, to keep this header cheap to compile (bench/header_cost.py): the engine's thread
/// scheduling `fleetcast/mc/block_runner.hpp` (<thread>, <mutex>, <condition_variable>; the
/// engine and `mc::simulation` already use it inside the library), the naive reference packer
/// `fleetcast/packing/reference.hpp` (an oracle for tests and benchmarks) and the accumulators'
/// binary form `fleetcast/mc/serialize.hpp`. Include them directly where needed.

#include "fleetcast/billing/commitments.hpp"
#include "fleetcast/billing/ec2.hpp"
#include "fleetcast/billing/eks.hpp"
#include "fleetcast/billing/fargate.hpp"
#include "fleetcast/billing/fleet_quote.hpp"
#include "fleetcast/billing/invoice.hpp"
#include "fleetcast/billing/validate.hpp"
#include "fleetcast/core/cores.hpp"
#include "fleetcast/core/error.hpp"
#include "fleetcast/core/money.hpp"
#include "fleetcast/core/place.hpp"
#include "fleetcast/core/random.hpp"
#include "fleetcast/core/units.hpp"
#include "fleetcast/demand/correlation.hpp"
#include "fleetcast/demand/demand_model.hpp"
#include "fleetcast/demand/trace.hpp"
#include "fleetcast/fwd.hpp"
#include "fleetcast/mc/accumulator.hpp"
#include "fleetcast/mc/break_even.hpp"
#include "fleetcast/mc/commitment_sweep.hpp"
#include "fleetcast/mc/engine.hpp"
#include "fleetcast/mc/exact_quantiles.hpp"
#include "fleetcast/mc/log_histogram.hpp"
#include "fleetcast/mc/moments.hpp"
#include "fleetcast/mc/spread_bins.hpp"
#include "fleetcast/mc/statistic.hpp"
#include "fleetcast/packing/capacity.hpp"
#include "fleetcast/packing/cluster.hpp"
#include "fleetcast/packing/exact.hpp"
#include "fleetcast/packing/from_catalog.hpp"
#include "fleetcast/packing/heuristics.hpp"
#include "fleetcast/packing/lower_bounds.hpp"
#include "fleetcast/packing/pack.hpp"
#include "fleetcast/packing/placement.hpp"
#include "fleetcast/packing/problem.hpp"
#include "fleetcast/packing/resources.hpp"
#include "fleetcast/packing/type_choice.hpp"
#include "fleetcast/pricing/catalog.hpp"
#include "fleetcast/scaling/autoscaler.hpp"
#include "fleetcast/scaling/hpa.hpp"
#include "fleetcast/scaling/step_scaling.hpp"
#include "fleetcast/scaling/target_tracking.hpp"
#include "fleetcast/sim/scenario.hpp"
#include "fleetcast/sim/simulate.hpp"
#include "fleetcast/sim/validate.hpp"
#include "fleetcast/version.hpp"
