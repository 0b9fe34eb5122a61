#pragma once
// The site token in `Authorization: Bearer <token>`, compared in constant time so that response timing
// does not reveal how much of a guess was right.
#include <optional>
#include <string_view>

namespace netkeel::server {

// The token of an "Authorization" header value ("Bearer" is case-insensitive), or nothing when the value
// is not a Bearer credential.
std::optional<std::string_view> bearer_token(std::string_view authorization);

// Time depends only on the lengths, never on where the first difference is.
bool tokens_equal(std::string_view a, std::string_view b);

}  // namespace netkeel::server
