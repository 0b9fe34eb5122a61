#include "netkeel/cli/termination_signals.hpp"

#include <signal.h>

#include <ctime>

namespace netkeel::cli {

namespace {
sigset_t daemon_signals(bool hangup) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  if (hangup) sigaddset(&signals, SIGHUP);
  return signals;
}
}  // namespace

void block_termination_signals(bool hangup) {
  const sigset_t signals = daemon_signals(hangup);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

void wait_for_termination(std::int64_t interval_ms, const std::function<void()>& tick,
                          const std::function<void()>& on_hangup) {
  const sigset_t signals = daemon_signals(static_cast<bool>(on_hangup));
  for (;;) {
    int received = 0;
    if (interval_ms <= 0 || !tick) {
      if (sigwait(&signals, &received) != 0) continue;
    } else {
      timespec timeout{static_cast<time_t>(interval_ms / 1000), static_cast<long>(interval_ms % 1000) * 1000000};
      received = sigtimedwait(&signals, nullptr, &timeout);
      if (received <= 0) {
        tick();
        continue;
      }
    }
    if (received == SIGHUP) {
      on_hangup();
      continue;
    }
    return;
  }
}

}  // namespace netkeel::cli
