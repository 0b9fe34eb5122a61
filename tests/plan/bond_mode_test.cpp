#include "netkeel/plan/bond_mode.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "site_builder.hpp"

namespace netkeel::plan {
namespace {

using namespace test_support;
using namespace ::testing;
using ::testing::HasSubstr;

site::Site two_switch_site(bool a_lacp, bool b_lacp, bool peers) {
  site::Site s;
  s.switches = {make_switch("a", a_lacp, peers ? std::optional<std::string>("b") : std::nullopt),
                make_switch("b", b_lacp, peers ? std::optional<std::string>("a") : std::nullopt)};
  return s;
}

TEST(BondMode, OneNicMeansNoBond) {
  auto s = two_switch_site(true, true, true);
  auto d = decide_bond(s, make_host("h", 1, {make_nic("eno1", "a")}));
  EXPECT_FALSE(d.settings);
  EXPECT_THAT(d.reason, HasSubstr("eno1 is the only NIC"));
}

TEST(BondMode, MlagPairWithLacpGives8023adWithFastRateMiimonAndLayer34Hash) {
  auto s = two_switch_site(true, true, true);
  auto d = decide_bond(s, make_host("h", 1, {make_nic("eno1", "a"), make_nic("eno2", "b")}));
  ASSERT_TRUE(d.settings);
  EXPECT_EQ(d.settings->mode, BondMode::lacp);
  EXPECT_EQ(d.settings->lacp_rate, "fast");
  EXPECT_EQ(d.settings->miimon_ms, 100);
  EXPECT_EQ(d.settings->xmit_hash_policy, "layer3+4");
  EXPECT_EQ(d.name, "bond0");
  EXPECT_THAT(d.reason, HasSubstr("MLAG pair"));
}

TEST(BondMode, OneLacpSwitchGives8023ad) {
  auto s = two_switch_site(true, false, false);
  auto d = decide_bond(s, make_host("h", 1, {make_nic("eno1", "a"), make_nic("eno2", "a")}));
  ASSERT_TRUE(d.settings);
  EXPECT_EQ(d.settings->mode, BondMode::lacp);
  EXPECT_THAT(d.reason, HasSubstr("both go to a, which does LACP"));
}

TEST(BondMode, SwitchWithoutLacpGivesActiveBackupWithFirstNicPrimary) {
  auto s = two_switch_site(false, false, false);
  auto d = decide_bond(s, make_host("h", 1, {make_nic("eno1", "a"), make_nic("eno2", "a")}));
  ASSERT_TRUE(d.settings);
  EXPECT_EQ(d.settings->mode, BondMode::active_backup);
  EXPECT_EQ(d.settings->primary, "eno1");
  EXPECT_EQ(d.settings->lacp_rate, "");  // 802.3ad-only settings are not planned for active-backup
  EXPECT_EQ(d.settings->xmit_hash_policy, "");
  EXPECT_THAT(d.reason, HasSubstr("does not do LACP"));
}

TEST(BondMode, TwoSwitchesThatAreNotPeersGiveActiveBackup) {
  auto s = two_switch_site(true, true, false);
  auto d = decide_bond(s, make_host("h", 1, {make_nic("eno1", "a"), make_nic("eno2", "b")}));
  ASSERT_TRUE(d.settings);
  EXPECT_EQ(d.settings->mode, BondMode::active_backup);
  EXPECT_THAT(d.reason, HasSubstr("not MLAG peers"));
}

TEST(BondMode, MlagPairWhereOneSideLacksLacpGivesActiveBackup) {
  auto s = two_switch_site(true, false, true);
  auto d = decide_bond(s, make_host("h", 1, {make_nic("eno1", "a"), make_nic("eno2", "b")}));
  ASSERT_TRUE(d.settings);
  EXPECT_EQ(d.settings->mode, BondMode::active_backup);
  EXPECT_THAT(d.reason, HasSubstr("b does not do LACP"));
}

TEST(BondMode, OverrideWinsAndTheReasonSaysWhatCablingWouldGive) {
  auto s = two_switch_site(true, true, true);
  auto host = make_host("h", 1, {make_nic("eno1", "a"), make_nic("eno2", "b")});
  host.bond.mode = site::BondModeOverride::active_backup;
  host.bond.name = "uplink";
  auto d = decide_bond(s, host);
  ASSERT_TRUE(d.settings);
  EXPECT_EQ(d.settings->mode, BondMode::active_backup);
  EXPECT_EQ(d.name, "uplink");
  EXPECT_THAT(d.reason, HasSubstr("set by bond.mode"));
  EXPECT_THAT(d.reason, HasSubstr("cabling alone gives 802.3ad"));
}

TEST(BondMode, BalanceXorOverrideKeepsTheHashPolicy) {
  auto s = two_switch_site(true, false, false);
  auto host = make_host("h", 1, {make_nic("eno1", "a"), make_nic("eno2", "a")});
  host.bond.mode = site::BondModeOverride::balance_xor;
  auto d = decide_bond(s, host);
  ASSERT_TRUE(d.settings);
  EXPECT_EQ(d.settings->mode, BondMode::balance_xor);
  EXPECT_EQ(d.settings->xmit_hash_policy, "layer3+4");
  EXPECT_EQ(d.settings->lacp_rate, "");
}

}  // namespace
}  // namespace netkeel::plan
