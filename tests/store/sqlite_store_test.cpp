#include "netkeel/store/sqlite_store.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "netkeel/core/error.hpp"
#include "netkeel/store/store_factory.hpp"
#include "store/store_conformance.hpp"
#include "support/temporary_directory.hpp"

namespace netkeel::store {
namespace {

using testing::as_pairs;
using testing::BatchBuilder;
using testing::rtt_series;
using testing::select;
using TempDir = netkeel::testing::TemporaryDirectory;

struct SqliteFactory {
  TempDir dir;
  std::unique_ptr<Store> open() { return std::make_unique<SqliteStore>(dir.file("store.db")); }
};

// The same suite with tiny chunks and a checkpoint after every write: exercises sealing, out-of-order
// chunks and the upsert of partly written head chunks.
struct SqliteTinyChunksFactory {
  TempDir dir;
  std::unique_ptr<Store> open() {
    SqliteStoreOptions options;
    options.chunk_samples = 3;
    options.checkpoint_log_bytes = 1;
    return std::make_unique<SqliteStore>(dir.file("store.db"), options);
  }
};

// Small chunks with a restart point every 3 samples: windows that start inside a chunk decode from a restart.
struct SqliteRestartsFactory {
  TempDir dir;
  std::unique_ptr<Store> open() {
    SqliteStoreOptions options;
    options.chunk_samples = 20;
    options.restart_samples = 3;
    options.checkpoint_log_bytes = 1;
    return std::make_unique<SqliteStore>(dir.file("store.db"), options);
  }
};

// The probe matrix read from the chunks alone (no in-memory windows), and with windows of 20 s only, so
// that the suite's matrices come from memory, from the chunks, or (a window reaching back further) both ways.
template <std::int64_t MatrixMemoryMs>
struct SqliteMatrixMemoryFactory {
  TempDir dir;
  std::unique_ptr<Store> open() {
    SqliteStoreOptions options;
    options.matrix_memory_ms = MatrixMemoryMs;
    options.chunk_samples = 20;
    options.checkpoint_log_bytes = 1;
    return std::make_unique<SqliteStore>(dir.file("store.db"), options);
  }
};
using SqliteMatrixFromChunksFactory = SqliteMatrixMemoryFactory<0>;
using SqliteShortMatrixMemoryFactory = SqliteMatrixMemoryFactory<20'000>;

}  // namespace

namespace testing {
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, StoreConformance, ::testing::Types<SqliteFactory>);
INSTANTIATE_TYPED_TEST_SUITE_P(SqliteMatrixFromChunks, StoreConformance, ::testing::Types<SqliteMatrixFromChunksFactory>);
INSTANTIATE_TYPED_TEST_SUITE_P(SqliteShortMatrixMemory, StoreConformance, ::testing::Types<SqliteShortMatrixMemoryFactory>);
INSTANTIATE_TYPED_TEST_SUITE_P(SqliteTinyChunks, StoreConformance, ::testing::Types<SqliteTinyChunksFactory>);
INSTANTIATE_TYPED_TEST_SUITE_P(SqliteRestarts, StoreConformance, ::testing::Types<SqliteRestartsFactory>);
}  // namespace testing

