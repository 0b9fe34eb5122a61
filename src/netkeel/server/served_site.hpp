#pragma once
// The site file `netkeel server --site FILE` serves to agents and keepers (docs/server.md, "The site file,
// served"). It is re-read when its modification time or size changes (check(), called every second) or on
// SIGHUP (check(force)); a new text is validated and planned before it is served, and an invalid one is
// refused: the last good version stays served, the validator's messages go to the log, and the refusal is
// counted (/metrics) and kept in the history. Every accepted version is kept in a SiteHistory.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "netkeel/core/clock.hpp"
#include "netkeel/server/site_history.hpp"
#include "netkeel/server/vip_states.hpp"

namespace netkeel::server {

// One accepted version, whole: never changed once made, so handlers keep it while a reload goes on.
struct ServedSiteVersion {
  SiteHistoryEntry entry;     // version, hash, time, source
  std::string text;           // the file's bytes
  std::string plan_json;      // render_cluster_json of its plan (GET /api/v1/site/plan)
  std::string topology_json;  // site_topology_json (GET /api/v1/topology)
  std::vector<PlannedVip> planned_vips;  // its service VIPs (GET /api/v1/vips)
};

struct SiteReloadCounts {
  std::uint64_t accepted = 0;  // netkeel_server_site_reloads_total{result="accepted"}
  std::uint64_t refused = 0;   // netkeel_server_site_reloads_total{result="refused"}
};

class ServedSite {
 public:
  // Reads and checks the file. Valid: served (recorded as a new version unless the history's latest has
  // the same hash). Invalid or unreadable, with an accepted version in the history: that version is served
  // and the refusal logged and recorded. Invalid with no history: throws UsageError with every message.
  ServedSite(std::filesystem::path file, std::filesystem::path history_dir, const Clock& clock,
             std::function<void(const std::string&)> log);

  // Re-reads the file when its modification time or size changed since the last look, or always with
  // `force` (SIGHUP). `source` says why, for the history. A text refused before is not refused (nor
  // logged) again until it changes, unless forced.
  void check(const std::string& source, bool force = false);

  std::shared_ptr<const ServedSiteVersion> current() const;
  SiteReloadCounts counts() const;
  // The served version's history and any older text (GET /api/v1/site/history, ?version=N).
  std::vector<SiteHistoryEntry> history() const;
  std::optional<std::string> text_of(std::uint64_t version) const;

  // netkeel_server_site_reloads_total{result} and netkeel_server_site_version, as Prometheus text.
  std::string metrics_text() const;

 private:
  struct FileStamp {
    std::filesystem::file_time_type modified;
    std::uintmax_t size = 0;
    bool operator==(const FileStamp&) const = default;
  };
  // Reads, checks and serves or refuses the text; false when refused (or unreadable).
  bool take(const std::string& source, bool force);
  std::optional<FileStamp> stamp() const;
  void say(const std::string& line) const;

  std::filesystem::path file_;
  const Clock& clock_;
  std::function<void(const std::string&)> log_;
  std::optional<FileStamp> seen_;
  std::string last_refused_hash_;

  mutable std::mutex mutex_;  // guards what the handlers read: current_, history_, counts_
  SiteHistory history_;
  std::shared_ptr<const ServedSiteVersion> current_;
  SiteReloadCounts counts_;
};

// Where the history goes when --site-history-dir is not given: `site-history` next to an SQLite store's
// file, else /var/lib/netkeel/site-history.
std::filesystem::path default_site_history_dir(const std::string& store_spec);

}  // namespace netkeel::server
