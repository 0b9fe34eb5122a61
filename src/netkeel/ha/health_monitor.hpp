#pragma once
// Runs one service's health check on its own thread, at its interval, and publishes the counted state
// (CheckTracker: fall/rise, then flap hold-down) for the keeper to read without waiting. A check that
// hangs delays only this thread.
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "netkeel/core/clock.hpp"
#include "netkeel/ha/health_probe.hpp"
#include "netkeel/ha/check_tracker.hpp"
#include "netkeel/ha/health_state.hpp"
#include "netkeel/ha/service_health.hpp"

namespace netkeel::ha {

class HealthMonitor final : public ServiceHealth {
 public:
  // ON_CHANGE (may be empty) runs on the monitor's thread after each state change, with the new state
  // and the detail (the result that caused it, or why the check is held down).
  using ChangeHandler = std::function<void(CheckState state, const std::string& detail)>;
  // HOLD_DOWN: the check's flap hold-down (0: none).
  HealthMonitor(std::unique_ptr<HealthProbe> probe, HealthTiming timing, const Clock& clock,
                ChangeHandler on_change = {}, Nanoseconds hold_down = Nanoseconds(0));
  ~HealthMonitor() override;
  HealthMonitor(const HealthMonitor&) = delete;
  HealthMonitor& operator=(const HealthMonitor&) = delete;

  void start();  // the checking thread
  void stop();   // returns once the thread has ended (at most one check plus one interval later)

  bool healthy() override { return state() == CheckState::passing; }
  CheckState state() const { return state_.load(std::memory_order_acquire); }
  std::string detail() const;
  std::uint64_t flaps_total() const { return flaps_total_.load(std::memory_order_relaxed); }
  std::string describe() const { return probe_->describe(); }

  // One check, counted; returns how long to wait before the next. The thread's body, and what unit
  // tests drive directly.
  Nanoseconds check_once();

 private:
  std::unique_ptr<HealthProbe> probe_;
  HealthTiming timing_;
  const Clock& clock_;
  ChangeHandler on_change_;
  CheckTracker tracker_;
  std::atomic<CheckState> state_{CheckState::failing};
  std::atomic<std::uint64_t> flaps_total_{0};
  std::atomic<bool> stopping_{false};
  mutable std::mutex detail_mutex_;
  std::string detail_;
  std::thread thread_;
};

}  // namespace netkeel::ha
