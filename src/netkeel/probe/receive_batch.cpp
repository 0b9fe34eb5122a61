#include "netkeel/probe/receive_batch.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "netkeel/probe/socket_io.hpp"

namespace netkeel::probe {

ReceiveBatch::ReceiveBatch(size_t capacity, size_t snap_length)
    : snap_length_(snap_length),
      buffers_(capacity * snap_length),
      iovecs_(capacity),
      from_(capacity),
      controls_(capacity),
      headers_(capacity) {}

int ReceiveBatch::receive(int fd, int flags) {
  for (size_t i = 0; i < headers_.size(); ++i) {  // the kernel rewrote the lengths: set them again
    iovecs_[i] = iovec{buffers_.data() + i * snap_length_, snap_length_};
    msghdr& m = headers_[i].msg_hdr;
    m = msghdr{};
    m.msg_name = &from_[i];
    m.msg_namelen = sizeof from_[i];
    m.msg_iov = &iovecs_[i];
    m.msg_iovlen = 1;
    m.msg_control = controls_[i].bytes;
    m.msg_controllen = sizeof controls_[i].bytes;
    headers_[i].msg_len = 0;
  }
  const int n = recvmmsg(fd, headers_.data(), unsigned(headers_.size()), flags | MSG_DONTWAIT, nullptr);
  if (n < 0) return errno == EWOULDBLOCK ? -EAGAIN : -errno;
  read_at_ = realtime_now();
  return n;
}

std::span<const uint8_t> ReceiveBatch::data(size_t i) const {
  return {buffers_.data() + i * snap_length_, std::min<size_t>(headers_[i].msg_len, snap_length_)};
}

Ipv4Address ReceiveBatch::local(size_t i) const {
  msghdr& m = const_cast<msghdr&>(headers_[i].msg_hdr);  // the CMSG macros take non-const pointers
  for (cmsghdr* c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
    if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
      in_pktinfo info{};
      std::memcpy(&info, CMSG_DATA(c), sizeof info);
      return Ipv4Address(ntohl(info.ipi_addr.s_addr));
    }
  return Ipv4Address(0);
}

Nanoseconds ReceiveBatch::received(size_t i) const {
  msghdr& m = const_cast<msghdr&>(headers_[i].msg_hdr);
  for (cmsghdr* c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
      timespec ts{};
      std::memcpy(&ts, CMSG_DATA(c), sizeof ts);
      return std::chrono::seconds(ts.tv_sec) + Nanoseconds(ts.tv_nsec);
    }
  return read_at_;
}

}  // namespace netkeel::probe
