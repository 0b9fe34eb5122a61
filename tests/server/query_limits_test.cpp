// Query handlers under hostile queries (issue 20): regexes that freeze a backtracking matcher, label values
// long enough to overflow its stack, deadlines, answer sizes and times at the ends of int64.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>
#include <limits>
#include <mutex>
#include <set>

#include <nlohmann/json.hpp>

#include "fakes/core/fake_clock.hpp"
#include "netkeel/server/events_handler.hpp"
#include "netkeel/server/hosts_handler.hpp"
#include "netkeel/server/ingest_handler.hpp"
#include "netkeel/server/matrix_handler.hpp"
#include "netkeel/server/range_query_handler.hpp"
#include "netkeel/store/batch_wire.hpp"
#include "server/server_test_support.hpp"
#include "support/advancing_clock.hpp"

namespace netkeel::server {
namespace {

using ::testing::HasSubstr;
using netkeel::testing::AdvancingClock;

constexpr store::TimestampMs kT0 = 1764150000000;
constexpr store::TimestampMs kNow = kT0 + 60000;
constexpr auto kClientDeadline = std::chrono::seconds(1);

nlohmann::json json_of(const ApiResponse& r) { return nlohmann::json::parse(r.body); }
std::string error_of(const ApiResponse& r) { return json_of(r).value("error", std::string()); }

class QueryLimitsTest : public ::testing::Test {
 protected:
  store::Store& store() { return *stored_.store; }

  // `count` series of metric m, each with a 30-character label value v and one sample.
  void write_series(const std::string& host, int count) {
    store::Batch batch;
    batch.id = {host, ++sequence_};
    for (int i = 0; i < count; ++i) {
      std::string value = host + "-" + std::to_string(i);
      value.resize(30, 'a');
      batch.series.push_back(store::make_series("m", {{"v", value}}));
      batch.samples.push_back({static_cast<std::uint32_t>(i), kT0, 1.0});
    }
    store().write(batch);
  }

  ApiResponse ingest(const store::Batch& batch) {
    const std::string body = store::encode_batch_json(batch);
    IngestRequest request;
    request.authorization = "Bearer site-token";
    request.content_type = "application/json";
    request.body = body;
    IngestSettings settings;
    settings.tokens.site = "site-token";
    return handle_ingest(request, settings, store());
  }

