#include "netkeel/probe/socket_io.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <time.h>

#include <cerrno>
#include <cstring>

#include "netkeel/core/error.hpp"

namespace netkeel::probe {

sockaddr_in to_sockaddr(Ipv4Address address, uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(address.value());
  return a;
}

Ipv4Address from_sockaddr(const sockaddr_in& a) { return Ipv4Address(ntohl(a.sin_addr.s_addr)); }

Nanoseconds realtime_now() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return std::chrono::seconds(ts.tv_sec) + Nanoseconds(ts.tv_nsec);
}

void enable_receive_timestamps(int fd) {
  int on = 1;
  if (setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on) != 0 ||
      setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof on) != 0)
    throw RuntimeError(std::string("setsockopt(SO_TIMESTAMPNS/IP_PKTINFO): ") + std::strerror(errno));
}

void enlarge_receive_buffer(int fd, int bytes) {
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof bytes) != 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes);  // capped at rmem_max: still no smaller
}

void set_nonblocking(int fd) {
  const int flags = fcntl(fd, F_GETFL, 0);
  if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0)
    throw RuntimeError(std::string("fcntl(O_NONBLOCK): ") + std::strerror(errno));
}

int send_from(int fd, Ipv4Address source, const sockaddr_in& to, std::span<const uint8_t> data) {
  iovec iov{const_cast<uint8_t*>(data.data()), data.size()};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(in_pktinfo))] = {};
  msghdr msg{};
  msg.msg_name = const_cast<sockaddr_in*>(&to);
  msg.msg_namelen = sizeof to;
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  if (source.value() != 0) {
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = IPPROTO_IP;
    c->cmsg_type = IP_PKTINFO;
    c->cmsg_len = CMSG_LEN(sizeof(in_pktinfo));
    in_pktinfo info{};
    info.ipi_spec_dst.s_addr = htonl(source.value());
    std::memcpy(CMSG_DATA(c), &info, sizeof info);
  }
  return sendmsg(fd, &msg, MSG_DONTWAIT) < 0 ? errno : 0;
}

std::optional<ReceivedDatagram> receive_datagram(int fd) {
  // One reused buffer per thread: a fresh 64 KiB vector per datagram (zeroed, then freed) cost more
  // than the rest of a probe's handling. Only the bytes received are copied out.
  thread_local std::vector<uint8_t> buffer(65536);
  ReceivedDatagram d;
  iovec iov{buffer.data(), buffer.size()};
  alignas(cmsghdr) char control[512];
  msghdr msg{};
  msg.msg_name = &d.from;
  msg.msg_namelen = sizeof d.from;
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  const ssize_t n = recvmsg(fd, &msg, MSG_DONTWAIT);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return std::nullopt;
  if (n > 0) d.data.assign(buffer.begin(), buffer.begin() + n);  // n < 0: an error queued on the socket
                                                                // (e.g. ICMP unreachable): empty
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
      timespec ts{};
      std::memcpy(&ts, CMSG_DATA(c), sizeof ts);
      d.received = std::chrono::seconds(ts.tv_sec) + Nanoseconds(ts.tv_nsec);
    } else if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
      in_pktinfo info{};
      std::memcpy(&info, CMSG_DATA(c), sizeof info);
      d.local = Ipv4Address(ntohl(info.ipi_addr.s_addr));
    }
  }
  if (d.received == Nanoseconds(0)) d.received = realtime_now();
  return d;
}

}  // namespace netkeel::probe
