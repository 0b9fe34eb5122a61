#include "netkeel/server/ingest_handler.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <limits>

#include <nlohmann/json.hpp>

#include "netkeel/core/error.hpp"
#include "netkeel/http/gzip.hpp"
#include "netkeel/store/batch_wire.hpp"
#include "server/server_test_support.hpp"

namespace netkeel::server {
namespace {

using ::testing::HasSubstr;

constexpr store::TimestampMs kT0 = 1764150000000;

class IngestHandlerTest : public ::testing::Test {
 protected:
  IngestHandlerTest() {
    settings_.tokens.site = "s3cret-token";
    body_ = store::encode_batch_json(testing::probe_batch("node1", 1, "node2", "mgmt", kT0, 10, 0));
  }

  IngestRequest good_request() const {
    IngestRequest request;
    request.authorization = "Bearer s3cret-token";
    request.content_type = "application/json";
    request.body = body_;
    return request;
  }

  ApiResponse ingest(const IngestRequest& request) { return handle_ingest(request, settings_, *stored_.store); }

  static nlohmann::json json_of(const ApiResponse& response) { return nlohmann::json::parse(response.body); }

  std::size_t stored_points() {
    store::RangeQuery query;
    query.selector.metric = "netkeel_probe_sent_total";
    query.start_ms = kT0 - 1000;
    query.end_ms = kT0 + 100000;
    std::size_t points = 0;
    for (const auto& s : stored_.store->query_range(query)) points += s.points.size();
    return points;
  }

  std::uint64_t rejected(IngestRejection reason) const { return settings_.counters->rejected_total(reason); }

