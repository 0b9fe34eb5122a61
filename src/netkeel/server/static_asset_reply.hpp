#pragma once
// How the dashboard's files are answered: content type by extension, an ETag so a browser revalidates
// instead of downloading again, and the security headers every dashboard answer carries (a strict
// Content-Security-Policy: only this server's own scripts, styles and API; no inline script or style, no
// framing). Pure, so each header is unit-tested.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "netkeel/http/http_reply.hpp"
#include "netkeel/server/web_assets.hpp"

namespace netkeel::server {

// "text/html; charset=utf-8" for .html, text/css, text/javascript, image/svg+xml, image/png; anything
// else (the vendored LICENSE) as text/plain.
std::string content_type_of(std::string_view path);

// The strict policy: default-src 'none'; script, style, image and fetch only from the server itself.
inline constexpr const char* kDashboardContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

// Content-Security-Policy, X-Content-Type-Options, Referrer-Policy, X-Frame-Options.
std::vector<std::pair<std::string, std::string>> dashboard_security_headers();

// The asset's ETag: a quoted FNV-1a-64 of its bytes (16 hex digits). It changes with every new build of
// the file, so a browser never mixes an old script with a new page.
std::string asset_etag(const WebAsset& asset);

// 200 with the asset (Cache-Control: no-cache, ETag, the security headers), or 304 without a body when
// `if_none_match` names its ETag.
http::HttpReply static_asset_reply(const WebAsset& asset, const std::optional<std::string>& if_none_match);

}  // namespace netkeel::server
