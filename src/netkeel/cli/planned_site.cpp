#include "netkeel/cli/planned_site.hpp"

#include <unistd.h>

#include <cstdio>

#include "netkeel/core/diagnostic.hpp"
#include "netkeel/plan/planner.hpp"
#include "netkeel/site/site_validator.hpp"

namespace netkeel::cli {

std::optional<PlannedSite> load_planned_site(const std::string& path) {
  const bool color = isatty(STDERR_FILENO);
  auto checked = site::load_and_validate(path);
  if (!checked.ok()) {
    std::fputs(format_diagnostics(checked.diagnostics, color).c_str(), stderr);
    return std::nullopt;
  }
  auto planned = plan::plan_site(*checked.site);
  if (!planned.plan || planned.diagnostics.has_errors()) {
    std::fputs(format_diagnostics(planned.diagnostics, color).c_str(), stderr);
    return std::nullopt;
  }
  return PlannedSite{std::move(*checked.site), std::move(*planned.plan)};
}

}  // namespace netkeel::cli
