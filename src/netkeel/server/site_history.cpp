#include "netkeel/server/site_history.hpp"

#include <fstream>
#include <sstream>
#include <system_error>

#include <nlohmann/json.hpp>

#include "netkeel/core/error.hpp"

namespace netkeel::server {
namespace {

constexpr const char* kHistoryFile = "history.jsonl";

std::filesystem::path text_file(const std::filesystem::path& dir, std::uint64_t version) {
  return dir / (std::to_string(version) + ".yaml");
}

}  // namespace

nlohmann::json site_history_entry_json(const SiteHistoryEntry& e) {
  nlohmann::json j{{"version", e.version ? nlohmann::json(*e.version) : nlohmann::json(nullptr)},
                   {"result", e.accepted ? "accepted" : "refused"},
                   {"hash", e.hash},
                   {"time_ms", e.time_ms},
                   {"source", e.source}};
  if (!e.accepted) j["messages"] = e.messages;
  return j;
}

namespace {

SiteHistoryEntry from_json(const nlohmann::json& j) {
  SiteHistoryEntry e;
  const std::string result = j.at("result").get<std::string>();
  if (result != "accepted" && result != "refused") throw std::invalid_argument("result is neither accepted nor refused");
  e.accepted = result == "accepted";
  if (e.accepted) e.version = j.at("version").get<std::uint64_t>();
  e.hash = j.at("hash").get<std::string>();
  e.time_ms = j.at("time_ms").get<std::int64_t>();
  e.source = j.at("source").get<std::string>();
  if (!e.accepted) e.messages = j.value("messages", "");
  return e;
}

// Written whole to a temporary name, then renamed: a reader never sees half a version.
void write_whole(const std::filesystem::path& path, const std::string& text) {
  const auto temporary = path.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) throw RuntimeError("cannot write " + temporary + ": check the site history directory's space and permissions");
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) throw RuntimeError("cannot rename " + temporary + " to " + path.string() + ": " + ec.message());
}

}  // namespace

SiteHistory::SiteHistory(std::filesystem::path dir) : dir_(std::move(dir)) {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) {
    throw RuntimeError("cannot create the site history directory " + dir_.string() + ": " + ec.message() +
                       ": give a writable --site-history-dir");
  }
  const auto path = dir_ / kHistoryFile;
  std::ifstream in(path);
  if (!in) {
    if (std::filesystem::exists(path)) throw RuntimeError("cannot read " + path.string() + ": check its permissions");
    return;
  }
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    try {
      entries_.push_back(from_json(nlohmann::json::parse(line)));
    } catch (const std::exception& e) {
      throw RuntimeError(path.string() + ":" + std::to_string(number) + ": not a site history entry (" + e.what() +
                         "): repair or remove that line");
    }
  }
}

std::optional<SiteHistoryEntry> SiteHistory::latest_accepted() const {
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it)
    if (it->accepted) return *it;
  return std::nullopt;
}

std::optional<std::string> SiteHistory::text_of(std::uint64_t version) const {
  std::ifstream in(text_file(dir_, version), std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

SiteHistoryEntry SiteHistory::record_accepted(const std::string& text, const std::string& hash, std::int64_t time_ms,
                                              const std::string& source) {
  const auto latest = latest_accepted();
  SiteHistoryEntry entry;
  entry.version = latest ? *latest->version + 1 : 1;
  entry.accepted = true;
  entry.hash = hash;
  entry.time_ms = time_ms;
  entry.source = source;
  write_whole(text_file(dir_, *entry.version), text);
  append(entry);
  return entry;
}

void SiteHistory::record_refused(const std::string& hash, std::int64_t time_ms, const std::string& source,
                                 const std::string& messages) {
  SiteHistoryEntry entry;
  entry.hash = hash;
  entry.time_ms = time_ms;
  entry.source = source;
  entry.messages = messages;
  append(entry);
}

void SiteHistory::append(const SiteHistoryEntry& entry) {
  const auto path = dir_ / kHistoryFile;
  std::ofstream out(path, std::ios::app);
  out << site_history_entry_json(entry).dump() << '\n';
  out.flush();
  if (!out) throw RuntimeError("cannot append to " + path.string() + ": check the site history directory's space and permissions");
  entries_.push_back(entry);
}

}  // namespace netkeel::server
