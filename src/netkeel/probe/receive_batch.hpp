#pragma once
// Up to `capacity` datagrams (or error-queue messages) taken with one recvmmsg into buffers kept from
// call to call, each with its kernel receive timestamp (SO_TIMESTAMPNS) and the address it was sent
// to (IP_PKTINFO). Only the first `snap_length` bytes of a datagram are kept: probes are matched by
// their headers and payload, and a path-MTU probe's padding is of no use.
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "netkeel/core/clock.hpp"
#include "netkeel/core/ipv4.hpp"

namespace netkeel::probe {

class ReceiveBatch {
 public:
  explicit ReceiveBatch(size_t capacity = 64, size_t snap_length = 256);
  // Receives what is waiting (non-blocking); `flags` may add MSG_ERRQUEUE. Returns the count (at most
  // capacity()), or -errno: -EAGAIN when nothing waits, another error when one was queued on the socket
  // (e.g. an ICMP unreachable; reading it clears it, so calling again goes on).
  int receive(int fd, int flags = 0);
  size_t capacity() const { return headers_.size(); }
  size_t snap_length() const { return snap_length_; }

  // The i-th message of the last receive().
  std::span<const uint8_t> data(size_t i) const;
  bool truncated(size_t i) const { return headers_[i].msg_hdr.msg_flags & MSG_TRUNC; }  // longer than snap_length
  const sockaddr_in& from(size_t i) const { return from_[i]; }
  Ipv4Address local(size_t i) const;           // IP_PKTINFO: the address it was sent to
  Nanoseconds received(size_t i) const;        // kernel receive timestamp (realtime), or realtime at read
  const msghdr& header(size_t i) const { return headers_[i].msg_hdr; }  // for its control messages

 private:
  struct alignas(cmsghdr) Control {
    char bytes[256];
  };
  size_t snap_length_;
  std::vector<uint8_t> buffers_;
  std::vector<iovec> iovecs_;
  std::vector<sockaddr_in> from_;
  std::vector<Control> controls_;
  std::vector<mmsghdr> headers_;
  Nanoseconds read_at_{0};
};

}  // namespace netkeel::probe
