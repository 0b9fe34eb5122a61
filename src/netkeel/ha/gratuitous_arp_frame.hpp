#pragma once
// The Ethernet frame of a gratuitous ARP in request form (RFC 5227's "ARP Announcement"): broadcast,
// opcode 1, sender and target protocol address both the VIP, sender hardware address the VIP's MAC,
// target hardware address zero. Request form because it is what the kernel itself sends (arp_notify,
// `arping -U`) and what every neighbour table updates an existing entry from; a broadcast reply is not
// accepted everywhere. 42 bytes; the NIC pads it to 60.
#include <array>
#include <cstdint>

#include "netkeel/core/ipv4.hpp"
#include "netkeel/core/mac_address.hpp"

namespace netkeel::ha {

inline constexpr std::size_t kGratuitousArpFrameSize = 42;

std::array<std::uint8_t, kGratuitousArpFrameSize> gratuitous_arp_frame(const MacAddress& mac, Ipv4Address vip);

}  // namespace netkeel::ha
