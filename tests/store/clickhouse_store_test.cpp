// The ClickHouse store's statements and its reading of answers, on a scripted HTTP client. The same store on
// a real ClickHouse runs the conformance suite in tests/store_service/ (label `service`).
#include "netkeel/store/clickhouse_store.hpp"
#include "netkeel/store/rtt_histogram.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fakes/http/fake_http_client.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/store/query_too_large.hpp"
#include "netkeel/store/row_binary.hpp"
#include "netkeel/store/series_hash.hpp"
#include "store/store_conformance.hpp"

namespace netkeel::store {
namespace {

using ::testing::HasSubstr;
using testing::BatchBuilder;
using testing::rtt_series;
using testing::select;

http::Response ok(std::string body = "") { return http::Response{200, std::move(body), "text/plain"}; }

std::string series_rows(const std::vector<std::pair<std::uint64_t, Series>>& rows) {
  RowBinaryWriter out;
  for (const auto& [id, s] : rows) {
    out.number<std::uint64_t>(id);
    out.string(s.metric);
    std::vector<std::string_view> names, values;
    for (const Label& l : s.labels) {
      names.push_back(l.name);
      values.push_back(l.value);
    }
    out.string_array(names);
    out.string_array(values);
  }
  return out.take();
}

class ClickHouseStoreUnit : public ::testing::Test {
 protected:
  std::shared_ptr<http::FakeHttpClient> client = std::make_shared<http::FakeHttpClient>();

