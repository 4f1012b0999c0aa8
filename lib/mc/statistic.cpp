// Boost.Math lives here rather than in mc/statistic.hpp, which nearly every consumer includes.
#include "fleetcast/mc/statistic.hpp"

#include <boost/math/distributions/normal.hpp>

namespace fleetcast::mc {

interval paired::prob_cheaper_wilson95() const {
  if (count() == 0) return {0.0, 1.0};
  const double z = quantile(boost::math::normal(), 0.975);
  const double n = static_cast<double>(count());
  const double p = static_cast<double>(cheaper_) / n;
  const double z2 = z * z;
  const double denom = 1.0 + z2 / n;
  const double centre = (p + z2 / (2.0 * n)) / denom;
  const double half = z / denom * std::sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n));
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

}  // namespace fleetcast::mc
