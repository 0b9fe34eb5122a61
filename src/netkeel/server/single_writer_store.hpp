#pragma once
// The server's view of its store: at most one write() at a time, whatever the number of HTTP worker
// threads, so batches reach the back end in the order they were accepted and a back end never sees two
// concurrent writers. Reads pass straight through (both back ends are thread-safe). Every call is timed
// into TIMINGS (store_timings.hpp).
#include <mutex>

#include "netkeel/core/clock.hpp"
#include "netkeel/server/store_timings.hpp"
#include "netkeel/store/store.hpp"

namespace netkeel::server {

class SingleWriterStore final : public store::Store {
 public:
  SingleWriterStore(store::Store& inner, StoreTimings& timings, const Clock& clock)
      : inner_(inner), timings_(timings), clock_(clock) {}

  store::WriteOutcome write(const store::Batch& batch) override;
  std::vector<store::SeriesPoints> query_range(const store::RangeQuery& query) override;
  std::vector<store::LatestValue> latest(const store::SeriesSelector& selector) override;
  store::ProbeMatrix probe_matrix(const store::ProbeMatrixQuery& query) override;
  std::vector<store::HostLastSeen> hosts() override;
  store::EventPage events(const store::EventQuery& query) override;
  store::MaintenanceReport maintain(store::TimestampMs now_ms) override;  // a writer too
  std::uint64_t size_bytes() override;

 private:
  template <typename Call>
  auto timed(StoreOperation operation, Call&& call);

  store::Store& inner_;
  StoreTimings& timings_;
  const Clock& clock_;
  std::mutex write_mutex_;
};

}  // namespace netkeel::server
