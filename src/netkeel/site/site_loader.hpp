#pragma once
// YAML text -> Site, with type checking. Reports every problem it finds (unknown keys with
// did-you-mean, wrong types, malformed values, YAML syntax errors) as Diagnostics and keeps going.
#include <optional>
#include <string>

#include "netkeel/core/diagnostic.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::site {

struct LoadResult {
  std::optional<Site> site;  // absent only when the document could not be parsed at all
  Diagnostics diagnostics;
};

// `file_name` is used in diagnostics only.
LoadResult load_site_from_string(const std::string& yaml_text, const std::string& file_name);
LoadResult load_site_from_file(const std::string& path);

}  // namespace netkeel::site
