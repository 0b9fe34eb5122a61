// netkeel: one binary, one subcommand per job.
#include <cstdio>
#include <exception>
#include <string>

#include <CLI/CLI.hpp>

#include "netkeel/cli/commands.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/core/exit_code.hpp"
#include "netkeel/core/version.hpp"

int main(int argc, char** argv) {
  CLI::App app{"netkeel: the network layer for small-to-medium private clouds"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "netkeel " + std::string(netkeel::netkeel_version()));
  int exit_code = netkeel::kExitOk;
  netkeel::cli::add_validate_command(app, exit_code);
  netkeel::cli::add_plan_command(app, exit_code);
  netkeel::cli::add_render_command(app, exit_code);
  netkeel::cli::add_apply_command(app, exit_code);
  netkeel::cli::add_lab_command(app, exit_code);
  netkeel::cli::add_agent_command(app, exit_code);
  netkeel::cli::add_server_command(app, exit_code);
  netkeel::cli::add_query_command(app, exit_code);
  netkeel::cli::add_matrix_command(app, exit_code);
  netkeel::cli::add_diagnose_command(app, exit_code);
  netkeel::cli::add_events_command(app, exit_code);
  netkeel::cli::add_keeper_command(app, exit_code);
  netkeel::cli::add_keep_command(app, exit_code);
  netkeel::cli::add_stand_in_command(app, exit_code);
  netkeel::cli::add_alerts_command(app, exit_code);
  netkeel::cli::add_site_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    if (const std::string hint = netkeel::cli::lab_parse_error_hint(app, e); !hint.empty()) {
      std::fprintf(stderr, "%s\n", hint.c_str());
    }
    return code == 0 ? netkeel::kExitOk : netkeel::kExitInvalidInput;
  } catch (const netkeel::UsageError& e) {
    std::fprintf(stderr, "netkeel: %s\n", e.what());
    return netkeel::kExitInvalidInput;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "netkeel: %s\n", e.what());
    return netkeel::kExitRuntimeFailure;
  }
  return exit_code;
}