  testing::StoreInTempDir stored_;
  std::uint64_t sequence_ = 0;
};

// Issue 20: `match=v=~(.+)+X` took 28 s against a 30-character label and blocked every ingest meanwhile;
// `(.*)*X` did not end in 120 s.
TEST_F(QueryLimitsTest, CatastrophicRegexesAnswerWithinASecondWhileAnIngestIsStored) {
  write_series("web", 2000);
  for (const char* pattern : {"(.+)+X", "(.*)*X", "(a|aa)+X", "(x+x+)+y"}) {
    auto query = std::async(std::launch::async, [&] {
      return handle_range_query({{"metric", "m"}, {"match", std::string("v=~") + pattern}, {"since", "5m"}}, store(),
                                QueryContext{kNow});
    });
    auto ingested = std::async(std::launch::async, [&] {
      return ingest(testing::probe_batch("node" + std::to_string(++sequence_), 1, "node2", "mgmt", kT0, 5, 0));
    });
    // The clients' deadlines: both answers before a 1 s timeout.
    ASSERT_EQ(std::future_status::ready, query.wait_for(kClientDeadline)) << pattern;
    ASSERT_EQ(std::future_status::ready, ingested.wait_for(kClientDeadline)) << pattern;
    const ApiResponse answer = query.get();
    EXPECT_EQ(200, answer.status) << answer.body;
    EXPECT_EQ(0u, json_of(answer)["series"].size()) << pattern;
    EXPECT_EQ(200, ingested.get().status) << pattern;
  }
  EXPECT_EQ(200, handle_range_query({{"metric", "netkeel_probe_sent_total"}, {"since", "5m"}}, store(),
                                    QueryContext{kNow}).status);
}

// Issue 20: `v=~.*` against a label value of 30,000+ characters overflowed the stack in libstdc++'s
// regex executor, and again after every restart, since the series stays stored.
TEST_F(QueryLimitsTest, ARegexOverA40000CharacterLabelValueAnswers) {
  store::Batch batch;
  batch.id = {"node1", 1};
  batch.series.push_back(store::make_series("m", {{"v", std::string(40000, 'x')}}));
  batch.samples.push_back({0, kT0, 1.0});
  store().write(batch);
  for (const char* matcher : {"v=~.*", "v=~x+", "v!~y.*"}) {
    const ApiResponse answer =
        handle_range_query({{"metric", "m"}, {"match", matcher}, {"since", "5m"}}, store(), QueryContext{kNow});
    ASSERT_EQ(200, answer.status) << answer.body;
    EXPECT_EQ(1u, json_of(answer)["series"].size()) << matcher;
  }
}

TEST_F(QueryLimitsTest, APatternRE2RefusesIs400NamingTheMatcherAndTheSyntax) {
  const ApiResponse answer =
      handle_range_query({{"metric", "m"}, {"match", "v=~(a)\\1"}}, store(), QueryContext{kNow});
  EXPECT_EQ(400, answer.status);
  EXPECT_THAT(error_of(answer), HasSubstr("matcher 'v=~(a)\\1'"));
  EXPECT_THAT(error_of(answer), HasSubstr("RE2 syntax as in Prometheus"));
}

TEST_F(QueryLimitsTest, AQueryPastTheDeadlineIsCancelledWithAClearErrorAndIngestGoesOn) {
  write_series("web", 3000);
  AdvancingClock clock;
  const QueryContext context{kNow, store::QueryDeadline(clock, clock.now() + std::chrono::seconds(10)),
                             std::chrono::seconds(10)};
  const ApiResponse answer = handle_range_query({{"metric", "m"}, {"match", "v=~web-.*"}}, store(), context);
  EXPECT_EQ(503, answer.status);
  EXPECT_EQ(error_of(answer),
            "query exceeded the server's --query-timeout of 10s: narrow the selector or the time range");
  const ApiResponse matrix = handle_matrix({{"network", "mgmt"}},
                                           store(), QueryContext{kNow, store::QueryDeadline(clock, clock.now()),
                                                                 std::chrono::milliseconds(1500)});
  EXPECT_EQ(503, matrix.status);
  EXPECT_THAT(error_of(matrix), HasSubstr("--query-timeout of 1500ms"));
  EXPECT_EQ(200, ingest(testing::probe_batch("node1", 1, "node2", "mgmt", kT0, 5, 0)).status);
  EXPECT_EQ(200, handle_range_query({{"metric", "m"}, {"match", "v=~web-1.*"}}, store(), QueryContext{kNow}).status);
}

TEST_F(QueryLimitsTest, MakeQueryContextSetsTheDeadlineTheTimeoutAway) {
  const auto clock = std::make_shared<FakeClock>();
  clock->set_wall(WallTime{} + std::chrono::milliseconds(kNow));
  const QueryContext context = make_query_context(QuerySettings{std::chrono::seconds(3)}, *clock);
  EXPECT_EQ(kNow, context.now_ms);
  clock->advance(std::chrono::milliseconds(2999));
  EXPECT_FALSE(context.deadline.passed());
  clock->advance(std::chrono::milliseconds(1));
  EXPECT_TRUE(context.deadline.passed());
}

// Issue 20: 300k events made one 26 MiB answer.
TEST_F(QueryLimitsTest, EventsComePagedAndPageAfterPageHoldsEachEventOnce) {
  store::Batch batch;
  batch.id = {"node1", 1};
  for (int i = 0; i < 25; ++i) batch.events.push_back({kT0 + (i / 4) * 1000, "node1", "link_up", "e" + std::to_string(i)});
  store().write(batch);
  std::vector<std::string> seen;
  QueryParameters parameters{{"since", "1h"}, {"limit", "10"}};
  int pages = 0;
  for (;; ++pages) {
    const ApiResponse page = handle_events(parameters, store(), QueryContext{kNow});
    ASSERT_EQ(200, page.status) << page.body;
    const nlohmann::json json = json_of(page);
    EXPECT_LE(json["events"].size(), 10u);
    for (const auto& e : json["events"]) seen.push_back(e["text"]);
    if (!json.contains("next")) break;
    parameters.erase("after");
    parameters.emplace("after", json["next"].get<std::string>());
    ASSERT_LT(pages, 10);
  }
  EXPECT_EQ(2, pages);  // 10 + 10 + 5
  ASSERT_EQ(25u, seen.size());
  EXPECT_EQ(25u, std::set<std::string>(seen.begin(), seen.end()).size());
  for (int i = 0; i < 25; ++i) EXPECT_EQ("e" + std::to_string(i), seen[static_cast<std::size_t>(i)]);

  // Without limit=, a page holds the default number of events.
  store::Batch many;
  many.id = {"node1", 2};
  for (std::uint64_t i = 0; i < kDefaultEventsLimit + 5; ++i) many.events.push_back({kT0 + 50000, "node1", "x", "y"});
  store().write(many);
  const nlohmann::json first = json_of(handle_events({{"since", "1h"}}, store(), QueryContext{kNow}));
  EXPECT_EQ(kDefaultEventsLimit, first["events"].size());
  EXPECT_TRUE(first.contains("next"));
}

TEST_F(QueryLimitsTest, EventsRejectABadLimitOrCursorNamingTheFix) {
  EXPECT_THAT(error_of(handle_events({{"limit", "0"}}, store(), QueryContext{kNow})),
              HasSubstr("parameter limit=0: expected a whole number from 1 to 10000"));
  EXPECT_EQ(400, handle_events({{"limit", "10001"}}, store(), QueryContext{kNow}).status);
  EXPECT_EQ(400, handle_events({{"limit", "-1"}}, store(), QueryContext{kNow}).status);
  for (const char* cursor : {"x", "12", "12:", ":3", "12:3:4", "12:-1", "99999999999999999999:1"}) {
    const ApiResponse answer = handle_events({{"after", cursor}}, store(), QueryContext{kNow});
    EXPECT_EQ(400, answer.status) << cursor;
    EXPECT_THAT(error_of(answer), HasSubstr("pass the previous page's \"next\" as it is")) << cursor;
  }
}

// Answers what the inner store answers, and remembers the queries it was asked.
class RecordingStore final : public store::Store {
 public:
  explicit RecordingStore(store::Store& inner) : inner_(inner) {}
  store::WriteOutcome write(const store::Batch& batch) override { return inner_.write(batch); }
  std::vector<store::SeriesPoints> query_range(const store::RangeQuery& query) override {
    asked.push_back(query);
    auto answer = inner_.query_range(query);
    for (const auto& s : answer) points_returned += s.points.size();
    return answer;
  }
  std::vector<store::LatestValue> latest(const store::SeriesSelector& s) override { return inner_.latest(s); }
  store::ProbeMatrix probe_matrix(const store::ProbeMatrixQuery& q) override { return inner_.probe_matrix(q); }
  std::vector<store::HostLastSeen> hosts() override { return inner_.hosts(); }
  store::EventPage events(const store::EventQuery& q) override { return inner_.events(q); }
  store::MaintenanceReport maintain(store::TimestampMs now) override { return inner_.maintain(now); }
  std::uint64_t size_bytes() override { return inner_.size_bytes(); }

