// The keeper's events to the server: one batch per ship, the wire format and token the agents use,
// kept until the server answers 200, dropped on a refusal, bounded while the server is away.
#include "netkeel/ha/keeper_event_shipper.hpp"

#include <gtest/gtest.h>

#include "fakes/core/fake_clock.hpp"
#include "fakes/http/fake_http_client.hpp"
#include "netkeel/http/gzip.hpp"
#include "netkeel/store/batch_wire.hpp"

namespace netkeel::ha {
namespace {

store::Batch sent(const http::Request& request) {
  return store::decode_batch_json(http::gzip_decompress(request.body, 1 << 20));
}

struct Fixture {
  FakeClock clock;
  http::FakeHttpClient* fake = nullptr;
  std::unique_ptr<KeeperEventShipper> shipper;
  Fixture() {
    auto client = std::make_unique<http::FakeHttpClient>();
    fake = client.get();
    clock.set_wall(WallTime{} + std::chrono::milliseconds(1767225600000));
    shipper = std::make_unique<KeeperEventShipper>(std::move(client), "http://10.0.0.11:9948/", "site-token", "node1", clock);
  }
};

TEST(KeeperEventShipper, PostsPendingEventsAsOneBatchUnderTheKeepersOwnSender) {
  Fixture f;
  f.shipper->add("health_change", "keystone@node1 degraded: depends on mysql, which has no healthy instance");
  f.clock.advance(std::chrono::milliseconds(5));
  f.shipper->add("vip_release", "keystone: VIP released by node1 (cause: check)");
  f.fake->respond(200, "{}");
  EXPECT_EQ(f.shipper->ship(), 2u);
  ASSERT_EQ(f.fake->request_count(), 1u);
  const http::Request request = f.fake->requests()[0];
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, "http://10.0.0.11:9948/api/v1/batches");
  EXPECT_EQ(request.headers.at(0), (std::pair<std::string, std::string>{"Authorization", "Bearer site-token"}));
  const store::Batch batch = sent(request);
  EXPECT_EQ(batch.id.agent_host, "netkeel-keeper@node1");
  EXPECT_EQ(batch.id.sequence, 1767225600005u);  // the send time in Unix ms
  ASSERT_EQ(batch.events.size(), 2u);
  EXPECT_EQ(batch.events[0], (store::Event{1767225600000, "node1", "health_change",
                                           "keystone@node1 degraded: depends on mysql, which has no healthy instance"}));
  EXPECT_EQ(batch.events[1].kind, "vip_release");
  EXPECT_EQ(f.shipper->pending(), 0u);
  EXPECT_EQ(f.shipper->ship(), 0u);  // nothing pending: no request
  EXPECT_EQ(f.fake->request_count(), 1u);
}

TEST(KeeperEventShipper, KeepsEventsUntilTheServerTakesThemWithIncreasingSequences) {
  Fixture f;
  f.shipper->add("health_change", "a");
  f.fake->fail("connect: refused");
  EXPECT_EQ(f.shipper->ship(), 0u);
  EXPECT_EQ(f.shipper->pending(), 1u);
  EXPECT_NE(f.shipper->last_error().find("refused"), std::string::npos);
  f.fake->respond(503, "busy");
  EXPECT_EQ(f.shipper->ship(), 0u);
  f.fake->respond(200, "{}");
  EXPECT_EQ(f.shipper->ship(), 1u);  // same wall time: each batch still gets a new sequence
  const auto requests = f.fake->requests();
  EXPECT_LT(sent(requests[1]).id.sequence, sent(requests[2]).id.sequence);
  EXPECT_LT(sent(requests[0]).id.sequence, sent(requests[1]).id.sequence);
}

TEST(KeeperEventShipper, ARefusedBatchIsDroppedAndCountedAndTheQueueIsBounded) {
  Fixture f;
  f.shipper->add("health_change", "a");
  f.fake->respond(400, "bad event");
  EXPECT_EQ(f.shipper->ship(), 0u);
  EXPECT_EQ(f.shipper->pending(), 0u);
  EXPECT_EQ(f.shipper->dropped_total(), 1u);
  for (std::size_t i = 0; i < KeeperEventShipper::kMaxPending + 5; ++i) f.shipper->add("health_change", std::to_string(i));
  EXPECT_EQ(f.shipper->pending(), KeeperEventShipper::kMaxPending);
  EXPECT_EQ(f.shipper->dropped_total(), 6u);
}

TEST(KeeperEventShipper, WithoutAServerNothingIsSent) {
  FakeClock clock;
  auto client = std::make_unique<http::FakeHttpClient>();
  http::FakeHttpClient& fake = *client;
  KeeperEventShipper shipper(std::move(client), "", "", "node1", clock);
  shipper.add("health_change", "a");
  EXPECT_EQ(shipper.ship(), 0u);
  EXPECT_EQ(fake.request_count(), 0u);
}

}  // namespace
}  // namespace netkeel::ha
