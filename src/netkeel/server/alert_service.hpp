#pragma once
// The alert engine inside the server (docs/alerts.md): fed each batch the store accepted, evaluated every
// evaluation interval on the server's Clock by its own thread, its transitions and glitches written to the
// store as events, its alerts reloaded from the store at start. on_alerts_changed hands the current
// alerts to whoever sends them (Alertmanager, webhooks).
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "netkeel/analyze/alert_engine.hpp"
#include "netkeel/core/clock.hpp"
#include "netkeel/store/store.hpp"

namespace netkeel::server {

struct AlertServiceOptions {
  analyze::AlertOptions rules;        // thresholds (docs/alerts.md, "Thresholds")
  analyze::AlertTopology topology;    // from --site; empty: hosts learnt from batches, no switch names
  // How often the rules run (--alert-evaluation-interval); 0: only when evaluate_now() is called (tests).
  std::int64_t evaluation_interval_ms = 1000;
  // How far back the stored alert events are read at start.
  std::int64_t reload_lookback_ms = 7LL * 24 * 3'600'000;
  // Called after an evaluation that changed the alerts (fired, resolved, or new figures in a firing one's
  // text), with every firing alert; on the evaluation thread, never two at once.
  std::function<void(const std::vector<analyze::Alert>&)> on_alerts_changed;
  std::function<void(const std::string&)> log;  // may be empty
};

// The figures GET /metrics shows.
struct AlertMetrics {
  std::map<std::string, std::size_t> firing_by_name;  // every alert name, 0 included
  std::uint64_t evaluations = 0;
  double evaluation_seconds = 0;       // summed
  std::uint64_t alerts_fired = 0;
  double detection_delay_seconds = 0;  // summed over fired alerts: from the first bad sample to the alert
  std::uint64_t store_failures = 0;    // event batches the store refused (the alerts still work)
};

class AlertService {
 public:
  // Reloads the stored alerts (a store failure is logged, and the engine starts empty) and starts the
  // evaluation thread.
  AlertService(store::Store& store, std::shared_ptr<const Clock> clock, AlertServiceOptions options);
  ~AlertService();  // stop()
  AlertService(const AlertService&) = delete;
  AlertService& operator=(const AlertService&) = delete;

  void ingest(const store::Batch& batch);  // a batch the store accepted
  void evaluate_now();
  // Firing alerts; with `include_resolved`, also those resolved within the last hour.
  std::vector<analyze::Alert> alerts(bool include_resolved) const;
  AlertMetrics metrics() const;
  void stop();

 private:
  void run();

  store::Store& store_;
  std::shared_ptr<const Clock> clock_;
  AlertServiceOptions options_;
  mutable std::mutex engine_mutex_;  // the engine, the metrics
  analyze::AlertEngine engine_;
  AlertMetrics metrics_;
  std::mutex evaluation_mutex_;  // one evaluation (and its store write and callback) at a time
  std::uint64_t event_sequence_ = 0;
  std::mutex stop_mutex_;
  std::condition_variable stop_signal_;
  bool stopping_ = false;
  std::thread thread_;
};

// The server's alert figures as Prometheus text (appended to GET /metrics). Pure.
std::string render_alert_metrics(const AlertMetrics& metrics);

}  // namespace netkeel::server
