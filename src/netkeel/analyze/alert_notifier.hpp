#pragma once
// Sends the alert engine's alerts to every configured Alertmanager and webhook, as Prometheus does: the
// engine hands over its whole current list whenever it changes (update), a tick every second or so sends
// the resends that are due (AlertSendSchedule decides both), and each destination gets every alert through
// its own thread and bounded queue (DestinationWorker), so one dead or slow destination delays no other.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "netkeel/analyze/alert.hpp"
#include "netkeel/analyze/alert_send_schedule.hpp"
#include "netkeel/analyze/destination_worker.hpp"
#include "netkeel/analyze/notification_target.hpp"
#include "netkeel/analyze/notifier_counts.hpp"
#include "netkeel/core/clock.hpp"

namespace netkeel::analyze {

struct AlertNotifierOptions {
  AlertSendTimes times;
  AlertLinks links;
  std::size_t queue_capacity = 10'000;  // alerts waiting per destination (Prometheus' default queue size)
  // One line per alert that fires or resolves (name, fingerprint, summary) and per destination that fails
  // or recovers; may be empty.
  std::function<void(const std::string&)> log;
};

class AlertNotifier {
 public:
  AlertNotifier(const Clock& clock, std::vector<std::unique_ptr<NotificationTarget>> targets, AlertNotifierOptions options);
  ~AlertNotifier();  // stop()
  AlertNotifier(const AlertNotifier&) = delete;
  AlertNotifier& operator=(const AlertNotifier&) = delete;

  // The engine's whole current list of alerts (firing ones, and resolved ones it still lists); an alert
  // that was firing and is no longer listed is resolved now. Sends what is due at once; never waits on
  // the network. Thread-safe.
  void update(const std::vector<Alert>& alerts);

  // Sends the resends that are due now. Thread-safe; start_ticking() calls it from its own thread.
  void tick();

  // A thread that calls tick() every `period` until stop().
  void start_ticking(std::chrono::milliseconds period = std::chrono::seconds(1));

  // Returns once every destination has tried to deliver everything handed to it so far.
  void wait_idle();

  // Ends the ticking thread and every destination's thread. Safe to call twice.
  void stop();

  NotifierCounts counts() const;
  std::size_t destinations() const { return workers_.size(); }

 private:
  SendMoment moment() const;
  void submit(const std::vector<OutgoingAlert>& due);

  const Clock& clock_;
  std::function<void(const std::string&)> log_;
  std::mutex schedule_mutex_;
  AlertSendSchedule schedule_;
  std::vector<std::unique_ptr<DestinationWorker>> workers_;
  std::mutex ticker_mutex_;
  std::condition_variable ticker_wake_;
  bool stopping_ = false;
  std::thread ticker_;
};

}  // namespace netkeel::analyze
