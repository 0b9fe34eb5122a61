#include <gtest/gtest.h>

#include "netkeel/core/vip_event_text.hpp"
#include "netkeel/server/vip_states.hpp"
#include "netkeel/server/vips_handler.hpp"
#include "server/server_test_support.hpp"

namespace netkeel::server {
namespace {

constexpr store::TimestampMs kT0 = 1764150000000;

store::Event taken(store::TimestampMs t, const std::string& service, const std::string& host) {
  return {t, host, kVipTakeoverKind, vip_takeover_text(service, host)};
}
store::Event released(store::TimestampMs t, const std::string& service, const std::string& host, const std::string& why) {
  return {t, host, kVipReleaseKind, vip_release_text(service, host, why)};
}

const std::vector<PlannedVip> kPlanned = {{"keystone", "api", "10.0.1.10/32"}, {"mysql", "api", "10.0.1.11/32"}};

TEST(VipStates, TheNewestTakeoverNamesTheHolderAndItsOwnReleaseClearsIt) {
  const auto states = vip_states(kPlanned, {taken(kT0, "keystone", "node1"), taken(kT0 + 10, "mysql", "node2"),
                                            released(kT0 + 20, "keystone", "node1", "check: tcp 5000: refused"),
                                            taken(kT0 + 30, "keystone", "node3"),
                                            released(kT0 + 40, "mysql", "node2", "lost")});
  ASSERT_EQ(states.size(), 2u);
  EXPECT_EQ(states[0].service, "keystone");
  EXPECT_EQ(states[0].state, "held");
  EXPECT_EQ(states[0].holder, "node3");
  EXPECT_EQ(states[0].since_ms, kT0 + 30);
  EXPECT_EQ(states[0].takeovers, 2u);
  EXPECT_EQ(states[0].last_release_cause, "check: tcp 5000: refused");
  EXPECT_EQ(states[1].state, "released");
  EXPECT_EQ(states[1].holder, "");
  EXPECT_EQ(states[1].since_ms, kT0 + 40);
  EXPECT_EQ(states[1].last_release_host, "node2");
  EXPECT_EQ(states[1].last_release_cause, "lost");
}

TEST(VipStates, AReleaseStampedAfterTheNextTakeoverDoesNotClearTheNewHolder) {
  // node2's clock runs a few milliseconds behind node1's: its takeover is stamped before node1's release.
  const auto states = vip_states(kPlanned, {taken(kT0, "keystone", "node1"), taken(kT0 + 100, "keystone", "node2"),
                                            released(kT0 + 103, "keystone", "node1", "handover")});
  EXPECT_EQ(states[0].state, "held");
  EXPECT_EQ(states[0].holder, "node2");
  EXPECT_EQ(states[0].last_release_cause, "handover");
}

TEST(VipStates, AVipWithoutEventsIsUnknownAndOneOutsideTheSiteFileIsStillShown) {
  const auto states = vip_states(kPlanned, {{kT0, "node1", "link_down", "eno1 carrier lost"},
                                            taken(kT0 + 5, "glance", "node1")});
  ASSERT_EQ(states.size(), 3u);
  EXPECT_EQ(states[0].state, "unknown");
  EXPECT_EQ(states[0].address, "10.0.1.10/32");
  EXPECT_EQ(states[2].service, "glance");
  EXPECT_EQ(states[2].network, "");
  EXPECT_EQ(states[2].holder, "node1");
  const nlohmann::json json = vip_states_json(states, 3600);
  EXPECT_EQ(json["window_s"], 3600);
  EXPECT_TRUE(json["vips"][0]["holder"].is_null());
  EXPECT_TRUE(json["vips"][0]["since_ms"].is_null());
  EXPECT_TRUE(json["vips"][0]["last_release"].is_null());
  EXPECT_EQ(json["vips"][2]["holder"], "node1");
}

TEST(VipsHandler, ReadsEveryPageOfBothKindsInTheWindowAndRefusesUnknownParameters) {
  testing::StoreInTempDir stored;
  store::Batch batch;
  batch.id = {"node1", 1};
  // More events than one page of the store holds, then the move that counts.
  for (int i = 0; i < 12000; ++i) batch.events.push_back(taken(kT0 + i, "mysql", "node1"));
  batch.events.push_back(released(kT0 + 20000, "keystone", "node1", "lost"));
  batch.events.push_back(taken(kT0 + 20000, "keystone", "node2"));
  stored.store->write(batch);
  const ApiResponse response = handle_vips({{"since", "1h"}}, *stored.store, QueryContext{kT0 + 60000}, kPlanned);
  ASSERT_EQ(response.status, 200) << response.body;
  const auto json = nlohmann::json::parse(response.body);
  EXPECT_EQ(json["vips"][0]["holder"], "node2");  // same millisecond: the release first
  EXPECT_EQ(json["vips"][0]["last_release"]["cause"], "lost");
  EXPECT_EQ(json["vips"][1]["takeovers"], 12000);
  const ApiResponse bad = handle_vips({{"sinse", "1h"}}, *stored.store, QueryContext{kT0}, kPlanned);
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("unknown parameter 'sinse'"), std::string::npos) << bad.body;
}

}  // namespace
}  // namespace netkeel::server
