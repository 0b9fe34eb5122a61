#pragma once
// One probe kind's sockets (ICMP echo, UDP echo, TCP connect) behind a small interface, so the engine
// runs the same with real sockets and with the fake ones of the unit tests.
#include <cstdint>
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "netkeel/core/clock.hpp"
#include "netkeel/probe/probe_target.hpp"
#include "netkeel/probe/probe_tracker.hpp"
#include "netkeel/probe/send_time_source.hpp"

namespace netkeel::probe {

struct ProbeReply {
  TargetId id = 0;
  uint32_t seq = 0;
  std::optional<Nanoseconds> rtt;  // measured by the prober (kernel receive timestamp); none: the
                                   // engine uses its clock (send to collect)
  SendTimeSource send_time = SendTimeSource::none;  // where `rtt`'s start came from
};

// One probe of a batch: the engine hands a prober every probe of its kind due at one wakeup.
struct OutgoingProbe {
  TargetId id = 0;
  uint32_t seq = 0;
  const ProbeTarget* target = nullptr;
};

class Prober {
 public:
  virtual ~Prober() = default;
  // Sends one probe; false when the kernel refused it at once (no route, unreachable): a loss.
  virtual bool send(TargetId id, uint32_t seq, const ProbeTarget& target) = 0;
  // Sends probes due together and returns the indexes (into `probes`) the kernel refused at once.
  // A prober whose socket takes a batch in one syscall (sendmmsg) overrides it; the default sends
  // them one by one.
  virtual std::vector<size_t> send_batch(std::span<const OutgoingProbe> probes) {
    std::vector<size_t> refused;
    for (size_t i = 0; i < probes.size(); ++i)
      if (!send(probes[i].id, probes[i].seq, *probes[i].target)) refused.push_back(i);
    return refused;
  }
  virtual std::vector<ProbeReply> take_replies() = 0;  // everything that arrived since the last call
  virtual int poll_fd() const { return -1; }           // readable when replies wait; -1: none
  // True when every reply carries its RTT from kernel timestamps, so reading it late costs no
  // accuracy: the daemon then reads this prober only when it wakes to send or to expire probes, not
  // for each reply (on a real network replies trickle in, one wakeup each). False (TCP connect, timed
  // by the agent's clock when the connection completes): read as soon as poll_fd() is readable.
  virtual bool stamps_replies() const { return false; }
  virtual void expire(TargetId, uint32_t /*seq*/) {}     // that probe timed out: free what it holds
  virtual void remove(TargetId) {}                       // the target left the plan
};

}  // namespace netkeel::probe
