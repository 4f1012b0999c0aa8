#pragma once
/// @file
/// EC2 instance billing: per second with a 60-second minimum per launch (Linux, Windows, RHEL,
/// Ubuntu), on-demand or Spot; EC2 does not charge a Spot instance that it interrupts within
/// its first hour (if you stop it yourself, the seconds are charged).

#include <cmath>
#include <cstdint>

#include "fleetcast/core/units.hpp"
#include "fleetcast/pricing/catalog.hpp"

namespace fleetcast {

/// How a run of an instance ended, which matters only for Spot.
enum class run_end { by_user, by_ec2_interruption };

/// Seconds billed for one run of an instance. Precondition: run_seconds > 0 and finite.
[[nodiscard]] inline std::int64_t ec2_billed_seconds(const ec2_prices& p, purchase_option buy,
                                                     double run_seconds,
                                                     run_end end = run_end::by_user) noexcept {
  if (buy == purchase_option::spot && end == run_end::by_ec2_interruption &&
      run_seconds < p.spot_free_if_interrupted_within_seconds)
    return 0;
  const auto s = static_cast<std::int64_t>(std::ceil(run_seconds));
  return s < p.min_billed_seconds ? p.min_billed_seconds : s;
}

/// Price per instance-hour for a purchase option (Spot: on-demand × (1 − assumed discount)).
[[nodiscard]] inline double ec2_usd_per_hour(const instance_type& t, purchase_option buy) noexcept {
  return buy == purchase_option::spot ? t.spot_usd_per_hour() : t.on_demand.effective_per_hour();
}

/// Cost of `instance_seconds` billed instance-seconds: seconds × hourly price / 3600.
[[nodiscard]] inline double ec2_cost(const instance_type& t, purchase_option buy,
                                     double instance_seconds) noexcept {
  if (buy == purchase_option::on_demand) return t.on_demand.cost_of_seconds(instance_seconds);
  return instance_seconds * t.spot_usd_per_hour() / seconds_per_hour;
}

/// EKS Auto Mode management fee per instance-hour (on top of the EC2 price).
[[nodiscard]] inline double eks_auto_mode_usd_per_hour(const eks_prices& e,
                                                       const instance_type& t) noexcept {
  return t.on_demand.effective_per_hour() * e.auto_mode_fee_fraction;
}

}  // namespace fleetcast
