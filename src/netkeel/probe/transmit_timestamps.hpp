#pragma once
// Kernel transmit timestamps (SO_TIMESTAMPING): the kernel stamps each packet in software as it
// reaches the device driver and queues the stamp on the socket's error queue (MSG_ERRQUEUE), numbered
// by the socket's send counter (SOF_TIMESTAMPING_OPT_ID) and without the packet (OPT_TSONLY).
// Together with the receive timestamp, the RTT leaves out the agent's scheduling on both ends.
#include <sys/socket.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "netkeel/core/clock.hpp"

namespace netkeel::probe {

struct TransmitStamp {
  uint32_t key = 0;          // the socket's send number (0 for its first send after enabling)
  Nanoseconds at{0};         // CLOCK_REALTIME, as SO_TIMESTAMPNS receive stamps
  auto operator<=>(const TransmitStamp&) const = default;
};

// Asks for software transmit timestamps on `fd`. False when the kernel refuses (the prober then
// measures from the agent's clock); the receive timestamps are not affected.
bool enable_transmit_timestamps(int fd);

// The stamp one error-queue message carries, or none (an ICMP error, a hardware-only stamp, ...).
// Pure: reads only the message's control data, so tests can build one by hand.
std::optional<TransmitStamp> parse_transmit_stamp(const msghdr& message);

// Every stamp waiting on `fd`'s error queue (non-blocking; stops at the first EAGAIN).
std::vector<TransmitStamp> read_transmit_stamps(int fd);

}  // namespace netkeel::probe
