#include "netkeel/plan/arp_policy.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace netkeel::plan {
namespace {

TEST(ArpPolicy, AutomaticIsStaticWhenNetkeelOwnsEveryAddress) {
  site::Network n;
  EXPECT_EQ(decide_arp(n, 10).mode, ArpMode::static_entries);
}

TEST(ArpPolicy, AutomaticIsLongTimeoutWithForeignDevices) {
  site::Network n;
  n.foreign_devices = true;
  const auto d = decide_arp(n, 10);
  EXPECT_EQ(d.mode, ArpMode::long_timeout);
  EXPECT_THAT(d.reason, ::testing::HasSubstr("does not own"));
}

TEST(ArpPolicy, ExplicitPolicyWins) {
  site::Network n;
  n.foreign_devices = true;
  n.arp = site::ArpPolicy::static_entries;
  EXPECT_EQ(decide_arp(n, 10).mode, ArpMode::static_entries);
  n.arp = site::ArpPolicy::kernel_default;
  EXPECT_EQ(decide_arp(n, 10).mode, ArpMode::kernel_default);
  n.foreign_devices = false;
  n.arp = site::ArpPolicy::long_timeout;
  EXPECT_EQ(decide_arp(n, 10).mode, ArpMode::long_timeout);
}

TEST(ArpPolicy, AutomaticIsLongTimeoutOnLargeSegments) {
  site::Network n;
  EXPECT_EQ(decide_arp(n, kStaticArpMaxAddresses).mode, ArpMode::static_entries);
  const auto d = decide_arp(n, kStaticArpMaxAddresses + 1);
  EXPECT_EQ(d.mode, ArpMode::long_timeout);
  EXPECT_THAT(d.reason, ::testing::HasSubstr("257 addresses"));
  n.arp = site::ArpPolicy::static_entries;  // the operator may insist
  EXPECT_EQ(decide_arp(n, 1000).mode, ArpMode::static_entries);
}

}  // namespace
}  // namespace netkeel::plan
