// Boost.Math lives here rather than in mc/moments.hpp, which nearly every consumer includes:
// students_t.hpp would cost each of them more compile time than most of the umbrella header.
#include "fleetcast/mc/moments.hpp"

#include <cassert>
#include <limits>

#include <boost/math/distributions/students_t.hpp>

namespace fleetcast::mc {

double moments::ci_halfwidth(double level) const {
  assert(level > 0.0 && level < 1.0);
  if (n_ < 2) return std::numeric_limits<double>::infinity();
  const boost::math::students_t t_dist(static_cast<double>(n_ - 1));
  return quantile(t_dist, 0.5 + 0.5 * level) * standard_error();
}

}  // namespace fleetcast::mc
