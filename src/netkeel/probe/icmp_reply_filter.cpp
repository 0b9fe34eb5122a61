#include "netkeel/probe/icmp_reply_filter.hpp"

#include <linux/filter.h>
#include <linux/icmp.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "netkeel/core/error.hpp"

namespace netkeel::probe {

void keep_only_echo_replies(int raw_icmp_fd, uint16_t identifier, uint32_t keep_bytes) {
  icmp_filter types{};
  types.data = ~(1u << ICMP_ECHOREPLY);  // a set bit drops that type
  if (setsockopt(raw_icmp_fd, SOL_RAW, ICMP_FILTER, &types, sizeof types) != 0)
    throw RuntimeError(std::string("setsockopt(ICMP_FILTER): ") + std::strerror(errno));
  // A raw socket's filter sees the packet from its IP header on: X = the header's length, then the
  // ICMP type at X and the identifier at X + 4.
  sock_filter program[] = {
      BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0),
      BPF_STMT(BPF_LD | BPF_B | BPF_IND, 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ICMP_ECHOREPLY, 0, 3),
      BPF_STMT(BPF_LD | BPF_H | BPF_IND, 4),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, identifier, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, keep_bytes),  // the rest (a path-MTU probe's padding) is not queued
      BPF_STMT(BPF_RET | BPF_K, 0),
  };
  sock_fprog filter{static_cast<unsigned short>(sizeof program / sizeof program[0]), program};
  if (setsockopt(raw_icmp_fd, SOL_SOCKET, SO_ATTACH_FILTER, &filter, sizeof filter) != 0)
    throw RuntimeError(std::string("setsockopt(SO_ATTACH_FILTER): ") + std::strerror(errno));
}

}  // namespace netkeel::probe
