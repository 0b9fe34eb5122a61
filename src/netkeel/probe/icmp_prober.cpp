#include "netkeel/probe/icmp_prober.hpp"

#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "netkeel/core/error.hpp"
#include "netkeel/probe/icmp_reply_filter.hpp"
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
    keep_only_echo_replies(fd_.get(), identifier_, uint32_t(replies_.snap_length()));
  }
  enable_receive_timestamps(fd_.get());
  enlarge_receive_buffer(fd_.get());
  transmit_timestamps_ = enable_transmit_timestamps(fd_.get());
  if (dont_fragment) {
    int probe = IP_PMTUDISC_PROBE;
    if (setsockopt(fd_.get(), IPPROTO_IP, IP_MTU_DISCOVER, &probe, sizeof probe) != 0)
      throw RuntimeError(std::string("setsockopt(IP_MTU_DISCOVER): ") + std::strerror(errno));
  }
}

void IcmpProber::build_packet(std::vector<uint8_t>& packet, TargetId id, uint32_t seq, const ProbeTarget& target) const {
  packet.assign(8 + kProbePayloadSize, 0);
  packet[0] = ICMP_ECHO;
  packet[4] = uint8_t(identifier_ >> 8);  // a ping socket replaces the identifier with its own
  packet[5] = uint8_t(identifier_);
  packet[6] = uint8_t(seq >> 8);
  packet[7] = uint8_t(seq);
  write_payload({nonce_, id, seq}, std::span<uint8_t>(packet).subspan(8));
  // Path-MTU probes fill the packet to the planned size: 20 bytes of IP header + the ICMP message.
  if (target.packet_size > 0 && size_t(target.packet_size) > 20 + packet.size()) packet.resize(size_t(target.packet_size) - 20, 0);
  const uint16_t sum = internet_checksum(packet.data(), packet.size());  // ping sockets recompute it
  packet[2] = uint8_t(sum >> 8);
  packet[3] = uint8_t(sum);
}

bool IcmpProber::send(TargetId id, uint32_t seq, const ProbeTarget& target) {
  const OutgoingProbe probe{id, seq, &target};
  return send_batch({&probe, 1}).empty();
}

std::vector<size_t> IcmpProber::send_batch(std::span<const OutgoingProbe> probes) {
  std::vector<size_t> refused;
  outgoing_.clear();
  for (const auto& p : probes) build_packet(outgoing_.add(p.target->source, to_sockaddr(p.target->address, 0)), p.id, p.seq, *p.target);
  const Nanoseconds user_time = realtime_now();
  size_t next = 0;
  while (next < probes.size()) {
    // Keys are handed out in send order before the kernel numbers the packets; those it did not take
    // give theirs back, newest first, so the keys stay in step with the kernel's counter.
    for (size_t i = next; i < probes.size(); ++i) tx_.sent(probes[i].id, probes[i].seq, user_time);
    const int sent = outgoing_.send(fd_.get(), next);
    const size_t taken = sent > 0 ? size_t(sent) : 0;
    for (size_t i = probes.size(); i-- > next + taken;) tx_.send_failed(probes[i].id, probes[i].seq);
    unstamped_ += taken;
    next += taken;
    if (sent <= 0 && sent != -EINTR) refused.push_back(next++);  // refused at once (no route, ...): a loss
  }
  return refused;
}

void IcmpProber::take_transmit_stamps() {
  if (!transmit_timestamps_) return;
  while (unstamped_ > 0) {
    const int n = stamps_.receive(fd_.get(), MSG_ERRQUEUE);
    if (n <= 0) break;
    for (int i = 0; i < n; ++i) {
      if (auto stamp = parse_transmit_stamp(stamps_.header(size_t(i)))) tx_.stamped(0, stamp->key, stamp->at);
      if (unstamped_ > 0) --unstamped_;
    }
    if (size_t(n) < stamps_.capacity()) break;  // the queue is empty
  }
}

std::vector<ProbeReply> IcmpProber::take_replies() {
  std::vector<ProbeReply> out;
  take_transmit_stamps();  // before the replies, so each reply finds its probe's stamp
  for (int errors = 0; errors < 8;) {
    const int n = replies_.receive(fd_.get());
    if (n == -EAGAIN) break;
    if (n < 0) {  // an error queued on the socket (e.g. ICMP unreachable): reading it cleared it
      ++errors;
      continue;
    }
    for (size_t i = 0; i < size_t(n); ++i) {
      std::span<const uint8_t> bytes = replies_.data(i);
      if (raw_) {  // a raw socket hands over the IP header too
        if (bytes.empty()) continue;
        const size_t header = size_t(bytes[0] & 0x0f) * 4;
        if (bytes.size() < header) continue;
        bytes = bytes.subspan(header);
      }
      if (bytes.size() < 8 || bytes[0] != ICMP_ECHOREPLY) continue;
      auto payload = decode_payload(bytes.subspan(8));
      if (!payload || payload->nonce != nonce_) continue;
      if (auto m = tx_.rtt(payload->target, payload->seq, replies_.received(i)))
        out.push_back({payload->target, payload->seq, m->rtt, m->source});
    }
    if (size_t(n) < replies_.capacity()) break;  // drained: no EAGAIN read needed
  }
  return out;
}

}  // namespace netkeel::probe
