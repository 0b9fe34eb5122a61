#pragma once
// The tokens `netkeel server` accepts (docs/api.md, Authentication). The site token may do everything;
// a read token may only query, so a dashboard can be given read access without the power to write data.
#include <optional>
#include <string>

namespace netkeel::server {

struct AccessTokens {
  std::optional<std::string> site;  // --token-file: ingest and query; nothing = --no-auth (all open)
  std::optional<std::string> read;  // --read-token-file: query only; nothing = no read token
};

// What a request wants to do.
enum class Permission { query, ingest };

}  // namespace netkeel::server
