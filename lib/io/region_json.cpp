#include "fleetcast/io/region_json.hpp"

#include <nlohmann/json.hpp>

namespace fleetcast {
namespace {
// The same parse as the readers' (lib/io/json_reader.cpp), so no second copy of the parser is
// compiled in. A bad text gives null here: its reader reports it, with the place.
nlohmann::json parse_or_null(std::string_view text) {
  try {
    return nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/true,
                                 /*ignore_comments=*/false);
  } catch (const nlohmann::json::exception&) {
    return nullptr;
  }
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
