#pragma once
// How every netkeel daemon ends: SIGTERM or SIGINT, blocked in all threads (block before the first
// thread starts, so each inherits the mask) and received only by the main thread's wait.
#include <cstdint>
#include <functional>

namespace netkeel::cli {

void block_termination_signals();

// Waits for SIGTERM or SIGINT, running `tick` every `interval_ms` (0: never) meanwhile.
void wait_for_termination(std::int64_t interval_ms = 0, const std::function<void()>& tick = {});

}  // namespace netkeel::cli
