#pragma once
// Semantic checks over a loaded Site: references, uniqueness, subnets, VLANs, MTUs, cycles, and the
// risky-but-legal choices (warnings). Reports all problems, never stops at the first.
#include "netkeel/core/diagnostic.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::site {

Diagnostics validate_site(const Site& site);

// Load + validate in one step: what `netkeel validate`, `plan`, `render` and `apply` start with.
struct CheckedSite {
  std::optional<Site> site;  // set when loading produced a model (even if validation found errors)
  Diagnostics diagnostics;   // sorted by position
  bool ok() const { return site && !diagnostics.has_errors(); }
};
CheckedSite load_and_validate(const std::string& path);

}  // namespace netkeel::site
