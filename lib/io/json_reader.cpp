#include "json_reader.hpp"

namespace fleetcast::detail {

json parse_json(std::string_view text, std::string_view source, const error_family& f) {
  std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos)
    fail(f, f.catalog ? f.malformed : errid::empty_input, source, "the input is empty");
  try {
    return json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/true,
                       /*ignore_comments=*/false);
  } catch (const json::parse_error& e) {
    // Turn nlohmann's byte offset into line:column for the message.
    std::size_t line = 1, col = 1;
    for (std::size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    std::string what = e.what();
    const auto colon = what.rfind(": ");
    std::string reason = colon == std::string::npos ? what : what.substr(colon + 2);
    fail(f, f.malformed, std::string(source) + ":" + std::to_string(line) + ":" + std::to_string(col),
         "not valid JSON: " + reason);
  } catch (const json::exception& e) {
    // e.g. out_of_range.406 for a number beyond double (1e400).
    std::string what = e.what();
    const auto bracket = what.find("] ");
    fail(f, f.malformed, source,
         "not valid JSON: " + (bracket == std::string::npos ? what : what.substr(bracket + 2)));
  }
}

}  // namespace fleetcast::detail
