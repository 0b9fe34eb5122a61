#pragma once
// The socket calls every prober shares: send from a chosen source address (IP_PKTINFO) and receive
// with the kernel's receive timestamp (SO_TIMESTAMPNS), so RTTs leave out the agent's own scheduling.
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <span>

#include "netkeel/core/clock.hpp"
#include "netkeel/core/ipv4.hpp"

namespace netkeel::probe {

sockaddr_in to_sockaddr(Ipv4Address address, uint16_t port);

Nanoseconds realtime_now();  // CLOCK_REALTIME, the clock SO_TIMESTAMPNS stamps with

void enable_receive_timestamps(int fd);  // SO_TIMESTAMPNS + IP_PKTINFO; throws RuntimeError
// The daemon reads a stamped prober's replies when it wakes to send, not per reply (prober.hpp), so
// up to an interval's replies may wait: 2 MiB holds ~2,000 of them. SO_RCVBUFFORCE (CAP_NET_ADMIN)
// passes net.core.rmem_max; without it SO_RCVBUF gets what rmem_max allows. Never fails.
inline constexpr int kProbeReceiveBuffer = 2 << 20;
void enlarge_receive_buffer(int fd, int bytes = kProbeReceiveBuffer);

// sendmsg with IP_PKTINFO naming the source address (0.0.0.0: the kernel picks); returns errno or 0.
int send_from(int fd, Ipv4Address source, const sockaddr_in& to, std::span<const uint8_t> data);

}  // namespace netkeel::probe
