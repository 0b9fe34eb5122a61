// `netkeel validate SITE`: every problem in the site file, exit 2 on any error.
#include <unistd.h>

#include <cstdio>

#include "netkeel/cli/commands.hpp"
#include "netkeel/core/exit_code.hpp"
#include "netkeel/plan/planner.hpp"
#include "netkeel/site/site_validator.hpp"

namespace netkeel::cli {

void add_validate_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("validate", "Check a site file and report every problem (exit 2 on errors)");
  auto path = std::make_shared<std::string>();
  auto quiet = std::make_shared<bool>(false);
  cmd->add_option("SITE", *path, "Site file (YAML)")->required();
  cmd->add_flag("-q,--quiet", *quiet, "Print only errors and warnings, no summary line");
  cmd->callback([path, quiet, &exit_code] {
    auto checked = site::load_and_validate(*path);
    Diagnostics all = checked.diagnostics;
    // Planner findings (MAC collisions, risky choices) belong to validation too.
    if (checked.ok()) {
      auto planned = plan::plan_site(*checked.site);
      all.append(planned.diagnostics);
      all.sort();
    }
    const bool color = isatty(STDERR_FILENO);
    std::fputs(format_diagnostics(all, color).c_str(), stderr);
    if (!*quiet) {
      std::fprintf(stderr, "%s: %zu error(s), %zu warning(s)\n", path->c_str(), all.error_count(),
                   all.warning_count());
    }
    exit_code = all.has_errors() ? kExitInvalidInput : kExitOk;
  });
}

}  // namespace netkeel::cli
