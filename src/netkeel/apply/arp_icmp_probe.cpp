#include "netkeel/apply/arp_icmp_probe.hpp"

#include <arpa/inet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <netpacket/packet.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "netkeel/core/unique_fd.hpp"

namespace netkeel::apply {
namespace {

struct __attribute__((packed)) ArpPacket {
  uint16_t hardware_type;
  uint16_t protocol_type;
  uint8_t hardware_length;
  uint8_t protocol_length;
  uint16_t operation;
  std::array<uint8_t, 6> sender_mac;
  uint32_t sender_ip;
  std::array<uint8_t, 6> target_mac;
  uint32_t target_ip;
};

uint16_t icmp_checksum(const uint8_t* data, size_t length) {
  uint32_t sum = 0;
  for (size_t i = 0; i + 1 < length; i += 2) sum += uint32_t(data[i]) << 8 | data[i + 1];
  if (length & 1) sum += uint32_t(data[length - 1]) << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return htons(static_cast<uint16_t>(~sum));
}

// Waits for readability until `deadline`; false on timeout.
bool wait_readable(int fd, std::chrono::steady_clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  if (left.count() <= 0) return false;
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, static_cast<int>(left.count())) > 0;
}

std::string errno_text(const std::string& what) { return fmt::format("{}: {}", what, std::strerror(errno)); }

}  // namespace

ProbeResult ArpIcmpProbe::probe(const ProbeTarget& t) {
  ProbeResult r;
  if (t.on_link) {
    std::string why = arp(t);
    r.arp_answered = why.empty();
    if (!r.arp_answered) {
      r.detail = why;
      return r;  // nothing on the segment has the address: ICMP cannot get there either
    }
  }
  std::string why = icmp(t);
  r.icmp_answered = why.empty();
  if (!r.icmp_answered) r.detail = why;
  return r;
}

std::string ArpIcmpProbe::arp(const ProbeTarget& t) {
  const unsigned index = if_nametoindex(t.interface.c_str());
  if (index == 0) return fmt::format("interface {} does not exist", t.interface);
  UniqueFd fd(::socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, htons(ETH_P_ARP)));
  if (fd.get() < 0) return errno_text("cannot open a packet socket (root needed)");

  ifreq request{};
  std::strncpy(request.ifr_name, t.interface.c_str(), IFNAMSIZ - 1);
  if (::ioctl(fd.get(), SIOCGIFHWADDR, &request) < 0) return errno_text("cannot read the MAC of " + t.interface);

  sockaddr_ll local{};
  local.sll_family = AF_PACKET;
  local.sll_protocol = htons(ETH_P_ARP);
  local.sll_ifindex = static_cast<int>(index);
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&local), sizeof local) < 0) return errno_text("cannot bind to " + t.interface);

  ArpPacket ask{};
  ask.hardware_type = htons(ARPHRD_ETHER);
  ask.protocol_type = htons(ETH_P_IP);
  ask.hardware_length = 6;
  ask.protocol_length = 4;
  ask.operation = htons(ARPOP_REQUEST);
  std::memcpy(ask.sender_mac.data(), request.ifr_hwaddr.sa_data, 6);
  ask.sender_ip = htonl(t.source ? t.source->value() : 0);
  ask.target_ip = htonl(t.address.value());

  sockaddr_ll broadcast = local;
  broadcast.sll_halen = 6;
  std::memset(broadcast.sll_addr, 0xff, 6);

  for (int attempt = 0; attempt < attempts_; ++attempt) {
    if (::sendto(fd.get(), &ask, sizeof ask, 0, reinterpret_cast<sockaddr*>(&broadcast), sizeof broadcast) < 0)
      return errno_text("cannot send ARP on " + t.interface);
    const auto deadline = std::chrono::steady_clock::now() + wait_;
    while (wait_readable(fd.get(), deadline)) {
      ArpPacket reply{};
      if (::recv(fd.get(), &reply, sizeof reply, 0) < static_cast<ssize_t>(sizeof reply)) continue;
      if (ntohs(reply.operation) == ARPOP_REPLY && ntohl(reply.sender_ip) == t.address.value()) return {};
    }
  }
  return fmt::format("no ARP reply on {} ({} tries)", t.interface, attempts_);
}

std::string ArpIcmpProbe::icmp(const ProbeTarget& t) {
  UniqueFd fd(::socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP));
  if (fd.get() < 0) return errno_text("cannot open an ICMP socket (root needed)");
  if (!t.interface.empty() &&
      ::setsockopt(fd.get(), SOL_SOCKET, SO_BINDTODEVICE, t.interface.c_str(), static_cast<socklen_t>(t.interface.size())) < 0)
    return errno_text("cannot bind the ICMP socket to " + t.interface);
  if (t.source) {
    sockaddr_in local{};
    local.sin_family = AF_INET;
    local.sin_addr.s_addr = htonl(t.source->value());
    if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&local), sizeof local) < 0)
      return errno_text("cannot bind the ICMP socket to " + t.source->str());
  }
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_addr.s_addr = htonl(t.address.value());
  const uint16_t id = static_cast<uint16_t>(::getpid());

  for (int attempt = 0; attempt < attempts_; ++attempt) {
    std::array<uint8_t, 16> echo{};
    echo[0] = ICMP_ECHO;
    echo[4] = id >> 8, echo[5] = id & 0xff;
    echo[6] = 0, echo[7] = static_cast<uint8_t>(attempt);
    std::memcpy(echo.data() + 8, "netkeel!", 8);
    const uint16_t sum = icmp_checksum(echo.data(), echo.size());
    std::memcpy(echo.data() + 2, &sum, 2);
    if (::sendto(fd.get(), echo.data(), echo.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to) < 0) {
      if (errno == ENETUNREACH || errno == EHOSTUNREACH) return errno_text("no route");
      return errno_text("cannot send ICMP echo");
    }
    const auto deadline = std::chrono::steady_clock::now() + wait_;
    while (wait_readable(fd.get(), deadline)) {
      std::array<uint8_t, 1500> buffer{};
      sockaddr_in from{};
      socklen_t from_length = sizeof from;
      ssize_t n = ::recvfrom(fd.get(), buffer.data(), buffer.size(), 0, reinterpret_cast<sockaddr*>(&from), &from_length);
      if (n < 20) continue;
      const size_t header = (buffer[0] & 0x0f) * 4u;  // raw ICMP sockets deliver the IP header too
      if (static_cast<size_t>(n) < header + 8) continue;
      const uint8_t* icmp = buffer.data() + header;
      if (icmp[0] == ICMP_ECHOREPLY && ntohl(from.sin_addr.s_addr) == t.address.value() &&
          (uint16_t(icmp[4]) << 8 | icmp[5]) == id)
        return {};
    }
  }
  return fmt::format("no ICMP echo reply ({} tries)", attempts_);
}

}  // namespace netkeel::apply
