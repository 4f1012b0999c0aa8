#include "fleetcast/io/region_json.hpp"

#include <nlohmann/json.hpp>

namespace fleetcast {
namespace {
nlohmann::ordered_json parse_or_null(std::string_view text) {
  // No exceptions: a bad text is reported by the reader of its format, with its place.
  return nlohmann::ordered_json::parse(text, nullptr, /*allow_exceptions=*/false);
}
}  // namespace

std::string json_region(std::string_view json_text) {
  const auto doc = parse_or_null(json_text);
  if (!doc.is_object()) return {};
  const auto it = doc.find("region");
  return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string with_json_region(std::string_view json_text, std::string_view region) {
  auto doc = parse_or_null(json_text);
  if (!doc.is_object()) return std::string(json_text);
  doc["region"] = std::string(region);
  return doc.dump(2) + "\n";
}

}  // namespace fleetcast
