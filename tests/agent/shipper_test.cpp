// The shipper on a fake clock and a fake HTTP client, with a real spool in a temporary directory.
#include "netkeel/agent/shipper.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <memory>

#include "fakes/core/fake_clock.hpp"
#include "fakes/http/fake_http_client.hpp"
#include "netkeel/agent/prometheus_text.hpp"
#include "netkeel/http/gzip.hpp"
#include "netkeel/store/batch_wire.hpp"
#include "support/temporary_directory.hpp"

namespace netkeel::agent {
namespace {

using std::chrono::milliseconds;

store::Batch batch_with_value(double value) {
  store::Batch batch;
  batch.id.agent_host = "node1";
  batch.series.push_back(store::make_series("netkeel_probe_sent_total", {{"src", "node1"}, {"dst", "node2"}}));
  batch.samples.push_back({0, 1764150000000, value});
  return batch;
}

struct ShipperTest : ::testing::Test {
  netkeel::testing::TemporaryDirectory dir;
  FakeClock clock;
  http::FakeHttpClient client;
  std::vector<std::string> log;
  int token_reads = 0;
  std::string token = "s3cret";
  std::uint64_t max_bytes = 1 << 20;
  double jitter_draw = 0;  // what the backoff's random source returns: 0 keeps every step whole
  std::unique_ptr<Spool> spool;
  std::unique_ptr<SequenceFile> sequence;
  std::unique_ptr<Shipper> shipper;

  void SetUp() override { start(); }

  // Builds the shipper as an agent start does; called again, it is an agent restart.
  void start() {
    shipper.reset();
    sequence.reset();
    spool.reset();
    auto sink = [this](const std::string& line) { log.push_back(line); };
    spool = std::make_unique<Spool>(SpoolOptions{dir.path(), max_bytes}, sink);
    sequence = std::make_unique<SequenceFile>(dir.path(), spool->highest_sequence(), 1000, sink);
    ShipperOptions options;
    options.server_url = "http://server:9948/";
    options.read_token = [this] {
      ++token_reads;
      return token;
    };
    options.random = [this] { return jitter_draw; };
    shipper = std::make_unique<Shipper>(options, *spool, *sequence, client, clock, sink);
  }

