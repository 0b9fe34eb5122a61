#include "netkeel/ha/health_monitor.hpp"

namespace netkeel::ha {

HealthMonitor::HealthMonitor(std::unique_ptr<HealthProbe> probe, HealthTiming timing, const Clock& clock,
                             ChangeHandler on_change, Nanoseconds hold_down)
    : probe_(std::move(probe)),
      timing_(timing),
      clock_(clock),
      on_change_(std::move(on_change)),
      tracker_(clock, timing, hold_down),
      detail_(tracker_.detail()) {}

HealthMonitor::~HealthMonitor() { stop(); }

void HealthMonitor::start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] {
    while (!stopping_.load()) {
      const Nanoseconds delay = check_once();
      if (!stopping_.load()) clock_.sleep_for(delay);
    }
  });
}

void HealthMonitor::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

std::string HealthMonitor::detail() const {
  std::lock_guard lock(detail_mutex_);
  return detail_;
}

Nanoseconds HealthMonitor::check_once() {
  const ProbeOutcome outcome = probe_->run(timing_.timeout);
  const bool changed = tracker_.record(outcome);
  const std::string detail = tracker_.detail();
  {
    std::lock_guard lock(detail_mutex_);
    detail_ = detail;
  }
  flaps_total_.store(tracker_.flaps_total(), std::memory_order_relaxed);
  state_.store(tracker_.state(), std::memory_order_release);
  if (changed && on_change_) on_change_(tracker_.state(), detail);
  return tracker_.next_delay();
}

}  // namespace netkeel::ha
