#include "netkeel/server/served_site.hpp"

#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "netkeel/core/error.hpp"
#include "netkeel/plan/site_text_plan.hpp"
#include "netkeel/render/json_renderer.hpp"
#include "netkeel/server/site_topology_json.hpp"

namespace netkeel::server {
namespace {

std::optional<std::string> read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return text.str();
}

}  // namespace

ServedSite::ServedSite(std::filesystem::path file, std::filesystem::path history_dir, const Clock& clock,
                       std::function<void(const std::string&)> log)
    : file_(std::move(file)), clock_(clock), log_(std::move(log)), history_(std::move(history_dir)) {
  if (take("start", true)) return;
  const auto latest = history_.latest_accepted();
  const auto text = latest ? history_.text_of(*latest->version) : std::nullopt;
  if (!latest || !text) {
    throw UsageError(file_.string() + " is not a valid site and " + history_.dir().string() +
                     " holds no earlier version to serve instead: fix the file (netkeel validate " + file_.string() + ")");
  }
  auto checked = plan::plan_site_text(*text, file_.string());
  if (!checked.ok()) {
    throw UsageError(history_.dir().string() + ": the last accepted version " + std::to_string(*latest->version) +
                     " no longer plans (a different netkeel version?): fix " + file_.string());
  }
  auto served = std::make_shared<ServedSiteVersion>();
  served->entry = *latest;
  served->text = *text;
  served->plan_json = render::render_cluster_json(*checked.plan);
  served->topology_json = site_topology_json(*checked.site).dump();
  served->planned_vips = planned_vips(*checked.plan);
  current_ = std::move(served);
  say(fmt::format("serving the last good site version {} from {} until {} is fixed", *latest->version,
                  history_.dir().string(), file_.string()));
}

std::optional<ServedSite::FileStamp> ServedSite::stamp() const {
  std::error_code ec;
  FileStamp s;
  s.modified = std::filesystem::last_write_time(file_, ec);
  if (ec) return std::nullopt;
  s.size = std::filesystem::file_size(file_, ec);
  if (ec) return std::nullopt;
  return s;
}

void ServedSite::check(const std::string& source, bool force) {
  const auto now = stamp();
  if (!force && now == seen_) return;
  take(source, force);
}

bool ServedSite::take(const std::string& source, bool force) {
  seen_ = stamp();
  const auto text = read_text(file_);
  if (!text) {
    say("cannot read the site file " + file_.string() + "; still serving the last good version");
    return false;
  }
  const std::string hash = plan::site_text_hash(*text);
  {
    const std::lock_guard lock(mutex_);
    if (current_ && current_->entry.hash == hash) return true;  // touched, not changed
  }
  if (!force && hash == last_refused_hash_) return false;
  const std::int64_t now_ms = unix_milliseconds(clock_.wall_now());
  auto checked = plan::plan_site_text(*text, file_.string());
  if (!checked.ok()) {
    const std::string messages = format_diagnostics(checked.diagnostics);
    last_refused_hash_ = hash;
    {
      const std::lock_guard lock(mutex_);
      history_.record_refused(hash, now_ms, source, messages);
      ++counts_.refused;
    }
    say("refused the site file " + file_.string() + " (" + source + "): it is not valid; " +
        (current_ ? "still serving version " + std::to_string(*current_->entry.version) : std::string("nothing to serve")) +
        ":\n" + messages);
    return false;
  }
  auto served = std::make_shared<ServedSiteVersion>();
  served->text = *text;
  served->plan_json = render::render_cluster_json(*checked.plan);
  served->topology_json = site_topology_json(*checked.site).dump();
  served->planned_vips = planned_vips(*checked.plan);
  const std::lock_guard lock(mutex_);
  const auto latest = history_.latest_accepted();
  if (!current_ && latest && latest->hash == hash) {
    served->entry = *latest;  // a restart with the file unchanged: the same version
  } else {
    served->entry = history_.record_accepted(*text, hash, now_ms, source);
    ++counts_.accepted;
  }
  last_refused_hash_.clear();
  current_ = std::move(served);
  say(fmt::format("serving site version {} (sha256 {}) from {} ({})", *current_->entry.version, hash.substr(0, 12),
                  file_.string(), source));
  return true;
}

std::shared_ptr<const ServedSiteVersion> ServedSite::current() const {
  const std::lock_guard lock(mutex_);
  return current_;
}

SiteReloadCounts ServedSite::counts() const {
  const std::lock_guard lock(mutex_);
  return counts_;
}

std::vector<SiteHistoryEntry> ServedSite::history() const {
  const std::lock_guard lock(mutex_);
  return history_.entries();
}

std::optional<std::string> ServedSite::text_of(std::uint64_t version) const {
  const std::lock_guard lock(mutex_);
  return history_.text_of(version);
}

std::string ServedSite::metrics_text() const {
  const SiteReloadCounts counts = this->counts();
  const auto served = current();
  return fmt::format(
      "# HELP netkeel_server_site_reloads_total New versions of the --site file read since start, by result "
      "(accepted: now served; refused: invalid, the last good version stays served).\n"
      "# TYPE netkeel_server_site_reloads_total counter\n"
      "netkeel_server_site_reloads_total{{result=\"accepted\"}} {}\n"
      "netkeel_server_site_reloads_total{{result=\"refused\"}} {}\n"
      "# HELP netkeel_server_site_version The version number of the site file being served.\n"
      "# TYPE netkeel_server_site_version gauge\n"
      "netkeel_server_site_version {}\n",
      counts.accepted, counts.refused, served ? *served->entry.version : 0);
}

void ServedSite::say(const std::string& line) const {
  if (log_) log_(line);
}

std::filesystem::path default_site_history_dir(const std::string& store_spec) {
  const std::string sqlite = "sqlite:";
  if (store_spec.rfind(sqlite, 0) == 0) {
    const std::filesystem::path db = store_spec.substr(sqlite.size());
    return (db.has_parent_path() ? db.parent_path() : std::filesystem::path(".")) / "site-history";
  }
  return "/var/lib/netkeel/site-history";
}

}  // namespace netkeel::server
