#pragma once
// The agent loop's real waiter: one epoll instance.
#include "netkeel/agent/loop_waiter.hpp"
#include "netkeel/core/unique_fd.hpp"

namespace netkeel::agent {

class EpollWaiter final : public LoopWaiter {
 public:
  EpollWaiter();  // throws RuntimeError when the kernel gives no epoll instance
  void watch(int fd, LoopSource source, bool once = false) override;
  void rearm(int fd, LoopSource source) override;
  std::vector<LoopSource> wait(int timeout_ms) override;

 private:
  void control(int operation, int fd, LoopSource source, bool once);
  UniqueFd epoll_;
};

}  // namespace netkeel::agent
