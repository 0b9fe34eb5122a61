#include "netkeel/probe/icmp_prober.hpp"

#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "netkeel/core/error.hpp"
#include "netkeel/probe/probe_payload.hpp"
#include "netkeel/probe/socket_io.hpp"
#include "netkeel/probe/transmit_timestamps.hpp"

namespace netkeel::probe {

uint16_t internet_checksum(const uint8_t* data, size_t size) {
  uint32_t sum = 0;
  for (size_t i = 0; i + 1 < size; i += 2) sum += uint32_t(data[i]) << 8 | data[i + 1];
  if (size % 2) sum += uint32_t(data[size - 1]) << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return uint16_t(~sum);
}

IcmpProber::IcmpProber(uint32_t nonce, bool dont_fragment) : nonce_(nonce), identifier_(uint16_t(nonce ^ (nonce >> 16))) {
  fd_ = UniqueFd(socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMP));
  if (!fd_) {
    const int dgram_errno = errno;
    fd_ = UniqueFd(socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMP));
    if (!fd_)
      throw RuntimeError(std::string("ICMP probes need a ping socket (net.ipv4.ping_group_range: ") +
                         std::strerror(dgram_errno) + ") or a raw socket (CAP_NET_RAW: " + std::strerror(errno) +
                         "); allow the agent's group in ping_group_range or run it with CAP_NET_RAW");
    raw_ = true;
  }
  enable_receive_timestamps(fd_.get());
  transmit_timestamps_ = enable_transmit_timestamps(fd_.get());
  if (dont_fragment) {
    int probe = IP_PMTUDISC_PROBE;
    if (setsockopt(fd_.get(), IPPROTO_IP, IP_MTU_DISCOVER, &probe, sizeof probe) != 0)
      throw RuntimeError(std::string("setsockopt(IP_MTU_DISCOVER): ") + std::strerror(errno));
  }
}

bool IcmpProber::send(TargetId id, uint32_t seq, const ProbeTarget& target) {
  std::vector<uint8_t> packet(8, 0);
  packet[0] = ICMP_ECHO;
  packet[4] = uint8_t(identifier_ >> 8);  // a ping socket replaces the identifier with its own
  packet[5] = uint8_t(identifier_);
  packet[6] = uint8_t(seq >> 8);
  packet[7] = uint8_t(seq);
  const auto payload = encode_payload({nonce_, id, seq});
  packet.insert(packet.end(), payload.begin(), payload.end());
  // Path-MTU probes fill the packet to the planned size: 20 bytes of IP header + the ICMP message.
  if (target.packet_size > 0 && size_t(target.packet_size) > 20 + packet.size()) packet.resize(size_t(target.packet_size) - 20, 0);
  const uint16_t sum = internet_checksum(packet.data(), packet.size());  // ping sockets recompute it
  packet[2] = uint8_t(sum >> 8);
  packet[3] = uint8_t(sum);
  tx_.sent(id, seq, realtime_now());
  if (send_from(fd_.get(), target.source, to_sockaddr(target.address, 0), packet) != 0) {
    tx_.send_failed(id, seq);
    return false;
  }
  take_transmit_stamps();  // a virtual or idle device stamps during sendmsg: no extra wakeup later
  return true;
}

void IcmpProber::take_transmit_stamps() {
  if (!transmit_timestamps_) return;
  for (const auto& stamp : read_transmit_stamps(fd_.get())) tx_.stamped(0, stamp.key, stamp.at);
}

std::vector<ProbeReply> IcmpProber::take_replies() {
  std::vector<ProbeReply> out;
  take_transmit_stamps();  // before the replies, so each reply finds its probe's stamp
  while (auto d = receive_datagram(fd_.get())) {
    std::span<const uint8_t> bytes(d->data);
    if (raw_) {  // a raw socket hands over the IP header too
      if (bytes.empty()) continue;
      const size_t header = size_t(bytes[0] & 0x0f) * 4;
      if (bytes.size() < header) continue;
      bytes = bytes.subspan(header);
    }
    if (bytes.size() < 8 || bytes[0] != ICMP_ECHOREPLY) continue;
    auto payload = decode_payload(bytes.subspan(8));
    if (!payload || payload->nonce != nonce_) continue;
    if (auto m = tx_.rtt(payload->target, payload->seq, d->received))
      out.push_back({payload->target, payload->seq, m->rtt, m->source});
  }
  return out;
}

}  // namespace netkeel::probe
