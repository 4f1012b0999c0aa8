#pragma once
/// @file
/// Reading input files and writing output files atomically (a temporary file in the same
/// folder, then rename), so a failed run never leaves a half-written file behind.

#include <cstddef>
#include <string>
#include <string_view>

#include "fleetcast/core/error.hpp"
#include "fleetcast/core/limits.hpp"

namespace fleetcast {

/// The default of `input_limits::file_bytes` (64 MiB), kept under its old name.
inline constexpr std::size_t default_max_input_bytes = std::size_t(input_limits{}.file_bytes);

/// The whole file as bytes. Throws `io_error` (io.1) if it cannot be read, and `input_error`
/// (input.13, naming `--limit file-bytes=N`) if it is larger than `limits.file_bytes` — its
/// size is checked before anything is allocated.
[[nodiscard]] std::string read_text_file(const std::string& path, const input_limits& limits = {});

/// Writes `content` to `path` atomically. Throws `io_error` (io.2) on failure, leaving no file.
void write_file_atomic(const std::string& path, std::string_view content);

}  // namespace fleetcast
