#include "netkeel/probe/transmit_timestamps.hpp"

#include <linux/errqueue.h>
#include <linux/net_tstamp.h>
#include <netinet/in.h>

#include <cerrno>
#include <cstring>

namespace netkeel::probe {

bool enable_transmit_timestamps(int fd) {
  const int flags = SOF_TIMESTAMPING_TX_SOFTWARE | SOF_TIMESTAMPING_SOFTWARE | SOF_TIMESTAMPING_OPT_ID |
                    SOF_TIMESTAMPING_OPT_TSONLY;
  return setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPING, &flags, sizeof flags) == 0;
}

std::optional<TransmitStamp> parse_transmit_stamp(const msghdr& message) {
  std::optional<Nanoseconds> at;
  std::optional<uint32_t> key;
  msghdr& m = const_cast<msghdr&>(message);  // the CMSG macros take non-const pointers; nothing is written
  for (cmsghdr* c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPING &&
        c->cmsg_len >= CMSG_LEN(sizeof(scm_timestamping))) {
      scm_timestamping stamps{};
      std::memcpy(&stamps, CMSG_DATA(c), sizeof stamps);
      const timespec& software = stamps.ts[0];  // [1] is deprecated, [2] hardware
      if (software.tv_sec != 0 || software.tv_nsec != 0)
        at = std::chrono::seconds(software.tv_sec) + Nanoseconds(software.tv_nsec);
    } else if (((c->cmsg_level == SOL_IP && c->cmsg_type == IP_RECVERR) ||
                (c->cmsg_level == SOL_IPV6 && c->cmsg_type == IPV6_RECVERR)) &&
               c->cmsg_len >= CMSG_LEN(sizeof(sock_extended_err))) {
      sock_extended_err error{};
      std::memcpy(&error, CMSG_DATA(c), sizeof error);
      // Only the "packet left" stamp: not a scheduler or ACK stamp, not an ICMP error.
      if (error.ee_errno == ENOMSG && error.ee_origin == SO_EE_ORIGIN_TIMESTAMPING && error.ee_info == SCM_TSTAMP_SND)
        key = error.ee_data;
    }
  }
  if (!at || !key) return std::nullopt;
  return TransmitStamp{*key, *at};
}

std::vector<TransmitStamp> read_transmit_stamps(int fd) {
  std::vector<TransmitStamp> out;
  for (;;) {
    alignas(cmsghdr) char control[256];
    char data[64];  // OPT_TSONLY: no packet comes back; anything else is cut off (MSG_TRUNC)
    iovec iov{data, sizeof data};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    if (recvmsg(fd, &msg, MSG_ERRQUEUE | MSG_DONTWAIT) < 0) break;  // EAGAIN: the queue is empty
    if (auto stamp = parse_transmit_stamp(msg)) out.push_back(*stamp);
  }
  return out;
}

}  // namespace netkeel::probe
