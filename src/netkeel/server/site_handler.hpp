#pragma once
// The served site's endpoints (docs/api.md, "Site"), pure over a ServedSite so each answer is unit-tested
// without sockets:
//   GET /api/v1/site            the YAML text, ETag "<sha256>", X-Netkeel-Site-Version; If-None-Match -> 304
//   GET /api/v1/site/plan       the plan of that text (docs/render.md's JSON)
//   GET /api/v1/site/history    {"versions": [entries, oldest first]}: accepted and refused
//   GET /api/v1/site/version?version=N   {"version", "hash", "time_ms", "source", "text"} of version N
#include <map>
#include <optional>
#include <string>

#include "netkeel/http/http_reply.hpp"
#include "netkeel/server/served_site.hpp"

namespace netkeel::server {

// Whether an If-None-Match header names this hash's ETag (a list, weak "W/" tags, or "*").
bool etag_matches(const std::string& if_none_match, const std::string& hash);

http::HttpReply site_text_reply(const ServedSiteVersion& served, const std::optional<std::string>& if_none_match);
http::HttpReply site_plan_reply(const ServedSiteVersion& served, const std::optional<std::string>& if_none_match);
http::HttpReply site_history_reply(const ServedSite& site);
http::HttpReply site_version_reply(const std::multimap<std::string, std::string>& query, const ServedSite& site);

}  // namespace netkeel::server
