// The real HTTP front end on 127.0.0.1 (ephemeral ports), with a real SQLite store and the real libcurl
// client: a round trip, and hostile requests after which the server still serves.
#include "netkeel/server/api_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "netkeel/core/error.hpp"
#include "netkeel/http/gzip.hpp"
#include "netkeel/http/http_client.hpp"
#include "netkeel/server/matrix_json.hpp"
#include "netkeel/store/batch_wire.hpp"
#include "server/server_test_support.hpp"

namespace netkeel::server {
namespace {

using ::testing::HasSubstr;

constexpr store::TimestampMs kT0 = 1764150000000;
constexpr const char* kToken = "lab-token-123";
constexpr const char* kReadToken = "dashboard-token-456";

class ApiServerTest : public ::testing::Test {
 protected:
  ApiServerTest() {
    ApiServerOptions options;
    options.listen = {{"", "127.0.0.1", 0}, {"", "127.0.0.1", 0}};
    options.ingest.tokens = {kToken, kReadToken};
    options.ingest.limits.max_body_bytes = 1024 * 1024;
    options.ingest.limits.max_decompressed_bytes = 4 * 1024 * 1024;
    options.clock = testing::clock_at_wall_time(kT0 + 60000);
    options.log = [this](const std::string& line) {
      std::lock_guard lock(log_mutex_);
      log_.push_back(line);
    };
    server_ = std::make_unique<ApiServer>(*stored_.store, options);
  }

  std::string url(const std::string& path, std::size_t listener = 0) const {
    return "http://127.0.0.1:" + std::to_string(server_->bound().at(listener).port) + path;
  }

  http::Response post_batch(const store::Batch& batch, const std::string& token = kToken) {
    http::Request request;
    request.method = "POST";
    request.url = url("/api/v1/batches");
    request.headers = {{"Authorization", "Bearer " + token},
                       {"Content-Type", "application/json"},
                       {"Content-Encoding", "gzip"}};
    request.body = http::gzip_compress(store::encode_batch_json(batch));
    return client_.send(request);
  }

  http::Response get(const std::string& path, std::size_t listener = 0,
                     const std::optional<std::string>& token = std::string(kToken)) {
    http::Request request;
    request.url = url(path, listener);
    if (token) request.headers = {{"Authorization", "Bearer " + *token}};
    return client_.send(request);
  }

