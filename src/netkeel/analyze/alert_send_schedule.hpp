#pragma once
// When each alert goes out, exactly as Prometheus decides it (rules/alerting.go): a newly firing alert is
// sent at once and then every resend_delay, each time with endsAt = now + 4 x max(resend_delay,
// evaluation_interval), so Alertmanager keeps it active through up to three lost sends and resolves it by
// itself if netkeel goes away. A resolved alert (marked resolved by the engine, or gone from its list) is
// sent at once with endsAt = when it ended, and resent every resend_delay for resolved_retention (15 min),
// so an Alertmanager that missed the first one still learns it. A change of summary or description rides
// on the next resend, as in Prometheus. Pure: the caller passes the time and sends what comes back.
#include <chrono>
#include <cstdint>
#include <map>
#include <vector>

#include "netkeel/analyze/alert.hpp"
#include "netkeel/analyze/outgoing_alert.hpp"
#include "netkeel/core/clock.hpp"

namespace netkeel::analyze {

struct AlertSendTimes {
  std::chrono::milliseconds resend_delay{60'000};         // Prometheus' --rules.alert.resend-delay
  std::chrono::milliseconds evaluation_interval{10'000};  // how often the engine re-evaluates its rules
  std::chrono::milliseconds resolved_retention{15 * 60'000};
};

// Monotonic time for the schedule, wall time for the timestamps in the payload.
struct SendMoment {
  SteadyTime steady;
  std::int64_t unix_ms = 0;
};

class AlertSendSchedule {
 public:
  AlertSendSchedule(AlertSendTimes times, AlertLinks links);

  // The engine's whole current list (firing alerts, and resolved ones it still lists). Returns what is
  // due now: new, re-fired and newly resolved alerts, plus any resend that is due.
  std::vector<OutgoingAlert> update(const std::vector<Alert>& alerts, SendMoment now);

  // Resends that are due; forgets resolved alerts past their retention.
  std::vector<OutgoingAlert> tick(SendMoment now);

  std::size_t tracked() const { return tracked_.size(); }

 private:
  struct Tracked {
    Alert alert;  // the latest version; state resolved once it is
    SteadyTime last_sent{};
    bool transition_unsent = true;  // fired, re-fired or resolved since the last send
    SteadyTime forget_at{};         // resolved alerts only
  };
  void resolve(Tracked& tracked, std::int64_t ended_unix_ms, SendMoment now);
  std::vector<OutgoingAlert> collect_due(SendMoment now);

  AlertSendTimes times_;
  AlertLinks links_;
  std::map<std::uint64_t, Tracked> tracked_;  // by fingerprint
};

}  // namespace netkeel::analyze
