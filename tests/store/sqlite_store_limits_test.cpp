// The SQLite store under hostile queries and batches: matching without the store's mutex, the points cap
// checked before any chunk is decoded, deadlines, and the cardinality limits.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <filesystem>
#include <future>
#include <mutex>

#include "fakes/core/fake_clock.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/store/cardinality_limits.hpp"
#include "netkeel/store/query_too_large.hpp"
#include "netkeel/store/sqlite_database.hpp"
#include "netkeel/store/sqlite_store.hpp"
#include "store/store_conformance.hpp"
#include "support/advancing_clock.hpp"
#include "support/temporary_directory.hpp"

namespace netkeel::store {
namespace {

using ::testing::HasSubstr;
using testing::BatchBuilder;
using testing::rtt_series;
using testing::select;
using TempDir = netkeel::testing::TemporaryDirectory;
using netkeel::testing::AdvancingClock;

// A clock whose first reading, once armed, waits until the test releases it: a query that reads its
// deadline while matching series stops right there, and the test looks at what the store does meanwhile.
class GatedClock final : public Clock {
 public:
  SteadyTime now() const override {
    std::unique_lock lock(mutex_);
    if (armed_) {
      armed_ = false;
      entered_ = true;
      changed_.notify_all();
      changed_.wait(lock, [&] { return released_; });
    }
    return time_.now();
  }
  WallTime wall_now() const override { return time_.wall_now(); }
  void sleep_for(Nanoseconds duration) const override { time_.sleep_for(duration); }
  void arm() {
    std::lock_guard lock(mutex_);
    armed_ = true;
  }
  bool wait_until_entered(std::chrono::seconds timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return entered_; });
  }
  void release() {
    std::lock_guard lock(mutex_);
    released_ = true;
    changed_.notify_all();
  }

 private:
  FakeClock time_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  mutable bool armed_ = false;
  mutable bool entered_ = false;
  bool released_ = false;
};

