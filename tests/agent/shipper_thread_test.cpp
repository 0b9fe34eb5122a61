// The shipper's thread with the real clock: batches handed over by the agent loop reach the server in
// order; on stop, what is still queued is spooled for the next run. Waits poll against a deadline.
#include "netkeel/agent/shipper_thread.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "fakes/http/fake_http_client.hpp"
#include "netkeel/http/gzip.hpp"
#include "netkeel/store/batch_wire.hpp"
#include "support/temporary_directory.hpp"

namespace netkeel::agent {
namespace {

store::Batch batch_with_value(double value) {
  store::Batch batch;
  batch.id.agent_host = "node1";
  batch.series.push_back(store::make_series("netkeel_responder_answered_total", {}));
  batch.samples.push_back({0, 1764150000000, value});
  return batch;
}

template <typename Condition>
bool eventually(Condition condition) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return condition();
}

struct ShipperThreadTest : ::testing::Test {
  netkeel::testing::TemporaryDirectory dir;
  SystemClock clock;
  http::FakeHttpClient client;
  LogLine sink = [](const std::string&) {};
  Spool spool{SpoolOptions{dir.path(), 1 << 20}, sink};
  SequenceFile sequence{dir.path(), spool.highest_sequence(), 1, sink};
  Shipper shipper{ShipperOptions{"http://127.0.0.1:9", [] { return std::string("t"); }}, spool, sequence, client, clock, sink};
  BoundedQueue<store::Batch> queue{8};
};

TEST_F(ShipperThreadTest, ShipsWhatTheAgentLoopHandsOverInOrder) {
  client.respond_by_default({200, "{}", "application/json"});
  {
    ShipperThread thread(shipper, queue, clock, sink);
    for (int i = 1; i <= 5; ++i) ASSERT_TRUE(queue.try_push(batch_with_value(i)));
    ASSERT_TRUE(eventually([&] { return shipper.counters().shipped_batches == 5; }));
  }
  const auto requests = client.requests();
  ASSERT_EQ(requests.size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) {
    const auto batch = store::decode_batch_json(http::gzip_decompress(requests[i].body, 1 << 20));
    EXPECT_EQ(batch.samples.at(0).value, double(i + 1));
  }
  EXPECT_EQ(spool.batch_count(), 0u);
}

TEST_F(ShipperThreadTest, RetriesWhileTheServerIsAwayAndCatchesUpWhenItIsBack) {
  for (int i = 0; i < 3; ++i) client.fail("Connection refused");
  client.respond_by_default({200, "{}", "application/json"});
  ShipperThread thread(shipper, queue, clock, sink);
  ASSERT_TRUE(queue.try_push(batch_with_value(1)));
  ASSERT_TRUE(queue.try_push(batch_with_value(2)));
  ASSERT_TRUE(eventually([&] { return shipper.counters().shipped_batches == 2; }));
  EXPECT_EQ(shipper.counters().failures.at("unreachable"), 3u);
}

TEST_F(ShipperThreadTest, OnStopWhatIsStillQueuedIsSpooledNotLost) {
  client.respond_by_default({503, "{}", "application/json"});  // the server never takes anything
  {
    ShipperThread thread(shipper, queue, clock, sink);
    for (int i = 1; i <= 4; ++i) ASSERT_TRUE(queue.try_push(batch_with_value(i)));
  }
  EXPECT_EQ(spool.batch_count(), 4u);
}

TEST(BoundedQueue, RefusesWhenFullAndWhenClosed) {
  BoundedQueue<int> queue(2);
  EXPECT_TRUE(queue.try_push(1));
  EXPECT_TRUE(queue.try_push(2));
  EXPECT_FALSE(queue.try_push(3));
  EXPECT_EQ(queue.try_pop(), 1);
  queue.close();
  EXPECT_FALSE(queue.try_push(4));
  EXPECT_EQ(queue.try_pop(), 2);  // what was queued before close still comes out
  EXPECT_EQ(queue.try_pop(), std::nullopt);
}

}  // namespace
}  // namespace netkeel::agent
