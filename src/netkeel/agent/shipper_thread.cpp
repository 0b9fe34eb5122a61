#include "netkeel/agent/shipper_thread.hpp"

#include <algorithm>

namespace netkeel::agent {
namespace {

constexpr Nanoseconds kIdleWait = std::chrono::seconds(1);  // the longest nap when nothing is due

}  // namespace

ShipperThread::ShipperThread(Shipper& shipper, BoundedQueue<store::Batch>& batches, const Clock& clock, LogLine log)
    : shipper_(shipper), batches_(batches), clock_(clock), log_(std::move(log)), thread_([this] { run(); }) {}

ShipperThread::~ShipperThread() {
  batches_.close();
  thread_.join();
}

void ShipperThread::spool(store::Batch batch) {
  try {
    shipper_.spool_batch(std::move(batch));
  } catch (const std::exception& error) {
    log_(std::string("cannot spool a batch; it is lost: ") + error.what());
  }
}

void ShipperThread::run() {
  for (;;) {
    Nanoseconds wait = kIdleWait;
    if (const auto next = shipper_.next_attempt()) wait = std::clamp<Nanoseconds>(*next - clock_.now(), Nanoseconds(0), kIdleWait);
    if (auto batch = batches_.pop_for(wait)) {
      spool(std::move(*batch));
      continue;  // spool everything that waits before the next (possibly slow) send
    }
    if (batches_.closed()) break;
    shipper_.ship_one();
  }
  while (auto batch = batches_.try_pop()) spool(std::move(*batch));
}

}  // namespace netkeel::agent