TEST(SqliteStoreLimits, SeriesAreMatchedWithoutTheStoresMutexSoAWriteGoesOnMeanwhile) {
  TempDir dir;
  SqliteStore store(dir.file("store.db"));
  store.write(BatchBuilder("a", 1).sample(rtt_series("a", "b"), 1000, 1).build());

  GatedClock clock;
  RangeQuery query{select("netkeel_probe_rtt_seconds", {LabelMatcher("dst", MatchOp::regex, ".*")}), 0, 10'000, 0,
                   Aggregation::avg};
  query.deadline = QueryDeadline(clock, clock.now() + std::chrono::hours(1));
  clock.arm();
  auto matching = std::async(std::launch::async, [&] { return store.query_range(query); });
  ASSERT_TRUE(clock.wait_until_entered(std::chrono::seconds(10)));  // the query is matching series now
  auto writing = std::async(std::launch::async, [&] {
    return store.write(BatchBuilder("a", 2).sample(rtt_series("a", "c"), 2000, 2).build());
  });
  // The client's deadline for the write: it must not wait for the matching to end.
  const bool written = writing.wait_for(std::chrono::seconds(1)) == std::future_status::ready;
  clock.release();
  EXPECT_TRUE(written) << "the write waited for a query's matching";
  EXPECT_EQ(WriteOutcome::stored, writing.get());
  EXPECT_EQ(1u, matching.get().size());  // it matched the series it listed before the write
  EXPECT_EQ(2u, store.query_range(RangeQuery{select("netkeel_probe_rtt_seconds"), 0, 10'000, 0, Aggregation::avg}).size());
}

TEST(SqliteStoreLimits, ThePointsCapIsCheckedBeforeAnyChunkIsDecoded) {
  TempDir dir;
  SqliteStoreOptions options;
  options.chunk_samples = 10;
  SqliteStore store(dir.file("store.db"), options);
  BatchBuilder batch("a", 1);
  for (int i = 0; i < 100; ++i) batch.sample(rtt_series("a", "b"), 1000 * (i + 1), i);
  store.write(batch.build());
  store.checkpoint();  // nine sealed chunks now live only in the chunk table
  {
    SqliteDatabase db(dir.file("store.db"));
    db.exec("UPDATE chunks SET data = x'ff'");  // any read of them fails
  }
  RangeQuery query{select("netkeel_probe_rtt_seconds"), 0, 1'000'000, 0, Aggregation::avg};
  query.max_points = 50;
  try {
    store.query_range(query);
    ADD_FAILURE() << "no QueryTooLarge";
  } catch (const QueryTooLarge& e) {  // refused from the chunk index: no chunk was decoded
    EXPECT_THAT(e.what(), HasSubstr("more than 50 points"));
  }
  query.max_points = 0;  // without the cap, the read reaches the chunks and finds them corrupt
  EXPECT_THROW(store.query_range(query), RuntimeError);
}

TEST(SqliteStoreLimits, AQueryIsCancelledWhenItsDeadlinePassesWhileItRuns) {
  TempDir dir;
  SqliteStore store(dir.file("store.db"));
  BatchBuilder batch("a", 1);
  for (int i = 0; i < 3000; ++i) batch.sample(rtt_series("a", "dst" + std::to_string(i)), 1000, i);
  store.write(batch.build());
  AdvancingClock clock;
  RangeQuery query{select("netkeel_probe_rtt_seconds"), 0, 10'000, 0, Aggregation::avg};
  query.deadline = QueryDeadline(clock, clock.now() + std::chrono::seconds(5));
  EXPECT_THROW(store.query_range(query), QueryTimedOut);
  ProbeMatrixQuery matrix{"mgmt", 0, 10'000, QueryDeadline(clock, clock.now() + std::chrono::seconds(5))};
  EXPECT_THROW(store.probe_matrix(matrix), QueryTimedOut);
  // The store is whole afterwards: writes and queries go on.
  EXPECT_EQ(WriteOutcome::stored, store.write(BatchBuilder("a", 2).sample(rtt_series("a", "x"), 2000, 1).build()));
  EXPECT_EQ(3001u, store.query_range(RangeQuery{select("netkeel_probe_rtt_seconds"), 0, 10'000, 0, Aggregation::avg}).size());
}

TEST(SqliteStoreLimits, ARegexOverAVeryLongLabelValueAnswers) {
  TempDir dir;
  SqliteStore store(dir.file("store.db"));
  const Series long_label = make_series("m", {{"v", std::string(40'000, 'x')}});
  store.write(BatchBuilder("a", 1).sample(long_label, 1000, 1).build());
  const auto found = store.query_range(
      RangeQuery{select("m", {LabelMatcher("v", MatchOp::regex, ".*")}), 0, 10'000, 0, Aggregation::avg});
  ASSERT_EQ(1u, found.size());
  EXPECT_EQ(40'000u, found[0].series.label("v").size());
}

Batch batch_of_new_series(const std::string& host, std::uint64_t sequence, int first, int count) {
  BatchBuilder batch(host, sequence);
  for (int i = first; i < first + count; ++i) batch.sample(rtt_series(host, "d" + std::to_string(i)), 1000 + i, i);
  batch.event(1000, host, "link_up", "eth0");
  return batch.build();
}

TEST(SqliteStoreLimits, ABatchOverACardinalityLimitIsRefusedWholeAndCounted) {
  TempDir dir;
  SqliteStoreOptions options;
  options.cardinality = {3, 5};
  options.rejections = std::make_shared<CardinalityRejections>();
  auto store = std::make_unique<SqliteStore>(dir.file("store.db"), options);
  const auto nothing_of = [&](const std::string& host) {
    SeriesSelector of_host = select("netkeel_probe_rtt_seconds", {LabelMatcher("src", MatchOp::equal, host)});
    EXPECT_TRUE(store->query_range(RangeQuery{of_host, 0, 10'000, 0, Aggregation::avg}).empty());
    EventQuery events{0, 10'000};
    events.host = host;
    EXPECT_TRUE(store->events(events).events.empty());
    for (const HostLastSeen& seen : store->hosts()) EXPECT_NE(host, seen.host);
  };

  try {
    store->write(batch_of_new_series("a", 1, 0, 4));
    ADD_FAILURE() << "4 new series were stored";
  } catch (const SeriesLimitExceeded& e) {
    EXPECT_THAT(e.what(), HasSubstr("brings 4 new series, over the limit of 3"));
    EXPECT_THAT(e.what(), HasSubstr("--max-new-series-per-batch"));
  }
  nothing_of("a");
  EXPECT_EQ(1u, options.rejections->new_series_per_batch.load());

  EXPECT_EQ(WriteOutcome::stored, store->write(batch_of_new_series("a", 1, 0, 3)));  // the id was not used up
  try {
    store->write(batch_of_new_series("a", 2, 3, 3));  // 3 + 3 > 5
    ADD_FAILURE() << "host a went past 5 series";
  } catch (const InvalidBatch& e) {  // what the ingest handler catches (400)
    EXPECT_THAT(e.what(), HasSubstr("would bring host a to 6 series, over the limit of 5"));
    EXPECT_THAT(e.what(), HasSubstr("--max-series-per-host"));
  }
  EXPECT_EQ(1u, options.rejections->series_per_host.load());
  EXPECT_EQ(WriteOutcome::stored, store->write(batch_of_new_series("a", 3, 3, 2)));  // 5: at the limit
  EXPECT_EQ(WriteOutcome::stored, store->write(batch_of_new_series("a", 4, 0, 3)));  // known series only
  EXPECT_EQ(WriteOutcome::stored, store->write(batch_of_new_series("b", 1, 0, 3)));  // another host counts apart

  // The count per host survives a restart.
  store.reset();
  store = std::make_unique<SqliteStore>(dir.file("store.db"), options);
  EXPECT_THROW(store->write(batch_of_new_series("a", 5, 10, 1)), SeriesLimitExceeded);
  EXPECT_EQ(WriteOutcome::stored, store->write(batch_of_new_series("b", 2, 3, 2)));
  EXPECT_EQ(5u, store->query_range(RangeQuery{select("netkeel_probe_rtt_seconds", {LabelMatcher("src", MatchOp::equal, "a")}),
                                              0, 10'000, 0, Aggregation::avg})
                    .size());
}

}  // namespace
}  // namespace netkeel::store
