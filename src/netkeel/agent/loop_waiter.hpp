#pragma once
// How the agent's loop sleeps: it names the descriptors that may wake it, then waits for one of them or
// a timeout. EpollWaiter is the real one; unit tests pass a waiter that advances a FakeClock by the
// timeout instead of sleeping, and says which sources are ready.
#include <cstdint>
#include <vector>

namespace netkeel::agent {

enum class LoopSource : uint32_t { probers = 1, responder = 2, links = 3, signal = 4 };

class LoopWaiter {
 public:
  virtual ~LoopWaiter() = default;
  // Wakes the loop when `fd` is readable (fd < 0: nothing to watch). `once`: only the next time, until
  // rearm(): a source the loop answers in batches does not wake it for every packet.
  virtual void watch(int fd, LoopSource source, bool once = false) = 0;
  virtual void rearm(int fd, LoopSource source) = 0;
  // The sources ready within timeout_ms (0: do not wait); empty when the time ran out.
  virtual std::vector<LoopSource> wait(int timeout_ms) = 0;
};

}  // namespace netkeel::agent
