#include "netkeel/server/listen_address.hpp"

#include <charconv>

#include "netkeel/core/error.hpp"

namespace netkeel::server {
namespace {

ListenAddress host_and_port(std::string_view text, const std::string& flag, const std::string& whole) {
  const auto fail = [&](const std::string& why) -> ListenAddress {
    throw UsageError(flag + " " + whole + ": " + why);
  };
  ListenAddress address;
  std::string_view port;
  if (text.starts_with('[')) {  // [::1]:9948
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return fail("an IPv6 address is written [ADDRESS]:PORT, e.g. [::1]:9948");
    }
    address.host = std::string(text.substr(1, close - 1));
    port = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return fail("expected HOST:PORT, e.g. 127.0.0.1:9948");
    address.host = std::string(text.substr(0, colon));
    port = text.substr(colon + 1);
  }
  if (address.host.empty()) return fail("the host is empty: give an address, e.g. 0.0.0.0:9948 for every address");
  const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), address.port);
  if (port.empty() || error != std::errc() || end != port.data() + port.size() || address.port < 0 ||
      address.port > 65535) {
    return fail("the port must be a number 0-65535");
  }
  return address;
}

}  // namespace

std::string ListenAddress::describe() const {
  const std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return (netns.empty() ? "" : netns + "=") + h + ":" + std::to_string(port);
}

ListenAddress parse_listen_address(std::string_view text) {
  return host_and_port(text, "--listen", std::string(text));
}

ListenAddress parse_listen_in(std::string_view text) {
  const auto equals = text.find('=');
  if (equals == std::string_view::npos || equals == 0) {
    throw UsageError("--listen-in " + std::string(text) + ": expected NETNS=HOST:PORT, e.g. lab-mgmt=10.10.0.254:9948");
  }
  ListenAddress address = host_and_port(text.substr(equals + 1), "--listen-in", std::string(text));
  address.netns = std::string(text.substr(0, equals));
  if (address.netns.find('/') != std::string::npos || address.netns == "." || address.netns == "..") {
    throw UsageError("--listen-in " + std::string(text) + ": '" + address.netns +
                     "' is not a namespace name (as `ip netns list` shows them)");
  }
  return address;
}

}  // namespace netkeel::server
