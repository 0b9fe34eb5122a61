#pragma once
// When a held VIP announces itself. A burst after the take at 0, 0.1, 0.3, 1.1 and 2.2 s: a neighbour
// table ignores a second update within its locktime (1 s by default), so the later ones land even where
// the first was ignored, and a lost frame is repeated. Then one every 60 s, well inside the 300 s MAC
// ageing of common switches, so a switch never forgets which port the VIP's MAC is on. Pure: the
// caller passes the time.
#include <array>
#include <chrono>
#include <cstddef>
#include <optional>

#include "netkeel/core/clock.hpp"

namespace netkeel::ha {

class GratuitousArpSchedule {
 public:
  static constexpr std::array<Nanoseconds, 5> kBurst{std::chrono::milliseconds(0), std::chrono::milliseconds(100),
                                                     std::chrono::milliseconds(300), std::chrono::milliseconds(1100),
                                                     std::chrono::milliseconds(2200)};
  static constexpr Nanoseconds kRefreshInterval = std::chrono::seconds(60);

  // A new burst from NOW (a take).
  void start(SteadyTime now);
  // No more announcements (a release).
  void stop() { next_.reset(); }
  bool due(SteadyTime now) const { return next_ && now >= *next_; }
  // One announcement went out (or was tried) at NOW: the next one is the first burst slot after NOW
  // (slots missed by a late caller are skipped, not sent in a row within one locktime), or NOW + 60 s
  // once the burst is over.
  void sent(SteadyTime now);
  std::optional<SteadyTime> next() const { return next_; }

 private:
  SteadyTime started_{};
  std::size_t burst_slot_ = 0;  // index into kBurst of next_, while in the burst
  bool in_burst_ = false;
  std::optional<SteadyTime> next_;
};

}  // namespace netkeel::ha
