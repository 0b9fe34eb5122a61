#pragma once
// The alert engine inside `netkeel server` (docs/alerts.md): fed every batch the store accepted, evaluated
// on the server's clock (every second), it keeps the recent per-pair windows, link and bond states in
// memory, runs every rule, folds what one incident explains into one alert, and tracks each alert from
// firing to resolved. Pure: no I/O, no clock; the server stores what it returns (events) and reloads the
// alerts at start (restore).
#include <cstdint>
#include <vector>

#include "netkeel/analyze/alert.hpp"
#include "netkeel/analyze/alert_localizer.hpp"
#include "netkeel/analyze/alert_options.hpp"
#include "netkeel/analyze/alert_topology.hpp"
#include "netkeel/analyze/alert_tracker.hpp"
#include "netkeel/analyze/anomaly_detector.hpp"
#include "netkeel/analyze/link_states.hpp"
#include "netkeel/analyze/probe_history.hpp"
#include "netkeel/store/batch.hpp"

namespace netkeel::analyze {

// Event kinds the engine asks the server to store.
inline constexpr const char* kAlertEventKind = "alert";    // text: the alert as JSON (alert_json.hpp)
inline constexpr const char* kGlitchEventKind = "glitch";  // text: the burst, host: the probing host

struct Evaluation {
  AlertChanges changes;
  // The alerts' transitions (kind alert) and the glitches ingested since the last evaluation (kind
  // glitch), for the store.
  std::vector<store::Event> events;
};

class AlertEngine {
 public:
  AlertEngine(AlertOptions options, AlertTopology topology);

  // A batch the store accepted (never a duplicate: its intervals would count twice).
  void ingest(const store::Batch& batch);
  Evaluation evaluate(std::int64_t now_ms);
  // Alerts reloaded from the store at start (their newest state each); firing ones hold for
  // restore_hold_ms past `now_ms`, and the link rules learn the links they name as down or flapping.
  void restore(const std::vector<Alert>& alerts, std::int64_t now_ms);

  std::vector<Alert> firing() const { return tracker_.firing(); }
  // Firing, then those resolved within resolved_kept_ms (newest first).
  std::vector<Alert> firing_and_resolved() const;
  const AlertOptions& options() const { return options_; }

 private:
  AlertOptions options_;
  AlertTopology topology_;
  ProbeHistory probes_;
  AnomalyDetector anomalies_;
  LinkStates links_;
  AlertTracker tracker_;
  AlertLocalizer localizer_;
  std::vector<store::Event> pending_events_;
  static constexpr std::int64_t kPruneEveryMs = 5'000;
  std::int64_t last_prune_ms_ = 0;
  std::int64_t next_prune_ms_ = 0;
};

// The newest record of each alert among stored `alert` events (oldest first), skipping texts that are
// not an alert (counted in `unreadable` when given).
std::vector<Alert> alerts_from_events(const std::vector<store::Event>& events, std::size_t* unreadable = nullptr);

}  // namespace netkeel::analyze