  testing::StoreInTempDir stored_;
  IngestSettings settings_;
  std::string body_;
};

TEST_F(IngestHandlerTest, StoresABatchAndAnswersDuplicateForItsRetry) {
  const ApiResponse first = ingest(good_request());
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(json_of(first), (nlohmann::json{{"outcome", "stored"}, {"batch", "node1#1"}, {"samples", 33}}));
  EXPECT_EQ(stored_points(), 11U);

  const ApiResponse retry = ingest(good_request());
  ASSERT_EQ(retry.status, 200) << retry.body;
  EXPECT_EQ(json_of(retry)["outcome"], "duplicate");
  EXPECT_EQ(stored_points(), 11U);  // stored once
}

TEST_F(IngestHandlerTest, TwoHostsCountersOfTheSameInterfaceAreStoredApartUnderTheirHost) {
  for (const char* host : {"node1", "node2"}) {
    store::Batch batch;
    batch.id = {host, 1};
    batch.series = {store::make_series("netkeel_nic_rx_errors_total", {{"interface", "eno1"}})};
    batch.samples = {{0, kT0, host == std::string("node1") ? 5.0 : 900.0}};
    const std::string body = store::encode_batch_json(batch);
    IngestRequest request = good_request();
    request.body = body;
    const ApiResponse response = ingest(request);
    ASSERT_EQ(response.status, 200) << response.body;
  }
  store::RangeQuery query;
  query.selector.metric = "netkeel_nic_rx_errors_total";
  query.start_ms = kT0 - 1000;
  query.end_ms = kT0 + 1000;
  const auto series = stored_.store->query_range(query);
  ASSERT_EQ(series.size(), 2U);
  EXPECT_EQ(series[0].series.label("host"), "node1");
  EXPECT_EQ(series[0].points.at(0).value, 5.0);
  EXPECT_EQ(series[1].series.label("host"), "node2");
  EXPECT_EQ(series[1].points.at(0).value, 900.0);
}

TEST_F(IngestHandlerTest, AcceptsGzipAndIdentityEncodings) {
  const std::string compressed = http::gzip_compress(body_);
  IngestRequest request = good_request();
  request.content_encoding = "gzip";
  request.body = compressed;
  EXPECT_EQ(ingest(request).status, 200);

  request = good_request();
  request.content_encoding = "identity";
  request.content_type = "Application/JSON; charset=utf-8";
  const ApiResponse again = ingest(request);
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(json_of(again)["outcome"], "duplicate");
}

TEST_F(IngestHandlerTest, MissingOrWrongTokenIs401AndStoresNothing) {
  IngestRequest request = good_request();
  request.authorization.reset();
  ApiResponse response = ingest(request);
  EXPECT_EQ(response.status, 401);
  EXPECT_THAT(json_of(response)["error"].get<std::string>(), HasSubstr("missing Authorization header"));
  EXPECT_THAT(response.headers, ::testing::Contains(::testing::Pair("WWW-Authenticate", HasSubstr("Bearer"))));

  request.authorization = "Bearer s3cret-tokeN";
  response = ingest(request);
  EXPECT_EQ(response.status, 401);
  EXPECT_THAT(json_of(response)["error"].get<std::string>(), HasSubstr("wrong token"));

  request.authorization = "Basic czNjcmV0LXRva2Vu";
  EXPECT_EQ(ingest(request).status, 401);
  request.authorization = "Bearer ";
  EXPECT_EQ(ingest(request).status, 401);
  request.authorization = "Bearer s3cret-token-and-more";
  EXPECT_EQ(ingest(request).status, 401);
  EXPECT_EQ(stored_points(), 0U);

  request.authorization = "bearer   s3cret-token ";  // scheme is case-insensitive, spaces around are not the token
  EXPECT_EQ(ingest(request).status, 200);
}

TEST_F(IngestHandlerTest, ReadTokenIs403AndStoresNothing) {
  settings_.tokens.read = "dashboard-token";
  IngestRequest request = good_request();
  request.authorization = "Bearer dashboard-token";
  const ApiResponse response = ingest(request);
  EXPECT_EQ(response.status, 403);
  EXPECT_THAT(json_of(response)["error"].get<std::string>(), HasSubstr("may query but not send batches"));
  EXPECT_EQ(stored_points(), 0U);
}

TEST_F(IngestHandlerTest, NoAuthAcceptsAnyRequest) {
  settings_.tokens.site.reset();
  IngestRequest request = good_request();
  request.authorization.reset();
  EXPECT_EQ(ingest(request).status, 200);
}

TEST_F(IngestHandlerTest, BadGzipIs400) {
  IngestRequest request = good_request();
  request.content_encoding = "gzip";
  ApiResponse response = ingest(request);  // plain JSON labelled gzip
  EXPECT_EQ(response.status, 400);
  EXPECT_THAT(json_of(response)["error"].get<std::string>(), HasSubstr("not valid gzip"));

  std::string truncated = http::gzip_compress(body_);
  truncated.resize(truncated.size() / 2);
  request.body = truncated;
  EXPECT_EQ(ingest(request).status, 400);
  EXPECT_EQ(stored_points(), 0U);
}

TEST_F(IngestHandlerTest, OversizedBodyIs413) {
  settings_.limits.max_body_bytes = 100;
  ApiResponse response = ingest(good_request());
  EXPECT_EQ(response.status, 413);
  EXPECT_THAT(json_of(response)["error"].get<std::string>(), HasSubstr("over the limit of 100 bytes"));
}

TEST_F(IngestHandlerTest, GzipBombIs413) {
  const std::string bomb = http::gzip_compress(std::string(8 * 1024 * 1024, ' '));
  settings_.limits.max_decompressed_bytes = 1024 * 1024;
  IngestRequest request = good_request();
  request.content_encoding = "gzip";
  request.body = bomb;
  ASSERT_LT(bomb.size(), settings_.limits.max_body_bytes);
  const ApiResponse response = ingest(request);
  EXPECT_EQ(response.status, 413);
  EXPECT_THAT(json_of(response)["error"].get<std::string>(), HasSubstr("--max-decompressed-bytes"));
}

TEST_F(IngestHandlerTest, MalformedJsonIs400NamingThePlace) {
  const std::string bad = R"({"version":1,"id":{"host":"n","sequence":1},"series":[{"metric":"m"}],"samples":[[0,1,"x"]]})";
  IngestRequest request = good_request();
  request.body = bad;
  ApiResponse response = ingest(request);
  EXPECT_EQ(response.status, 400);
  EXPECT_THAT(json_of(response)["error"].get<std::string>(), HasSubstr("samples[0][2]: expected a number"));

  request.body = "{\"version\":1,";
  response = ingest(request);
  EXPECT_EQ(response.status, 400);
  EXPECT_THAT(json_of(response)["error"].get<std::string>(), HasSubstr("not valid JSON"));
}

TEST_F(IngestHandlerTest, UnsupportedEncodingOrMediaTypeIs415) {
  IngestRequest request = good_request();
  request.content_encoding = "br";
  ApiResponse response = ingest(request);
  EXPECT_EQ(response.status, 415);
  EXPECT_THAT(json_of(response)["error"].get<std::string>(), HasSubstr("Content-Encoding 'br' is not supported"));

  request = good_request();
  request.content_type = "text/plain";
  EXPECT_EQ(ingest(request).status, 415);
  request.content_type = "";
  response = ingest(request);
  EXPECT_EQ(response.status, 415);
  EXPECT_THAT(json_of(response)["error"].get<std::string>(), HasSubstr("missing Content-Type"));
}

// Issue 20: a batch whose "version" is an array nested 70,000 deep crashed the server (stack overflow in
// the decoder's error message). It is a 400 naming the nesting limit, counted as too_deep, and a good
// batch sent right after is stored.
TEST_F(IngestHandlerTest, DeeplyNestedBatchIs400NamingTheNestingLimit) {
  const std::string deep = "{\"version\":" + std::string(70000, '[') + std::string(70000, ']') + "}";
  IngestRequest request = good_request();
  request.body = deep;
  const ApiResponse response = ingest(request);
  EXPECT_EQ(response.status, 400);
  EXPECT_THAT(json_of(response)["error"].get<std::string>(), HasSubstr("nesting limit"));
  EXPECT_THAT(json_of(response)["error"].get<std::string>(), HasSubstr("more than 16 levels deep"));
  EXPECT_LT(response.body.size(), 1000U);
  EXPECT_EQ(rejected(IngestRejection::too_deep), 1U);

  const std::string gzipped = http::gzip_compress(deep);  // what the attack sent: < 1 KB on the wire
  request.body = gzipped;
  request.content_encoding = "gzip";
  EXPECT_EQ(ingest(request).status, 400);
  EXPECT_EQ(ingest(good_request()).status, 200);
  EXPECT_EQ(stored_points(), 11U);
}

TEST_F(IngestHandlerTest, OverLongLabelIs400NamingTheLabelAndTheLimitAndStoresNothing) {
  store::Batch batch = testing::probe_batch("node1", 1, "node2", "mgmt", kT0, 10, 0);
  batch.series[0] = store::make_series("netkeel_probe_sent_total", {{"src", "node1"}, {"dst", std::string(30000, 'x')}});
  const std::string body = store::encode_batch_json(batch);
  IngestRequest request = good_request();
  request.body = body;
  const ApiResponse response = ingest(request);
  EXPECT_EQ(response.status, 400);
  const std::string error = json_of(response)["error"].get<std::string>();
  EXPECT_THAT(error, HasSubstr("series[0].labels.dst: label value"));
  EXPECT_THAT(error, HasSubstr("over the limit of 1024 bytes"));
  EXPECT_LT(response.body.size(), 1000U);  // not the 30,000 bytes it was sent
  EXPECT_EQ(rejected(IngestRejection::too_long), 1U);
  EXPECT_EQ(stored_points(), 0U);
}

class IngestTimestampWindowTest : public IngestHandlerTest {
 protected:
  static constexpr store::TimestampMs kNow = kT0 + 5000;

