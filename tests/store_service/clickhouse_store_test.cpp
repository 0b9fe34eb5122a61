// The store conformance suite on a real ClickHouse (label `service`): start one with
//   scripts/clickhouse.sh start /tmp/netkeel-clickhouse
// or point NETKEEL_CLICKHOUSE_URL (default http://127.0.0.1:18123) at another, e.g. current ClickHouse from
//   scripts/clickhouse-current.sh start /tmp/netkeel-clickhouse-current   (http://127.0.0.1:18124). Each test works in a fresh
// database of its own (netkeel_test_<pid>_<n>), dropped afterwards.
#include "netkeel/store/clickhouse_store.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <string>

#include "netkeel/core/error.hpp"
#include "netkeel/http/http_client.hpp"
#include "netkeel/store/store_factory.hpp"
#include "store/store_conformance.hpp"

namespace netkeel::store {
namespace {

using testing::BatchBuilder;
using testing::rtt_series;
using testing::select;

std::string clickhouse_http_url() {
  const char* url = std::getenv("NETKEEL_CLICKHOUSE_URL");
  std::string out = url && *url ? url : "http://127.0.0.1:18123";
  while (!out.empty() && out.back() == '/') out.pop_back();
  return out;
}

// "http://HOST:PORT" -> "clickhouse://HOST:PORT/DB", the --store form.
std::string store_url(const std::string& database) {
  const std::string http = clickhouse_http_url();
  return "clickhouse://" + http.substr(http.find("://") + 3) + "/" + database;
}

std::string run_sql(const std::string& sql) {
  http::CurlHttpClient client;
  const http::Response r = client.send(http::Request{"POST", clickhouse_http_url() + "/", {}, sql});
  if (r.status != 200) throw RuntimeError("ClickHouse: " + sql + ": HTTP " + std::to_string(r.status) + ": " + r.body);
  return r.body;
}

// A database name no other test or run uses; dropped when the owner goes.
class ScratchDatabase {
 public:
  ScratchDatabase() {
    static std::atomic<int> counter{0};
    name_ = "netkeel_test_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
    run_sql("DROP DATABASE IF EXISTS " + name_);
  }
  ~ScratchDatabase() {
    try {
      run_sql("DROP DATABASE IF EXISTS " + name_);
    } catch (const std::exception&) {  // the server went away: nothing left to clean
    }
  }
  const std::string& name() const { return name_; }

