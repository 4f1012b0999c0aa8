#pragma once
// The fleetcast driver as a function, so tests run it in-process with their own streams.

#include <iosfwd>

namespace fleetcast::cli {

/// Runs the driver. Exit codes: 0 success, 2 bad input or usage (one line on `err` starting
/// with `[fleetcast.<domain>.<n>]`), 1 an internal error.
int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace fleetcast::cli
