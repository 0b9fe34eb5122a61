#pragma once
// Gratuitous ARP through an AF_PACKET socket bound to the VIP's device (needs CAP_NET_RAW). The socket is
// opened per announcement (a few per take, then one a minute), in the network namespace the calling
// thread is in. A packet socket bypasses nftables, so the caller must not announce a fenced VIP.
#include "netkeel/ha/arp_announcer.hpp"

namespace netkeel::ha {

class PacketArpAnnouncer final : public ArpAnnouncer {
 public:
  // Throws kernel::KernelError naming the device and the errno (ENODEV: no such device).
  void announce(const std::string& device, Ipv4Address vip, const MacAddress& mac) override;
};

}  // namespace netkeel::ha
