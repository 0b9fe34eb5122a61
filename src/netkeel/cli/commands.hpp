#pragma once
// One function per subcommand, each defined in its own <name>_command.cpp. Each registers its
// subcommand on the app and sets a callback that stores the exit code in `exit_code`.
#include <string>

#include <CLI/CLI.hpp>

namespace netkeel::cli {
void add_validate_command(CLI::App& app, int& exit_code);
void add_plan_command(CLI::App& app, int& exit_code);
void add_render_command(CLI::App& app, int& exit_code);
void add_apply_command(CLI::App& app, int& exit_code);
void add_lab_command(CLI::App& app, int& exit_code);
// A line to print after a parse error of a lab subcommand ("" when there is nothing to add): lab exec
// wants its command after --.
std::string lab_parse_error_hint(CLI::App& app, const CLI::ParseError& error);
void add_agent_command(CLI::App& app, int& exit_code);
void add_server_command(CLI::App& app, int& exit_code);
void add_query_command(CLI::App& app, int& exit_code);
void add_matrix_command(CLI::App& app, int& exit_code);
void add_diagnose_command(CLI::App& app, int& exit_code);
void add_events_command(CLI::App& app, int& exit_code);
void add_stand_in_command(CLI::App& app, int& exit_code);
void add_keeper_command(CLI::App& app, int& exit_code);
void add_keep_command(CLI::App& app, int& exit_code);
// The "vips:" part of `lab status` for a lab that runs Keep: `keep status`'s table, indented; a line
// saying why when etcd does not answer.
std::string lab_vip_status(const std::string& lab);
void add_alerts_command(CLI::App& app, int& exit_code);
void add_site_command(CLI::App& app, int& exit_code);
}  // namespace netkeel::cli
