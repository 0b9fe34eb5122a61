#include "netkeel/server/ingest_handler.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

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

// A store that fails every write, as a full disk or an unreachable ClickHouse does.
class FailingStore final : public store::Store {
 public:
  store::WriteOutcome write(const store::Batch&) override { throw RuntimeError("disk full"); }
  std::vector<store::SeriesPoints> query_range(const store::RangeQuery&) override { return {}; }
  std::vector<store::LatestValue> latest(const store::SeriesSelector&) override { return {}; }
  store::ProbeMatrix probe_matrix(const store::ProbeMatrixQuery&) override { return {}; }
  std::vector<store::HostLastSeen> hosts() override { return {}; }
  std::vector<store::Event> events(store::TimestampMs, store::TimestampMs) override { return {}; }
  store::MaintenanceReport maintain(store::TimestampMs) override { return {}; }
};

TEST_F(IngestHandlerTest, StoreFailureIs503) {
  FailingStore failing;
  const ApiResponse response = handle_ingest(good_request(), settings_, failing);
  EXPECT_EQ(response.status, 503);
  EXPECT_THAT(json_of(response)["error"].get<std::string>(), HasSubstr("disk full"));
  EXPECT_THAT(json_of(response)["error"].get<std::string>(), HasSubstr("node1#1"));
}

}  // namespace
}  // namespace netkeel::server
