#pragma once
// --log-level and --log-format, the same on every daemon (server, agent, keeper, stand-in); docs/logging.md.
#include <string>

#include <CLI/CLI.hpp>

namespace netkeel::cli {

struct LogFlags {
  std::string level = "info";
  std::string format = "text";
};

void add_log_flags(CLI::App& command, LogFlags& flags);

// The process's logging from here on: DAEMON ("netkeel keeper") names every line; under systemd
// (stderr is the journal) text lines carry journald's priority prefix instead of a timestamp.
void start_logging(const LogFlags& flags, const std::string& daemon);

}  // namespace netkeel::cli
