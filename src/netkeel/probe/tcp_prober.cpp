#include "netkeel/probe/tcp_prober.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "netkeel/core/error.hpp"
#include "netkeel/probe/socket_io.hpp"

namespace netkeel::probe {

TcpProber::TcpProber() {
  epoll_ = UniqueFd(epoll_create1(EPOLL_CLOEXEC));
  if (!epoll_) throw RuntimeError(std::string("epoll_create1: ") + std::strerror(errno));
}

bool TcpProber::send(TargetId id, uint32_t seq, const ProbeTarget& target) {
  UniqueFd fd(socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd) return false;
  // Close with RST, leaving no TIME_WAIT behind for a connection that only measured the handshake.
  linger no_linger{1, 0};
  setsockopt(fd.get(), SOL_SOCKET, SO_LINGER, &no_linger, sizeof no_linger);
  if (target.source.value() != 0) {
    int on = 1;
    setsockopt(fd.get(), IPPROTO_IP, IP_FREEBIND, &on, sizeof on);
    sockaddr_in src = to_sockaddr(target.source, 0);
    if (bind(fd.get(), reinterpret_cast<sockaddr*>(&src), sizeof src) != 0) return false;
  }
  const Nanoseconds started = realtime_now();
  sockaddr_in to = to_sockaddr(target.address, target.port);
  if (connect(fd.get(), reinterpret_cast<sockaddr*>(&to), sizeof to) != 0 && errno != EINPROGRESS) return false;
  epoll_event ev{};
  ev.events = EPOLLOUT;
  ev.data.u64 = uint64_t(id) << 32 | seq;
  if (epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd.get(), &ev) != 0) return false;
  pending_[{id, seq}] = Pending{std::move(fd), started};
  return true;
}

std::vector<ProbeReply> TcpProber::take_replies() {
  std::vector<ProbeReply> out;
  if (pending_.empty()) return out;  // nothing connecting: no syscall (the engine asks on every wakeup)
  epoll_event events[64];
  int n = 0;
  while ((n = epoll_wait(epoll_.get(), events, 64, 0)) > 0) {
    const Nanoseconds now = realtime_now();
    for (int i = 0; i < n; ++i) {
      const TargetId id = TargetId(events[i].data.u64 >> 32);
      const uint32_t seq = uint32_t(events[i].data.u64);
      auto it = pending_.find({id, seq});
      if (it == pending_.end()) continue;
      int error = 0;
      socklen_t len = sizeof error;
      getsockopt(it->second.fd.get(), SOL_SOCKET, SO_ERROR, &error, &len);
      // Connected: a reply. Refused or unreachable: no reply, the engine counts the loss at its timeout.
      if (error == 0) out.push_back({id, seq, now - it->second.started});
      pending_.erase(it);  // closing removes it from the epoll set
    }
  }
  return out;
}

void TcpProber::remove(TargetId id) {
  for (auto it = pending_.begin(); it != pending_.end();) it = it->first.first == id ? pending_.erase(it) : std::next(it);
}

}  // namespace netkeel::probe
