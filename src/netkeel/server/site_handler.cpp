#include "netkeel/server/site_handler.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

#include "netkeel/server/api_response.hpp"

namespace netkeel::server {
namespace {

std::string quoted(const std::string& hash) { return "\"" + hash + "\""; }

http::HttpReply reply_of(ApiResponse response) {
  return {response.status, "application/json", std::move(response.body), std::move(response.headers)};
}

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

// The same version, by hash: 304 with the ETag and no body; else the body with its ETag.
http::HttpReply tagged_reply(const ServedSiteVersion& served, const std::optional<std::string>& if_none_match,
                             std::string content_type, const std::string& body) {
  std::vector<std::pair<std::string, std::string>> headers{
      {"ETag", quoted(served.entry.hash)},
      {"X-Netkeel-Site-Version", std::to_string(*served.entry.version)},
      {"Cache-Control", "no-cache"}};
  if (if_none_match && etag_matches(*if_none_match, served.entry.hash)) {
    return {304, std::move(content_type), "", std::move(headers)};
  }
  return {200, std::move(content_type), body, std::move(headers)};
}

}  // namespace

bool etag_matches(const std::string& if_none_match, const std::string& hash) {
  const std::string wanted = quoted(hash);
  std::string_view rest = if_none_match;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    std::string tag = trimmed(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (tag == "*") return true;
    if (tag.rfind("W/", 0) == 0) tag.erase(0, 2);  // weak comparison (RFC 9110, 13.1.2)
    if (tag == wanted) return true;
  }
  return false;
}

http::HttpReply site_text_reply(const ServedSiteVersion& served, const std::optional<std::string>& if_none_match) {
  return tagged_reply(served, if_none_match, "application/yaml; charset=utf-8", served.text);
}

http::HttpReply site_plan_reply(const ServedSiteVersion& served, const std::optional<std::string>& if_none_match) {
  return tagged_reply(served, if_none_match, "application/json", served.plan_json);
}

http::HttpReply site_history_reply(const ServedSite& site) {
  nlohmann::json versions = nlohmann::json::array();
  for (const SiteHistoryEntry& entry : site.history()) versions.push_back(site_history_entry_json(entry));
  return reply_of(json_response(200, nlohmann::json{{"versions", versions}}));
}

http::HttpReply site_version_reply(const std::multimap<std::string, std::string>& query, const ServedSite& site) {
  const auto given = query.find("version");
  if (given == query.end() || query.count("version") != 1) {
    return reply_of(error_response(400, "give the version once: /api/v1/site/version?version=N (see /api/v1/site/history)"));
  }
  std::uint64_t version = 0;
  const std::string& text = given->second;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), version);
  if (error != std::errc() || end != text.data() + text.size() || version == 0) {
    return reply_of(error_response(400, "version '" + text + "': expected a version number 1, 2, ... (see /api/v1/site/history)"));
  }
  for (const SiteHistoryEntry& entry : site.history()) {
    if (!entry.accepted || *entry.version != version) continue;
    const auto body = site.text_of(version);
    if (!body) break;
    nlohmann::json j = site_history_entry_json(entry);
    j["text"] = *body;
    return reply_of(json_response(200, j));
  }
  return reply_of(error_response(404, "no site version " + text + ": the accepted versions are listed by /api/v1/site/history"));
}

}  // namespace netkeel::server
