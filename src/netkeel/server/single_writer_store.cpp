#include "netkeel/server/single_writer_store.hpp"

namespace netkeel::server {

store::WriteOutcome SingleWriterStore::write(const store::Batch& batch) {
  std::lock_guard lock(write_mutex_);
  return inner_.write(batch);
}

std::vector<store::SeriesPoints> SingleWriterStore::query_range(const store::RangeQuery& query) {
  return inner_.query_range(query);
}

std::vector<store::LatestValue> SingleWriterStore::latest(const store::SeriesSelector& selector) {
  return inner_.latest(selector);
}

store::ProbeMatrix SingleWriterStore::probe_matrix(const store::ProbeMatrixQuery& query) {
  return inner_.probe_matrix(query);
}

std::vector<store::HostLastSeen> SingleWriterStore::hosts() { return inner_.hosts(); }

store::EventPage SingleWriterStore::events(const store::EventQuery& query) {
  return inner_.events(query);
}

store::MaintenanceReport SingleWriterStore::maintain(store::TimestampMs now_ms) {
  std::lock_guard lock(write_mutex_);
  return inner_.maintain(now_ms);
}

}  // namespace netkeel::server
