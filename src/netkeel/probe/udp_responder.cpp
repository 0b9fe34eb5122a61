#include "netkeel/probe/udp_responder.hpp"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "netkeel/core/error.hpp"
#include "netkeel/probe/probe_payload.hpp"
#include "netkeel/probe/socket_io.hpp"
#include "netkeel/probe/udp_echo_hold.hpp"

namespace netkeel::probe {

UdpResponder::UdpResponder(Ipv4Address listen, uint16_t port) {
  fd_ = UniqueFd(socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd_) throw RuntimeError(std::string("UDP responder socket: ") + std::strerror(errno));
  sockaddr_in a = to_sockaddr(listen, port);
  if (bind(fd_.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) != 0)
    throw RuntimeError("UDP responder cannot listen on " + listen.str() + ":" + std::to_string(port) + ": " +
                       std::strerror(errno) + " (another agent running? pick another --responder-port)");
  enable_receive_timestamps(fd_.get());
  socklen_t len = sizeof a;
  getsockname(fd_.get(), reinterpret_cast<sockaddr*>(&a), &len);
  port_ = ntohs(a.sin_port);
}

size_t UdpResponder::answer_pending() {
  size_t n = 0;
  for (int errors = 0; errors < 8;) {
    const int got = probes_.receive(fd_.get());
    if (got == -EAGAIN) break;
    if (got < 0) {  // an error queued on the socket (e.g. a port unreachable for an earlier reply)
      ++errors;
      continue;
    }
    for (size_t i = 0; i < size_t(got); ++i) {
      if (probes_.truncated(i) || !decode_payload(probes_.data(i))) continue;
      uint8_t reply[kLongestAnswered];
      const auto probe = probes_.data(i);
      std::copy(probe.begin(), probe.end(), reply);
      const std::span<uint8_t> datagram(reply, probe.size());
      write_hold(datagram, realtime_now() - probes_.received(i));  // read just before the reply leaves
      if (send_from(fd_.get(), probes_.local(i), probes_.from(i), datagram) == 0) ++n;
    }
    if (size_t(got) < probes_.capacity()) break;  // drained
  }
  answered_ += n;
  return n;
}

}  // namespace netkeel::probe