  std::vector<store::RangeQuery> asked;
  std::size_t points_returned = 0;

 private:
  store::Store& inner_;
};

// Issue 20: the 1M-point cap was checked after all points were built, under the store's lock.
TEST_F(QueryLimitsTest, ThePointsCapIsTheStoresToCheckBeforeItBuildsAnyPoint) {
  write_series("web", 100);
  RecordingStore recording(store());
  // 100 series x 11,000 steps of 1 s: more than a million points could come, so none is built.
  const ApiResponse answer =
      handle_range_query({{"metric", "m"}, {"since", "10999s"}, {"step", "1s"}}, recording, QueryContext{kNow});
  EXPECT_EQ(400, answer.status);
  EXPECT_THAT(error_of(answer), HasSubstr("the answer would hold more than 1000000 points (100 series x 11000 steps)"));
  ASSERT_EQ(1u, recording.asked.size());
  EXPECT_EQ(kMaxRangePoints, recording.asked[0].max_points);
  EXPECT_EQ(0u, recording.points_returned);
  // Under the cap it answers.
  EXPECT_EQ(200, handle_range_query({{"metric", "m"}, {"since", "9000s"}, {"step", "1s"}}, recording,
                                    QueryContext{kNow}).status);
}

// Issue 20: (end - start) overflowed in the step cap. UBSan (the test build) aborts on any such overflow.
TEST_F(QueryLimitsTest, TimesAtTheEndsOfInt64Are400sNotOverflows) {
  const std::string min = std::to_string(std::numeric_limits<store::TimestampMs>::min());
  const std::string max = std::to_string(std::numeric_limits<store::TimestampMs>::max());
  const struct {
    QueryParameters parameters;
    const char* expected;
  } cases[] = {
      {{{"metric", "m"}, {"start", min}, {"end", max}, {"step", "1s"}}, "must be between 0 and 253402300799999"},
      {{{"metric", "m"}, {"start", "0"}, {"end", max}, {"step", "1d"}}, "parameter end=" },
      {{{"metric", "m"}, {"start", "0"}, {"end", "253402300799999"}, {"step", "1ms"}}, "use a larger step"},
      {{{"metric", "m"}, {"start", "now-9223372036854775807ms"}}, "parameter start=now-9223372036854775807ms"},
      {{{"metric", "m"}, {"start", "now-106751991167d"}}, "parameter start=now-106751991167d"},
      {{{"metric", "m"}, {"since", "9223372036854775807ms"}}, "parameter since="},
      {{{"metric", "m"}, {"start", "0"}, {"end", "now"}, {"step", "9223372036854775807ms"}}, "parameter step="},
  };
  for (const auto& c : cases) {
    const ApiResponse answer = handle_range_query(c.parameters, store(), QueryContext{kNow});
    EXPECT_EQ(400, answer.status) << c.expected;
    EXPECT_THAT(error_of(answer), HasSubstr(c.expected));
  }
  EXPECT_EQ(400, handle_matrix({{"network", "mgmt"}, {"end", min}}, store(), QueryContext{kNow}).status);
  EXPECT_EQ(200, handle_matrix({{"network", "mgmt"}, {"end", "0"}, {"window", "1d"}}, store(), QueryContext{kNow}).status);
  EXPECT_EQ(400, handle_events({{"start", min}, {"end", max}}, store(), QueryContext{kNow}).status);
  EXPECT_EQ(200, handle_events({{"start", "0"}, {"end", "253402300799999"}}, store(), QueryContext{kNow}).status);
  // A server clock at the ends of int64 (a broken clock) gives 400s too, never an overflow.
  for (const store::TimestampMs now :
       {std::numeric_limits<store::TimestampMs>::min(), std::numeric_limits<store::TimestampMs>::max()}) {
    handle_range_query({{"metric", "m"}, {"start", "now-1d"}}, store(), QueryContext{now});
    handle_range_query({{"metric", "m"}, {"since", "1d"}, {"step", "1m"}}, store(), QueryContext{now});
    handle_matrix({{"network", "mgmt"}}, store(), QueryContext{now});
  }
}

TEST_F(QueryLimitsTest, AHostLastSeenAtTheEndOfInt64GivesAnAgeNotAnOverflow) {
  store::Batch batch;
  batch.id = {"node1", 1};
  batch.events.push_back({std::numeric_limits<store::TimestampMs>::min() + 1, "node1", "x", "a clock gone wrong"});
  store().write(batch);
  const ApiResponse answer = handle_hosts({}, store(), QueryContext{kNow});
  ASSERT_EQ(200, answer.status);
  EXPECT_GT(json_of(answer)["hosts"][0]["age_s"].get<double>(), 9e15);
}

}  // namespace
}  // namespace netkeel::server
