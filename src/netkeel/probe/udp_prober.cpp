#include "netkeel/probe/udp_prober.hpp"

#include <arpa/inet.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "netkeel/core/error.hpp"
#include "netkeel/probe/probe_payload.hpp"
#include "netkeel/probe/socket_io.hpp"
#include "netkeel/probe/transmit_timestamps.hpp"
#include "netkeel/probe/udp_echo_hold.hpp"

namespace netkeel::probe {

UdpProber::UdpProber(uint32_t nonce, int source_ports) : nonce_(nonce) {
  if (source_ports < 1) throw UsageError("the UDP prober needs at least one source port");
  epoll_ = UniqueFd(epoll_create1(EPOLL_CLOEXEC));
  if (!epoll_) throw RuntimeError(std::string("epoll_create1: ") + std::strerror(errno));
  for (int i = 0; i < source_ports; ++i) {
    UniqueFd fd(socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd) throw RuntimeError(std::string("UDP socket: ") + std::strerror(errno));
    sockaddr_in any = to_sockaddr(Ipv4Address(0), 0);
    if (bind(fd.get(), reinterpret_cast<sockaddr*>(&any), sizeof any) != 0)
      throw RuntimeError(std::string("bind UDP probe socket: ") + std::strerror(errno));
    enable_receive_timestamps(fd.get());
    enlarge_receive_buffer(fd.get());
    transmit_timestamps_ = enable_transmit_timestamps(fd.get()) && transmit_timestamps_;
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u32 = uint32_t(i);
    if (epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd.get(), &ev) != 0)
      throw RuntimeError(std::string("epoll_ctl: ") + std::strerror(errno));
    sockets_.push_back(std::move(fd));
  }
}

std::vector<uint16_t> UdpProber::source_ports() const {
  std::vector<uint16_t> ports;
  for (const auto& fd : sockets_) {
    sockaddr_in a{};
    socklen_t len = sizeof a;
    getsockname(fd.get(), reinterpret_cast<sockaddr*>(&a), &len);
    ports.push_back(ntohs(a.sin_port));
  }
  return ports;
}

bool UdpProber::send(TargetId id, uint32_t seq, const ProbeTarget& target) {
  const OutgoingProbe probe{id, seq, &target};
  return send_batch({&probe, 1}).empty();
}

std::vector<size_t> UdpProber::send_batch(std::span<const OutgoingProbe> probes) {
  // Grouped by pool socket (socket_for): one sendmmsg per socket that has probes in this batch.
  std::vector<size_t> refused;
  const Nanoseconds user_time = realtime_now();
  for (size_t socket = 0; socket < sockets_.size(); ++socket) {
    outgoing_.clear();
    batch_index_.clear();
    for (size_t i = 0; i < probes.size(); ++i) {
      const OutgoingProbe& p = probes[i];
      if (socket_for(p) != socket) continue;
      write_payload({nonce_, p.id, p.seq}, [&] {
        auto& datagram = outgoing_.add(p.target->source, to_sockaddr(p.target->address, p.target->port));
        datagram.resize(kUdpProbeSize);
        clear_hold(datagram);
        return std::span<uint8_t>(datagram);
      }());
      batch_index_.push_back(i);
    }
    size_t next = 0;
    while (next < batch_index_.size()) {
      // As in IcmpProber::send_batch: keys in send order, those the kernel did not take given back.
      for (size_t j = next; j < batch_index_.size(); ++j) tx_.sent(probes[batch_index_[j]].id, probes[batch_index_[j]].seq, user_time, socket);
      const int sent = outgoing_.send(sockets_[socket].get(), next);
      const size_t taken = sent > 0 ? size_t(sent) : 0;
      for (size_t j = batch_index_.size(); j-- > next + taken;) tx_.send_failed(probes[batch_index_[j]].id, probes[batch_index_[j]].seq);
      next += taken;
      if (sent <= 0 && sent != -EINTR) refused.push_back(batch_index_[next++]);
    }
  }
  std::sort(refused.begin(), refused.end());
  return refused;
}

size_t UdpProber::take_transmit_stamps(size_t socket) {
  size_t taken = 0;
  for (;;) {
    const int n = stamps_.receive(sockets_[socket].get(), MSG_ERRQUEUE);
    if (n <= 0) break;
    taken += size_t(n);
    for (size_t i = 0; i < size_t(n); ++i)
      if (auto stamp = parse_transmit_stamp(stamps_.header(i))) tx_.stamped(socket, stamp->key, stamp->at);
    if (size_t(n) < stamps_.capacity()) break;  // the queue is empty
  }
  return taken;
}

void UdpProber::take_datagrams(size_t socket, std::vector<ProbeReply>& out) {
  for (int errors = 0; errors < 8;) {
    const int n = replies_.receive(sockets_[socket].get());
    if (n == -EAGAIN) break;
    if (n < 0) {  // an error queued on the socket (e.g. port unreachable): reading it cleared it
      ++errors;
      continue;
    }
    for (size_t i = 0; i < size_t(n); ++i) {
      auto payload = decode_payload(replies_.data(i));
      if (!payload || payload->nonce != nonce_) continue;
      if (auto m = tx_.rtt(payload->target, payload->seq, replies_.received(i)))
        out.push_back({payload->target, payload->seq, without_hold(m->rtt, read_hold(replies_.data(i))), m->source});
    }
    if (size_t(n) < replies_.capacity()) break;  // drained: no EAGAIN read needed
  }
}

std::vector<ProbeReply> UdpProber::take_replies() {
  std::vector<ProbeReply> out;
  // Only the sockets with something queued, and only the queue epoll names: a pool of 8 read blindly
  // is 16 syscalls per call, and the engine calls this on every wakeup. EPOLLERR is a waiting
  // transmit stamp (or a queued socket error, which the datagram read clears).
  ready_.resize(sockets_.size());
  const int ready = epoll_wait(epoll_.get(), ready_.data(), int(ready_.size()), 0);
  for (int i = 0; i < ready; ++i) {
    const size_t socket = ready_[size_t(i)].data.u32;
    const uint32_t events = ready_[size_t(i)].events;
    // Stamps before the replies, so each reply finds its probe's stamp. EPOLLERR with an empty error
    // queue is a socket error, which only a datagram read clears (else epoll would report it forever).
    const bool stamps = (events & EPOLLERR) && transmit_timestamps_ && take_transmit_stamps(socket) > 0;
    if ((events & EPOLLIN) || ((events & EPOLLERR) && !stamps)) take_datagrams(socket, out);
  }
  return out;
}

}  // namespace netkeel::probe
