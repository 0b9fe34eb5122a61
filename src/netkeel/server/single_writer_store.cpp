#include "netkeel/server/single_writer_store.hpp"

#include <chrono>

namespace netkeel::server {

// Records the call's duration also when it throws (a refused batch, a query cancelled at its deadline).
template <typename Call>
auto SingleWriterStore::timed(StoreOperation operation, Call&& call) {
  const SteadyTime start = clock_.now();
  struct Record {
    SingleWriterStore& self;
    StoreOperation operation;
    SteadyTime start;
    ~Record() {
      self.timings_.observe(operation, std::chrono::duration<double>(self.clock_.now() - start).count());
    }
  } record{*this, operation, start};
  return call();
}

store::WriteOutcome SingleWriterStore::write(const store::Batch& batch) {
  return timed(StoreOperation::write, [&] {
    std::lock_guard lock(write_mutex_);
    return inner_.write(batch);
  });
}

std::vector<store::SeriesPoints> SingleWriterStore::query_range(const store::RangeQuery& query) {
  return timed(StoreOperation::query_range, [&] { return inner_.query_range(query); });
}

std::vector<store::LatestValue> SingleWriterStore::latest(const store::SeriesSelector& selector) {
  return timed(StoreOperation::latest, [&] { return inner_.latest(selector); });
}

store::ProbeMatrix SingleWriterStore::probe_matrix(const store::ProbeMatrixQuery& query) {
  return timed(StoreOperation::probe_matrix, [&] { return inner_.probe_matrix(query); });
}

std::vector<store::HostLastSeen> SingleWriterStore::hosts() {
  return timed(StoreOperation::hosts, [&] { return inner_.hosts(); });
}

store::EventPage SingleWriterStore::events(const store::EventQuery& query) {
  return timed(StoreOperation::events, [&] { return inner_.events(query); });
}

store::MaintenanceReport SingleWriterStore::maintain(store::TimestampMs now_ms) {
  return timed(StoreOperation::maintain, [&] {
    std::lock_guard lock(write_mutex_);
    return inner_.maintain(now_ms);
  });
}

std::uint64_t SingleWriterStore::size_bytes() { return inner_.size_bytes(); }

}  // namespace netkeel::server
