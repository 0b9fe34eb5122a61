#include "netkeel/server/sign_in_handler.hpp"

#include <nlohmann/json.hpp>

#include "netkeel/server/bearer_token.hpp"
#include "netkeel/server/session_cookie.hpp"

namespace netkeel::server {
namespace {

// RFC 6265 cookie-octet: printable ASCII without space, '"', ',', ';' and '\'.
bool cookie_safe(const std::string& token) {
  for (const char c : token) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || c == '"' || c == ',' || c == ';' || c == '\\') return false;
  }
  return true;
}

// "https://host:port" -> "host:port".
std::string origin_authority(const std::string& origin) {
  const auto scheme_end = origin.find("://");
  return scheme_end == std::string::npos ? origin : origin.substr(scheme_end + 3);
}

ApiResponse signed_in(const char* who, const std::optional<std::string>& cookie) {
  ApiResponse response = json_response(200, nlohmann::json{{"signed_in", who}});
  if (cookie) response.headers.emplace_back("Set-Cookie", *cookie);
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace

ApiResponse handle_sign_in(const SignInRequest& request, const AccessTokens& tokens) {
  // SameSite=Strict keeps the cookie from other sites' requests; this keeps another site's page from
  // signing a browser in with a token of its choosing.
  if (request.origin && request.origin != "null" && request.host &&
      origin_authority(*request.origin) != *request.host) {
    return error_response(403, "sign-in from another site's page (Origin " + *request.origin +
                                   "): open the dashboard at this server's own address and sign in there");
  }
  if (request.content_type.rfind("application/json", 0) != 0) {
    return error_response(415, "Content-Type must be application/json: send {\"token\": \"...\"}");
  }
  const nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object() || !body.contains("token") || !body["token"].is_string() ||
      body.size() != 1) {
    return error_response(400, "the body must be {\"token\": \"...\"} and nothing else: send the read token as a "
                               "JSON string");
  }
  if (!tokens.site) return signed_in("open", std::nullopt);  // --no-auth: nothing to keep
  std::string token = body["token"].get<std::string>();
  while (!token.empty() && (token.back() == ' ' || token.back() == '\n' || token.back() == '\r')) token.pop_back();
  while (!token.empty() && token.front() == ' ') token.erase(0, 1);
  const bool is_site = tokens_equal(token, *tokens.site);
  const bool is_read = tokens.read && tokens_equal(token, *tokens.read);
  if (!is_site && !is_read) {
    ApiResponse response = error_response(
        401, "wrong token: enter the first line of the server's --read-token-file (or of its --token-file)");
    return response;
  }
  if (!cookie_safe(token)) {
    return error_response(401, "this token holds characters a cookie cannot carry (space, quote, comma, semicolon, "
                               "backslash or non-ASCII): make a new one with `openssl rand -hex 32`");
  }
  return signed_in(is_site ? "site" : "read", session_cookie(token, request.secure));
}

ApiResponse handle_sign_out(bool secure) {
  ApiResponse response = json_response(200, nlohmann::json{{"signed_in", nullptr}});
  response.headers.emplace_back("Set-Cookie", expired_session_cookie(secure));
  return response;
}

}  // namespace netkeel::server
