#include "netkeel/probe/send_batch.hpp"

#include <arpa/inet.h>

#include <cerrno>
#include <cstring>

namespace netkeel::probe {

std::vector<uint8_t>& SendBatch::add(Ipv4Address source, const sockaddr_in& to) {
  if (size_ == datagrams_.size()) datagrams_.emplace_back();
  Datagram& d = datagrams_[size_++];
  d.payload.clear();
  d.source = source;
  d.to = to;
  return d.payload;
}

int SendBatch::send(int fd, size_t first) {
  if (first >= size_) return 0;
  const size_t count = size_ - first;
  headers_.resize(count);
  iovecs_.resize(count);
  controls_.resize(count);
  for (size_t i = 0; i < count; ++i) {
    Datagram& d = datagrams_[first + i];
    iovecs_[i] = iovec{d.payload.data(), d.payload.size()};
    msghdr& m = headers_[i].msg_hdr;
    m = msghdr{};
    headers_[i].msg_len = 0;
    m.msg_name = &d.to;
    m.msg_namelen = sizeof d.to;
    m.msg_iov = &iovecs_[i];
    m.msg_iovlen = 1;
    if (d.source.value() != 0) {  // 0.0.0.0: the kernel picks the source
      std::memset(controls_[i].bytes, 0, sizeof controls_[i].bytes);
      m.msg_control = controls_[i].bytes;
      m.msg_controllen = sizeof controls_[i].bytes;
      cmsghdr* c = CMSG_FIRSTHDR(&m);
      c->cmsg_level = IPPROTO_IP;
      c->cmsg_type = IP_PKTINFO;
      c->cmsg_len = CMSG_LEN(sizeof(in_pktinfo));
      in_pktinfo info{};
      info.ipi_spec_dst.s_addr = htonl(d.source.value());
      std::memcpy(CMSG_DATA(c), &info, sizeof info);
    }
  }
  const int sent = sendmmsg(fd, headers_.data(), unsigned(count), MSG_DONTWAIT);
  if (sent < 0) return -errno;
  return sent;
}

}  // namespace netkeel::probe
