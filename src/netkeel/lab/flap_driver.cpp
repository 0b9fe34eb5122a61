#include "netkeel/lab/flap_driver.hpp"

#include <signal.h>
#include <time.h>

#include "netkeel/core/error.hpp"
#include "netkeel/lab/flap_schedule.hpp"

namespace netkeel::lab {
namespace {

// Sleeps until `until` unless SIGTERM/SIGINT arrives first (both are blocked and waited for, so
// a stop request never interrupts an `ip` call half way). Returns false when told to stop.
bool wait_until(std::chrono::steady_clock::time_point until, const sigset_t& stop_signals) {
  while (true) {
    auto left = until - std::chrono::steady_clock::now();
    if (left <= std::chrono::steady_clock::duration::zero()) return true;
    auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
    timespec ts{static_cast<time_t>(ns / 1000000000), static_cast<long>(ns % 1000000000)};
    int sig = ::sigtimedwait(&stop_signals, nullptr, &ts);
    if (sig == SIGTERM || sig == SIGINT) return false;
  }
}

}  // namespace

int run_flap_driver(CommandRunner& runner, const FlapDriverOptions& options) {
  const auto schedule = flap_schedule(options.per_minute, options.duration);
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  ::sigprocmask(SIG_BLOCK, &stop_signals, nullptr);
  auto set = [&](bool up) {
    std::vector<std::string> argv{"ip", "-n", options.netns, "link", "set", options.ifname, up ? "up" : "down"};
    auto r = runner.run(argv);
    if (!r.ok()) throw RuntimeError(describe_failure(argv, r));
  };
  const auto start = std::chrono::steady_clock::now();
  int cycles = 0;
  for (const auto& event : schedule) {
    if (!wait_until(start + event.at, stop_signals)) break;
    set(event.up);
    if (event.up) ++cycles;
  }
  set(true);  // whatever happened, the port ends up
  return cycles;
}

}  // namespace netkeel::lab
