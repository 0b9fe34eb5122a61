#include "netkeel/ha/packet_arp_announcer.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "netkeel/core/unique_fd.hpp"
#include "netkeel/ha/gratuitous_arp_frame.hpp"
#include "netkeel/kernel/netlink.hpp"

namespace netkeel::ha {
namespace {

[[noreturn]] void fail(const std::string& device, Ipv4Address vip, const char* step, int error_number) {
  throw kernel::KernelError(
      fmt::format("gratuitous ARP for {} on {}: {}: {}", vip.str(), device, step, std::strerror(error_number)),
      error_number);
}

}  // namespace

void PacketArpAnnouncer::announce(const std::string& device, Ipv4Address vip, const MacAddress& mac) {
  const unsigned index = if_nametoindex(device.c_str());
  if (index == 0) fail(device, vip, "find device", errno);
  const UniqueFd fd(socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ARP)));
  if (!fd) fail(device, vip, "open AF_PACKET socket (needs CAP_NET_RAW)", errno);
  const auto frame = gratuitous_arp_frame(mac, vip);
  sockaddr_ll to{};
  to.sll_family = AF_PACKET;
  to.sll_protocol = htons(ETH_P_ARP);
  to.sll_ifindex = static_cast<int>(index);
  to.sll_halen = ETH_ALEN;
  std::memset(to.sll_addr, 0xff, ETH_ALEN);
  const ssize_t n = sendto(fd.get(), frame.data(), frame.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to);
  if (n < 0) fail(device, vip, "send", errno);
  if (static_cast<size_t>(n) != frame.size()) fail(device, vip, "send (short write)", EIO);
}

}  // namespace netkeel::ha
