#pragma once
// A label matcher as written in a query: name=value, name!=value, name=~regex, name!~regex.
#include <string_view>

#include "netkeel/store/label_matcher.hpp"

namespace netkeel::server {

// Throws BadRequest naming the text and the fix (bad label name, no operator, regex that does not compile).
store::LabelMatcher parse_label_matcher(std::string_view text);

}  // namespace netkeel::server
