#pragma once
// Counting check results into a state, as keepalived and Consul do: `fall` failures in a row make a
// healthy service failed, `rise` passes in a row make a failed one healthy. A service starts failed,
// so a keeper never takes a VIP for a service that has not yet answered `rise` times. Pure.
#include <string>

#include "netkeel/core/clock.hpp"
#include "netkeel/ha/health_probe.hpp"

namespace netkeel::ha {

struct HealthTiming {
  Nanoseconds interval = std::chrono::milliseconds(100);
  Nanoseconds timeout = std::chrono::milliseconds(100);
  int fall = 2;
  int rise = 2;
};

class HealthState {
 public:
  explicit HealthState(HealthTiming timing) : timing_(timing) {}

  // Counts one result; returns true when the state changed.
  bool record(const ProbeOutcome& outcome);
  bool healthy() const { return healthy_; }
  const std::string& last_detail() const { return last_detail_; }
  int results() const { return results_; }
  // When to run the check next: a result that disagrees with the state is confirmed after a quarter
  // interval, so fall=2 at 100 ms notices a dead service in about 25-125 ms, not 100-200 ms.
  Nanoseconds next_delay() const;

 private:
  HealthTiming timing_;
  bool healthy_ = false;
  int streak_ = 0;  // results in a row that disagree with the state
  int results_ = 0;
  std::string last_detail_ = "not checked yet";
};

}  // namespace netkeel::ha
