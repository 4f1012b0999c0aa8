#pragma once
/// @file
/// The top-level "region" of a scenario or fleet JSON text: read to choose the built-in
/// catalog of that region, and replaced by `--region`.

#include <string>
#include <string_view>

namespace fleetcast {

/// The text's top-level "region" string; empty when it has none (or the text is not a JSON
/// object with a string there: the file's own reader reports that, with its place).
[[nodiscard]] std::string json_region(std::string_view json_text);

/// `json_text` with its top-level "region" set to `region` (added when absent), written again
/// with two-space indentation; the text unchanged when it is not a JSON object (its reader
/// reports the error).
[[nodiscard]] std::string with_json_region(std::string_view json_text, std::string_view region);

}  // namespace fleetcast
