#pragma once
// The state machine of every alert: (none) -> firing when a rule's finding fires; firing -> resolved when no
// rule mentions it any more (a holding finding keeps it firing); resolved alerts are kept for a while, then
// forgotten. An alert's identity is its name, network and labels. Pure: time comes in.
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "netkeel/analyze/alert.hpp"
#include "netkeel/analyze/finding.hpp"

namespace netkeel::analyze {

// name, network and labels in one string: the same identity is the same alert.
std::string alert_identity(const Alert& alert);

struct AlertChanges {
  std::vector<Alert> fired;
  std::vector<Alert> resolved;
  bool content_changed = false;  // a firing alert's summary, description, culprit or severity changed
  bool any() const { return !fired.empty() || !resolved.empty() || content_changed; }
};

class AlertTracker {
 public:
  AlertChanges apply(const Findings& findings, std::int64_t now_ms);
  // Alerts reloaded after a restart: the firing ones stay firing at least until hold_until_ms, the
  // resolved ones are listed as before.
  void restore(const std::vector<Alert>& alerts, std::int64_t hold_until_ms);
  void forget_resolved_before(std::int64_t ms);

  std::vector<Alert> firing() const;  // by name, then identity
  std::vector<Alert> resolved() const;  // newest end first

 private:
  struct Active {
    Alert alert;
    std::int64_t hold_until_ms = 0;
  };
  std::map<std::string, Active> active_;
  std::deque<Alert> resolved_;  // by end time, oldest first
};

}  // namespace netkeel::analyze
