#include "json_reader.hpp"

#include <algorithm>

namespace fleetcast::detail {
namespace {

/// `source:line:column` of byte `offset` (1-based; columns count bytes, as nlohmann's do).
std::string place_of(std::string_view text, std::size_t offset, std::string_view source) {
  std::size_t line = 1, line_start = 0;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i)
    if (text[i] == '\n') ++line, line_start = i + 1;
  return std::string(source) + ":" + std::to_string(line) + ":" +
         std::to_string(offset - line_start + 1);
}

}  // namespace

void check_json_limits(std::string_view text, std::string_view source, const error_family& f) {
  const input_limits& lim = f.in_force();
  const std::uint64_t max_depth = lim.depth, max_string = lim.string_bytes;
  const std::size_t n = text.size();
  std::uint64_t depth = 0;
  for (std::size_t i = 0; i < n; ++i) {
    switch (text[i]) {
      case '"': {
        // To the closing quote, stepping over escapes; an unterminated string runs to the end
        // (the parser reports it unless it is already too long).
        const std::size_t open = i++;
        while (i < n) {
          const std::size_t stop = text.find_first_of("\"\\", i);
          if (stop == std::string_view::npos) {
            i = n;
          } else if (text[stop] == '\\') {
            i = stop + 2;
            continue;
          } else {
            i = stop;
          }
          break;
        }
        const std::uint64_t bytes = std::min(i, n) - open - 1;
        if (bytes > max_string)
          fail(f, errid::limit_exceeded, place_of(text, open, source),
               limit_message(lim, limit::string_bytes,
                             "a string of " + std::to_string(bytes) + " bytes exceeds"));
        break;
      }
      case '[':
      case '{':
        if (++depth > max_depth)
          fail(f, errid::limit_exceeded, place_of(text, i, source),
               limit_message(lim, limit::depth, "nesting depth exceeds"));
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default:
        break;
    }
  }
}

json parse_json(std::string_view text, std::string_view source, const error_family& f) {
  std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos)
    fail(f, f.catalog ? f.malformed : errid::empty_input, source, "the input is empty");
  check_json_limits(text, source, f);
  try {
    return json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/true,
                       /*ignore_comments=*/false);
  } catch (const json::parse_error& e) {
    // Turn nlohmann's byte offset into line:column for the message.
    // "[json.exception.parse_error.101] parse error at line 1, column 9: syntax error while
    // parsing value - invalid literal; last read: '…'": the reason follows "column N: " (the
    // last read text may hold ": " itself).
    std::string what = e.what();
    const auto column = what.find(", column ");
    const auto colon = what.find(": ", column == std::string::npos ? 0 : column);
    std::string reason = colon == std::string::npos ? what : what.substr(colon + 2);
    if (reason.size() > 200) reason = reason.substr(0, 197) + "...";
    fail(f, f.malformed, place_of(text, e.byte > 0 ? e.byte - 1 : 0, source),
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
