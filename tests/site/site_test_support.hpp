#pragma once
// Helpers for the site tests: load + validate YAML text the way `netkeel validate` does.
#include <string>

#include "netkeel/core/diagnostic.hpp"
#include "netkeel/site/site_loader.hpp"
#include "netkeel/site/site_validator.hpp"

namespace netkeel::site::testing {

inline constexpr const char* kTestFile = "test.yaml";

// Loader diagnostics plus (when a model was built) validator diagnostics, sorted by position.
inline Diagnostics check_text(const std::string& yaml) {
  auto loaded = load_site_from_string(yaml, kTestFile);
  Diagnostics all = loaded.diagnostics;
  if (loaded.site) all.append(validate_site(*loaded.site));
  all.sort();
  return all;
}

inline std::string example_path(const std::string& file) {
  return std::string(NETKEEL_SOURCE_DIR) + "/examples/sites/" + file;
}

}  // namespace netkeel::site::testing
