#include "netkeel/agent/epoll_waiter.hpp"

#include <sys/epoll.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "netkeel/core/error.hpp"

namespace netkeel::agent {

EpollWaiter::EpollWaiter() : epoll_(::epoll_create1(EPOLL_CLOEXEC)) {
  if (epoll_.get() < 0) throw RuntimeError(std::string("epoll_create1: ") + std::strerror(errno));
}

void EpollWaiter::control(int operation, int fd, LoopSource source, bool once) {
  if (fd < 0) return;
  epoll_event event{};
  event.events = EPOLLIN | (once ? EPOLLONESHOT : 0U);
  event.data.u32 = static_cast<uint32_t>(source);
  if (::epoll_ctl(epoll_.get(), operation, fd, &event) != 0) {
    throw RuntimeError(std::string("epoll_ctl: ") + std::strerror(errno));
  }
}

void EpollWaiter::watch(int fd, LoopSource source, bool once) { control(EPOLL_CTL_ADD, fd, source, once); }

void EpollWaiter::rearm(int fd, LoopSource source) { control(EPOLL_CTL_MOD, fd, source, true); }

std::vector<LoopSource> EpollWaiter::wait(int timeout_ms) {
  epoll_event events[16];
  const int n = ::epoll_wait(epoll_.get(), events, 16, timeout_ms);
  std::vector<LoopSource> ready;
  for (int i = 0; i < n; ++i) ready.push_back(static_cast<LoopSource>(events[i].data.u32));
  return ready;
}

}  // namespace netkeel::agent
