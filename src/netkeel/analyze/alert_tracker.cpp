#include "netkeel/analyze/alert_tracker.hpp"

#include <algorithm>
#include <set>

namespace netkeel::analyze {

std::string alert_identity(const Alert& alert) {
  std::string id = alert.name + "\x1f" + alert.network;
  for (const auto& [name, value] : alert.labels) id.append("\x1f").append(name).append("=").append(value);
  return id;
}

AlertChanges AlertTracker::apply(const Findings& findings, std::int64_t now_ms) {
  AlertChanges changes;
  std::set<std::string> mentioned;
  for (const Finding& finding : findings) {
    const std::string id = alert_identity(finding.alert);
    auto it = active_.find(id);
    if (it == active_.end()) {
      if (!finding.fire) continue;
      Alert alert = finding.alert;
      alert.state = AlertState::firing;
      alert.ended_unix_ms.reset();
      active_.emplace(id, Active{alert, 0});
      changes.fired.push_back(std::move(alert));
      mentioned.insert(id);
      continue;
    }
    mentioned.insert(id);
    it->second.hold_until_ms = 0;  // a restored alert the rules confirmed: from now on they decide
    Alert& alert = it->second.alert;
    // The start stays the first bad sample of this incident; the text follows the current figures.
    if (alert.summary != finding.alert.summary || alert.description != finding.alert.description ||
        alert.severity != finding.alert.severity || alert.culprit.kind != finding.alert.culprit.kind ||
        alert.culprit.name != finding.alert.culprit.name) {
      alert.summary = finding.alert.summary;
      alert.description = finding.alert.description;
      alert.severity = finding.alert.severity;
      alert.culprit = finding.alert.culprit;
      changes.content_changed = true;
    }
  }
  for (auto it = active_.begin(); it != active_.end();) {
    if (mentioned.count(it->first) > 0 || it->second.hold_until_ms > now_ms) {
      ++it;
      continue;
    }
    Alert alert = std::move(it->second.alert);
    alert.state = AlertState::resolved;
    alert.ended_unix_ms = now_ms;
    resolved_.push_back(alert);
    changes.resolved.push_back(std::move(alert));
    it = active_.erase(it);
  }
  return changes;
}

void AlertTracker::restore(const std::vector<Alert>& alerts, std::int64_t hold_until_ms) {
  for (const Alert& alert : alerts) {
    if (alert.state == AlertState::firing) {
      active_[alert_identity(alert)] = Active{alert, hold_until_ms};
    } else {
      resolved_.push_back(alert);
    }
  }
  std::stable_sort(resolved_.begin(), resolved_.end(),
                   [](const Alert& a, const Alert& b) { return a.ended_unix_ms < b.ended_unix_ms; });
}

void AlertTracker::forget_resolved_before(std::int64_t ms) {
  while (!resolved_.empty() && resolved_.front().ended_unix_ms.value_or(0) < ms) resolved_.pop_front();
}

std::vector<Alert> AlertTracker::firing() const {
  std::vector<Alert> out;
  for (const auto& [id, active] : active_) out.push_back(active.alert);
  std::stable_sort(out.begin(), out.end(), [](const Alert& a, const Alert& b) { return a.name < b.name; });
  return out;
}

std::vector<Alert> AlertTracker::resolved() const { return {resolved_.rbegin(), resolved_.rend()}; }

}  // namespace netkeel::analyze
