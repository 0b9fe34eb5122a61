#include "netkeel/server/loopback_peer.hpp"

#include <arpa/inet.h>

#include <string>

namespace netkeel::server {

bool is_loopback_peer(std::string_view peer) {
  std::string address;
  if (!peer.empty() && peer.front() == '[') {
    const auto close = peer.find(']');
    if (close == std::string_view::npos) return false;
    address = std::string(peer.substr(1, close - 1));
  } else {
    const auto colon = peer.rfind(':');
    address = std::string(peer.substr(0, colon));
  }
  in_addr v4{};
  if (inet_pton(AF_INET, address.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (inet_pton(AF_INET6, address.c_str(), &v6) != 1) return false;
  if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
  return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
}

}  // namespace netkeel::server