 private:
  std::string name_;
};

struct ClickHouseFactory {
  ScratchDatabase database;
  std::unique_ptr<Store> open() { return open_store(store_url(database.name())); }
};

TEST(ClickHouseStoreService, ReportsTheServerVersion) {
  ScratchDatabase database;
  ClickHouseStore store(parse_clickhouse_url(store_url(database.name())), std::make_shared<http::CurlHttpClient>());
  EXPECT_THAT(store.server_version(), ::testing::MatchesRegex("[0-9]+\\.[0-9]+.*"));
}

TEST(ClickHouseStoreService, MaintainDropsWholeExpiredDaysOnly) {
  ScratchDatabase database;
  ClickHouseStoreOptions options;
  options.retention.raw_retention_ms = 2 * day_ms;
  options.retention.event_retention_ms = 3 * day_ms;
  options.retention.batch_id_retention_ms = 2 * day_ms;
  ClickHouseStore store(parse_clickhouse_url(store_url(database.name())), std::make_shared<http::CurlHttpClient>(),
                        options);
  const Series s = rtt_series("a", "b");
  const TimestampMs day0 = 20'000 * day_ms;  // a day boundary (UTC)
  store.write(BatchBuilder("a", 1).sample(s, day0 + 1000, 1).event(day0 + 1000, "a", "link_down", "old").build());
  store.write(BatchBuilder("a", 2).sample(s, day0 + day_ms + 1000, 2).build());
  store.write(BatchBuilder("a", 3).sample(s, day0 + 2 * day_ms + 1000, 3).build());

  // Now: day 3, 12:00. Raw keeps 2 days: the cutoff (day 1, 12:00) ends day 0 but not day 1.
  const MaintenanceReport report = store.maintain(day0 + 3 * day_ms + day_ms / 2);
  EXPECT_GE(report.raw_chunks_deleted, 1u);
  EXPECT_EQ(0u, report.events_deleted);  // events keep 3 days: the cutoff (day 0, 12:00) is inside day 0
  EXPECT_EQ(1u, report.batch_ids_deleted);
  const auto points = store.query_range(RangeQuery{select(s.metric), 0, day0 + 10 * day_ms, 0, Aggregation::avg});
  ASSERT_EQ(1u, points.size());
  EXPECT_THAT(testing::as_pairs(points[0].points),
              ::testing::ElementsAre(std::pair{day0 + day_ms + 1000, 2.0}, std::pair{day0 + 2 * day_ms + 1000, 3.0}));
  EXPECT_EQ(1u, store.events(EventQuery{0, day0 + 10 * day_ms}).events.size());
  // The expired batch id is forgotten: the same id is stored again.
  EXPECT_EQ(WriteOutcome::stored, store.write(BatchBuilder("a", 1).sample(s, day0 + 3 * day_ms, 4).build()));
  EXPECT_EQ(WriteOutcome::duplicate, store.write(BatchBuilder("a", 2).sample(s, day0 + 3 * day_ms, 4).build()));
}

TEST(ClickHouseStoreService, SamplesAndEventsStoredTwiceReadOnceAndAggregateOnceMerged) {
  // What a retry after a write that failed between the samples and the batch id leaves behind: every row
  // twice. Two batch ids with the same content leave the same.
  ScratchDatabase database;
  ClickHouseStore store(parse_clickhouse_url(store_url(database.name())), std::make_shared<http::CurlHttpClient>());
  const Series rtt = rtt_series("a", "b");
  const Series sent = testing::counter_series("netkeel_probe_sent_total", "a", "b");
  for (std::uint64_t sequence : {1, 2}) {
    store.write(BatchBuilder("a", sequence)
                    .sample(rtt, 1000, 1)
                    .sample(rtt, 2000, 3)
                    .sample(sent, 1000, 10)
                    .sample(sent, 2000, 15)
                    .event(1500, "a", "link_down", "x")
                    .build());
  }
  // Before any merge: raw samples, events and counter increases read once.
  const auto raw = store.query_range(RangeQuery{select(rtt.metric), 0, 10'000, 0, Aggregation::avg});
  ASSERT_EQ(1u, raw.size());
  EXPECT_THAT(testing::as_pairs(raw[0].points), ::testing::ElementsAre(std::pair{1000, 1.0}, std::pair{2000, 3.0}));
  EXPECT_EQ(1u, store.events(EventQuery{0, 10'000}).events.size());
  EXPECT_DOUBLE_EQ(5.0, store.probe_matrix(ProbeMatrixQuery{"mgmt", 0, 10'000}).pairs.at(0).sent);
  // Once ClickHouse has merged the parts (forced here), aggregates count each sample once too.
  run_sql("OPTIMIZE TABLE " + database.name() + ".samples FINAL");
  const auto sums = store.query_range(RangeQuery{select(rtt.metric), 0, 10'000, 10'000, Aggregation::sum});
  ASSERT_EQ(1u, sums.size());
  EXPECT_THAT(testing::as_pairs(sums[0].points), ::testing::ElementsAre(std::pair{0, 4.0}));
  const ProbeMatrix matrix = store.probe_matrix(ProbeMatrixQuery{"mgmt", 0, 10'000});
  ASSERT_EQ(1u, matrix.pairs.size());
  // Of {1, 3}, not {1, 1, 3, 3}; the matrix's percentiles come from a histogram, within 0.8% (docs/api.md).
  EXPECT_NEAR(2.0, matrix.pairs[0].rtt_p50_seconds, 2.0 * 0.008);
  EXPECT_DOUBLE_EQ(5.0, matrix.pairs[0].sent);
}

TEST(ClickHouseStoreService, HostNamesWithQuotesBackslashesAndControlBytesAreDataNotSql) {
  ScratchDatabase database;
  ClickHouseStore store(parse_clickhouse_url(store_url(database.name())), std::make_shared<http::CurlHttpClient>());
  const std::string host = std::string("it's\\x\n' OR 1=1 --\t\0end", 23);
  const Batch batch = BatchBuilder(host, 1).sample(rtt_series("a", "b"), 1000, 1).event(1000, host, "k", host).build();
  EXPECT_EQ(WriteOutcome::stored, store.write(batch));
  EXPECT_EQ(WriteOutcome::duplicate, store.write(batch));
  EXPECT_EQ(WriteOutcome::stored, store.write(BatchBuilder("it's", 1).sample(rtt_series("a", "b"), 2000, 1).build()));
  EXPECT_THAT(store.hosts(), ::testing::ElementsAre(HostLastSeen{"it's", 2000}, HostLastSeen{host, 1000}));
  ASSERT_EQ(1u, store.events(EventQuery{0, 5000}).events.size());
  EXPECT_EQ(host, store.events(EventQuery{0, 5000}).events[0].text);
}

TEST(ClickHouseStoreService, UnreachableServerIsARuntimeErrorNamingIt) {
  try {
    open_store("clickhouse://127.0.0.1:1/netkeel");
    FAIL() << "expected RuntimeError";
  } catch (const RuntimeError& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("http://127.0.0.1:1"));
    EXPECT_THAT(e.what(), ::testing::HasSubstr("is clickhouse-server running"));
  }
}

}  // namespace

namespace testing {
INSTANTIATE_TYPED_TEST_SUITE_P(ClickHouse, StoreConformance, ::testing::Types<ClickHouseFactory>);
}  // namespace testing

}  // namespace netkeel::store
