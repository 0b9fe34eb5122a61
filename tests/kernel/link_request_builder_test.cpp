// The requests that create bonds and VLANs, parsed back attribute by attribute. This machine's kernel has
// neither bonding nor 802.1q, so these tests are what proves the encoding.
#include "netkeel/kernel/link_request_builder.hpp"

#include <gtest/gtest.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "netkeel/kernel/bond_netlink_attributes.hpp"
#include "netkeel/kernel/netlink.hpp"

namespace netkeel::kernel {
namespace {

// The top-level attributes of an RTM_NEWLINK and its IFLA_LINKINFO.
struct ParsedLinkRequest {
  nlmsghdr* header = nullptr;
  nlattr* tb[IFLA_MAX + 1] = {};
  nlattr* info[IFLA_INFO_MAX + 1] = {};

  explicit ParsedLinkRequest(nl_msg* msg) : header(nlmsg_hdr(msg)) {
    EXPECT_EQ(nlmsg_parse(header, sizeof(ifinfomsg), tb, IFLA_MAX, nullptr), 0);
    if (tb[IFLA_LINKINFO]) {
      EXPECT_EQ(nla_parse_nested(info, IFLA_INFO_MAX, tb[IFLA_LINKINFO], nullptr), 0);
    }
  }
  std::string kind() const { return info[IFLA_INFO_KIND] ? nla_get_string(info[IFLA_INFO_KIND]) : ""; }
  int count_of(int type) const {
    int n = 0;
    int remaining = nlmsg_attrlen(header, sizeof(ifinfomsg));
    for (nlattr* a = nlmsg_attrdata(header, sizeof(ifinfomsg)); nla_ok(a, remaining); a = nla_next(a, &remaining)) {
      n += nla_type(a) == type ? 1 : 0;
    }
    return n;
  }
};

LinkSpec lacp_bond() {
  LinkSpec s{.name = "bond0", .kind = "bond", .mtu = 9000};
  s.mac = MacAddress::parse("02:4e:4b:00:00:01");
  s.bond = BondAttributes{.mode = "802.3ad", .miimon_ms = 100, .lacp_rate = "fast", .xmit_hash_policy = "layer3+4"};
  return s;
}

TEST(LinkRequestBuilder, BondRequestCarriesEveryBondAttribute) {
  NlMessage msg = build_create_link_request(lacp_bond());
  ParsedLinkRequest req(msg.get());
  EXPECT_EQ(req.header->nlmsg_type, RTM_NEWLINK);
  EXPECT_EQ(req.header->nlmsg_flags & (NLM_F_CREATE | NLM_F_EXCL), NLM_F_CREATE | NLM_F_EXCL);
  auto* ifi = static_cast<ifinfomsg*>(nlmsg_data(req.header));
  EXPECT_EQ(ifi->ifi_flags & IFF_UP, 0u);  // created down
  ASSERT_NE(req.tb[IFLA_IFNAME], nullptr);
  EXPECT_STREQ(nla_get_string(req.tb[IFLA_IFNAME]), "bond0");
  ASSERT_NE(req.tb[IFLA_MTU], nullptr);
  EXPECT_EQ(nla_get_u32(req.tb[IFLA_MTU]), 9000u);
  ASSERT_NE(req.tb[IFLA_ADDRESS], nullptr);
  ASSERT_EQ(nla_len(req.tb[IFLA_ADDRESS]), 6);
  EXPECT_EQ(std::memcmp(nla_data(req.tb[IFLA_ADDRESS]), lacp_bond().mac->bytes().data(), 6), 0);
  EXPECT_EQ(req.count_of(IFLA_LINKINFO), 1);  // exactly one, with data
  EXPECT_EQ(req.kind(), "bond");
  ASSERT_NE(req.info[IFLA_INFO_DATA], nullptr);
  nlattr* bond[IFLA_BOND_MAX + 1] = {};
  ASSERT_EQ(nla_parse_nested(bond, IFLA_BOND_MAX, req.info[IFLA_INFO_DATA], nullptr), 0);
  ASSERT_NE(bond[IFLA_BOND_MODE], nullptr);
  EXPECT_EQ(nla_get_u8(bond[IFLA_BOND_MODE]), 4);  // BOND_MODE_8023AD
  ASSERT_NE(bond[IFLA_BOND_MIIMON], nullptr);
  EXPECT_EQ(nla_get_u32(bond[IFLA_BOND_MIIMON]), 100u);
  ASSERT_NE(bond[IFLA_BOND_AD_LACP_RATE], nullptr);
  EXPECT_EQ(nla_get_u8(bond[IFLA_BOND_AD_LACP_RATE]), 1);  // fast
  ASSERT_NE(bond[IFLA_BOND_XMIT_HASH_POLICY], nullptr);
  EXPECT_EQ(nla_get_u8(bond[IFLA_BOND_XMIT_HASH_POLICY]), 1);  // BOND_XMIT_POLICY_LAYER34
  EXPECT_EQ(bond[IFLA_BOND_PRIMARY], nullptr);
}

TEST(LinkRequestBuilder, ActiveBackupBondWithPrimarySendsNoLacpRate) {
  LinkSpec s{.name = "bond1", .kind = "bond", .mtu = 1500};
  s.bond = BondAttributes{.mode = "active-backup", .miimon_ms = 100, .primary = "eno1"};
  NlMessage msg = build_create_link_request(s, 0, 7);
  ParsedLinkRequest req(msg.get());
  nlattr* bond[IFLA_BOND_MAX + 1] = {};
  ASSERT_EQ(nla_parse_nested(bond, IFLA_BOND_MAX, req.info[IFLA_INFO_DATA], nullptr), 0);
  EXPECT_EQ(nla_get_u8(bond[IFLA_BOND_MODE]), 1);  // BOND_MODE_ACTIVEBACKUP
  EXPECT_EQ(bond[IFLA_BOND_AD_LACP_RATE], nullptr);  // the kernel refuses lacp_rate outside 802.3ad
  EXPECT_EQ(bond[IFLA_BOND_XMIT_HASH_POLICY], nullptr);
  ASSERT_NE(bond[IFLA_BOND_PRIMARY], nullptr);
  EXPECT_EQ(nla_get_u32(bond[IFLA_BOND_PRIMARY]), 7u);
  EXPECT_EQ(req.tb[IFLA_ADDRESS], nullptr);  // no MAC asked: the kernel picks one
}

TEST(LinkRequestBuilder, BondAttributesRoundTripThroughTheParser) {
  NlMessage msg = build_create_link_request(lacp_bond());
  ParsedLinkRequest req(msg.get());
  const BondAttributes parsed = parse_bond_attributes(req.info[IFLA_INFO_DATA], [](int) { return std::string(); });
  EXPECT_EQ(parsed, lacp_bond().bond);

  LinkSpec ab{.name = "bond1", .kind = "bond"};
  ab.bond = BondAttributes{.mode = "active-backup", .miimon_ms = 100, .primary = "eno1"};
  NlMessage msg2 = build_create_link_request(ab, 0, 7);
  ParsedLinkRequest req2(msg2.get());
  const BondAttributes parsed2 =
      parse_bond_attributes(req2.info[IFLA_INFO_DATA], [](int index) { return index == 7 ? "eno1" : "?"; });
  EXPECT_EQ(parsed2.mode, "active-backup");
  EXPECT_EQ(parsed2.miimon_ms, 100);
  EXPECT_EQ(parsed2.primary, "eno1");
}

TEST(LinkRequestBuilder, VlanRequestNamesParentAndId) {
  LinkSpec s{.name = "bond0.20", .kind = "vlan", .mtu = 9000, .parent = "bond0", .vlan_id = 20};
  NlMessage msg = build_create_link_request(s, 12);
  ParsedLinkRequest req(msg.get());
  EXPECT_EQ(req.kind(), "vlan");
  ASSERT_NE(req.tb[IFLA_LINK], nullptr);
  EXPECT_EQ(nla_get_u32(req.tb[IFLA_LINK]), 12u);
  ASSERT_NE(req.info[IFLA_INFO_DATA], nullptr);
  nlattr* vlan[IFLA_VLAN_MAX + 1] = {};
  ASSERT_EQ(nla_parse_nested(vlan, IFLA_VLAN_MAX, req.info[IFLA_INFO_DATA], nullptr), 0);
  ASSERT_NE(vlan[IFLA_VLAN_ID], nullptr);
  EXPECT_EQ(nla_get_u16(vlan[IFLA_VLAN_ID]), 20);
  EXPECT_EQ(nla_get_u32(req.tb[IFLA_MTU]), 9000u);
}

TEST(LinkRequestBuilder, BridgeAndDummyCarryOnlyTheirKind) {
  for (const char* kind : {"bridge", "dummy"}) {
    NlMessage msg = build_create_link_request(LinkSpec{.name = "x0", .kind = kind});
    ParsedLinkRequest req(msg.get());
    EXPECT_EQ(req.kind(), kind);
    EXPECT_EQ(req.tb[IFLA_LINK], nullptr);
  }
}

TEST(LinkRequestBuilder, MacvlanRequestNamesParentModeAndMac) {
  LinkSpec s{.name = "nkv-mysql-1234", .kind = "macvlan", .mtu = 1500, .parent = "eno1", .macvlan_mode = "private",
             .ipv6_link_local = false};
  s.mac = MacAddress::parse("02:4e:4b:00:00:07");
  NlMessage msg = build_create_link_request(s, 7);
  ParsedLinkRequest req(msg.get());
  EXPECT_EQ(req.kind(), "macvlan");
  ASSERT_NE(req.tb[IFLA_LINK], nullptr);
  EXPECT_EQ(nla_get_u32(req.tb[IFLA_LINK]), 7u);
  ASSERT_NE(req.tb[IFLA_ADDRESS], nullptr);
  EXPECT_EQ(std::memcmp(nla_data(req.tb[IFLA_ADDRESS]), s.mac->bytes().data(), 6), 0);
  ASSERT_NE(req.info[IFLA_INFO_DATA], nullptr);
  nlattr* macvlan[IFLA_MACVLAN_MAX + 1] = {};
  ASSERT_EQ(nla_parse_nested(macvlan, IFLA_MACVLAN_MAX, req.info[IFLA_INFO_DATA], nullptr), 0);
  ASSERT_NE(macvlan[IFLA_MACVLAN_MODE], nullptr);
  EXPECT_EQ(nla_get_u32(macvlan[IFLA_MACVLAN_MODE]), static_cast<uint32_t>(MACVLAN_MODE_PRIVATE));
  EXPECT_EQ(req.tb[IFLA_AF_SPEC], nullptr);  // kernels refuse it in the creating message
}

TEST(LinkRequestBuilder, NoLinkLocalRequestSetsAddrgenmodeNoneOnTheLink) {
  NlMessage msg = build_no_ipv6_link_local_request(9, "nkv-mysql-1234");
  ParsedLinkRequest req(msg.get());
  EXPECT_EQ(req.header->nlmsg_type, RTM_NEWLINK);
  EXPECT_EQ(req.header->nlmsg_flags & NLM_F_CREATE, 0);
  EXPECT_EQ(static_cast<ifinfomsg*>(nlmsg_data(req.header))->ifi_index, 9);
  // IFLA_AF_SPEC {AF_INET6 {IFLA_INET6_ADDR_GEN_MODE = none}}
  ASSERT_NE(req.tb[IFLA_AF_SPEC], nullptr);
  nlattr* families[AF_MAX + 1] = {};
  ASSERT_EQ(nla_parse_nested(families, AF_MAX, req.tb[IFLA_AF_SPEC], nullptr), 0);
  ASSERT_NE(families[AF_INET6], nullptr);
  nlattr* inet6[IFLA_INET6_MAX + 1] = {};
  ASSERT_EQ(nla_parse_nested(inet6, IFLA_INET6_MAX, families[AF_INET6], nullptr), 0);
  ASSERT_NE(inet6[IFLA_INET6_ADDR_GEN_MODE], nullptr);
  EXPECT_EQ(nla_get_u8(inet6[IFLA_INET6_ADDR_GEN_MODE]), IN6_ADDR_GEN_MODE_NONE);
}

TEST(LinkRequestBuilder, OnlyMacvlansHaveAMode) {
  EXPECT_THROW(build_create_link_request(LinkSpec{.name = "br0", .kind = "bridge", .macvlan_mode = "private"}), KernelError);
}

int errno_of_build(const LinkSpec& s, int parent = 0) {
  try {
    build_create_link_request(s, parent);
  } catch (const KernelError& e) {
    return e.error_number();
  }
  return 0;
}

TEST(LinkRequestBuilder, RejectsWhatTheKernelWouldWithAClearReason) {
  EXPECT_EQ(errno_of_build(LinkSpec{.name = "v0", .kind = "veth"}), EINVAL);
  EXPECT_EQ(errno_of_build(LinkSpec{.name = "v10", .kind = "vlan", .parent = "eno1", .vlan_id = 10}), ENODEV);
  EXPECT_EQ(errno_of_build(LinkSpec{.name = "v10", .kind = "vlan", .parent = "eno1", .vlan_id = 4095}, 3), ERANGE);
  EXPECT_EQ(errno_of_build(LinkSpec{.name = "m0", .kind = "macvlan", .parent = "eno1"}), ENODEV);
  EXPECT_EQ(errno_of_build(LinkSpec{.name = "m0", .kind = "macvlan", .parent = "eno1", .macvlan_mode = "sideways"}, 3),
            EINVAL);
  LinkSpec bad = lacp_bond();
  bad.bond->mode = "lacp";
  try {
    build_create_link_request(bad);
    FAIL() << "accepted mode lacp";
  } catch (const KernelError& e) {
    EXPECT_EQ(e.error_number(), EINVAL);
    EXPECT_NE(std::string(e.what()).find("mode 'lacp' unknown"), std::string::npos) << e.what();
  }
  bad = lacp_bond();
  bad.bond->xmit_hash_policy = "layer34";
  EXPECT_EQ(errno_of_build(bad), EINVAL);
}

TEST(BondNetlinkAttributes, NamesAndNumbersMatchTheKernelTables) {
  EXPECT_EQ(bond_mode_number("balance-rr"), 0);
  EXPECT_EQ(bond_mode_number("active-backup"), 1);
  EXPECT_EQ(bond_mode_number("802.3ad"), 4);
  EXPECT_EQ(bond_mode_number("balance-alb"), 6);
  EXPECT_EQ(bond_mode_number("lacp"), std::nullopt);
  EXPECT_EQ(bond_xmit_hash_policy_number("layer2+3"), 2);
  EXPECT_EQ(bond_lacp_rate_number("slow"), 0);
  EXPECT_EQ(bond_mode_name(4), "802.3ad");
  EXPECT_EQ(bond_mode_name(9), "unknown-9");
}

}  // namespace
}  // namespace netkeel::kernel
