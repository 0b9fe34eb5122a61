#include "netkeel/analyze/alert_notifier.hpp"

namespace netkeel::analyze {

AlertNotifier::AlertNotifier(const Clock& clock, std::vector<std::unique_ptr<NotificationTarget>> targets,
                             AlertNotifierOptions options)
    : clock_(clock), log_(options.log), schedule_(options.times, options.links) {
  for (auto& target : targets) {
    workers_.push_back(std::make_unique<DestinationWorker>(std::move(target), options.queue_capacity, options.log));
  }
}

AlertNotifier::~AlertNotifier() { stop(); }

SendMoment AlertNotifier::moment() const { return {clock_.now(), unix_milliseconds(clock_.wall_now())}; }

void AlertNotifier::submit(const std::vector<OutgoingAlert>& due) {
  if (log_) {
    for (const auto& alert : due) {
      if (!alert.news) continue;
      const auto summary = alert.annotations.find("summary");
      log_("alert " + alert.labels.at("alertname") + " " + fingerprint_text(alert.fingerprint) +
           (alert.resolved ? " resolved" : " firing") +
           (summary == alert.annotations.end() ? "" : ": " + summary->second));
    }
  }
  for (auto& worker : workers_) worker->submit(due);
}

void AlertNotifier::update(const std::vector<Alert>& alerts) {
  std::lock_guard lock(schedule_mutex_);  // held while submitting, so destinations see sends in order
  submit(schedule_.update(alerts, moment()));
}

void AlertNotifier::tick() {
  std::lock_guard lock(schedule_mutex_);
  submit(schedule_.tick(moment()));
}

void AlertNotifier::start_ticking(std::chrono::milliseconds period) {
  std::lock_guard lock(ticker_mutex_);
  if (ticker_.joinable() || stopping_) return;
  ticker_ = std::thread([this, period] {
    std::unique_lock ticker_lock(ticker_mutex_);
    while (!ticker_wake_.wait_for(ticker_lock, period, [&] { return stopping_; })) {
      ticker_lock.unlock();
      tick();
      ticker_lock.lock();
    }
  });
}

void AlertNotifier::wait_idle() {
  for (auto& worker : workers_) worker->wait_idle();
}

void AlertNotifier::stop() {
  {
    std::lock_guard lock(ticker_mutex_);
    stopping_ = true;
  }
  ticker_wake_.notify_all();
  if (ticker_.joinable()) ticker_.join();
  for (auto& worker : workers_) worker->stop();
}

NotifierCounts AlertNotifier::counts() const {
  NotifierCounts total;
  for (const auto& worker : workers_) {
    const DestinationCounts counts = worker->counts();
    RequestCounts& kind = worker->kind() == DestinationKind::alertmanager ? total.alertmanager : total.webhook;
    kind.sent += counts.requests_sent;
    kind.failed += counts.requests_failed;
    total.dropped += counts.alerts_dropped;
    total.queue_length += counts.queue_length;
    total.queue_capacity += counts.queue_capacity;
  }
  return total;
}

}  // namespace netkeel::analyze
