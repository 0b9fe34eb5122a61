#include <gtest/gtest.h>

#include "netkeel/core/vip_event_text.hpp"

namespace netkeel {
namespace {

TEST(VipEventText, WhatIsWrittenReadsBack) {
  const auto taken = parse_vip_event(kVipTakeoverKind, vip_takeover_text("keystone", "node2"));
  ASSERT_TRUE(taken);
  EXPECT_TRUE(taken->taken);
  EXPECT_EQ(taken->service, "keystone");
  EXPECT_EQ(taken->host, "node2");
  EXPECT_EQ(taken->why, "");

  // A cause whose detail holds parentheses and colons of its own.
  const std::string why = "check: http http://127.0.0.1:5000/v3: status 503 (Service Unavailable)";
  const auto released = parse_vip_event(kVipReleaseKind, vip_release_text("keystone", "node1", why));
  ASSERT_TRUE(released);
  EXPECT_FALSE(released->taken);
  EXPECT_EQ(released->host, "node1");
  EXPECT_EQ(released->why, why);
  EXPECT_EQ(vip_release_text("mysql", "node2", "lost"), "mysql: VIP released by node2 (cause: lost)");
}

TEST(VipEventText, AnythingElseIsNotAVipEvent) {
  EXPECT_FALSE(parse_vip_event("link_down", "keystone: VIP taken by node2"));
  EXPECT_FALSE(parse_vip_event(kVipTakeoverKind, "keystone taken by node2"));
  EXPECT_FALSE(parse_vip_event(kVipTakeoverKind, ": VIP taken by node2"));
  EXPECT_FALSE(parse_vip_event(kVipTakeoverKind, "keystone: VIP taken by "));
  EXPECT_FALSE(parse_vip_event(kVipTakeoverKind, "keystone: VIP taken by two words"));
  EXPECT_FALSE(parse_vip_event(kVipReleaseKind, "keystone: VIP released by node1"));
  EXPECT_FALSE(parse_vip_event(kVipReleaseKind, "keystone: VIP released by node1 (cause: lost"));
}

}  // namespace
}  // namespace netkeel
