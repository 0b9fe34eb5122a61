#pragma once
// The dashboard's sign-in cookie. A person enters the read (or site) token once; the server checks it and
// keeps it in a cookie the page's scripts cannot read (HttpOnly), that the browser sends only to this
// server and never with a request started by another site (SameSite=Strict), and, over HTTPS, only over
// HTTPS (Secure). The query endpoints accept the cookie where they accept an Authorization header, so no
// token is ever put in a URL. Pure.
#include <optional>
#include <string>
#include <string_view>

namespace netkeel::server {

inline constexpr std::string_view kSessionCookieName = "netkeel_token";

// The value of cookie `name` in a Cookie header ("a=1; b=2"), or nothing.
std::optional<std::string> cookie_value(std::string_view cookie_header, std::string_view name);

// The Set-Cookie value that keeps `token` for the browser's session (no Max-Age: it goes when the
// browser closes).
std::string session_cookie(const std::string& token, bool secure);

// The Set-Cookie value that removes the cookie (sign-out).
std::string expired_session_cookie(bool secure);

// What the access check sees: the Authorization header when there is one, else the session cookie as
// "Bearer <token>", else nothing.
std::optional<std::string> presented_credential(const std::optional<std::string>& authorization,
                                                const std::optional<std::string>& cookie_header);

}  // namespace netkeel::server
