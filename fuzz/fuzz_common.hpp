#pragma once
// Shared by the fuzz targets: the libFuzzer entry point's contract. A target feeds the bytes to
// one reader; a fleetcast::error (the reader refusing the input with an id and a place) is the
// expected outcome for most inputs. Anything else escaping — another exception type, a crash,
// a sanitizer report, a hang, an allocation beyond -rss_limit_mb — is a finding.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fleetcast/core/error.hpp"

namespace fleetcast::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// Runs `f`, accepting a fleetcast::error as a clean refusal. The message must be one line
/// that starts with the id: the CLI prints it as the single stderr line of a failed run.
template <class F>
void refuse_cleanly(F&& f) {
  try {
    f();
  } catch (const fleetcast::error& e) {
    const std::string_view what = e.what();
    if (what.rfind("[fleetcast.", 0) != 0 || what.find('\n') != std::string_view::npos)
      __builtin_trap();  // a message the one-line error contract does not allow
  }
}

}  // namespace fleetcast::fuzz
