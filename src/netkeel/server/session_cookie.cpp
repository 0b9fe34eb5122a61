#include "netkeel/server/session_cookie.hpp"

namespace netkeel::server {
namespace {

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string attributes(bool secure) {
  return std::string("; Path=/; HttpOnly; SameSite=Strict") + (secure ? "; Secure" : "");
}

}  // namespace

std::optional<std::string> cookie_value(std::string_view cookie_header, std::string_view name) {
  while (!cookie_header.empty()) {
    const auto semicolon = cookie_header.find(';');
    const std::string_view pair = trimmed(cookie_header.substr(0, semicolon));
    const auto equals = pair.find('=');
    if (equals != std::string_view::npos && trimmed(pair.substr(0, equals)) == name) {
      std::string_view value = trimmed(pair.substr(equals + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
      return std::string(value);
    }
    if (semicolon == std::string_view::npos) break;
    cookie_header.remove_prefix(semicolon + 1);
  }
  return std::nullopt;
}

std::string session_cookie(const std::string& token, bool secure) {
  return std::string(kSessionCookieName) + "=" + token + attributes(secure);
}

std::string expired_session_cookie(bool secure) {
  return std::string(kSessionCookieName) + "=" + attributes(secure) + "; Max-Age=0";
}

std::optional<std::string> presented_credential(const std::optional<std::string>& authorization,
                                                const std::optional<std::string>& cookie_header) {
  if (authorization) return authorization;
  if (!cookie_header) return std::nullopt;
  const auto token = cookie_value(*cookie_header, kSessionCookieName);
  if (!token || token->empty()) return std::nullopt;
  return "Bearer " + *token;
}

}  // namespace netkeel::server
