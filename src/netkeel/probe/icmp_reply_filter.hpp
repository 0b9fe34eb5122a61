#pragma once
// A raw ICMP socket gets a copy of every ICMP packet the host receives: the echo requests of every peer
// probing this host, other pingers' replies, and the replies of the agent's other ICMP socket (path-MTU
// probes). Each copy is queued, read and thrown away in userspace. These filters keep them out in the
// kernel: ICMP_FILTER drops other types before the copy is made, and a socket filter (classic BPF)
// keeps only echo replies carrying this socket's identifier, cut to the bytes the prober reads.
#include <cstdint>

namespace netkeel::probe {

// For a raw IPPROTO_ICMP socket; throws RuntimeError when the kernel refuses a filter.
void keep_only_echo_replies(int raw_icmp_fd, uint16_t identifier, uint32_t keep_bytes);

}  // namespace netkeel::probe
