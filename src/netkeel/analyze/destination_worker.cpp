#include "netkeel/analyze/destination_worker.hpp"

namespace netkeel::analyze {

DestinationWorker::DestinationWorker(std::unique_ptr<NotificationTarget> target, std::size_t queue_capacity,
                                     std::function<void(const std::string&)> log)
    : target_(std::move(target)), log_(std::move(log)), pending_(queue_capacity), thread_([this] { run(); }) {}

DestinationWorker::~DestinationWorker() { stop(); }

void DestinationWorker::submit(const std::vector<OutgoingAlert>& alerts) {
  if (alerts.empty()) return;
  std::lock_guard lock(mutex_);
  if (stopping_) return;
  counts_.alerts_dropped += pending_.add(alerts);
  fresh_ = true;
  wake_.notify_one();
}

void DestinationWorker::wait_idle() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [&] { return stopping_ || (!fresh_ && !delivering_); });
}

void DestinationWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  idle_.notify_all();
  if (thread_.joinable()) thread_.join();
}

DestinationCounts DestinationWorker::counts() const {
  std::lock_guard lock(mutex_);
  DestinationCounts counts = counts_;
  counts.queue_length = pending_.size();
  counts.queue_capacity = pending_.capacity();
  return counts;
}

void DestinationWorker::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return fresh_ || stopping_; });
    if (stopping_) return;
    fresh_ = false;
    const std::vector<OutgoingAlert> alerts = pending_.take_all();
    delivering_ = true;
    lock.unlock();
    const DeliveryResult result = target_->deliver(alerts);
    lock.lock();
    delivering_ = false;
    note(result);
    idle_.notify_all();
  }
}

void DestinationWorker::note(const DeliveryResult& result) {
  counts_.requests_sent += result.requests_sent;
  counts_.requests_failed += result.requests_failed;
  const std::size_t dropped = pending_.put_back(result.retry);
  counts_.alerts_dropped += dropped;
  const std::string name = to_string(target_->kind()) + " " + target_->url();
  if (result.requests_failed > 0 && !failing_) {
    failing_ = true;
    if (log_) {
      log_(name + ": delivery failed (" + result.last_error + "); " +
           (result.retry.empty() ? "the destination refused the alerts, not retried"
                                 : "retrying with the next send"));
    }
  } else if (result.requests_failed == 0 && failing_) {
    failing_ = false;
    if (log_) log_(name + ": delivering again");
  }
  if (dropped > 0 && log_) log_(name + ": queue full, dropped " + std::to_string(dropped) + " alerts");
}

}  // namespace netkeel::analyze
