#include "netkeel/agent/site_poller.hpp"

#include <fstream>
#include <sstream>
#include <system_error>

#include "netkeel/agent/durable_file.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/plan/site_text_plan.hpp"

namespace netkeel::agent {
namespace {

constexpr const char* kSitePath = "/api/v1/site";

std::string first_line(const std::string& body) {
  const std::string line = body.substr(0, body.find('\n'));
  return line.size() > 300 ? line.substr(0, 300) + "..." : line;
}

// The served text with the server's version number (0 when the header is missing or not a number).
SiteText served_text(const http::Response& response, const std::string& url) {
  SiteText text{response.body, plan::site_text_hash(response.body), url};
  for (const auto& [name, value] : response.netkeel_headers) {
    if (name != "x-netkeel-site-version") continue;
    try {
      text.version = std::stoll(value);
    } catch (const std::exception&) {
      text.version = 0;
    }
  }
  return text;
}

}  // namespace

SitePoller::SitePoller(http::HttpClient& client, std::string server_url, std::string token,
                       std::filesystem::path cache_file)
    : client_(client), token_(std::move(token)), cache_file_(std::move(cache_file)) {
  while (!server_url.empty() && server_url.back() == '/') server_url.pop_back();
  url_ = server_url + kSitePath;
}

http::Request SitePoller::request(const std::optional<std::string>& known_hash) const {
  http::Request r;
  r.url = url_;
  r.headers.emplace_back("Authorization", "Bearer " + token_);
  if (known_hash) r.headers.emplace_back("If-None-Match", "\"" + *known_hash + "\"");
  return r;
}

SiteText SitePoller::fetch_initial(std::string& note) {
  std::string cause;
  try {
    const http::Response response = client_.send(request(std::nullopt));
    if (response.status == 200) return served_text(response, url_);
    if (response.status == 401 || response.status == 403) {
      throw UsageError("--site-from: " + url_ + " refused the token (" + std::to_string(response.status) + " " +
                       first_line(response.body) + "): give --token-file the site token the server was started with");
    }
    if (response.status == 404) {
      throw UsageError("--site-from: " + url_ + " answered 404 (" + first_line(response.body) +
                       "): start the server with --site FILE, or point --site-from at a server that has one");
    }
    cause = "it answered " + std::to_string(response.status) + " " + first_line(response.body);
  } catch (const RuntimeError& e) {
    cause = e.what();
  }
  if (auto copy = cached()) {
    note = "cannot fetch the site from " + url_ + " (" + cause + "); starting from the cached copy " +
           cache_file_.string() + " (sha256 " + copy->hash.substr(0, 12) + ")";
    return *copy;
  }
  throw RuntimeError("--site-from: cannot fetch the site from " + url_ + " (" + cause + ") and there is no cached copy at " +
                     cache_file_.string() + ": start the server (with --site) or check the URL and the network");
}

std::optional<SiteText> SitePoller::poll(const std::string& known_hash, std::string& problem) {
  problem.clear();
  http::Response response;
  try {
    response = client_.send(request(known_hash));
  } catch (const RuntimeError& e) {
    problem = e.what();
    return std::nullopt;
  }
  if (response.status == 304) return std::nullopt;
  if (response.status != 200) {
    problem = url_ + " answered " + std::to_string(response.status) + " " + first_line(response.body);
    return std::nullopt;
  }
  SiteText text = served_text(response, url_);
  if (text.hash == known_hash) return std::nullopt;  // a server that ignores If-None-Match
  return text;
}

void SitePoller::remember(const SiteText& text) const {
  std::error_code ec;
  if (cache_file_.has_parent_path()) std::filesystem::create_directories(cache_file_.parent_path(), ec);
  write_file_durably(cache_file_, text.text);  // a crash leaves the old copy or the new one, whole
}

std::optional<SiteText> SitePoller::cached() const {
  std::ifstream in(cache_file_, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return SiteText{text.str(), plan::site_text_hash(text.str()), cache_file_.string()};
}

}  // namespace netkeel::agent