  store::Batch sent_batch(std::size_t request) const {
    return store::decode_batch_json(http::gzip_decompress(client.requests().at(request).body, 1 << 20));
  }
  std::uint64_t sent_sequence(std::size_t request) const { return sent_batch(request).id.sequence; }
  Nanoseconds wait_until_next_attempt() const { return *shipper->next_attempt() - clock.now(); }
  bool logged(const std::string& part) const {
    for (const auto& line : log)
      if (line.find(part) != std::string::npos) return true;
    return false;
  }
};

TEST_F(ShipperTest, SendsSpooledBatchesOldestFirstAndDeletesEachAfterA200) {
  for (double v : {1.0, 2.0, 3.0}) shipper->spool_batch(batch_with_value(v));
  for (int i = 0; i < 3; ++i) client.respond(200, R"({"outcome":"stored","batch":"node1#1","samples":1})");
  EXPECT_TRUE(shipper->ship_one());
  EXPECT_TRUE(shipper->ship_one());
  EXPECT_TRUE(shipper->ship_one());
  EXPECT_FALSE(shipper->ship_one());  // nothing left: no request
  ASSERT_EQ(client.request_count(), 3u);
  EXPECT_EQ(sent_sequence(0), 1000u);
  EXPECT_EQ(sent_sequence(1), 1001u);
  EXPECT_EQ(sent_sequence(2), 1002u);
  EXPECT_EQ(sent_batch(2).samples.at(0).value, 3.0);
  EXPECT_EQ(spool->batch_count(), 0u);
  EXPECT_EQ(shipper->counters().shipped_batches, 3u);
  EXPECT_FALSE(shipper->next_attempt());
}

TEST_F(ShipperTest, PostsGzipJsonWithTheBearerTokenToTheBatchesEndpoint) {
  shipper->spool_batch(batch_with_value(1));
  client.respond(200);
  shipper->ship_one();
  const http::Request request = client.requests().at(0);
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, "http://server:9948/api/v1/batches");
  using Header = std::pair<std::string, std::string>;
  EXPECT_THAT(request.headers, ::testing::Contains(Header{"Authorization", "Bearer s3cret"}));
  EXPECT_THAT(request.headers, ::testing::Contains(Header{"Content-Encoding", "gzip"}));
  EXPECT_THAT(request.headers, ::testing::Contains(Header{"Content-Type", "application/json"}));
  EXPECT_EQ(sent_batch(0).id.agent_host, "node1");
}

TEST_F(ShipperTest, NoResponseKeepsTheBatchAndBacksOffExponentiallyUpToTenSeconds) {
  shipper->spool_batch(batch_with_value(1));
  const std::vector<milliseconds> expected{milliseconds(100), milliseconds(200), milliseconds(400), milliseconds(800),
                                           milliseconds(1600), milliseconds(3200), milliseconds(6400),
                                           milliseconds(10000), milliseconds(10000)};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    client.fail("Connection refused");
    EXPECT_FALSE(shipper->ship_one());
    EXPECT_EQ(wait_until_next_attempt(), expected[i]) << "attempt " << i;
    // Before the backoff ends, nothing is sent.
    clock.advance(expected[i] - milliseconds(1));
    EXPECT_FALSE(shipper->ship_one());
    EXPECT_EQ(client.request_count(), i + 1);
    clock.advance(milliseconds(1));
  }
  EXPECT_EQ(spool->batch_count(), 1u);
  EXPECT_EQ(shipper->counters().failures.at("unreachable"), expected.size());
  // One log line for the outage, not one per retry.
  EXPECT_EQ(std::count_if(log.begin(), log.end(), [](const auto& l) { return l.find("cannot ship") != std::string::npos; }), 1);

  client.respond(200);
  EXPECT_TRUE(shipper->ship_one());
  EXPECT_EQ(spool->batch_count(), 0u);
  EXPECT_TRUE(logged("works again after 9 failed attempts"));
}

TEST_F(ShipperTest, RetriesAreJitteredWithinTheUpperHalfOfEachStep) {
  jitter_draw = 0.5;  // cuts a quarter of each step
  start();
  shipper->spool_batch(batch_with_value(1));
  const std::vector<milliseconds> expected{milliseconds(75), milliseconds(150), milliseconds(300), milliseconds(600),
                                           milliseconds(1200), milliseconds(2400), milliseconds(4800),
                                           milliseconds(7500), milliseconds(7500)};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    client.fail("Connection refused");
    EXPECT_FALSE(shipper->ship_one());
    EXPECT_EQ(wait_until_next_attempt(), expected[i]) << "attempt " << i;
    clock.advance(expected[i]);
  }
  EXPECT_EQ(client.request_count(), expected.size());
}

TEST_F(ShipperTest, TheDefaultRandomSourceKeepsDelaysWithinTheirBounds) {
  ShipperOptions options;
  options.server_url = "http://server:9948";
  Shipper real(options, *spool, *sequence, client, clock, [](const std::string&) {});
  real.spool_batch(batch_with_value(1));
  Nanoseconds step = milliseconds(100);
  for (int i = 0; i < 12; ++i) {
    client.fail("Connection refused");
    real.ship_one();
    const Nanoseconds wait = *real.next_attempt() - clock.now();
    EXPECT_GE(wait, step / 2) << "attempt " << i;
    EXPECT_LE(wait, step) << "attempt " << i;
    clock.advance(wait);
    step = std::min<Nanoseconds>(std::chrono::seconds(10), step * 2);
  }
}

TEST_F(ShipperTest, ASuccessResetsTheBackoff) {
  shipper->spool_batch(batch_with_value(1));
  shipper->spool_batch(batch_with_value(2));
  client.respond(503);
  client.respond(503);
  shipper->ship_one();
  clock.advance(milliseconds(100));
  shipper->ship_one();
  EXPECT_EQ(wait_until_next_attempt(), milliseconds(200));
  clock.advance(milliseconds(200));
  client.respond(200);
  shipper->ship_one();
  client.fail("timeout");
  shipper->ship_one();
  EXPECT_EQ(wait_until_next_attempt(), milliseconds(100));
}

