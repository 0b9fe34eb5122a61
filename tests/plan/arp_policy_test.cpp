#include "netkeel/plan/arp_policy.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace netkeel::plan {
namespace {

TEST(ArpPolicy, AutomaticIsStaticWhenNetkeelOwnsEveryAddress) {
  site::Network n;
  EXPECT_EQ(decide_arp(n).mode, ArpMode::static_entries);
}

TEST(ArpPolicy, AutomaticIsLongTimeoutWithForeignDevices) {
  site::Network n;
  n.foreign_devices = true;
  const auto d = decide_arp(n);
  EXPECT_EQ(d.mode, ArpMode::long_timeout);
  EXPECT_THAT(d.reason, ::testing::HasSubstr("does not own"));
}

TEST(ArpPolicy, ExplicitPolicyWins) {
  site::Network n;
  n.foreign_devices = true;
  n.arp = site::ArpPolicy::static_entries;
  EXPECT_EQ(decide_arp(n).mode, ArpMode::static_entries);
  n.arp = site::ArpPolicy::kernel_default;
  EXPECT_EQ(decide_arp(n).mode, ArpMode::kernel_default);
  n.foreign_devices = false;
  n.arp = site::ArpPolicy::long_timeout;
  EXPECT_EQ(decide_arp(n).mode, ArpMode::long_timeout);
}

}  // namespace
}  // namespace netkeel::plan
