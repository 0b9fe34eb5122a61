#include "netkeel/agent/served_site_source.hpp"

#include "netkeel/agent/shipping.hpp"
#include "netkeel/agent/token_file.hpp"
#include "netkeel/core/error.hpp"

namespace netkeel::agent {

SiteFromOptions checked_site_from(const std::string& url, const std::string& token_file, std::string cache_file,
                                  std::chrono::milliseconds interval) {
  check_server_url(url, "--site-from");
  if (token_file.empty()) throw UsageError("--site-from needs --token-file: the site token the server was started with");
  return SiteFromOptions{url, read_token_file(token_file), std::move(cache_file), interval};
}

ServedSiteSource::ServedSiteSource(std::unique_ptr<http::HttpClient> client, SiteFromOptions options,
                                   std::function<void(const std::string&)> log)
    : client_(std::move(client)),
      options_(std::move(options)),
      log_(std::move(log)),
      poller_(*client_, options_.server_url, options_.token, options_.cache_file) {}

ServedSiteSource::~ServedSiteSource() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

SiteText ServedSiteSource::initial() {
  std::string note;
  SiteText text = poller_.fetch_initial(note);
  if (!note.empty() && log_) log_(note);
  {
    const std::lock_guard lock(mutex_);
    known_hash_ = offered_hash_ = text.hash;
  }
  if (!thread_.joinable()) thread_ = std::thread([this] { poll_until_stopped(); });
  return text;
}

std::optional<SiteText> ServedSiteSource::changed() {
  const std::lock_guard lock(mutex_);
  std::optional<SiteText> text = std::move(pending_);
  pending_.reset();
  return text;
}

void ServedSiteSource::accepted(const SiteText& text) {
  {
    const std::lock_guard lock(mutex_);
    known_hash_ = text.hash;
  }
  try {
    poller_.remember(text);
  } catch (const RuntimeError& e) {
    if (log_) log_(std::string(e.what()) + " (a restart without the server would start from an older copy)");
  }
}

void ServedSiteSource::poll_until_stopped() {
  bool failing = false;
  std::unique_lock lock(mutex_);
  for (;;) {
    if (wake_.wait_for(lock, options_.interval, [this] { return stopping_; })) return;
    const std::string known = known_hash_;
    lock.unlock();
    std::string problem;
    auto text = poller_.poll(known, problem);
    if (!problem.empty() && !failing && log_) log_("cannot poll the site (still using sha256 " + known.substr(0, 12) + "): " + problem);
    if (problem.empty() && failing && log_) log_("the site at " + poller_.url() + " answers again");
    failing = !problem.empty();
    lock.lock();
    if (text && text->hash != offered_hash_) {
      offered_hash_ = text->hash;
      pending_ = std::move(text);
    }
  }
}

}  // namespace netkeel::agent
