#include "netkeel/core/host_port.hpp"

#include <charconv>

namespace netkeel {
namespace {

bool is_host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

bool is_ipv6_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
}

}  // namespace

std::variant<HostPort, std::string> parse_host_port(std::string_view authority) {
  std::string_view host;
  std::string_view port;
  if (authority.starts_with('[')) {  // [IPv6]:PORT
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::string("an IPv6 host needs its closing ']'");
    host = authority.substr(0, close + 1);
    if (close + 1 >= authority.size() || authority[close + 1] != ':') return std::string("the port is missing");
    port = authority.substr(close + 2);
    for (char c : host.substr(1, host.size() - 2)) {
      if (!is_ipv6_char(c)) return std::string("bad character in the IPv6 host");
    }
  } else {
    const auto colon = authority.rfind(':');
    if (colon == std::string_view::npos) return std::string("the port is missing");
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    for (char c : host) {
      if (!is_host_char(c)) return std::string("bad character '") + c + "' in the host";
    }
  }
  if (host.empty() || host == "[]") return std::string("the host is missing");
  unsigned port_number = 0;
  const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), port_number);
  if (port.empty() || error != std::errc{} || end != port.data() + port.size() || port_number == 0 ||
      port_number > 65535) {
    return "the port '" + std::string(port) + "' is not a number from 1 to 65535";
  }
  return HostPort{std::string(host), static_cast<uint16_t>(port_number)};
}

}  // namespace netkeel
