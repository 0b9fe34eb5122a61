#pragma once
// Waiting for something in a test without assuming how long it takes: observe, check, and poll again
// until the condition holds or the time is up. Never a fixed sleep, never a timing assertion: a slow
// machine only waits longer (up to `within`). The result carries the last observation, so a failure
// message can show what was seen instead of only "timed out".
//
//   const auto page = eventually([&] { return scrape(ns, 9947); },
//                                [](const std::string& p) { return p.find("up 1\n") != std::string::npos; },
//                                std::chrono::seconds(10), std::chrono::milliseconds(50));
//   ASSERT_TRUE(page.held) << page.last;
#include <algorithm>
#include <chrono>
#include <thread>
#include <type_traits>
#include <utility>

namespace netkeel::testing {

template <typename Observation>
struct Eventually {
  bool held = false;     // the condition held before the time was up
  Observation last{};    // the last thing observed (the one that held, or the last before giving up)
};

// Calls `observe()` at once and then every `poll_interval` until `holds(observation)` is true or `within` has
// passed (the last poll is at the deadline at the latest).
template <typename Observe, typename Holds>
auto eventually(Observe&& observe, Holds&& holds, std::chrono::steady_clock::duration within,
                std::chrono::steady_clock::duration poll_interval) -> Eventually<std::invoke_result_t<Observe&>> {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline = Clock::now() + within;
  Eventually<std::invoke_result_t<Observe&>> result;
  for (;;) {
    result.last = observe();
    if (holds(std::as_const(result.last))) {
      result.held = true;
      return result;
    }
    const Clock::time_point now = Clock::now();
    if (now >= deadline) return result;
    std::this_thread::sleep_for(std::min<Clock::duration>(poll_interval, deadline - now));
  }
}

// The same for a condition that observes nothing worth showing: whether it held in time.
template <typename Condition>
bool eventually(Condition&& condition, std::chrono::steady_clock::duration within,
                std::chrono::steady_clock::duration poll_interval) {
  return eventually([&] { return static_cast<bool>(condition()); }, [](bool held) { return held; }, within,
                    poll_interval)
      .held;
}

}  // namespace netkeel::testing
