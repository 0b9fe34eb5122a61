#pragma once
// Finds where a second YAML document starts, if the text has one. It walks parser events and stops
// after two documents: yaml-cpp 0.7's LoadAll loops forever on a stray top-level ',' (e.g. "{a: b},"),
// producing empty documents without consuming the token, so the loader never calls LoadAll.
#include <optional>
#include <string>

#include <yaml-cpp/mark.h>

namespace netkeel::site {

// Throws YAML::ParserException on a syntax error (as YAML::Load does).
std::optional<YAML::Mark> second_document_start(const std::string& yaml_text);

}  // namespace netkeel::site