namespace {

std::vector<std::pair<TimestampMs, double>> raw_points(Store& store, const Series& s) {
  const auto result = store.query_range(RangeQuery{select(s.metric), std::numeric_limits<TimestampMs>::min(),
                                                   std::numeric_limits<TimestampMs>::max(), 0, Aggregation::avg});
  return result.empty() ? std::vector<std::pair<TimestampMs, double>>{} : as_pairs(result.at(0).points);
}

// Writes in a child process that then dies without running any destructor (no checkpoint): what
// write() returned for must be in the file.
void write_then_die(const std::string& path, const std::vector<Batch>& batches, bool checkpoint_first_half) {
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto* store = new SqliteStore(path);  // leaked on purpose: _exit skips its destructor
    for (std::size_t i = 0; i < batches.size(); ++i) {
      store->write(batches[i]);
      if (checkpoint_first_half && i + 1 == batches.size() / 2) store->checkpoint();
    }
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(child, waitpid(child, &status, 0));
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

std::vector<Batch> numbered_batches(const Series& s, int count) {
  std::vector<Batch> batches;
  for (int i = 0; i < count; ++i) {
    batches.push_back(BatchBuilder("a", static_cast<std::uint64_t>(i)).sample(s, i * 1000, i).build());
  }
  return batches;
}

// The size /metrics shows (netkeel_server_store_bytes): the database's pages grow with the data.
TEST(SqliteStore, ItsSizeOnDiskGrowsWithTheData) {
  TempDir dir;
  SqliteStore store(dir.file("store.db"));
  const std::uint64_t empty = store.size_bytes();
  EXPECT_GT(empty, 0u) << "the schema's pages";
  const Series s = rtt_series("a", "b");
  BatchBuilder b("a", 1);
  for (TimestampMs t = 1000; t <= 20'000'000; t += 1000) b.sample(s, t, static_cast<double>(t % 7919) / 1000.0);
  ASSERT_EQ(WriteOutcome::stored, store.write(b.build()));
  EXPECT_GT(store.size_bytes(), empty);
}

TEST(SqliteStore, AcknowledgedWritesSurviveAProcessCrashBeforeAnyCheckpoint) {
  TempDir dir;
  const Series s = rtt_series("a", "b");
  write_then_die(dir.file("store.db"), numbered_batches(s, 10), false);
  SqliteStore store(dir.file("store.db"));
  EXPECT_EQ(10u, raw_points(store, s).size());
  EXPECT_EQ(WriteOutcome::duplicate, store.write(numbered_batches(s, 10)[3]));
}

TEST(SqliteStore, CrashAfterACheckpointNeitherLosesNorDuplicatesSamples) {
  TempDir dir;
  const Series s = rtt_series("a", "b");
  write_then_die(dir.file("store.db"), numbered_batches(s, 10), true);
  {
    SqliteStore store(dir.file("store.db"));
    const auto points = raw_points(store, s);
    ASSERT_EQ(10u, points.size());
    for (int i = 0; i < 10; ++i) EXPECT_EQ((std::pair<TimestampMs, double>{i * 1000, i}), points[i]);
    store.write(BatchBuilder("a", 99).sample(s, 10'000, 10).build());
  }
  SqliteStore reopened(dir.file("store.db"));
  EXPECT_EQ(11u, raw_points(reopened, s).size());
}

TEST(SqliteStore, CheckpointEmptiesTheHeadLog) {
  TempDir dir;
  SqliteStore store(dir.file("store.db"));
  const Series s = rtt_series("a", "b");
  store.write(numbered_batches(s, 3)[0]);
  EXPECT_GT(store.head_log_bytes(), 0u);
  store.checkpoint();
  EXPECT_EQ(0u, store.head_log_bytes());
  EXPECT_EQ(1u, raw_points(store, s).size());
}

SqliteStoreOptions small_policy() {
  SqliteStoreOptions options;
  options.retention.raw_retention_ms = 10 * minute_ms;
  options.retention.rollups = {{minute_ms, hour_ms}, {hour_ms, 10 * day_ms}};
  options.retention.event_retention_ms = hour_ms;
  options.retention.batch_id_retention_ms = hour_ms;
  return options;
}

TEST(SqliteStore, MaintenanceRollsUpThenDeletesRawDataPastRetention) {
  TempDir dir;
  SqliteStore store(dir.file("store.db"), small_policy());
  const Series s = make_series("netkeel_link_rx_bytes_total", {{"host", "a"}});
  // 30 minutes of 1 Hz data from t0; value = second index.
  const TimestampMs t0 = 1'700'000'000'000 / hour_ms * hour_ms;
  for (int minute = 0; minute < 30; ++minute) {
    BatchBuilder b("a", static_cast<std::uint64_t>(minute));
    for (int second = 0; second < 60; ++second) {
      b.sample(s, t0 + minute * minute_ms + second * 1000, minute * 60 + second);
    }
    store.write(b.build());
  }
  const TimestampMs now = t0 + 30 * minute_ms;
  const MaintenanceReport report = store.maintain(now);
  EXPECT_EQ(30u, report.rollup_buckets_written);  // 30 one-minute buckets; the hour is not complete yet
  EXPECT_GT(report.raw_chunks_deleted, 0u);

  // Raw samples older than now - 10 min are gone...
  const auto raw = raw_points(store, s);
  ASSERT_FALSE(raw.empty());
  EXPECT_EQ(now - 10 * minute_ms, raw.front().first);
  EXPECT_EQ(600u, raw.size());
  // ...and a step query over the whole range answers from the 1-minute rollup before that.
  const auto per_minute = store.query_range(RangeQuery{select(s.metric), t0, now - 1, minute_ms, Aggregation::avg});
  ASSERT_EQ(1u, per_minute.size());
  ASSERT_EQ(30u, per_minute[0].points.size());
  for (int minute = 0; minute < 30; ++minute) {
    EXPECT_EQ(t0 + minute * minute_ms, per_minute[0].points[minute].timestamp_ms);
    EXPECT_DOUBLE_EQ(minute * 60 + 29.5, per_minute[0].points[minute].value) << minute;
  }
  const auto per_ten = store.query_range(RangeQuery{select(s.metric), t0, now - 1, 10 * minute_ms, Aggregation::max});
  EXPECT_THAT(as_pairs(per_ten.at(0).points),
              ::testing::ElementsAre(std::pair{t0, 599.0}, std::pair{t0 + 10 * minute_ms, 1199.0},
                                     std::pair{t0 + 20 * minute_ms, 1799.0}));

  // Running maintenance again at the same time changes nothing.
  const MaintenanceReport again = store.maintain(now);
  EXPECT_EQ(0u, again.rollup_buckets_written);
  EXPECT_EQ(0u, again.raw_chunks_deleted);
}

TEST(SqliteStore, RollupsExpireByLevelAndCoarserLevelsAnswerOlderRanges) {
  TempDir dir;
  SqliteStore store(dir.file("store.db"), small_policy());
  const Series s = make_series("netkeel_test_value", {});
  const TimestampMs t0 = 1'700'000'000'000 / hour_ms * hour_ms;
  // One sample a minute for 3 hours.
  for (int minute = 0; minute < 180; ++minute) {
    store.write(BatchBuilder("a", static_cast<std::uint64_t>(minute)).sample(s, t0 + minute * minute_ms, minute).build());
  }
  store.maintain(t0 + 3 * hour_ms);  // minute rollups for 3 h (kept 1 h), hour rollups for 3 h
  const MaintenanceReport later = store.maintain(t0 + 5 * hour_ms);
  EXPECT_GT(later.rollup_buckets_deleted, 0u);
  // At t0+5h the minute level keeps only the last hour (no data there), so the hour level answers.
  const auto hourly = store.query_range(RangeQuery{select(s.metric), t0, t0 + 3 * hour_ms - 1, hour_ms, Aggregation::sum});
  EXPECT_THAT(as_pairs(hourly.at(0).points),
              ::testing::ElementsAre(std::pair{t0, 1770.0}, std::pair{t0 + hour_ms, 5370.0},
                                     std::pair{t0 + 2 * hour_ms, 8970.0}));
  EXPECT_TRUE(raw_points(store, s).empty());
}

TEST(SqliteStore, MaintenanceExpiresEventsAndBatchIds) {
  TempDir dir;
  SqliteStore store(dir.file("store.db"), small_policy());
  const Batch old_batch = BatchBuilder("a", 1).event(0, "a", "link_down", "eth0").build();
  store.write(old_batch);
  store.write(BatchBuilder("a", 2).event(2 * hour_ms, "a", "link_up", "eth0").build());
  const MaintenanceReport report = store.maintain(2 * hour_ms);
  EXPECT_EQ(1u, report.events_deleted);
  EXPECT_EQ(1u, report.batch_ids_deleted);
  EXPECT_EQ(1u, store.events(EventQuery{0, 3 * hour_ms}).events.size());
  // Past the dedup window a retried batch is stored again (its event is older than event retention).
  EXPECT_EQ(WriteOutcome::stored, store.write(old_batch));
}

// Runs SQL on a store's file directly (the store closed), as an old netkeel or a damaged disk would leave it.
void run_sql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(SQLITE_OK, sqlite3_open(path.c_str(), &db));
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  const std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  ASSERT_EQ(SQLITE_OK, rc) << message;
}

// 300 s of one pair's probes at 1 Hz: sent rises by 2 a second, lost by 1 every 10 s.
void write_probe_pair(Store& store) {
  for (int batch = 0; batch < 30; ++batch) {
    BatchBuilder b("a", static_cast<std::uint64_t>(batch + 1));
    for (int i = batch * 10; i < batch * 10 + 10; ++i) {
      const TimestampMs t = i * 1000;
      b.sample(testing::counter_series("netkeel_probe_sent_total", "a", "b"), t, 2.0 * i)
          .sample(testing::counter_series("netkeel_probe_lost_total", "a", "b"), t, i / 10)
          .sample(rtt_series("a", "b"), t, 0.001 * (i % 17));
    }
    store.write(b.build());
  }
}

TEST(SqliteStore, MatrixAddsWholeChunksFromTheirSummaryAndDecodesOnlyTheChunksTheWindowCuts) {
  TempDir dir;
  SqliteStoreOptions options;
  options.chunk_samples = 100;  // chunks [0, 99], [100, 199], [200, 299] seconds
  { SqliteStore store(dir.file("store.db"), options); write_probe_pair(store); }  // closing checkpoints
  // Damage the sent counter's chunk blobs: only a read that decodes them can notice.
  run_sql(dir.file("store.db"),
          "UPDATE chunks SET data = x'01' WHERE series_id IN "
          "(SELECT id FROM series WHERE metric = 'netkeel_probe_sent_total')");
  SqliteStore store(dir.file("store.db"), options);
  const ProbeMatrix whole = store.probe_matrix(ProbeMatrixQuery{"mgmt", 0, 299'000});
  ASSERT_EQ(1u, whole.pairs.size());
  EXPECT_EQ(598, whole.pairs[0].sent);
  EXPECT_EQ(29, whole.pairs[0].lost);
  const ProbeMatrix aligned = store.probe_matrix(ProbeMatrixQuery{"mgmt", 100'000, 199'000});
  EXPECT_EQ(198, aligned.pairs.at(0).sent);
  for (int attempt = 0; attempt < 2; ++attempt) {  // the error leaves no statement mid-query behind
    try {
      store.probe_matrix(ProbeMatrixQuery{"mgmt", 150'000, 299'000});  // cuts the second chunk
      FAIL() << "a cut chunk was not decoded";
    } catch (const RuntimeError& e) {
      EXPECT_THAT(e.what(), ::testing::HasSubstr("netkeel_probe_sent_total"));
      EXPECT_THAT(e.what(), ::testing::HasSubstr("is corrupt"));
    }
    EXPECT_EQ(598, store.probe_matrix(ProbeMatrixQuery{"mgmt", 0, 299'000}).pairs.at(0).sent);
    EXPECT_THROW(raw_points(store, testing::counter_series("netkeel_probe_sent_total", "a", "b")), RuntimeError);
  }
}

TEST(SqliteStore, AVersion1FileIsMigratedAndItsChunksWithoutSummaryAreDecoded) {
  TempDir dir;
  const std::string path = dir.file("store.db");
  SqliteStoreOptions options;
  options.chunk_samples = 100;
  ProbeMatrix before;
  {
    SqliteStore store(path, options);
    write_probe_pair(store);
    before = store.probe_matrix(ProbeMatrixQuery{"mgmt", 0, 299'000});
  }
  // What netkeel wrote before chunk summaries: no summary column, the index without it, version 1.
  run_sql(path,
          "DROP INDEX chunks_by_series; ALTER TABLE chunks DROP COLUMN summary; ALTER TABLE chunks DROP COLUMN restarts;"
          "CREATE INDEX chunks_by_series ON chunks(series_id, start_ts, end_ts);"
          "UPDATE meta SET value = 1 WHERE key = 'schema_version';");
  for (int open = 0; open < 2; ++open) {  // migrated on the first open, plain version 2 on the second
    SqliteStore store(path, options);
    const ProbeMatrix after = store.probe_matrix(ProbeMatrixQuery{"mgmt", 0, 299'000});
    ASSERT_EQ(1u, after.pairs.size());
    EXPECT_EQ(before.pairs[0].sent, after.pairs[0].sent);
    EXPECT_EQ(before.pairs[0].lost, after.pairs[0].lost);
    EXPECT_EQ(before.pairs[0].rtt_p99_seconds, after.pairs[0].rtt_p99_seconds);
    EXPECT_EQ(150, store.probe_matrix(ProbeMatrixQuery{"mgmt", 0, 75'000}).pairs.at(0).sent);
    store.write(BatchBuilder("a", 100 + static_cast<std::uint64_t>(open))
                    .sample(testing::counter_series("netkeel_probe_sent_total", "a", "b"), 300'000 + open * 1000, 600 + open)
                    .build());
  }
  SqliteStore store(path, options);
  EXPECT_EQ(601, store.probe_matrix(ProbeMatrixQuery{"mgmt", 0, 301'000}).pairs.at(0).sent);  // 598 + 2 + 1
}

TEST(SqliteStore, AFileOfAnUnknownSchemaVersionIsRefusedWithTheFix) {
  TempDir dir;
  { SqliteStore store(dir.file("store.db")); }
  run_sql(dir.file("store.db"), "UPDATE meta SET value = 9 WHERE key = 'schema_version';");
  try {
    SqliteStore store(dir.file("store.db"));
    FAIL() << "opened";
  } catch (const RuntimeError& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("schema version 9"));
    EXPECT_THAT(e.what(), ::testing::HasSubstr("use the matching netkeel or a new file"));
  }
}

TEST(SqliteStore, OpeningAnUnwritablePathNamesItAndTheFix) {
  try {
    SqliteStore store("/nonexistent-dir/x/store.db");
    FAIL() << "opened";
  } catch (const RuntimeError& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("sqlite:/nonexistent-dir/x/store.db"));
    EXPECT_THAT(e.what(), ::testing::HasSubstr("directory exists"));
  }
}

TEST(StoreFactory, OpensSqliteAndRejectsUnknownSpecs) {
  TempDir dir;
  auto store = open_store("sqlite:" + dir.file("f.db"));
  EXPECT_EQ(WriteOutcome::stored, store->write(BatchBuilder("a", 1).sample(rtt_series("a", "b"), 1, 1).build()));
  EXPECT_THROW(open_store("sqlite:"), UsageError);
  try {
    open_store("mysql://x");
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("use sqlite:PATH"));
  }
}

}  // namespace
}  // namespace netkeel::store
