#include "netkeel/server/static_asset_reply.hpp"

#include <fmt/format.h>

#include "netkeel/core/fnv1a.hpp"

namespace netkeel::server {
namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// If-None-Match may list several tags, or be "*" (RFC 9110 13.1.2); weak tags compare equal too.
bool matches_etag(const std::string& if_none_match, const std::string& etag) {
  std::string_view rest = if_none_match;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    std::string_view tag = rest.substr(0, comma);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    if (tag == "*" || tag == etag) return true;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

std::string content_type_of(std::string_view path) {
  if (ends_with(path, ".html")) return "text/html; charset=utf-8";
  if (ends_with(path, ".css")) return "text/css; charset=utf-8";
  if (ends_with(path, ".js")) return "text/javascript; charset=utf-8";
  if (ends_with(path, ".svg")) return "image/svg+xml";
  if (ends_with(path, ".png")) return "image/png";
  return "text/plain; charset=utf-8";
}

std::vector<std::pair<std::string, std::string>> dashboard_security_headers() {
  return {{"Content-Security-Policy", kDashboardContentSecurityPolicy},
          {"X-Content-Type-Options", "nosniff"},
          {"Referrer-Policy", "no-referrer"},
          {"X-Frame-Options", "DENY"}};
}

std::string asset_etag(const WebAsset& asset) { return fmt::format("\"{:016x}\"", fnv1a_64(asset.bytes)); }

http::HttpReply static_asset_reply(const WebAsset& asset, const std::optional<std::string>& if_none_match) {
  const std::string etag = asset_etag(asset);
  http::HttpReply reply;
  reply.content_type = content_type_of(asset.path);
  reply.headers = dashboard_security_headers();
  // no-cache: the browser keeps the file but asks each time; a 304 costs a few bytes.
  reply.headers.emplace_back("Cache-Control", "no-cache");
  reply.headers.emplace_back("ETag", etag);
  if (if_none_match && matches_etag(*if_none_match, etag)) {
    reply.status = 304;
    return reply;
  }
  reply.body = std::string(asset.bytes);
  return reply;
}

}  // namespace netkeel::server
