#include "netkeel/cli/log_flags.hpp"

#include "netkeel/core/log.hpp"

namespace netkeel::cli {

void add_log_flags(CLI::App& command, LogFlags& flags) {
  command.add_option("--log-level", flags.level, "Log lines at this level and above: debug, info, warning, error")
      ->check(CLI::IsMember({"debug", "info", "warning", "error"}))
      ->capture_default_str();
  command.add_option("--log-format", flags.format,
                     "text (journald-friendly: no own timestamps under systemd) or json (one object per line)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
}

void start_logging(const LogFlags& flags, const std::string& daemon) {
  log::Options options;
  options.level = log::parse_level(flags.level).value_or(log::Level::info);
  options.format = log::parse_format(flags.format).value_or(log::Format::text);
  options.daemon = daemon;
  options.journal = log::stderr_is_journal();
  log::configure(options);
}

}  // namespace netkeel::cli
