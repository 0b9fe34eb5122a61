// The kernel bonding parser on RTM_NEWLINK messages built here with libnl, the way the bonding driver
// fills them (this machine's kernel has no bonding module, so no real bond can be dumped): a bond
// master's IFLA_LINKINFO/IFLA_INFO_DATA and each member's IFLA_INFO_SLAVE_DATA.
#include "netkeel/collect/kernel_bond_state.hpp"

#include <gtest/gtest.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "netkeel/core/error.hpp"
#include "netkeel/kernel/libnl_handles.hpp"

namespace netkeel::collect {
namespace {

constexpr uint8_t kBondMode8023ad = 4, kBondModeActiveBackup = 1;
constexpr uint8_t kInSync = kLacpActivity | kLacpTimeout | kLacpAggregation | kLacpSynchronization | kLacpCollecting |
                            kLacpDistributing;

kernel::NlMessage link_message(int ifindex, const std::string& name) {
  kernel::NlMessage msg(nlmsg_alloc_simple(RTM_NEWLINK, 0));
  ifinfomsg info{};
  info.ifi_family = AF_UNSPEC;
  info.ifi_index = ifindex;
  EXPECT_EQ(nlmsg_append(msg.get(), &info, sizeof info, NLMSG_ALIGNTO), 0);
  nla_put_string(msg.get(), IFLA_IFNAME, name.c_str());
  return msg;
}

kernel::NlMessage bond_master(int ifindex, const std::string& name, uint8_t mode, int active_slave,
                              std::optional<uint16_t> aggregator) {
  auto msg = link_message(ifindex, name);
  nlattr* linkinfo = nla_nest_start(msg.get(), IFLA_LINKINFO);
  nla_put_string(msg.get(), IFLA_INFO_KIND, "bond");
  nlattr* data = nla_nest_start(msg.get(), IFLA_INFO_DATA);
  nla_put_u8(msg.get(), IFLA_BOND_MODE, mode);
  nla_put_u32(msg.get(), IFLA_BOND_MIIMON, 100);
  if (active_slave) nla_put_u32(msg.get(), IFLA_BOND_ACTIVE_SLAVE, uint32_t(active_slave));
  if (aggregator) {
    nlattr* ad = nla_nest_start(msg.get(), IFLA_BOND_AD_INFO);
    nla_put_u16(msg.get(), IFLA_BOND_AD_INFO_AGGREGATOR, *aggregator);
    nla_put_u16(msg.get(), IFLA_BOND_AD_INFO_NUM_PORTS, 2);
    nla_nest_end(msg.get(), ad);
  }
  nla_nest_end(msg.get(), data);
  nla_nest_end(msg.get(), linkinfo);
  return msg;
}

struct Member {
  uint8_t state = 0;  // 0 active, 1 backup
  uint8_t mii = 0;    // 0 up, 2 down
  uint32_t failures = 0;
  std::optional<uint16_t> aggregator;
  std::optional<uint8_t> actor, partner;
};

kernel::NlMessage bond_member(int ifindex, const std::string& name, int master, const Member& m) {
  auto msg = link_message(ifindex, name);
  nla_put_u32(msg.get(), IFLA_MASTER, uint32_t(master));
  nlattr* linkinfo = nla_nest_start(msg.get(), IFLA_LINKINFO);
  nla_put_string(msg.get(), IFLA_INFO_KIND, "veth");
  nla_put_string(msg.get(), IFLA_INFO_SLAVE_KIND, "bond");
  nlattr* data = nla_nest_start(msg.get(), IFLA_INFO_SLAVE_DATA);
  nla_put_u8(msg.get(), IFLA_BOND_SLAVE_STATE, m.state);
  nla_put_u8(msg.get(), IFLA_BOND_SLAVE_MII_STATUS, m.mii);
  nla_put_u32(msg.get(), IFLA_BOND_SLAVE_LINK_FAILURE_COUNT, m.failures);
  if (m.aggregator) nla_put_u16(msg.get(), IFLA_BOND_SLAVE_AD_AGGREGATOR_ID, *m.aggregator);
  if (m.actor) nla_put_u8(msg.get(), IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE, *m.actor);
  // The kernel writes the partner's state as a u16.
  if (m.partner) nla_put_u16(msg.get(), IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE, *m.partner);
  nla_nest_end(msg.get(), data);
  nla_nest_end(msg.get(), linkinfo);
  return msg;
}

TEST(KernelBondParser, LacpBondWithOneMemberInSyncAndOneExpired) {
  KernelBondParser p;
  // Members arrive before their master in a dump as often as after: order must not matter.
  p.add(nlmsg_hdr(bond_member(3, "eno1", 5, {0, 0, 0, 1, kInSync, kInSync}).get()));
  p.add(nlmsg_hdr(bond_master(5, "bond0", kBondMode8023ad, 0, 1).get()));
  p.add(nlmsg_hdr(bond_member(4, "eno2", 5, {1, 2, 3, 2, kLacpActivity | kLacpAggregation | kLacpExpired, 0}).get()));
  p.add(nlmsg_hdr(link_message(1, "lo").get()));
  auto bonds = p.bonds();
  ASSERT_EQ(bonds.size(), 1u);
  const auto& b = bonds[0];
  EXPECT_EQ(b.name, "bond0");
  EXPECT_EQ(b.source, "kernel");
  EXPECT_EQ(b.mode, "802.3ad");
  EXPECT_EQ(b.lacp_status, "negotiated");
  ASSERT_EQ(b.members.size(), 2u);
  const auto& eno1 = b.members[0];
  EXPECT_EQ(eno1.name, "eno1");
  EXPECT_TRUE(eno1.up);
  EXPECT_TRUE(eno1.active);
  EXPECT_EQ(eno1.lacp, "current");
  EXPECT_TRUE(eno1.lacp_attached);
  EXPECT_EQ(eno1.aggregator_id, 1);
  EXPECT_EQ(eno1.actor_state, kInSync);
  EXPECT_EQ(eno1.partner_state, kInSync);
  const auto& eno2 = b.members[1];
  EXPECT_FALSE(eno2.up);
  EXPECT_FALSE(eno2.active);
  EXPECT_EQ(eno2.link_failures, 3u);
  EXPECT_EQ(eno2.lacp, "expired");
  EXPECT_FALSE(eno2.lacp_attached);  // another aggregator, not in sync
  EXPECT_EQ(eno2.partner_state, 0);
}

TEST(KernelBondParser, ActiveBackupNamesItsActiveMemberAndHasNoLacp) {
  KernelBondParser p;
  p.add(nlmsg_hdr(bond_master(7, "bond1", kBondModeActiveBackup, 9, std::nullopt).get()));
  p.add(nlmsg_hdr(bond_member(8, "ens1", 7, {1, 0, 0, {}, {}, {}}).get()));
  p.add(nlmsg_hdr(bond_member(9, "ens2", 7, {0, 0, 1, {}, {}, {}}).get()));
  auto bonds = p.bonds();
  ASSERT_EQ(bonds.size(), 1u);
  EXPECT_EQ(bonds[0].mode, "active-backup");
  EXPECT_EQ(bonds[0].active_member, "ens2");
  EXPECT_EQ(bonds[0].lacp_status, "");
  ASSERT_EQ(bonds[0].members.size(), 2u);
  EXPECT_FALSE(bonds[0].members[0].active);
  EXPECT_TRUE(bonds[0].members[1].active);
  EXPECT_EQ(bonds[0].members[0].lacp, "");
}

TEST(KernelBondParser, LacpBondWithoutAnyAttachedMemberIsNotNegotiated) {
  KernelBondParser p;
  p.add(nlmsg_hdr(bond_master(5, "bond0", kBondMode8023ad, 0, 1).get()));
  p.add(nlmsg_hdr(bond_member(3, "eno1", 5, {0, 0, 0, 1, kLacpActivity | kLacpDefaulted, 0}).get()));
  auto bonds = p.bonds();
  ASSERT_EQ(bonds.size(), 1u);
  EXPECT_EQ(bonds[0].lacp_status, "not negotiated");
  EXPECT_EQ(bonds[0].members[0].lacp, "defaulted");
}

TEST(KernelBondParser, OtherMessagesAndLinksAreIgnoredAndTruncatedOnesRejected) {
  KernelBondParser p;
  kernel::NlMessage route(nlmsg_alloc_simple(RTM_NEWROUTE, 0));
  p.add(nlmsg_hdr(route.get()));
  p.add(nlmsg_hdr(link_message(2, "eth0").get()));
  EXPECT_TRUE(p.bonds().empty());
  kernel::NlMessage empty(nlmsg_alloc_simple(RTM_NEWLINK, 0));  // no ifinfomsg
  EXPECT_THROW(p.add(nlmsg_hdr(empty.get())), RuntimeError);
}

TEST(KernelBondState, DumpOfThisNamespaceSucceeds) {
  // This kernel has no bonding: the dump works and finds no bond (a kernel with bonding lists them).
  EXPECT_NO_THROW(read_kernel_bond_states());
}

}  // namespace
}  // namespace netkeel::collect
