#pragma once
/// @file
/// Kubernetes resource quantities in the exact grammar of apimachinery's resource.Quantity:
/// a signed decimal number (`1`, `1.5`, `.5`, `5.`), optionally with a decimal exponent
/// (`129e6`, `1E3`) or a suffix — binary `Ki Mi Gi Ti Pi Ei`, decimal `n u m k M G T P E`
/// (and none) — but not both; anything else (`1.5.2`, `1 Gi`, `10GB`, `1e`, `--1`, empty) is
/// invalid.

#include <cstdint>
#include <string_view>

namespace fleetcast {

/// CPU in millicores, rounded up to a whole millicore (as Kubernetes does): "500m" → 500,
/// "1.5" → 1500, "0.0001" → 1. Throws `input_error` (input.5) naming `place` for an invalid or
/// negative quantity, or one above 10^12 millicores.
[[nodiscard]] std::int64_t parse_cpu_millicores(std::string_view quantity, std::string_view place);

/// Memory (or storage) in bytes, rounded up to a whole byte: "128974848", "129e6", "123Mi",
/// "1Gi", "1.5G". Throws `input_error` (input.5) naming `place` for an invalid or negative
/// quantity, or one above 2^60 bytes.
[[nodiscard]] std::int64_t parse_memory_bytes(std::string_view quantity, std::string_view place);

}  // namespace fleetcast
