#pragma once
// One logging facility for every daemon (server, agent, keeper, stand-in): levels, a plain-text form
// that suits journald, and JSON lines for log collectors. Configured once at a daemon's start from its
// --log-level / --log-format flags (docs/logging.md); everything else calls log::info(...) and friends.
//
// Under systemd (JOURNAL_STREAM names our stderr) a text line carries no timestamp of its own (journald
// stamps every line) and starts with the "<N>" priority prefix journald turns into the entry's level;
// elsewhere it starts with an RFC 3339 UTC timestamp and the level's name. A JSON line always carries
// its time.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace netkeel::log {

enum class Level { debug, info, warning, error };
enum class Format { text, json };

struct Options {
  Level level = Level::info;              // lines below this level are dropped
  Format format = Format::text;
  std::string daemon = "netkeel";         // "netkeel agent", "netkeel server", ...
  bool journal = false;                   // stderr goes to journald: no own timestamp, "<N>" prefixes
};

std::string to_string(Level level);       // "debug", "info", "warning", "error"
std::string to_string(Format format);     // "text", "json"
std::optional<Level> parse_level(std::string_view text);
std::optional<Format> parse_format(std::string_view text);

// Whether this process's stderr is the journal: systemd sets JOURNAL_STREAM to "DEVICE:INODE" of the
// stream it connected, which must match stderr's (a child that inherited the variable but writes
// elsewhere is not logging to the journal).
bool stderr_is_journal();

// One formatted line, without the trailing newline. Pure: the time is given.
std::string format_line(const Options& options, Level level, std::string_view message, std::int64_t unix_ms);

// Sets the process-wide options; before it is called, lines go to stderr with the defaults.
void configure(const Options& options);
const Options& options();

// Where lines go (stderr by default); tests capture them. Returns the previous sink.
using Sink = std::function<void(const std::string& line)>;
Sink set_sink(Sink sink);

void write(Level level, std::string_view message);
inline void debug(std::string_view message) { write(Level::debug, message); }
inline void info(std::string_view message) { write(Level::info, message); }
inline void warning(std::string_view message) { write(Level::warning, message); }
inline void error(std::string_view message) { write(Level::error, message); }

}  // namespace netkeel::log
