#pragma once
// POST /api/v1/sign-in and POST /api/v1/sign-out: the dashboard's sign-in form sends the token once
// ({"token": "..."}); a right token (read or site) comes back as the session cookie (session_cookie.hpp),
// a wrong one as 401. The token is never echoed in an answer or a log line. Pure.
#include <optional>
#include <string>

#include "netkeel/server/access_tokens.hpp"
#include "netkeel/server/api_response.hpp"

namespace netkeel::server {

struct SignInRequest {
  std::string content_type;
  std::string body;
  std::optional<std::string> origin;  // the Origin header, when the browser sent one
  std::optional<std::string> host;    // the Host header
  bool secure = false;                // served over TLS: the cookie gets Secure
};

// 200 {"signed_in": "read" | "site" | "open"} with Set-Cookie; 400 (not {"token": string}), 401 (wrong
// token, or one a cookie cannot carry), 403 (a form posted from another site's page), 415 (not JSON).
ApiResponse handle_sign_in(const SignInRequest& request, const AccessTokens& tokens);

// 200 {"signed_in": null} with a Set-Cookie that removes the cookie.
ApiResponse handle_sign_out(bool secure);

}  // namespace netkeel::server
