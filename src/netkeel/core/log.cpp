#include "netkeel/core/log.hpp"

#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include "netkeel/core/json_string.hpp"
#include "netkeel/core/rfc3339_time.hpp"

namespace netkeel::log {
namespace {

std::mutex& state_mutex() {
  static std::mutex m;
  return m;
}
Options& state_options() {
  static Options o;
  return o;
}
Sink& state_sink() {
  static Sink s;
  return s;
}

// syslog(3) priorities, as journald reads them from a "<N>" prefix.
int syslog_priority(Level level) {
  switch (level) {
    case Level::debug: return 7;
    case Level::info: return 6;
    case Level::warning: return 4;
    case Level::error: return 3;
  }
  return 6;
}

using core::append_json_string;

}  // namespace

std::string to_string(Level level) {
  switch (level) {
    case Level::debug: return "debug";
    case Level::info: return "info";
    case Level::warning: return "warning";
    case Level::error: return "error";
  }
  return "info";
}

std::string to_string(Format format) { return format == Format::json ? "json" : "text"; }

std::optional<Level> parse_level(std::string_view text) {
  for (const Level l : {Level::debug, Level::info, Level::warning, Level::error}) {
    if (text == to_string(l)) return l;
  }
  return std::nullopt;
}

std::optional<Format> parse_format(std::string_view text) {
  if (text == "text") return Format::text;
  if (text == "json") return Format::json;
  return std::nullopt;
}

bool stderr_is_journal() {
  const char* stream = std::getenv("JOURNAL_STREAM");
  if (stream == nullptr) return false;
  unsigned long long device = 0, inode = 0;
  if (std::sscanf(stream, "%llu:%llu", &device, &inode) != 2) return false;
  struct stat st {};
  if (fstat(2, &st) != 0) return false;
  return static_cast<unsigned long long>(st.st_dev) == device && static_cast<unsigned long long>(st.st_ino) == inode;
}

std::string format_line(const Options& options, Level level, std::string_view message, std::int64_t unix_ms) {
  std::string line;
  if (options.format == Format::json) {
    line = "{\"time\":";
    append_json_string(line, format_rfc3339_ms(unix_ms));
    line += ",\"level\":\"" + to_string(level) + "\",\"daemon\":";
    append_json_string(line, options.daemon);
    line += ",\"message\":";
    append_json_string(line, message);
    line += '}';
    return line;
  }
  if (options.journal) {
    line = "<" + std::to_string(syslog_priority(level)) + ">";
  } else {
    line = format_rfc3339_ms(unix_ms) + " " + to_string(level) + " ";
  }
  line += options.daemon;
  line += ": ";
  // One entry per line: a multi-line message (a validator's list) keeps its lines, indented, so a
  // collector that splits on newlines does not take them for new entries.
  for (const char c : message) {
    line += c;
    if (c == '\n') line += "  ";
  }
  while (!line.empty() && (line.back() == ' ' || line.back() == '\n')) line.pop_back();
  return line;
}

void configure(const Options& options) {
  std::lock_guard lock(state_mutex());
  state_options() = options;
}

const Options& options() { return state_options(); }

Sink set_sink(Sink sink) {
  std::lock_guard lock(state_mutex());
  Sink previous = std::move(state_sink());
  state_sink() = std::move(sink);
  return previous;
}

void write(Level level, std::string_view message) {
  const auto now = std::chrono::system_clock::now();
  const std::int64_t unix_ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::lock_guard lock(state_mutex());
  const Options& o = state_options();
  if (level < o.level) return;
  const std::string line = format_line(o, level, message, unix_ms);
  if (state_sink()) {
    state_sink()(line);
    return;
  }
  std::fprintf(stderr, "%s\n", line.c_str());
  std::fflush(stderr);
}

}  // namespace netkeel::log
