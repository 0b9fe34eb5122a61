#pragma once
// Whether a request's Authorization header grants a permission: one decision for every /api/v1 endpoint,
// pure, so each answer is unit-tested without sockets.
#include <optional>
#include <string>

#include "netkeel/server/access_tokens.hpp"
#include "netkeel/server/api_response.hpp"

namespace netkeel::server {

// nothing when allowed; else the answer to send: 401 (no, malformed or unknown token, with a
// WWW-Authenticate header) or 403 (a read token on ingest). With no site token (--no-auth) all is allowed.
// Tokens are compared in constant time.
std::optional<ApiResponse> check_access(const std::optional<std::string>& authorization, const AccessTokens& tokens,
                                        Permission wanted);

}  // namespace netkeel::server
