#include "netkeel/analyze/alert_send_schedule.hpp"

#include <algorithm>
#include <set>

namespace netkeel::analyze {

AlertSendSchedule::AlertSendSchedule(AlertSendTimes times, AlertLinks links)
    : times_(times), links_(std::move(links)) {}

void AlertSendSchedule::resolve(Tracked& tracked, std::int64_t ended_unix_ms, SendMoment now) {
  tracked.alert.state = AlertState::resolved;
  tracked.alert.ended_unix_ms = ended_unix_ms;
  tracked.transition_unsent = true;
  tracked.forget_at = now.steady + times_.resolved_retention;
}

std::vector<OutgoingAlert> AlertSendSchedule::update(const std::vector<Alert>& alerts, SendMoment now) {
  std::set<std::uint64_t> listed;
  for (const auto& alert : alerts) {
    const std::uint64_t fingerprint = label_fingerprint(alertmanager_labels(alert));
    if (!listed.insert(fingerprint).second) continue;  // one identity, one alert: the first listed wins
    const auto found = tracked_.find(fingerprint);
    const bool firing = alert.state == AlertState::firing;
    if (found == tracked_.end()) {
      if (firing) {
        tracked_[fingerprint] = Tracked{alert};
        continue;
      }
      // Resolved before netkeel sent it (e.g. a restart in between): still worth telling within the
      // retention, counted from when it ended.
      const std::int64_t ended = alert.ended_unix_ms.value_or(now.unix_ms);
      const auto since_end = std::chrono::milliseconds(std::max<std::int64_t>(0, now.unix_ms - ended));
      if (since_end >= times_.resolved_retention) continue;
      Tracked tracked{alert};
      resolve(tracked, ended, now);
      tracked.forget_at = now.steady + (times_.resolved_retention - since_end);
      tracked_[fingerprint] = std::move(tracked);
      continue;
    }
    Tracked& tracked = found->second;
    const bool was_firing = tracked.alert.state == AlertState::firing;
    if (firing && !was_firing) {  // fired again: a new incident, sent at once
      tracked = Tracked{alert};
    } else if (!firing && was_firing) {
      tracked.alert = alert;
      resolve(tracked, alert.ended_unix_ms.value_or(now.unix_ms), now);
    } else if (firing) {
      tracked.alert = alert;  // new figures in the description go out with the next resend
    }
    // A resolved alert listed again keeps the end it was sent with.
  }
  for (auto& [fingerprint, tracked] : tracked_) {
    if (!listed.contains(fingerprint) && tracked.alert.state == AlertState::firing) {
      resolve(tracked, now.unix_ms, now);  // gone from the engine's list: resolved now, as in Prometheus
    }
  }
  return collect_due(now);
}

std::vector<OutgoingAlert> AlertSendSchedule::tick(SendMoment now) { return collect_due(now); }

std::vector<OutgoingAlert> AlertSendSchedule::collect_due(SendMoment now) {
  std::erase_if(tracked_, [&](const auto& entry) {
    const Tracked& tracked = entry.second;
    return tracked.alert.state == AlertState::resolved && !tracked.transition_unsent && now.steady >= tracked.forget_at;
  });
  const auto valid_for = 4 * std::max(times_.resend_delay, times_.evaluation_interval);
  std::vector<OutgoingAlert> due;
  for (auto& [fingerprint, tracked] : tracked_) {
    if (!tracked.transition_unsent && now.steady - tracked.last_sent < times_.resend_delay) continue;
    due.push_back(to_outgoing_alert(tracked.alert, links_, now.unix_ms + valid_for.count()));
    due.back().news = tracked.transition_unsent;
    tracked.last_sent = now.steady;
    tracked.transition_unsent = false;
  }
  return due;
}

}  // namespace netkeel::analyze
