#pragma once
/// @file
/// Where in an input a problem is, named the way its author wrote the input: a field path such
/// as `options[1].instance_types[0]` for a structure built in C++, or a JSON pointer such as
/// `/options/1/instance_types/0` for one read from a file. The domain checks
/// (`sim::validate`, `billing::validate`) name each field both ways, so one check serves both.

#include <cstddef>
#include <string>
#include <string_view>

#include "fleetcast/core/error.hpp"

namespace fleetcast {

/// How a check names the place of a problem.
enum class place_style {
  code,          ///< C++ member path: `options[1].instance_types[0]`
  json_pointer,  ///< JSON pointer into the file form: `/options/1/instance_types/0`
};

/// An immutable path into an input; `field` and `index` return a longer one.
class place {
 public:
  explicit place(place_style style) : style_(style) {}

  /// The member `code_name` of the C++ structure, which the file form calls `json_name`.
  [[nodiscard]] place field(std::string_view code_name, std::string_view json_name) const {
    place p = *this;
    if (style_ == place_style::code) {
      if (!p.path_.empty()) p.path_ += '.';
      p.path_ += code_name;
    } else {
      p.path_ += '/';
      p.path_ += json_name;
    }
    return p;
  }
  /// A member whose name is the same in C++ and in the file.
  [[nodiscard]] place field(std::string_view name) const { return field(name, name); }
  [[nodiscard]] place index(std::size_t i) const {
    place p = *this;
    if (style_ == place_style::code) {
      p.path_ += '[' + std::to_string(i) + ']';
    } else {
      p.path_ += '/' + std::to_string(i);
    }
    return p;
  }
  [[nodiscard]] const std::string& str() const noexcept { return path_; }
  [[nodiscard]] place_style style() const noexcept { return style_; }

  /// Throws `input_error` with this place.
  [[noreturn]] void fail(error_id id, std::string_view message) const { throw input_error(id, path_, message); }

 private:
  place_style style_;
  std::string path_;
};

}  // namespace fleetcast
