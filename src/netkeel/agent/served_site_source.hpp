#pragma once
// --site-from URL as a SiteTextSource: the text fetched at start (or the cached copy), then a thread that
// polls the server every interval with the ETag and parks a newer text for the caller's loop, so a server
// that is slow or away never holds up the loop (the agent's probes). Poll failures are logged when they
// start and when they end, not at every poll.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "netkeel/agent/site_poller.hpp"
#include "netkeel/agent/site_text_source.hpp"
#include "netkeel/http/http_client.hpp"

namespace netkeel::agent {

struct SiteFromOptions {
  std::string server_url;                       // --site-from
  std::string token;                            // read from --token-file
  std::string cache_file = kDefaultSiteCache;   // --site-cache
  std::chrono::milliseconds interval{5000};     // --site-reload-interval
};

// --site-from URL with --token-file FILE, checked: the URL's form, the token file's presence and token.
// Throws UsageError naming the flag and the fix.
SiteFromOptions checked_site_from(const std::string& url, const std::string& token_file, std::string cache_file,
                                  std::chrono::milliseconds interval);

class ServedSiteSource final : public SiteTextSource {
 public:
  ServedSiteSource(std::unique_ptr<http::HttpClient> client, SiteFromOptions options,
                   std::function<void(const std::string&)> log);
  ~ServedSiteSource() override;  // stops the thread

  SiteText initial() override;  // fetch_initial, then the polling thread starts
  std::optional<SiteText> changed() override;
  void accepted(const SiteText& text) override;  // the cache file and the ETag follow it
  std::string describe() const override { return poller_.url(); }

 private:
  void poll_until_stopped();

  std::unique_ptr<http::HttpClient> client_;
  SiteFromOptions options_;
  std::function<void(const std::string&)> log_;
  SitePoller poller_;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::string known_hash_;             // the text in use: sent as If-None-Match
  std::string offered_hash_;           // the last text parked, so one refused text is not offered again
  std::optional<SiteText> pending_;    // a newer text, until changed() takes it
  std::thread thread_;
};

}  // namespace netkeel::agent
