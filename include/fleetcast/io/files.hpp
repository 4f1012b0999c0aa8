#pragma once
/// @file
/// Reading input files and writing output files atomically (a temporary file in the same
/// folder, then rename), so a failed run never leaves a half-written file behind.

#include <cstddef>
#include <string>
#include <string_view>

#include "fleetcast/core/error.hpp"

namespace fleetcast {

/// Largest input file fleetcast reads by default (64 MiB); larger files are refused with
/// `[fleetcast.io.1]` before any allocation.
inline constexpr std::size_t default_max_input_bytes = std::size_t(64) << 20;

/// The whole file as bytes. Throws `io_error` (io.1) if it cannot be read or is too large.
[[nodiscard]] std::string read_text_file(const std::string& path,
                                         std::size_t max_bytes = default_max_input_bytes);

/// Writes `content` to `path` atomically. Throws `io_error` (io.2) on failure, leaving no file.
void write_file_atomic(const std::string& path, std::string_view content);

}  // namespace fleetcast
