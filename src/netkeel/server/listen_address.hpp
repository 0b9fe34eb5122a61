#pragma once
// Where `netkeel server` listens: --listen HOST:PORT, or --listen-in NETNS=HOST:PORT for a socket made
// inside network namespace NETNS (one made by `ip netns add`). HOST may be an IPv6 literal in brackets.
#include <string>
#include <string_view>

namespace netkeel::server {

inline constexpr const char* kDefaultListenAddress = "127.0.0.1:9948";

struct ListenAddress {
  std::string netns;  // "" = the server's own namespace
  std::string host;   // as given, without brackets
  int port = 0;       // 0 = any free port (tests)

  std::string describe() const;  // "HOST:PORT" or "NETNS=HOST:PORT"
};

// Throw UsageError naming the flag, the value and the expected form.
ListenAddress parse_listen_address(std::string_view text);
ListenAddress parse_listen_in(std::string_view text);

}  // namespace netkeel::server
