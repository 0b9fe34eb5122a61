#pragma once
// --site-from URL: one request at a time to the server's GET /api/v1/site, with the site token, and the
// host's cached copy of the last good text (docs/agent.md, "The site from the server"). The cached copy is
// what a host starts from when the server cannot be reached, so a restart without the server still works.
// No thread and no clock: ServedSiteSource paces it.
#include <filesystem>
#include <optional>
#include <string>

#include "netkeel/agent/site_text_source.hpp"
#include "netkeel/http/http_client.hpp"

namespace netkeel::agent {

// The agent's (its systemd unit's StateDirectory); the keeper's is /var/lib/netkeel/keeper/site.yaml.
inline constexpr const char* kDefaultSiteCache = "/var/lib/netkeel/agent/site.yaml";

class SitePoller {
 public:
  // `server_url`: the server's base URL (http[s]://HOST:PORT[/PREFIX]), as for --server.
  SitePoller(http::HttpClient& client, std::string server_url, std::string token, std::filesystem::path cache_file);

  // The server's current text. When the server cannot be reached or answers 5xx: the cached copy, and
  // `note` says so. Throws UsageError when the server refuses the token (401/403: the cache is not used,
  // the token must be fixed) and RuntimeError naming the URL, the cause and the cache when neither works.
  SiteText fetch_initial(std::string& note);

  // GET with If-None-Match: `known_hash`. A text when the server has another one; nothing when it has the
  // same (304) or cannot be asked, and then `problem` says why (empty for a 304).
  std::optional<SiteText> poll(const std::string& known_hash, std::string& problem);

  // Keeps a text that planned cleanly as the host's last good copy: written whole, then renamed over the
  // cache file (durable_file.hpp). Throws RuntimeError naming the file when it cannot be written.
  void remember(const SiteText& text) const;
  std::optional<SiteText> cached() const;

  const std::string& url() const { return url_; }
  const std::filesystem::path& cache_file() const { return cache_file_; }

 private:
  http::Request request(const std::optional<std::string>& known_hash) const;

  http::HttpClient& client_;
  std::string url_;  // .../api/v1/site
  std::string token_;
  std::filesystem::path cache_file_;
};

}  // namespace netkeel::agent
