#include "netkeel/probe/udp_prober.hpp"

#include <arpa/inet.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "netkeel/core/error.hpp"
#include "netkeel/probe/probe_payload.hpp"
#include "netkeel/probe/socket_io.hpp"
#include "netkeel/probe/transmit_timestamps.hpp"

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
  // Consecutive probes to one target leave from consecutive pool sockets: every source port in turn.
  const size_t socket = (seq + id) % sockets_.size();
  tx_.sent(id, seq, realtime_now(), socket);
  if (send_from(sockets_[socket].get(), target.source, to_sockaddr(target.address, target.port),
                encode_payload({nonce_, id, seq})) != 0) {
    tx_.send_failed(id, seq);
    return false;
  }
  take_transmit_stamps(socket);  // a virtual or idle device stamps during sendmsg: no extra wakeup later
  return true;
}

void UdpProber::take_transmit_stamps(size_t socket) {
  if (!transmit_timestamps_) return;
  for (const auto& stamp : read_transmit_stamps(sockets_[socket].get())) tx_.stamped(socket, stamp.key, stamp.at);
}

std::vector<ProbeReply> UdpProber::take_replies() {
  std::vector<ProbeReply> out;
  // Only the sockets with something queued (a reply, or a late transmit stamp): a pool of 8 read
  // blindly is 16 syscalls per call, and the engine calls this on every wakeup.
  std::vector<epoll_event> events(sockets_.size());
  const int ready = epoll_wait(epoll_.get(), events.data(), int(events.size()), 0);
  for (int i = 0; i < ready; ++i) {
    const size_t socket = events[size_t(i)].data.u32;
    take_transmit_stamps(socket);  // before the replies, so each reply finds its probe's stamp
    while (auto d = receive_datagram(sockets_[socket].get())) {
      auto payload = decode_payload(d->data);
      if (!payload || payload->nonce != nonce_) continue;
      if (auto m = tx_.rtt(payload->target, payload->seq, d->received))
        out.push_back({payload->target, payload->seq, m->rtt, m->source});
    }
  }
  return out;
}

}  // namespace netkeel::probe
