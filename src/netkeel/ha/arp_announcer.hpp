#pragma once
// Sends one gratuitous ARP for a VIP from its device. Implementations: PacketArpAnnouncer (an AF_PACKET
// socket) and FakeArpAnnouncer.
#include <string>

#include "netkeel/core/ipv4.hpp"
#include "netkeel/core/mac_address.hpp"

namespace netkeel::ha {

class ArpAnnouncer {
 public:
  virtual ~ArpAnnouncer() = default;
  // One broadcast ARP announcement "VIP is at MAC" sent on DEVICE. Throws RuntimeError.
  virtual void announce(const std::string& device, Ipv4Address vip, const MacAddress& mac) = 0;
};

}  // namespace netkeel::ha
