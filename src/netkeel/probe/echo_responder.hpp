#pragma once
// What the agent's loop needs of the UDP echo responder: a descriptor that wakes it when probes wait,
// answering them, and a count. UdpResponder is the real one; unit tests of the loop pass a fake.
#include <cstddef>
#include <cstdint>

namespace netkeel::probe {

class EchoResponder {
 public:
  virtual ~EchoResponder() = default;
  virtual int poll_fd() const = 0;            // readable when probes wait; -1: none
  virtual size_t answer_pending() = 0;        // answers everything queued; returns how many
  virtual uint64_t answered_total() const = 0;
};

}  // namespace netkeel::probe