  ApiResponse ingest_at(store::TimestampMs sample_ms, std::optional<store::TimestampMs> now = kNow) {
    store::Batch batch = testing::probe_batch("node1", ++sequence_, "node2", "mgmt", kT0, 2, 0);
    batch.samples[4].timestamp_ms = sample_ms;  // one odd sample among good ones: samples[4][1]
    body_ = store::encode_batch_json(batch);
    IngestRequest request = good_request();
    request.now_ms = now;
    return ingest(request);
  }

  std::uint64_t sequence_ = 0;
};

// Issue 20: one sample at INT64_MAX made its host look alive forever in /hosts.
TEST_F(IngestTimestampWindowTest, ASampleFarInTheFutureIs400NamingItsPlaceAndTheWindow) {
  const ApiResponse response = ingest_at(std::numeric_limits<store::TimestampMs>::max());
  EXPECT_EQ(response.status, 400);
  const std::string error = json_of(response)["error"].get<std::string>();
  EXPECT_THAT(error, HasSubstr("batch node1#1: samples[4][1]: timestamp 9223372036854775807"));
  EXPECT_THAT(error, HasSubstr("is after the window the server accepts, 2025-11-19T09:40:05Z to 2025-11-26T10:40:05Z"));
  EXPECT_THAT(error, HasSubstr("7d behind to 1h ahead of its clock; --max-sample-age, --max-sample-ahead"));
  EXPECT_EQ(rejected(IngestRejection::timestamp_out_of_window), 1U);
  EXPECT_EQ(stored_points(), 0U);
}

TEST_F(IngestTimestampWindowTest, TheWindowIsInclusiveAndEachSideHasItsSetting) {
  EXPECT_EQ(ingest_at(kNow + store::hour_ms).status, 200);
  EXPECT_EQ(ingest_at(kNow + store::hour_ms + 1).status, 400);
  EXPECT_EQ(ingest_at(kNow - 7 * store::day_ms).status, 200);
  const ApiResponse old = ingest_at(kNow - 7 * store::day_ms - 1);
  EXPECT_EQ(old.status, 400);
  EXPECT_THAT(json_of(old)["error"].get<std::string>(), HasSubstr("is before the window"));
  EXPECT_EQ(ingest_at(std::numeric_limits<store::TimestampMs>::min()).status, 400);

  settings_.limits.max_sample_ahead_ms = 5 * store::minute_ms;
  EXPECT_EQ(ingest_at(kNow + 10 * store::minute_ms).status, 400);
  settings_.limits.max_sample_age_ms = 0;  // off: any age
  EXPECT_EQ(ingest_at(std::numeric_limits<store::TimestampMs>::min()).status, 200);
  settings_.limits.max_sample_ahead_ms = 0;
  EXPECT_EQ(ingest_at(std::numeric_limits<store::TimestampMs>::max()).status, 200);
  EXPECT_EQ(rejected(IngestRejection::timestamp_out_of_window), 4U);
}

TEST_F(IngestTimestampWindowTest, EventsAreCheckedTooAndOverflowNearTheRangeEndsIsSafe) {
  store::Batch batch = testing::probe_batch("node1", 1, "node2", "mgmt", kNow, 2, 0);
  batch.events = {{kNow, "node1", "link_down", "eno1"}, {kNow + 2 * store::hour_ms, "node1", "link_up", "eno1"}};
  body_ = store::encode_batch_json(batch);
  IngestRequest request = good_request();
  request.now_ms = kNow;
  const ApiResponse response = ingest(request);
  EXPECT_EQ(response.status, 400);
  EXPECT_THAT(json_of(response)["error"].get<std::string>(), HasSubstr("events[1].t_ms: timestamp"));

  // A clock at either end of the range: the window's bounds saturate instead of wrapping around (which
  // would refuse every sample). One side at a time, as the batch's other samples are at kT0.
  constexpr auto kMax = std::numeric_limits<store::TimestampMs>::max();
  constexpr auto kMin = std::numeric_limits<store::TimestampMs>::min();
  settings_.limits.max_sample_age_ms = 0;
  EXPECT_EQ(ingest_at(kMax, kMax).status, 200);
  settings_.limits.max_sample_age_ms = 7 * store::day_ms;
  settings_.limits.max_sample_ahead_ms = 0;
  EXPECT_EQ(ingest_at(kMin, kMin).status, 200);
  settings_.limits.max_sample_ahead_ms = store::hour_ms;
  EXPECT_EQ(ingest_at(kMax, kMin).status, 400);
}

TEST_F(IngestTimestampWindowTest, WithoutTheServersClockNothingIsChecked) {
  EXPECT_EQ(ingest_at(std::numeric_limits<store::TimestampMs>::max(), std::nullopt).status, 200);
}

TEST_F(IngestHandlerTest, CountsEveryAnswerByReasonAndRendersThemAsPrometheusText) {
  EXPECT_EQ(ingest(good_request()).status, 200);
  EXPECT_EQ(ingest(good_request()).status, 200);  // duplicate
  IngestRequest request = good_request();
  request.authorization.reset();
  EXPECT_EQ(ingest(request).status, 401);
  settings_.tokens.read = "dashboard-token";
  request.authorization = "Bearer dashboard-token";
  EXPECT_EQ(ingest(request).status, 403);
  request = good_request();
  request.content_type = "text/plain";
  EXPECT_EQ(ingest(request).status, 415);
  request = good_request();
  request.content_encoding = "gzip";
  EXPECT_EQ(ingest(request).status, 400);
  request = good_request();
  request.body = "{";
  EXPECT_EQ(ingest(request).status, 400);
  settings_.limits.max_body_bytes = 10;
  EXPECT_EQ(ingest(good_request()).status, 413);

  EXPECT_EQ(rejected(IngestRejection::unauthorized), 1U);
  EXPECT_EQ(rejected(IngestRejection::forbidden), 1U);
  EXPECT_EQ(rejected(IngestRejection::unsupported), 1U);
  EXPECT_EQ(rejected(IngestRejection::bad_encoding), 1U);
  EXPECT_EQ(rejected(IngestRejection::malformed), 1U);
  EXPECT_EQ(rejected(IngestRejection::too_large), 1U);
  EXPECT_EQ(rejected(IngestRejection::store_failure), 0U);

  const std::string page = render_ingest_counters(*settings_.counters);
  EXPECT_THAT(page, HasSubstr("# TYPE netkeel_server_ingest_rejected_total counter\n"));
  EXPECT_THAT(page, HasSubstr("netkeel_server_ingest_rejected_total{reason=\"unauthorized\"} 1\n"));
  EXPECT_THAT(page, HasSubstr("netkeel_server_ingest_rejected_total{reason=\"too_deep\"} 0\n"));
  EXPECT_THAT(page, HasSubstr("netkeel_server_ingest_rejected_total{reason=\"timestamp_out_of_window\"} 0\n"));
  EXPECT_THAT(page, HasSubstr("netkeel_server_ingest_accepted_total{outcome=\"stored\"} 1\n"));
  EXPECT_THAT(page, HasSubstr("netkeel_server_ingest_accepted_total{outcome=\"duplicate\"} 1\n"));
  EXPECT_THAT(page, HasSubstr("netkeel_server_ingest_stored_samples_total 33\n"));

  // Settings copied for another server thread share the counters.
  const IngestSettings copy = settings_;
  EXPECT_EQ(copy.counters, settings_.counters);
}

// The page passes Prometheus' own linter (skipped where promtool is not installed: Debian's prometheus).
TEST(IngestCounters, PagePassesPromtool) {
  if (std::system("command -v promtool >/dev/null 2>&1") != 0) GTEST_SKIP() << "promtool not installed";
  IngestCounters counters;
  counters.reject(IngestRejection::too_deep);
  const std::string path = ::testing::TempDir() + "ingest_counters.prom";
  {
    std::FILE* f = std::fopen(path.c_str(), "w");
    ASSERT_NE(f, nullptr);
    const std::string page = render_ingest_counters(counters);
    std::fwrite(page.data(), 1, page.size(), f);
    std::fclose(f);
  }
  const std::string out = path + ".out";
  const int status = std::system(("promtool check metrics < " + path + " > " + out + " 2>&1").c_str());
  std::FILE* f = std::fopen(out.c_str(), "r");
  std::string complaints;
  for (int c; f && (c = std::fgetc(f)) != EOF;) complaints += static_cast<char>(c);
  if (f) std::fclose(f);
  EXPECT_EQ(status, 0) << complaints;
  EXPECT_EQ(complaints, "");
}

// A store that fails every write, as a full disk or an unreachable ClickHouse does.
class FailingStore final : public store::Store {
 public:
  store::WriteOutcome write(const store::Batch&) override { throw RuntimeError("disk full"); }
  std::vector<store::SeriesPoints> query_range(const store::RangeQuery&) override { return {}; }
  std::vector<store::LatestValue> latest(const store::SeriesSelector&) override { return {}; }
  store::ProbeMatrix probe_matrix(const store::ProbeMatrixQuery&) override { return {}; }
  std::vector<store::HostLastSeen> hosts() override { return {}; }
  store::EventPage events(const store::EventQuery&) override { return {}; }
  store::MaintenanceReport maintain(store::TimestampMs) override { return {}; }
  std::uint64_t size_bytes() override { return 0; }
};

TEST_F(IngestHandlerTest, StoreFailureIs503) {
  FailingStore failing;
  const ApiResponse response = handle_ingest(good_request(), settings_, failing);
  EXPECT_EQ(response.status, 503);
  EXPECT_THAT(json_of(response)["error"].get<std::string>(), HasSubstr("disk full"));
  EXPECT_THAT(json_of(response)["error"].get<std::string>(), HasSubstr("node1#1"));
  EXPECT_EQ(rejected(IngestRejection::store_failure), 1U);
}

}  // namespace
}  // namespace netkeel::server
