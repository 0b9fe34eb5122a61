#pragma once
// The shipper's own loop (each daemon module owns its loop): it takes batches from the agent loop through a bounded
// queue, spools them (fsync) and ships them, so neither disk nor network ever delays a probe.
#include <thread>

#include "netkeel/agent/bounded_queue.hpp"
#include "netkeel/agent/log_line.hpp"
#include "netkeel/agent/shipper.hpp"
#include "netkeel/core/clock.hpp"
#include "netkeel/store/batch.hpp"

namespace netkeel::agent {

class ShipperThread {
 public:
  // Starts the thread at once.
  ShipperThread(Shipper& shipper, BoundedQueue<store::Batch>& batches, const Clock& clock, LogLine log);
  // Closes the queue, spools the batches still in it (nothing the agent measured is lost on a clean
  // stop) and joins.
  ~ShipperThread();
  ShipperThread(const ShipperThread&) = delete;
  ShipperThread& operator=(const ShipperThread&) = delete;

 private:
  void run();
  void spool(store::Batch batch);

  Shipper& shipper_;
  BoundedQueue<store::Batch>& batches_;
  const Clock& clock_;
  LogLine log_;
  std::thread thread_;
};

}  // namespace netkeel::agent
