#pragma once
// Every version of the served site file the server accepted, and every one it refused, kept in a small
// directory (docs/server.md, "The site file, served"): `history.jsonl` holds one JSON line per event
// (version, hash, time, source, result, the validator's messages for a refusal), and `N.yaml` the text of
// accepted version N. Append-only, so `netkeel site history` and `netkeel site diff` can show what changed
// and when, across server restarts.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace netkeel::server {

struct SiteHistoryEntry {
  std::optional<std::uint64_t> version;  // accepted: 1, 2, ...; refused: none
  bool accepted = false;
  std::string hash;                      // plan::site_text_hash of the text
  std::int64_t time_ms = 0;              // Unix milliseconds when the server read it
  std::string source;                    // what made the server read it: "start", "file changed", "SIGHUP"
  std::string messages;                  // refused: the validator's messages (FILE:LINE:COL: ...)
};

// One entry as history.jsonl and GET /api/v1/site/history carry it: {version (null when refused), result
// ("accepted" | "refused"), hash, time_ms, source, messages (refused only)}.
nlohmann::json site_history_entry_json(const SiteHistoryEntry& entry);

class SiteHistory {
 public:
  // Creates the directory if needed and reads the history there. Throws RuntimeError naming the file
  // (and line) when it cannot be created or read, or a line is not a history entry.
  explicit SiteHistory(std::filesystem::path dir);

  const std::vector<SiteHistoryEntry>& entries() const { return entries_; }
  std::optional<SiteHistoryEntry> latest_accepted() const;
  // The text of an accepted version; nothing when there is no such version.
  std::optional<std::string> text_of(std::uint64_t version) const;

  // Appends an accepted version (the next number) and writes its text first, so a crash never leaves an
  // entry without its text. Returns the entry. Throws RuntimeError naming the file it cannot write.
  SiteHistoryEntry record_accepted(const std::string& text, const std::string& hash, std::int64_t time_ms,
                                   const std::string& source);
  void record_refused(const std::string& hash, std::int64_t time_ms, const std::string& source,
                      const std::string& messages);

  const std::filesystem::path& dir() const { return dir_; }

 private:
  void append(const SiteHistoryEntry& entry);

  std::filesystem::path dir_;
  std::vector<SiteHistoryEntry> entries_;
};

}  // namespace netkeel::server
