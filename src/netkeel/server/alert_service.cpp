#include "netkeel/server/alert_service.hpp"

#include <algorithm>
#include <chrono>

#include "netkeel/analyze/rules.hpp"
#include "netkeel/analyze/stored_alerts.hpp"

namespace netkeel::server {
namespace {

const char* const kAlertNames[] = {analyze::kSustainedLoss, analyze::kGlitches,     analyze::kLinkDown,
                                   analyze::kLinkFlapping,  analyze::kBondDegraded, analyze::kHostDown,
                                   analyze::kPartition,     analyze::kMtuBlackhole, analyze::kVipUnreachable};

}  // namespace

AlertService::AlertService(store::Store& store, std::shared_ptr<const Clock> clock, AlertServiceOptions options)
    : store_(store), clock_(std::move(clock)), options_(std::move(options)), engine_(options_.rules, options_.topology) {
  for (const char* name : kAlertNames) metrics_.firing_by_name[name] = 0;
  const std::int64_t now = unix_milliseconds(clock_->wall_now());
  try {
    std::size_t unreadable = 0;
    engine_.restore(analyze::load_stored_alerts(store_, now, options_.reload_lookback_ms, &unreadable), now);
    if (unreadable > 0 && options_.log) {
      options_.log("alerts: " + std::to_string(unreadable) + " stored alert events are not alerts; skipped");
    }
  } catch (const std::exception& e) {
    if (options_.log) options_.log(std::string("alerts: cannot reload the stored alerts, starting without them: ") + e.what());
  }
  for (const analyze::Alert& alert : engine_.firing()) ++metrics_.firing_by_name[alert.name];
  if (options_.evaluation_interval_ms > 0) thread_ = std::thread([this] { run(); });
}

AlertService::~AlertService() { stop(); }

void AlertService::stop() {
  {
    std::lock_guard lock(stop_mutex_);
    stopping_ = true;
  }
  stop_signal_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void AlertService::run() {
  std::unique_lock lock(stop_mutex_);
  while (!stop_signal_.wait_for(lock, std::chrono::milliseconds(options_.evaluation_interval_ms), [this] { return stopping_; })) {
    lock.unlock();
    evaluate_now();
    lock.lock();
  }
}

void AlertService::ingest(const store::Batch& batch) {
  if (batch.id.agent_host == analyze::kServerEventHost) return;
  std::lock_guard lock(engine_mutex_);
  engine_.ingest(batch);
}

void AlertService::evaluate_now() {
  std::lock_guard serial(evaluation_mutex_);
  const std::int64_t now = unix_milliseconds(clock_->wall_now());
  const auto started = std::chrono::steady_clock::now();  // the cost itself, not a time the rules read
  analyze::Evaluation evaluation;
  std::vector<analyze::Alert> firing;
  {
    std::lock_guard lock(engine_mutex_);
    evaluation = engine_.evaluate(now);
    firing = engine_.firing();
    metrics_.evaluations += 1;
    metrics_.evaluation_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    for (auto& [name, count] : metrics_.firing_by_name) count = 0;
    for (const analyze::Alert& alert : firing) ++metrics_.firing_by_name[alert.name];
    for (const analyze::Alert& alert : evaluation.changes.fired) {
      metrics_.alerts_fired += 1;
      metrics_.detection_delay_seconds += std::max<std::int64_t>(0, now - alert.since_unix_ms) / 1000.0;
    }
  }
  if (!evaluation.events.empty()) {
    // Never the same batch id twice, also across restarts: the time in ms, or one more than the last.
    event_sequence_ = std::max<std::uint64_t>(event_sequence_ + 1, static_cast<std::uint64_t>(std::max<std::int64_t>(now, 0)));
    try {
      store_.write(analyze::server_events_batch(std::move(evaluation.events), event_sequence_));
    } catch (const std::exception& e) {
      std::lock_guard lock(engine_mutex_);
      metrics_.store_failures += 1;
      if (options_.log) options_.log(std::string("alerts: cannot store alert events (the alerts stay in memory): ") + e.what());
    }
  }
  if (evaluation.changes.any() && options_.on_alerts_changed) options_.on_alerts_changed(firing);
}

std::vector<analyze::Alert> AlertService::alerts(bool include_resolved) const {
  std::lock_guard lock(engine_mutex_);
  return include_resolved ? engine_.firing_and_resolved() : engine_.firing();
}

AlertMetrics AlertService::metrics() const {
  std::lock_guard lock(engine_mutex_);
  return metrics_;
}

std::string render_alert_metrics(const AlertMetrics& m) {
  std::string out;
  out += "# HELP netkeel_server_alerts_firing Alerts firing now, by name (docs/alerts.md).\n";
  out += "# TYPE netkeel_server_alerts_firing gauge\n";
  for (const auto& [name, count] : m.firing_by_name) {
    out += "netkeel_server_alerts_firing{alertname=\"" + name + "\"} " + std::to_string(count) + "\n";
  }
  const auto number = [](double value) { return std::to_string(value); };
  out += "# HELP netkeel_server_alert_evaluation_seconds Time the alert rules took per evaluation.\n";
  out += "# TYPE netkeel_server_alert_evaluation_seconds summary\n";
  out += "netkeel_server_alert_evaluation_seconds_sum " + number(m.evaluation_seconds) + "\n";
  out += "netkeel_server_alert_evaluation_seconds_count " + std::to_string(m.evaluations) + "\n";
  out += "# HELP netkeel_server_alert_detection_delay_seconds Time from an alert's first bad sample to the "
         "evaluation that fired it.\n";
  out += "# TYPE netkeel_server_alert_detection_delay_seconds summary\n";
  out += "netkeel_server_alert_detection_delay_seconds_sum " + number(m.detection_delay_seconds) + "\n";
  out += "netkeel_server_alert_detection_delay_seconds_count " + std::to_string(m.alerts_fired) + "\n";
  out += "# HELP netkeel_server_alert_store_failures_total Alert and glitch event batches the store refused.\n";
  out += "# TYPE netkeel_server_alert_store_failures_total counter\n";
  out += "netkeel_server_alert_store_failures_total " + std::to_string(m.store_failures) + "\n";
  return out;
}

}  // namespace netkeel::server
