#include "netkeel/cli/termination_signals.hpp"

#include <signal.h>

#include <ctime>

namespace netkeel::cli {

namespace {
sigset_t termination_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  return signals;
}
}  // namespace

void block_termination_signals() {
  const sigset_t signals = termination_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

void wait_for_termination(std::int64_t interval_ms, const std::function<void()>& tick) {
  const sigset_t signals = termination_signals();
  for (;;) {
    int received = 0;
    if (interval_ms <= 0 || !tick) {
      if (sigwait(&signals, &received) == 0) return;
      continue;
    }
    timespec timeout{static_cast<time_t>(interval_ms / 1000), static_cast<long>(interval_ms % 1000) * 1000000};
    if (sigtimedwait(&signals, nullptr, &timeout) > 0) return;
    tick();
  }
}

}  // namespace netkeel::cli
