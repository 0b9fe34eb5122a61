#pragma once
// When each in-flight probe left, so a prober can turn a reply's kernel receive timestamp into an RTT.
// Every send records the agent's clock (realtime, the clock of kernel timestamps) and takes the next
// SO_TIMESTAMPING key of its socket ("channel"): the kernel numbers the sends of a socket 0, 1, 2, ...
// (SOF_TIMESTAMPING_OPT_ID) and hands the transmit timestamp back under that key. A kernel stamp
// replaces the agent's time; a reply whose probe got none falls back to the agent's time, and says so.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "netkeel/core/clock.hpp"
#include "netkeel/probe/probe_tracker.hpp"
#include "netkeel/probe/send_time_source.hpp"

namespace netkeel::probe {

struct MeasuredRtt {
  Nanoseconds rtt{0};
  SendTimeSource source = SendTimeSource::userspace;
};

class TxTimes {
 public:
  // Call just before sendmsg on socket `channel`, with the agent's realtime clock.
  void sent(TargetId id, uint32_t seq, Nanoseconds user_time, size_t channel = 0);
  // Call when that sendmsg failed: the kernel numbered no packet, so the key goes back.
  void send_failed(TargetId id, uint32_t seq);
  // The kernel's transmit timestamp for send number `key` on `channel`. A stamp earlier than the
  // agent's own time before the send cannot belong to that probe (keys out of step): it is ignored.
  void stamped(size_t channel, uint32_t key, Nanoseconds kernel_time);
  // RTT of the reply received at `received` (kernel receive timestamp), and forgets the probe.
  std::optional<MeasuredRtt> rtt(TargetId id, uint32_t seq, Nanoseconds received);
  void forget(TargetId id, uint32_t seq);
  void forget(TargetId id);
  size_t in_flight() const { return in_flight_; }

 private:
  struct Probe {  // one send on a channel, found by its kernel key
    TargetId id = 0;
    uint32_t seq = 0;
    Nanoseconds user_time{0};
    std::optional<Nanoseconds> kernel_time;
    bool live = false;
  };
  struct Channel {  // keys are consecutive: probes[k - first_key] is send number k (mod 2^32)
    uint32_t first_key = 0;
    uint32_t next_key = 0;
    std::deque<Probe> probes;
  };
  struct Sent {
    uint32_t seq;
    uint32_t channel;
    uint32_t key;
  };
  Probe* slot(size_t channel, uint32_t key);
  const Sent* find(TargetId id, uint32_t seq) const;
  void erase(TargetId id, const Sent* sent);

  std::vector<Channel> channels_;
  std::vector<std::vector<Sent>> by_target_;  // by TargetId: its probes in flight (usually one)
  size_t in_flight_ = 0;
};

}  // namespace netkeel::probe
