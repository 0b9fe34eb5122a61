#pragma once
// The scale-out store (`--store clickhouse://HOST:PORT/DB`): samples, series, events, batch ids and hosts
// in MergeTree tables netkeel creates on open, over ClickHouse's HTTP interface. Works with ClickHouse
// 18.16 (Debian 12) and current releases. Tables, retention, version notes and the limits of its
// idempotence: docs/store.md, "ClickHouse back end". Thread-safe: writes, maintenance and the probe matrix
// take one mutex; other queries take none.
#include <chrono>
#include <memory>
#include <string>

#include "netkeel/store/cardinality_limits.hpp"
#include "netkeel/store/clickhouse_endpoint.hpp"
#include "netkeel/store/retention_policy.hpp"
#include "netkeel/store/store.hpp"

namespace netkeel::http {
class HttpClient;
}

namespace netkeel::store {

struct ClickHouseStoreOptions {
  // Raw samples, events and batch ids expire by whole UTC days in maintain(); `rollups` is not used
  // (ClickHouse scans raw data fast enough; see docs/store.md).
  RetentionPolicy retention;
  std::chrono::milliseconds timeout{30'000};  // per HTTP request to ClickHouse (a query's deadline can cut it shorter)
  CardinalityLimits cardinality;  // new series per batch and series per agent host (counted since start)
  // Where refused batches are counted by limit (shared with whoever shows them); none: counted nowhere.
  std::shared_ptr<CardinalityRejections> rejections;
};

class ClickHouseStore final : public Store {
 public:
  // Creates the database and tables when missing and reads the series catalog. Throws RuntimeError when
  // the server cannot be reached or refuses.
  ClickHouseStore(ClickHouseEndpoint endpoint, std::shared_ptr<http::HttpClient> client,
                  ClickHouseStoreOptions options = {});
  ~ClickHouseStore() override;

  WriteOutcome write(const Batch& batch) override;
  std::vector<SeriesPoints> query_range(const RangeQuery& query) override;
  std::vector<LatestValue> latest(const SeriesSelector& selector) override;
  ProbeMatrix probe_matrix(const ProbeMatrixQuery& query) override;
  std::vector<HostLastSeen> hosts() override;
  EventPage events(const EventQuery& query) override;
  MaintenanceReport maintain(TimestampMs now_ms) override;
  std::uint64_t size_bytes() override;

  const std::string& server_version() const;  // SELECT version() at open, e.g. "18.16.1"

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace netkeel::store
