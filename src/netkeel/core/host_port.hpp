#pragma once
// The HOST:PORT part of a URL, checked: HOST is a name, an IPv4 address or a bracketed IPv6 address,
// PORT a number from 1 to 65535. Shared by every flag that takes a server URL. Pure.
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace netkeel {

struct HostPort {
  std::string host;  // as written; an IPv6 host keeps its brackets
  uint16_t port = 0;
};

// The parsed authority, or a short description of what is wrong ("the port is missing").
std::variant<HostPort, std::string> parse_host_port(std::string_view authority);

}  // namespace netkeel
