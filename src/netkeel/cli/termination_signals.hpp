#pragma once
// How every netkeel daemon ends: SIGTERM or SIGINT, blocked in all threads (block before the first
// thread starts, so each inherits the mask) and received only by the main thread's wait. A daemon that
// reloads on SIGHUP (the server's --site file) blocks it too and is told of it by the wait.
#include <cstdint>
#include <functional>

namespace netkeel::cli {

// `hangup`: block SIGHUP as well, for a wait_for_termination with an `on_hangup`.
void block_termination_signals(bool hangup = false);

// Waits for SIGTERM or SIGINT, running `tick` every `interval_ms` (0: never) meanwhile, and `on_hangup`
// at each SIGHUP when given (SIGHUP must then be blocked: block_termination_signals(true)).
void wait_for_termination(std::int64_t interval_ms = 0, const std::function<void()>& tick = {},
                          const std::function<void()>& on_hangup = {});

}  // namespace netkeel::cli