  testing::StoreInTempDir stored_;
  std::mutex log_mutex_;
  std::vector<std::string> log_;
  std::unique_ptr<ApiServer> server_;
  http::CurlHttpClient client_;
};

TEST_F(ApiServerTest, BatchRoundTripThroughCurlAndMatrixBack) {
  const http::Response stored = post_batch(testing::probe_batch("node1", 7, "node2", "mgmt", kT0, 60, 5));
  ASSERT_EQ(stored.status, 200) << stored.body;
  EXPECT_THAT(stored.content_type, HasSubstr("application/json"));
  EXPECT_EQ(nlohmann::json::parse(stored.body),
            (nlohmann::json{{"outcome", "stored"}, {"batch", "node1#7"}, {"samples", 183}}));
  const http::Response again = post_batch(testing::probe_batch("node1", 7, "node2", "mgmt", kT0, 60, 5));
  EXPECT_EQ(nlohmann::json::parse(again.body)["outcome"], "duplicate");

  // Both listeners serve the same store.
  const http::Response matrix = get("/api/v1/matrix?network=mgmt&window=60s", 1);
  ASSERT_EQ(matrix.status, 200) << matrix.body;
  const MatrixReport report = matrix_from_json(nlohmann::json::parse(matrix.body));
  ASSERT_EQ(report.matrix.pairs.size(), 1U);
  EXPECT_EQ(report.matrix.pairs[0].sent, 60);
  EXPECT_EQ(report.matrix.pairs[0].lost, 12);

  const http::Response hosts = get("/api/v1/hosts");
  EXPECT_EQ(nlohmann::json::parse(hosts.body)["hosts"][0]["host"], "node1");
  EXPECT_EQ(get("/api/v1/health").status, 200);
}

TEST_F(ApiServerTest, WrongTokenIs401OverHttp) {
  const http::Response response = post_batch(testing::probe_batch("node1", 1, "node2", "mgmt", kT0, 5, 0), "guess");
  EXPECT_EQ(response.status, 401);
  EXPECT_THAT(nlohmann::json::parse(response.body)["error"].get<std::string>(), HasSubstr("wrong token"));
}

TEST_F(ApiServerTest, EveryQueryEndpointWantsATokenAndTheReadTokenMayOnlyQuery) {
  ASSERT_EQ(post_batch(testing::probe_batch("node1", 1, "node2", "mgmt", kT0, 5, 0)).status, 200);
  for (const std::string path : {"/api/v1/query_range?metric=netkeel_probe_sent_total&since=5m",
                                 "/api/v1/matrix?network=mgmt", "/api/v1/hosts", "/api/v1/events?since=5m"}) {
    const http::Response missing = get(path, 0, std::nullopt);
    EXPECT_EQ(missing.status, 401) << path;
    EXPECT_THAT(nlohmann::json::parse(missing.body)["error"].get<std::string>(), HasSubstr("--token-file")) << path;
    EXPECT_EQ(get(path, 1, "guess").status, 401) << path;
    EXPECT_EQ(get(path, 0, kReadToken).status, 200) << path;
    EXPECT_EQ(get(path, 1, kToken).status, 200) << path;
  }
  EXPECT_EQ(get("/api/v1/health", 0, std::nullopt).status, 200);  // liveness checks carry no token

  const http::Response read_ingest = post_batch(testing::probe_batch("node1", 2, "node2", "mgmt", kT0, 5, 0), kReadToken);
  EXPECT_EQ(read_ingest.status, 403);
  EXPECT_THAT(nlohmann::json::parse(read_ingest.body)["error"].get<std::string>(), HasSubstr("may query but not"));
}

TEST_F(ApiServerTest, MetricsCountWhatTheServerRefusedAndWantTheReadToken) {
  EXPECT_EQ(post_batch(testing::probe_batch("node1", 1, "node2", "mgmt", kT0, 5, 0), "guess").status, 401);
  ASSERT_EQ(post_batch(testing::probe_batch("node1", 1, "node2", "mgmt", kT0, 5, 0)).status, 200);

  EXPECT_EQ(get("/metrics", 0, std::nullopt).status, 401);
  const http::Response metrics = get("/metrics", 1, kReadToken);
  ASSERT_EQ(metrics.status, 200) << metrics.body;
  EXPECT_THAT(metrics.content_type, HasSubstr("text/plain; version=0.0.4"));
  EXPECT_THAT(metrics.body, HasSubstr("netkeel_server_ingest_rejected_total{reason=\"unauthorized\"} 1\n"));
  EXPECT_THAT(metrics.body, HasSubstr("netkeel_server_ingest_accepted_total{outcome=\"stored\"} 1\n"));
  // The token is checked from the request head, before any body: counted as refused before the body.
  EXPECT_THAT(metrics.body, HasSubstr("netkeel_server_connections_refused_total{reason=\"before_body\"} 2\n"));
}

TEST_F(ApiServerTest, MetricsTimeTheStoreAndShowEachAgentsLastReport) {
  ASSERT_EQ(post_batch(testing::probe_batch("node1", 1, "node2", "mgmt", kT0, 5, 0)).status, 200);
  ASSERT_EQ(get("/api/v1/hosts").status, 200);
  const http::Response metrics = get("/metrics", 1, kReadToken);
  ASSERT_EQ(metrics.status, 200) << metrics.body;
  // The server's clock stands still in this test, so every call took 0 s: the first bucket.
  EXPECT_THAT(metrics.body, HasSubstr("# TYPE netkeel_server_store_duration_seconds histogram\n"));
  EXPECT_THAT(metrics.body, HasSubstr("netkeel_server_store_duration_seconds_bucket{operation=\"write\",le=\"0.001\"} 1\n"));
  EXPECT_THAT(metrics.body, HasSubstr("netkeel_server_store_duration_seconds_count{operation=\"write\"} 1\n"));
  EXPECT_THAT(metrics.body, HasSubstr("netkeel_server_store_duration_seconds_count{operation=\"query_range\"} 0\n"))
      << "every operation from the first scrape";
  // GET /api/v1/hosts read the hosts once; the page itself reads them once more for the gauge below.
  EXPECT_THAT(metrics.body, HasSubstr("netkeel_server_store_duration_seconds_count{operation=\"hosts\"} 2\n"));
  EXPECT_THAT(metrics.body, ::testing::ContainsRegex("\nnetkeel_server_store_bytes [1-9][0-9]*\n"));
  // The server's clock stands at kT0 + 60 s; node1's newest sample is at kT0 + 5 s.
  EXPECT_THAT(metrics.body, HasSubstr("netkeel_server_agent_last_report_age_seconds{host=\"node1\"} 55.000\n"));
}

TEST_F(ApiServerTest, UnknownPathAndWrongMethodGetJsonErrors) {
  const http::Response missing = get("/api/v2/nothing");
  EXPECT_EQ(missing.status, 404);
  EXPECT_THAT(nlohmann::json::parse(missing.body)["error"].get<std::string>(), HasSubstr("/api/v1/matrix"));
  const http::Response wrong_method = get("/api/v1/batches");
  EXPECT_EQ(wrong_method.status, 405);
  const http::Response bad_parameter = get("/api/v1/query_range?metric=m&since=forever");
  EXPECT_EQ(bad_parameter.status, 400);
  EXPECT_THAT(nlohmann::json::parse(bad_parameter.body)["error"].get<std::string>(), HasSubstr("since=forever"));
}

// Sends raw bytes on a fresh connection and returns whatever comes back until the server closes it
// or 5 s pass without data.
std::string raw_exchange(int port, const std::string& bytes) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket");
  timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string reply;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) break;  // the server may close early (413): that is fine
      sent += static_cast<std::size_t>(n);
    }
    // No half-close: cpp-httplib takes a peer that has shut its side down for gone and stays silent.
    char buffer[4096];
    for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) reply.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return reply;
}