TEST_F(ShipperTest, A400DropsTheBatchCountsAndLogsItThenGoesOn) {
  shipper->spool_batch(batch_with_value(1));
  shipper->spool_batch(batch_with_value(2));
  client.respond(400, R"({"error":"samples[0][2]: expected a number"})");
  client.respond(200);
  EXPECT_TRUE(shipper->ship_one());
  EXPECT_EQ(spool->batch_count(), 1u);
  EXPECT_EQ(*shipper->next_attempt(), clock.now());  // no backoff: the server is there
  EXPECT_TRUE(shipper->ship_one());
  EXPECT_EQ(sent_sequence(1), 1001u);
  EXPECT_EQ(shipper->counters().failures.at("rejected"), 1u);
  EXPECT_EQ(shipper->counters().shipped_batches, 1u);
  EXPECT_TRUE(logged("dropped batch 1000")) << ::testing::PrintToString(log);
  EXPECT_TRUE(logged("expected a number"));
}

class DroppingStatusTest : public ShipperTest, public ::testing::WithParamInterface<std::pair<int, const char*>> {};

TEST_P(DroppingStatusTest, DropsAndCountsUnderItsReason) {
  shipper->spool_batch(batch_with_value(1));
  client.respond(GetParam().first, R"({"error":"no"})");
  EXPECT_TRUE(shipper->ship_one());
  EXPECT_EQ(spool->batch_count(), 0u);
  EXPECT_EQ(shipper->counters().failures.at(GetParam().second), 1u);
}

INSTANTIATE_TEST_SUITE_P(Statuses, DroppingStatusTest,
                         ::testing::Values(std::pair{400, "rejected"}, std::pair{413, "too_large"},
                                           std::pair{415, "unsupported"}));

class KeepingStatusTest : public ShipperTest, public ::testing::WithParamInterface<std::pair<int, const char*>> {};

