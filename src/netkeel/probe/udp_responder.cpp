#include "netkeel/probe/udp_responder.hpp"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "netkeel/core/error.hpp"
#include "netkeel/probe/probe_payload.hpp"
#include "netkeel/probe/socket_io.hpp"

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
  while (auto d = receive_datagram(fd_.get())) {
    if (!decode_payload(d->data)) continue;
    if (send_from(fd_.get(), d->local, d->from, d->data) == 0) ++n;
  }
  answered_ += n;
  return n;
}

}  // namespace netkeel::probe
