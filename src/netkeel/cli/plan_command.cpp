// `netkeel plan SITE [--host NAME]`: what netkeel would build, as a summary an operator reads.
#include <unistd.h>

#include <cstdio>

#include <fmt/format.h>

#include "netkeel/cli/commands.hpp"
#include "netkeel/core/exit_code.hpp"
#include "netkeel/plan/plan_summary.hpp"
#include "netkeel/plan/planner.hpp"
#include "netkeel/site/site_validator.hpp"

namespace netkeel::cli {

void add_plan_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("plan", "Show the derived plan: interfaces, bonds and why, addresses, VIPs, ARP, warnings");
  auto path = std::make_shared<std::string>();
  auto host = std::make_shared<std::string>();
  cmd->add_option("SITE", *path, "Site file (YAML)")->required();
  cmd->add_option("--host", *host, "Show only this host (default: every host)");
  cmd->callback([path, host, &exit_code] {
    const bool color = isatty(STDERR_FILENO);
    auto checked = site::load_and_validate(*path);
    if (!checked.ok()) {
      std::fputs(format_diagnostics(checked.diagnostics, color).c_str(), stderr);
      std::fprintf(stderr, "%s: %zu error(s), %zu warning(s); nothing planned\n", path->c_str(),
                   checked.diagnostics.error_count(), checked.diagnostics.warning_count());
      exit_code = kExitInvalidInput;
      return;
    }
    auto planned = plan::plan_site(*checked.site);
    Diagnostics all = checked.diagnostics;
    all.append(planned.diagnostics);
    all.sort();
    if (!planned.plan) {
      std::fputs(format_diagnostics(all, color).c_str(), stderr);
      std::fprintf(stderr, "%s: %zu error(s); nothing planned\n", path->c_str(), all.error_count());
      exit_code = kExitInvalidInput;
      return;
    }
    if (!host->empty() && !planned.plan->find_host(*host)) {
      std::vector<std::string> names;
      for (const auto& h : planned.plan->hosts) names.push_back(h.name);
      std::fprintf(stderr, "netkeel plan: no host '%s' in %s; its hosts are: %s\n", host->c_str(), path->c_str(),
                   fmt::format("{}", fmt::join(names, ", ")).c_str());
      exit_code = kExitInvalidInput;
      return;
    }
    std::fputs(plan::format_plan_summary(*planned.plan, all, *host).c_str(), stdout);
    exit_code = kExitOk;
  });
}

}  // namespace netkeel::cli