TEST_P(KeepingStatusTest, KeepsTheBatchAndRetriesAfterTheBackoff) {
  shipper->spool_batch(batch_with_value(1));
  client.respond(GetParam().first, R"({"error":"later"})");
  client.respond(200);
  EXPECT_FALSE(shipper->ship_one());
  EXPECT_EQ(spool->batch_count(), 1u);
  EXPECT_EQ(shipper->counters().failures.at(GetParam().second), 1u);
  clock.advance(milliseconds(100));
  EXPECT_TRUE(shipper->ship_one());
  EXPECT_EQ(sent_sequence(0), sent_sequence(1));  // the same batch again
  EXPECT_EQ(spool->batch_count(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Statuses, KeepingStatusTest,
                         ::testing::Values(std::pair{401, "unauthorized"}, std::pair{403, "forbidden"},
                                           std::pair{503, "server_error"},
                                           std::pair{500, "server_error"}, std::pair{404, "unexpected_status"}));

class TokenRereadTest : public ShipperTest, public ::testing::WithParamInterface<int> {};

// 401 (wrong token) and 403 (the server's read-only token) both mean "fix --token-file".
TEST_P(TokenRereadTest, TheTokenFileIsReadAgain) {
  shipper->spool_batch(batch_with_value(1));
  EXPECT_EQ(token_reads, 1);
  client.respond(GetParam(), R"({"error":"wrong token"})");
  shipper->ship_one();
  EXPECT_EQ(token_reads, 2);
  token = "fixed";
  client.respond(GetParam(), R"({"error":"wrong token"})");
  clock.advance(milliseconds(100));
  shipper->ship_one();  // read "fixed" after this answer
  client.respond(200);
  clock.advance(milliseconds(200));
  shipper->ship_one();
  using Header = std::pair<std::string, std::string>;
  EXPECT_THAT(client.requests().at(2).headers, ::testing::Contains(Header{"Authorization", "Bearer fixed"}));
}

INSTANTIATE_TEST_SUITE_P(Statuses, TokenRereadTest, ::testing::Values(401, 403));

TEST_F(ShipperTest, AFullSpoolDropsTheOldestBatchesAndCountsThem) {
  max_bytes = 3 * http::gzip_compress(store::encode_batch_json(batch_with_value(1))).size() + 10;
  start();
  for (int i = 0; i < 6; ++i) shipper->spool_batch(batch_with_value(1));
  EXPECT_EQ(spool->batch_count(), 3u);
  EXPECT_EQ(shipper->counters().spool_dropped_batches, 3u);
  EXPECT_EQ(shipper->counters().spool_batches, 3u);
  client.respond_by_default({200, "{}", "application/json"});
  while (shipper->ship_one()) {
  }
  ASSERT_EQ(client.request_count(), 3u);
  EXPECT_EQ(sent_sequence(0), 1003u);  // the newest three survived
  EXPECT_EQ(sent_sequence(2), 1005u);
}

TEST_F(ShipperTest, ARestartResumesTheSequenceAndReplaysTheSpoolInOrder) {
  client.fail("Connection refused");
  shipper->spool_batch(batch_with_value(1));
  shipper->ship_one();
  shipper->spool_batch(batch_with_value(2));
  shipper->spool_batch(batch_with_value(3));
  start();  // the agent restarts; the server is still away
  EXPECT_EQ(spool->batch_count(), 3u);
  EXPECT_EQ(shipper->spool_batch(batch_with_value(4)), 1003u);
  client.respond_by_default({200, "{}", "application/json"});
  while (shipper->ship_one()) {
  }
  ASSERT_EQ(client.request_count(), 5u);  // one refused, then four delivered
  for (std::size_t i = 1; i < 5; ++i) {
    EXPECT_EQ(sent_sequence(i), 999u + i);
    EXPECT_EQ(sent_batch(i).samples.at(0).value, double(i));
  }
}

TEST_F(ShipperTest, ACorruptSpoolFileIsSetAsideNotSentAndTheQueueGoesOn) {
  shipper->spool_batch(batch_with_value(1));
  shipper->spool_batch(batch_with_value(2));
  shipper->spool_batch(batch_with_value(3));
  std::ofstream(dir.path() / Spool::file_name(1000), std::ios::trunc) << "not gzip at all";
  // Batch 1001's file holds a valid batch under another sequence (e.g. copied by hand).
  store::Batch other = batch_with_value(9);
  other.id.sequence = 77;
  std::ofstream(dir.path() / Spool::file_name(1001), std::ios::trunc | std::ios::binary)
      << http::gzip_compress(store::encode_batch_json(other));
  client.respond(200);
  EXPECT_TRUE(shipper->ship_one());  // 1000 set aside
  EXPECT_TRUE(shipper->ship_one());  // 1001 set aside
  EXPECT_TRUE(shipper->ship_one());  // 1002 sent
  ASSERT_EQ(client.request_count(), 1u);
  EXPECT_EQ(sent_sequence(0), 1002u);
  EXPECT_EQ(shipper->counters().spool_corrupt_batches, 2u);
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "corrupt" / Spool::file_name(1000)));
  EXPECT_TRUE(logged("gzip"));
  EXPECT_TRUE(logged("holds batch 77 under the name of batch 1001"));
}

TEST_F(ShipperTest, MetricsTextNamesEveryShippingFigure) {
  shipper->spool_batch(batch_with_value(1));
  client.fail("refused");
  shipper->ship_one();
  const std::string text = render_prometheus_text(shipping_families(shipper->counters()));
  for (const char* line : {"netkeel_agent_spool_batches 1\n", "netkeel_agent_shipped_batches_total 0\n",
                           "netkeel_agent_spool_dropped_batches_total 0\n",
                           "netkeel_agent_ship_failures_total{reason=\"unreachable\"} 1\n"}) {
    EXPECT_NE(text.find(line), std::string::npos) << line << " missing from\n" << text;
  }
}

}  // namespace
}  // namespace netkeel::agent
