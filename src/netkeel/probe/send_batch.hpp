#pragma once
// Datagrams sent with one sendmmsg, each to its own address and from its own source address
// (IP_PKTINFO), in buffers kept from batch to batch: a probe batch costs one syscall and no allocation.
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "netkeel/core/ipv4.hpp"

namespace netkeel::probe {

class SendBatch {
 public:
  void clear() { size_ = 0; }
  // Adds a datagram and returns its payload buffer for the caller to fill (it starts empty).
  std::vector<uint8_t>& add(Ipv4Address source, const sockaddr_in& to);
  size_t size() const { return size_; }
  // Sends datagrams [first, size()) with one sendmmsg. Returns how many the kernel took, or -errno when
  // it refused datagram `first` (those after it were not tried).
  int send(int fd, size_t first);

 private:
  struct Datagram {
    std::vector<uint8_t> payload;
    Ipv4Address source;
    sockaddr_in to{};
  };
  struct alignas(cmsghdr) Control {
    char bytes[CMSG_SPACE(sizeof(in_pktinfo))];
  };
  std::vector<Datagram> datagrams_;  // the first size_ are this batch's; the rest keep their buffers
  size_t size_ = 0;
  std::vector<mmsghdr> headers_;
  std::vector<iovec> iovecs_;
  std::vector<Control> controls_;
};

}  // namespace netkeel::probe
