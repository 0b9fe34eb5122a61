#include "netkeel/server/access_check.hpp"

#include "netkeel/server/bearer_token.hpp"

namespace netkeel::server {
namespace {

ApiResponse unauthorized(const std::string& message) {
  ApiResponse response = error_response(401, message);
  response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"netkeel\"");
  return response;
}

// Where the client gets the token from, in the words of its flags.
std::string token_hint(Permission wanted) {
  return wanted == Permission::ingest
             ? "give the agent the server's --token-file"
             : "give netkeel query/matrix --token-file with the server's --token-file or --read-token-file";
}

}  // namespace

std::optional<ApiResponse> check_access(const std::optional<std::string>& authorization, const AccessTokens& tokens,
                                        Permission wanted) {
  if (!tokens.site) return std::nullopt;
  if (!authorization) {
    return unauthorized("missing Authorization header: send 'Authorization: Bearer <token>' (" + token_hint(wanted) +
                        ")");
  }
  const auto token = bearer_token(*authorization);
  if (!token) {
    return unauthorized("Authorization header is not a Bearer credential: send 'Authorization: Bearer <token>' (" +
                        token_hint(wanted) + ")");
  }
  // Both comparisons always run, so the time taken does not tell which token was nearly guessed.
  const bool is_site = tokens_equal(*token, *tokens.site);
  const bool is_read = tokens.read && tokens_equal(*token, *tokens.read);
  if (is_site) return std::nullopt;
  if (is_read) {
    if (wanted == Permission::query) return std::nullopt;
    return error_response(403, "this token is the server's read token (--read-token-file): it may query but not "
                               "send batches; give the agent the site token (the server's --token-file)");
  }
  return unauthorized("wrong token in Authorization header: " + token_hint(wanted));
}

}  // namespace netkeel::server