std::string post_head(const std::string& extra_headers) {
  return std::string("POST /api/v1/batches HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ") + kToken +
         "\r\nContent-Type: application/json\r\nConnection: close\r\n" + extra_headers + "\r\n";
}

TEST_F(ApiServerTest, HostileRequestsAreRefusedAndTheServerKeepsServing) {
  const int port = server_->bound()[0].port;
  const std::string bomb = http::gzip_compress(std::string(64 * 1024 * 1024, '['));  // ~64 KiB, inflates to 64 MiB
  const std::string oversized(2 * 1024 * 1024, '{');
  std::string chunked_oversized;
  for (int i = 0; i < 40; ++i) chunked_oversized += "10000\r\n" + std::string(0x10000, 'x') + "\r\n";
  const struct {
    std::string bytes;
    const char* expected;  // in the reply
  } hostile[] = {
      {"GARBAGE\r\n\r\n", ""},  // no request line: libmicrohttpd closes the connection without an answer
      {"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: -5\r\n\r\n", ""},
      {post_head("Content-Encoding: gzip\r\nContent-Length: " + std::to_string(bomb.size()) + "\r\n") + bomb,
       "413"},
      {post_head("Content-Length: " + std::to_string(oversized.size()) + "\r\n") + oversized, "413"},
      {post_head("Transfer-Encoding: chunked\r\n") + chunked_oversized + "0\r\n\r\n", "413"},
      {post_head("Content-Encoding: gzip\r\nContent-Length: 10\r\n") + "0123456789", "not valid gzip"},
      {post_head("Content-Encoding: br\r\nContent-Length: 2\r\n") + "{}", "415"},
      {post_head("Content-Length: 1000\r\n") + "{\"version\":1", ""},  // truncated body, then the client hangs up
      {post_head("Content-Length: 200000\r\n") + std::string(100000, '[') + std::string(100000, ']'), "400"},
      {"POST /api/v1/batches HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}", "401"},
      {std::string("GET /api/v1/query_range?metric=m&match=a%3D~%28%28%28 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                   "Authorization: Bearer ") + kToken + "\r\n\r\n", "400"},
      {"GET /" + std::string(100000, 'a') + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", ""},
  };
  for (const auto& request : hostile) {
    const std::string reply = raw_exchange(port, request.bytes);
    EXPECT_THAT(reply, HasSubstr(request.expected)) << request.bytes.substr(0, 120);
    // After each one the server still stores a good batch.
    static std::uint64_t sequence = 100;
    const http::Response good = post_batch(testing::probe_batch("node1", ++sequence, "node2", "mgmt", kT0, 3, 0));
    ASSERT_EQ(good.status, 200) << "after: " << request.bytes.substr(0, 120) << "\n" << good.body;
  }
  std::lock_guard lock(log_mutex_);
  EXPECT_FALSE(log_.empty());  // refused requests are logged
}

TEST(ApiServer, ListenOnTakenPortFailsNamingTheAddress) {
  testing::StoreInTempDir stored;
  ApiServerOptions options;
  options.listen = {{"", "127.0.0.1", 0}};
  ApiServer first(*stored.store, options);
  options.listen = {{"", "127.0.0.1", first.bound()[0].port}};
  try {
    ApiServer second(*stored.store, options);
    FAIL() << "bound a taken port";
  } catch (const RuntimeError& e) {
    EXPECT_THAT(e.what(), HasSubstr("127.0.0.1:" + std::to_string(first.bound()[0].port)));
  }
}

TEST(ApiServer, ListenInMissingNamespaceFailsWithAHint) {
  testing::StoreInTempDir stored;
  ApiServerOptions options;
  options.listen = {{"netkeel-no-such-namespace-4711", "127.0.0.1", 0}};
  try {
    ApiServer server(*stored.store, options);
    FAIL() << "listened in a namespace that does not exist";
  } catch (const RuntimeError& e) {
    EXPECT_THAT(e.what(), HasSubstr("ip netns add netkeel-no-such-namespace-4711"));
  }
}

}  // namespace
}  // namespace netkeel::server