  // Answers the statements of opening: the schema, the version, then the series catalog.
  std::unique_ptr<ClickHouseStore> open(std::string catalog = "") {
    for (int i = 0; i < 6; ++i) client->respond(ok());
    client->respond(ok("18.16.1\n"));
    client->respond(ok(std::move(catalog)));
    auto store = std::make_unique<ClickHouseStore>(ClickHouseEndpoint{"http://ch:8123", "nk"}, client);
    opened_requests = client->request_count();
    return store;
  }
  std::vector<http::Request> since_open() const {
    auto all = client->requests();
    return {all.begin() + static_cast<std::ptrdiff_t>(opened_requests), all.end()};
  }
  std::size_t opened_requests = 0;
};

TEST_F(ClickHouseStoreUnit, OpenCreatesTheSchemaAndReadsTheVersion) {
  auto store = open();
  EXPECT_EQ("18.16.1", store->server_version());
  const auto requests = client->requests();
  ASSERT_EQ(8u, requests.size());
  EXPECT_EQ("CREATE DATABASE IF NOT EXISTS nk", requests[0].body);
  for (const char* table : {"nk.samples", "nk.series", "nk.events", "nk.batches", "nk.hosts"}) {
    EXPECT_TRUE(std::any_of(requests.begin(), requests.end(), [&](const http::Request& r) {
      return r.body.starts_with(std::string("CREATE TABLE IF NOT EXISTS ") + table + " ");
    })) << table;
  }
  for (const auto& r : requests) {
    EXPECT_EQ("POST", r.method);
    EXPECT_THAT(r.url, ::testing::StartsWith("http://ch:8123/?"));
    EXPECT_THAT(r.body, ::testing::Not(HasSubstr(" TTL ")));  // 18.16 has no TTL
  }
  EXPECT_THAT(requests[1].body, HasSubstr("PARTITION BY toYYYYMMDD(date) ORDER BY (series_id, t)"));
}

TEST_F(ClickHouseStoreUnit, AStoredBatchIdIsADuplicateWithoutInserting) {
  auto store = open();
  RowBinaryWriter one;
  one.number<std::uint64_t>(1);
  client->respond(ok(one.take()));
  EXPECT_EQ(WriteOutcome::duplicate, store->write(BatchBuilder("web'1", 7).sample(rtt_series("a", "b"), 1000, 1).build()));
  const auto requests = since_open();
  ASSERT_EQ(1u, requests.size());
  EXPECT_THAT(requests[0].body, HasSubstr(R"(agent_host = 'web\'1' AND sequence = 7)"));
}

TEST_F(ClickHouseStoreUnit, ANewBatchInsertsSeriesSamplesHostAndIdLast) {
  auto store = open();
  RowBinaryWriter zero;
  zero.number<std::uint64_t>(0);
  client->respond(ok(zero.take()));
  client->respond_by_default(ok());
  const Series s = rtt_series("a", "b");
  const Batch batch = BatchBuilder("a", 1).sample(s, 1000, 0.5).sample(s, 2000, 0.25).build();
  EXPECT_EQ(WriteOutcome::stored, store->write(batch));
  const auto requests = since_open();
  ASSERT_EQ(5u, requests.size());
  EXPECT_THAT(requests[1].url, HasSubstr("query=INSERT%20INTO%20nk.series%20FORMAT%20RowBinary"));
  EXPECT_THAT(requests[2].url, HasSubstr("nk.samples"));
  EXPECT_EQ(2u * (2 + 8 + 8 + 8), requests[2].body.size());  // Date, series_id, t, value per sample
  RowBinaryReader sample(requests[2].body, "sample");
  EXPECT_EQ(0, sample.number<std::uint16_t>());
  EXPECT_EQ(series_hash(canonical_key(s)), sample.number<std::uint64_t>());
  EXPECT_EQ(1000, sample.number<std::int64_t>());
  EXPECT_EQ(0.5, sample.number<double>());
  EXPECT_THAT(requests[3].url, HasSubstr("nk.hosts"));
  EXPECT_THAT(requests[4].url, HasSubstr("nk.batches"));

  // The series is known now: the next batch does not insert it again.
  RowBinaryWriter zero_again;
  zero_again.number<std::uint64_t>(0);
  client->respond(ok(zero_again.take()));
  store->write(BatchBuilder("a", 2).sample(s, 3000, 1).build());
  const auto after = since_open();
  ASSERT_EQ(9u, after.size());
  EXPECT_THAT(after[6].url, HasSubstr("nk.samples"));
}

TEST_F(ClickHouseStoreUnit, RawReadsDropNotYetMergedTwinsAndSortByKey) {
  const Series ab = rtt_series("a", "b");
  const Series ac = rtt_series("a", "c");
  const std::uint64_t ab_id = series_hash(canonical_key(ab));
  const std::uint64_t ac_id = series_hash(canonical_key(ac));
  auto store = open();
  client->respond(ok(series_rows({{ac_id, ac}, {ab_id, ab}})));
  RowBinaryWriter rows;
  for (auto [id, t, v] : {std::tuple{ab_id, 1000, 1.0}, std::tuple{ab_id, 1000, 1.0}, std::tuple{ab_id, 2000, 2.0},
                          std::tuple{ac_id, 1000, 5.0}}) {
    rows.number<std::uint64_t>(id);
    rows.number<std::int64_t>(t);
    rows.number<double>(v);
  }
  client->respond(ok(rows.take()));
  const auto result = store->query_range(RangeQuery{select("netkeel_probe_rtt_seconds"), 0, 5000, 0, Aggregation::avg});
  ASSERT_EQ(2u, result.size());
  EXPECT_EQ(ab, result[0].series);
  EXPECT_THAT(testing::as_pairs(result[0].points), ::testing::ElementsAre(std::pair{1000, 1.0}, std::pair{2000, 2.0}));
  EXPECT_EQ(ac, result[1].series);
  const auto requests = since_open();
  EXPECT_THAT(requests[0].body, HasSubstr("WHERE metric IN ('netkeel_probe_rtt_seconds')"));
  EXPECT_THAT(requests[1].body, HasSubstr("t >= 0 AND t <= 5000"));
}

TEST_F(ClickHouseStoreUnit, WindowsBoundTheDayPartitionsToo) {
  const Series ab = rtt_series("a", "b");
  auto store = open();
  client->respond(ok(series_rows({{series_hash(canonical_key(ab)), ab}})));
  client->respond(ok());
  // 2025-11-25 23:59:00 to 2025-11-26 00:01:00 UTC.
  store->query_range(RangeQuery{select(ab.metric), 1'764'115'140'000, 1'764'115'260'000, 0, Aggregation::avg});
  client->respond(ok(series_rows({{series_hash(canonical_key(ab)), ab}})));
  client->respond(ok());
  store->query_range(RangeQuery{select(ab.metric), -5, 1000, 0, Aggregation::avg});  // clamped like `date` is
  client->respond(ok(series_rows({{series_hash(canonical_key(ab)), ab}})));
  client->respond(ok());
  // 18.16 parses no date string past 2105-12-31: that bound is left out.
  store->query_range(RangeQuery{select(ab.metric), 1000, std::numeric_limits<TimestampMs>::max(), 0, Aggregation::avg});
  const auto requests = since_open();
  EXPECT_THAT(requests[5].body, HasSubstr("WHERE series_id IN"));
  EXPECT_THAT(requests[5].body, HasSubstr("date >= '1970-01-01' AND t >= 1000 AND t <= 9223372036854775807"));
  EXPECT_THAT(requests[1].body, HasSubstr("date >= '2025-11-25' AND date <= '2025-11-26' AND t >= 1764115140000"));
  EXPECT_THAT(requests[3].body, HasSubstr("date >= '1970-01-01' AND date <= '1970-01-01' AND t >= -5 AND t <= 1000"));
}

TEST_F(ClickHouseStoreUnit, ProbeMatrixReadsUnsortedRowsOnceAndComputesTheMatrixItself) {
  const Series sent = testing::counter_series("netkeel_probe_sent_total", "a", "b");
  const Series lost = testing::counter_series("netkeel_probe_lost_total", "a", "b");
  const Series rtt = rtt_series("a", "b");
  const Series quiet = testing::counter_series("netkeel_probe_sent_total", "b", "a");
  const Series elsewhere = testing::counter_series("netkeel_probe_sent_total", "a", "b", "storage");
  auto id = [](const Series& s) { return series_hash(canonical_key(s)); };
  auto store = open();
  client->respond(ok(series_rows({{id(sent), sent}, {id(lost), lost}, {id(rtt), rtt}, {id(quiet), quiet}, {id(elsewhere), elsewhere}})));
  RowBinaryWriter rows;
  // Two data parts' rows interleaved, with a not-yet-merged twin of an RTT sample.
  for (auto [series, t, v] : std::vector<std::tuple<std::uint64_t, std::int64_t, double>>{
           {id(sent), 3000, 30}, {id(rtt), 2000, 0.002}, {id(sent), 1000, 10}, {id(rtt), 1000, 0.004},
           {id(lost), 1000, 1}, {id(sent), 2000, 5}, {id(rtt), 2000, 0.002}, {id(lost), 3000, 2}}) {
    rows.number<std::uint64_t>(series);
    rows.number<std::int64_t>(t);
    rows.number<double>(v);
  }
  client->respond(ok(rows.take()));
  const ProbeMatrix matrix = store->probe_matrix(ProbeMatrixQuery{"mgmt", 1000, 3000});
  ASSERT_EQ(2u, matrix.pairs.size());
  EXPECT_EQ("a", matrix.pairs[0].src);
  EXPECT_EQ(30, matrix.pairs[0].sent);  // 10 -> 5 (a reset: 5) -> 30 (25)
  EXPECT_EQ(1, matrix.pairs[0].lost);
  // Of {0.002, 0.004} (the twin counts once), through the RTT histogram's buckets.
  EXPECT_DOUBLE_EQ((rtt_bucket_value(rtt_bucket(0.002)) + rtt_bucket_value(rtt_bucket(0.004))) / 2,
                   matrix.pairs[0].rtt_p50_seconds);
  EXPECT_EQ("b", matrix.pairs[1].src);  // named by its series, no samples in the window
  EXPECT_EQ(0, matrix.pairs[1].sent);
  EXPECT_TRUE(std::isnan(matrix.pairs[1].rtt_p50_seconds));
  const auto requests = since_open();
  ASSERT_EQ(2u, requests.size());
  EXPECT_THAT(requests[1].body, ::testing::Not(HasSubstr("ORDER BY")));
  EXPECT_THAT(requests[1].body, ::testing::Not(HasSubstr(std::to_string(id(elsewhere)))));
  EXPECT_THAT(requests[1].body, HasSubstr("t >= 1000 AND t <= 3000"));
}

TEST_F(ClickHouseStoreUnit, ALargeProbeMatrixIsReadInBoundedQueries) {
  // 1,100 pairs x (sent, rtt) = 2,200 series: more than one query's 2,048.
  std::vector<std::pair<std::uint64_t, Series>> catalog;
  for (int pair = 0; pair < 1100; ++pair) {
    const std::string dst = "h" + std::to_string(pair);
    for (const Series& s : {testing::counter_series("netkeel_probe_sent_total", "a", dst), rtt_series("a", dst)}) {
      catalog.emplace_back(series_hash(canonical_key(s)), s);
    }
  }
  auto store = open();
  client->respond(ok(series_rows(catalog)));
  for (std::size_t first : {std::size_t{0}, std::size_t{2048}}) {  // each answer holds the rows of the series it asked for
    RowBinaryWriter rows;
    for (std::size_t i = first; i < std::min(catalog.size(), first + 2048); ++i) {
      const bool sent = i % 2 == 0;
      for (std::int64_t t : {1000, 2000}) {
        rows.number<std::uint64_t>(catalog[i].first);
        rows.number<std::int64_t>(t);
        rows.number<double>(sent ? static_cast<double>(t / 1000 * (i / 2 + 1)) : 0.001 * static_cast<double>(t / 1000));
      }
    }
    client->respond(ok(rows.take()));
  }
  const ProbeMatrix matrix = store->probe_matrix(ProbeMatrixQuery{"mgmt", 0, 5000});
  EXPECT_EQ(3u, since_open().size());  // the catalog, then two queries of rows
  ASSERT_EQ(1100u, matrix.pairs.size());
  for (const ProbePair& pair : matrix.pairs) {
    const int index = std::stoi(pair.dst.substr(1));
    EXPECT_EQ(index + 1, pair.sent) << pair.dst;
    EXPECT_NEAR(0.0015, pair.rtt_p50_seconds, 0.0015 / 128) << pair.dst;
  }
}

TEST_F(ClickHouseStoreUnit, LabelMatchersRunOnTheCatalogAndNoSampleQueryWhenNothingMatches) {
  const Series ab = rtt_series("a", "b");
  auto store = open();
  client->respond(ok(series_rows({{series_hash(canonical_key(ab)), ab}})));
  EXPECT_TRUE(store->query_range(RangeQuery{select("netkeel_probe_rtt_seconds", {LabelMatcher("dst", MatchOp::regex, "c|d")}),
                                            0, 5000, 0, Aggregation::avg})
                  .empty());
  EXPECT_EQ(1u, since_open().size());
}

TEST_F(ClickHouseStoreUnit, AQueryWithADeadlineTellsClickHouseAndTheHttpRequestTheTimeLeft) {
  const Series ab = rtt_series("a", "b");
  auto store = open();
  FakeClock clock;
  RangeQuery query{select("netkeel_probe_rtt_seconds"), 0, 5000, 0, Aggregation::avg};
  query.deadline = QueryDeadline(clock, clock.now() + std::chrono::milliseconds(2500));
  client->respond(ok(series_rows({{series_hash(canonical_key(ab)), ab}})));
  client->respond(ok());
  EXPECT_TRUE(store->query_range(query).empty());
  const auto requests = since_open();
  ASSERT_EQ(2u, requests.size());
  for (const http::Request& r : requests) {
    EXPECT_THAT(r.url, HasSubstr("max_execution_time=3"));  // whole seconds, rounded up
    EXPECT_EQ(std::chrono::milliseconds(2500), r.timeout);
  }
  // Past the deadline nothing more is sent.
  clock.advance(std::chrono::seconds(3));
  EXPECT_THROW(store->query_range(query), QueryTimedOut);
  EXPECT_EQ(2u, since_open().size());
}

TEST_F(ClickHouseStoreUnit, ARawQueryOverMaxPointsIsRefusedFromACountBeforeAnySampleIsRead) {
  const Series ab = rtt_series("a", "b");
  auto store = open();
  RangeQuery query{select("netkeel_probe_rtt_seconds"), 0, 5000, 0, Aggregation::avg};
  query.max_points = 1000;
  client->respond(ok(series_rows({{series_hash(canonical_key(ab)), ab}})));
  RowBinaryWriter count;
  count.number<std::uint64_t>(1001);
  client->respond(ok(count.take()));
  EXPECT_THROW(store->query_range(query), QueryTooLarge);
  const auto requests = since_open();
  ASSERT_EQ(2u, requests.size());
  EXPECT_THAT(requests[1].body, HasSubstr("SELECT toUInt64(count()) FROM nk.samples"));
}

TEST_F(ClickHouseStoreUnit, EventsAreReadAPageAtATimeFromTheCursor) {
  auto store = open();
  RowBinaryWriter rows;
  for (int i = 0; i < 3; ++i) {
    rows.number<std::int64_t>(2000);
    rows.string("a");
    rows.string("link_up");
    rows.string("e" + std::to_string(i));
  }
  client->respond(ok(rows.take()));
  EventQuery query{0, 9000};
  query.host = "a";
  query.after = EventCursor{2000, 4};
  query.limit = 2;
  const EventPage page = store->events(query);
  ASSERT_EQ(2u, page.events.size());
  EXPECT_EQ((EventCursor{2000, 6}), page.next);  // 4 skipped before, 2 on this page, all at 2000
  const std::string sql = since_open().at(0).body;
  EXPECT_THAT(sql, HasSubstr("t >= 2000 AND t <= 9000 AND host = 'a'"));
  EXPECT_THAT(sql, HasSubstr("ORDER BY t, host, kind, text LIMIT 4, 3"));
}

TEST_F(ClickHouseStoreUnit, ABatchOverTheNewSeriesLimitIsRefusedBeforeAnythingIsInserted) {
  auto store = std::unique_ptr<ClickHouseStore>();
  for (int i = 0; i < 6; ++i) client->respond(ok());
  client->respond(ok("18.16.1\n"));
  client->respond(ok());
  ClickHouseStoreOptions options;
  options.cardinality = {1, 10};
  options.rejections = std::make_shared<CardinalityRejections>();
  store = std::make_unique<ClickHouseStore>(ClickHouseEndpoint{"http://ch:8123", "nk"}, client, options);
  opened_requests = client->request_count();
  RowBinaryWriter unseen;
  unseen.number<std::uint64_t>(0);
  client->respond(ok(unseen.take()));
  Batch two = BatchBuilder("a", 1).sample(rtt_series("a", "b"), 1000, 1).sample(rtt_series("a", "c"), 1000, 1).build();
  EXPECT_THROW(store->write(two), SeriesLimitExceeded);
  EXPECT_EQ(1u, since_open().size());  // the batch id lookup only: no INSERT
  EXPECT_EQ(1u, options.rejections->new_series_per_batch.load());
}

TEST_F(ClickHouseStoreUnit, ServerErrorsNameTheServerTheStatementAndClickHousesMessage) {
  auto store = open();
  client->respond(http::Response{500, "Code: 60, e.displayText() = DB::Exception: Table nk.batches doesn't exist.\nstack", ""});
  try {
    store->write(BatchBuilder("a", 1).sample(rtt_series("a", "b"), 1000, 1).build());
    FAIL();
  } catch (const RuntimeError& e) {
    EXPECT_THAT(e.what(), HasSubstr("http://ch:8123"));
    EXPECT_THAT(e.what(), HasSubstr("look up the batch id"));
    EXPECT_THAT(e.what(), HasSubstr("HTTP 500: Code: 60"));
    EXPECT_THAT(e.what(), HasSubstr("Table nk.batches doesn't exist."));
    EXPECT_THAT(e.what(), ::testing::Not(HasSubstr("stack")));
  }
  client->fail("Connection refused");
  try {
    store->hosts();
    FAIL();
  } catch (const RuntimeError& e) {
    EXPECT_THAT(e.what(), HasSubstr("Connection refused"));
    EXPECT_THAT(e.what(), HasSubstr("is clickhouse-server running there?"));
  }
}

TEST_F(ClickHouseStoreUnit, TwoKeysWithOneIdAreRefusedNotMerged) {
  const Series stored = rtt_series("a", "b");
  const Series incoming = rtt_series("x", "y");
  // The catalog claims `stored` under the id `incoming` hashes to: a collision, as the store sees it.
  auto store = open(series_rows({{series_hash(canonical_key(incoming)), stored}}));
  RowBinaryWriter zero;
  zero.number<std::uint64_t>(0);
  client->respond(ok(zero.take()));
  try {
    store->write(BatchBuilder("a", 1).sample(incoming, 1000, 1).build());
    FAIL();
  } catch (const RuntimeError& e) {
    EXPECT_THAT(e.what(), HasSubstr("share the 64-bit id"));
  }
}

TEST_F(ClickHouseStoreUnit, InvalidBatchesAreRejectedBeforeAnyStatement) {
  auto store = open();
  EXPECT_THROW(store->write(BatchBuilder("", 1).sample(rtt_series("a", "b"), 1, 1).build()), InvalidBatch);
  EXPECT_TRUE(since_open().empty());
}

TEST_F(ClickHouseStoreUnit, MaintainDropsOnlyExpiredDaysOfItsOwnTables) {
  auto store = open();
  RowBinaryWriter parts;
  auto part = [&](const char* table, const char* partition, std::uint64_t count, std::uint64_t rows) {
    parts.string(table);
    parts.string(partition);
    parts.number<std::uint64_t>(count);
    parts.number<std::uint64_t>(rows);
  };
  part("batches", "19700101", 1, 3);
  part("events", "19700101", 1, 2);
  part("samples", "19700101", 2, 100);
  part("samples", "19700109", 1, 50);
  client->respond(ok(parts.take()));
  client->respond_by_default(ok());
  // Now: day 8 + 1 ms. Raw keeps 7 days (cutoff inside day 1), events 30, batch ids 7.
  const MaintenanceReport report = store->maintain(8 * day_ms + 1);
  EXPECT_EQ(2u, report.raw_chunks_deleted);
  EXPECT_EQ(0u, report.events_deleted);
  EXPECT_EQ(3u, report.batch_ids_deleted);
  const auto requests = since_open();
  ASSERT_EQ(3u, requests.size());
  EXPECT_EQ("ALTER TABLE nk.batches DROP PARTITION 19700101", requests[1].body);
  EXPECT_EQ("ALTER TABLE nk.samples DROP PARTITION 19700101", requests[2].body);
}

}  // namespace
}  // namespace netkeel::store
