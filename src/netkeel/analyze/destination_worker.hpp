#pragma once
// One destination's own thread and bounded queue: submit() never waits on the network, so a destination
// that hangs until its timeout or refuses every connection delays nobody else. What a failed delivery
// took goes back into the queue and leaves with the next submit (the next send of the schedule).
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "netkeel/analyze/notification_target.hpp"
#include "netkeel/analyze/pending_alerts.hpp"

namespace netkeel::analyze {

struct DestinationCounts {
  std::uint64_t requests_sent = 0;
  std::uint64_t requests_failed = 0;
  std::uint64_t alerts_dropped = 0;
  std::size_t queue_length = 0;
  std::size_t queue_capacity = 0;
};

class DestinationWorker {
 public:
  DestinationWorker(std::unique_ptr<NotificationTarget> target, std::size_t queue_capacity,
                    std::function<void(const std::string&)> log);
  ~DestinationWorker();  // stop()
  DestinationWorker(const DestinationWorker&) = delete;
  DestinationWorker& operator=(const DestinationWorker&) = delete;

  void submit(const std::vector<OutgoingAlert>& alerts);

  // Returns once everything submitted so far has had its delivery attempt (tests; a clean shutdown).
  void wait_idle();

  // Ends the thread after the delivery in progress (bounded by the target's timeout); what still waits is
  // not sent. Safe to call twice.
  void stop();

  DestinationCounts counts() const;
  DestinationKind kind() const { return target_->kind(); }

 private:
  void run();
  void note(const DeliveryResult& result);  // counts and logs; mutex_ held

  std::unique_ptr<NotificationTarget> target_;
  std::function<void(const std::string&)> log_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  PendingAlerts pending_;
  bool fresh_ = false;       // submitted since the last delivery began
  bool delivering_ = false;
  bool stopping_ = false;
  bool failing_ = false;     // the last delivery failed (logged once, until one succeeds)
  DestinationCounts counts_;
  std::thread thread_;  // last: starts once every member above exists
};

}  // namespace netkeel::analyze
