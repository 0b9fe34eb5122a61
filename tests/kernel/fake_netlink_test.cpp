// FakeNetlink's own behaviour: what the conformance suite cannot check on this machine's kernel (bonds,
// VLANs, feature absence) and the test controls (failure injection, physical links).
#include "fakes/kernel/fake_netlink.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <functional>

namespace netkeel::kernel {
namespace {

MacAddress mac(const char* text) { return *MacAddress::parse(text); }
Ipv4Address ip(const char* text) { return *Ipv4Address::parse(text); }
Ipv4Prefix prefix(const char* text) { return *Ipv4Prefix::parse(text); }

Link link_named(Netlink& nl, const std::string& name) {
  for (const Link& l : nl.links()) {
    if (l.name == name) return l;
  }
  ADD_FAILURE() << "no link " << name;
  return {};
}

int errno_of(const std::function<void()>& call) {
  try {
    call();
  } catch (const KernelError& e) {
    return e.error_number();
  }
  return 0;
}

LinkSpec bond_spec(const std::string& name, const std::string& mode) {
  LinkSpec s{.name = name, .kind = "bond", .mtu = 9000};
  s.bond = BondAttributes{.mode = mode, .miimon_ms = 100};
  if (mode == "802.3ad") {
    s.bond->lacp_rate = "fast";
    s.bond->xmit_hash_policy = "layer3+4";
  }
  return s;
}

class FakeNetlinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    nl.add_physical_link("eno1", mac("3c:fd:fe:00:00:01"), 9000);
    nl.add_physical_link("eno2", mac("3c:fd:fe:00:00:02"), 9000);
  }
  FakeNetlink nl;
};

TEST_F(FakeNetlinkTest, StartsLikeAFreshNamespace) {
  FakeNetlink fresh;
  auto links = fresh.links();
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].name, "lo");
  EXPECT_EQ(links[0].index, 1);
  EXPECT_FALSE(links[0].admin_up);
  EXPECT_EQ(fresh.rules(), (std::vector<Rule>{{0, Ipv4Prefix{}, 255}, {32766, Ipv4Prefix{}, 254}, {32767, Ipv4Prefix{}, 253}}));
  EXPECT_TRUE(fresh.routes().empty());
  EXPECT_EQ(fresh.mutation_count(), 0);
}

TEST_F(FakeNetlinkTest, IndexesIncreaseAndPhysicalLinksStartDown) {
  const int a = nl.add_physical_link("veth0", mac("02:00:00:00:00:10"), 1500, "veth");
  const int b = nl.add_physical_link("veth1", mac("02:00:00:00:00:11"), 1500, "veth");
  EXPECT_LT(a, b);
  EXPECT_FALSE(link_named(nl, "veth0").admin_up);
  EXPECT_EQ(link_named(nl, "veth0").kind, "veth");
  EXPECT_EQ(errno_of([&] { nl.add_physical_link("veth0", mac("02:00:00:00:00:12")); }), EEXIST);
}

TEST_F(FakeNetlinkTest, CreatedLinksAreDownAndDuplicatesFail) {
  nl.create_link(bond_spec("bond0", "802.3ad"));
  const Link bond = link_named(nl, "bond0");
  EXPECT_EQ(bond.kind, "bond");
  EXPECT_FALSE(bond.admin_up);
  EXPECT_EQ(bond.mtu, 9000);
  ASSERT_TRUE(bond.bond.has_value());
  EXPECT_EQ(bond.bond->mode, "802.3ad");
  EXPECT_EQ(bond.bond->miimon_ms, 100);
  EXPECT_EQ(bond.bond->lacp_rate, "fast");
  EXPECT_EQ(bond.bond->xmit_hash_policy, "layer3+4");
  EXPECT_EQ(errno_of([&] { nl.create_link(bond_spec("bond0", "802.3ad")); }), EEXIST);
  EXPECT_EQ(nl.mutation_count(), 1);
}

TEST_F(FakeNetlinkTest, BondAttributesTheKernelDefaults) {
  nl.create_link(bond_spec("bond0", "active-backup"));
  const Link bond = link_named(nl, "bond0");
  EXPECT_EQ(bond.bond->lacp_rate, "slow");
  EXPECT_EQ(bond.bond->xmit_hash_policy, "layer2");
}

TEST_F(FakeNetlinkTest, LacpRateOutside8023adIsRefusedLikeTheKernel) {
  LinkSpec s = bond_spec("bond0", "active-backup");
  s.bond->lacp_rate = "fast";
  EXPECT_EQ(errno_of([&] { nl.create_link(s); }), EACCES);
  LinkSpec bad_mode = bond_spec("bond1", "round-robin");
  EXPECT_EQ(errno_of([&] { nl.create_link(bad_mode); }), EINVAL);
}

TEST_F(FakeNetlinkTest, DeletingAMissingLinkIsEnodev) {
  EXPECT_EQ(errno_of([&] { nl.delete_link("nope"); }), ENODEV);
  EXPECT_EQ(errno_of([&] { nl.delete_link("eno1"); }), EOPNOTSUPP);  // a NIC cannot be deleted
}

TEST_F(FakeNetlinkTest, UnsupportedKindIsEopnotsuppLikeAKernelWithoutTheModule) {
  nl.set_supported_kinds({"bridge", "dummy"});
  EXPECT_EQ(errno_of([&] { nl.create_link(bond_spec("bond0", "802.3ad")); }), EOPNOTSUPP);
  EXPECT_EQ(errno_of([&] { nl.create_link(LinkSpec{.name = "eno1.10", .kind = "vlan", .parent = "eno1", .vlan_id = 10}); }),
            EOPNOTSUPP);
  EXPECT_NO_THROW(nl.create_link(LinkSpec{.name = "br0", .kind = "bridge"}));
}

TEST_F(FakeNetlinkTest, VlanInheritsParentMacAndCannotExceedItsMtu) {
  EXPECT_EQ(errno_of([&] { nl.create_link(LinkSpec{.name = "v10", .kind = "vlan", .mtu = 9216, .parent = "eno1", .vlan_id = 10}); }),
            ERANGE);
  EXPECT_EQ(errno_of([&] { nl.create_link(LinkSpec{.name = "v10", .kind = "vlan", .parent = "nope", .vlan_id = 10}); }), ENODEV);
  EXPECT_EQ(errno_of([&] { nl.create_link(LinkSpec{.name = "v10", .kind = "vlan", .parent = "eno1", .vlan_id = 4095}); }), ERANGE);
  nl.create_link(LinkSpec{.name = "v10", .kind = "vlan", .mtu = 9000, .parent = "eno1", .vlan_id = 10});
  const Link v = link_named(nl, "v10");
  EXPECT_EQ(v.parent, "eno1");
  EXPECT_EQ(v.vlan_id, 10);
  EXPECT_EQ(v.mac, mac("3c:fd:fe:00:00:01"));
  EXPECT_EQ(errno_of([&] { nl.create_link(LinkSpec{.name = "v10b", .kind = "vlan", .parent = "eno1", .vlan_id = 10}); }), EEXIST);
  EXPECT_EQ(errno_of([&] { nl.change_link("v10", LinkChange{.mtu = 9001}); }), ERANGE);
  // Shrinking the parent shrinks the VLAN.
  nl.change_link("eno1", LinkChange{.mtu = 1500});
  EXPECT_EQ(link_named(nl, "v10").mtu, 1500);
}

TEST_F(FakeNetlinkTest, EnslavingToABondNeedsTheMemberDownAndBringsItUp) {
  nl.create_link(bond_spec("bond0", "802.3ad"));
  nl.change_link("eno1", LinkChange{.admin_up = true});
  EXPECT_EQ(errno_of([&] { nl.change_link("eno1", LinkChange{.master = "bond0"}); }), EPERM);
  EXPECT_EQ(link_named(nl, "eno1").master, "");
  // Down and enslave in one change works: down goes first.
  nl.change_link("eno1", LinkChange{.admin_up = false, .master = "bond0"});
  nl.change_link("eno2", LinkChange{.master = "bond0"});
  const Link eno1 = link_named(nl, "eno1");
  EXPECT_EQ(eno1.master, "bond0");
  EXPECT_TRUE(eno1.admin_up);  // bond_enslave() opens the member
  // The bond took the first member's MAC, and every member carries the bond's MAC.
  EXPECT_EQ(link_named(nl, "bond0").mac, mac("3c:fd:fe:00:00:01"));
  EXPECT_EQ(link_named(nl, "eno2").mac, mac("3c:fd:fe:00:00:01"));
}

TEST_F(FakeNetlinkTest, BondSetsMembersMtuAndReleaseRestoresIt) {
  nl.change_link("eno1", LinkChange{.mtu = 1500});
  LinkSpec s = bond_spec("bond0", "active-backup");
  s.mtu = 9000;
  nl.create_link(s);
  nl.change_link("eno1", LinkChange{.master = "bond0"});
  EXPECT_EQ(link_named(nl, "eno1").mtu, 9000);
  nl.change_link("eno1", LinkChange{.master = ""});
  const Link eno1 = link_named(nl, "eno1");
  EXPECT_EQ(eno1.master, "");
  EXPECT_EQ(eno1.mtu, 1500);
  EXPECT_EQ(eno1.mac, mac("3c:fd:fe:00:00:01"));
  EXPECT_FALSE(eno1.admin_up);  // released members are closed
}

TEST_F(FakeNetlinkTest, DeletingABondReleasesMembersAndTakesItsVlans) {
  nl.create_link(bond_spec("bond0", "802.3ad"));
  nl.change_link("eno1", LinkChange{.master = "bond0"});
  nl.change_link("eno2", LinkChange{.master = "bond0"});
  nl.create_link(LinkSpec{.name = "bond0.20", .kind = "vlan", .parent = "bond0", .vlan_id = 20});
  nl.change_link("bond0", LinkChange{.admin_up = true});
  nl.change_link("bond0.20", LinkChange{.admin_up = true});
  nl.add_address(Address{"bond0.20", ip("10.20.0.11"), 24});
  nl.delete_link("bond0");
  auto links = nl.links();
  EXPECT_TRUE(std::none_of(links.begin(), links.end(), [](const Link& l) { return l.name.starts_with("bond0"); }));
  EXPECT_EQ(link_named(nl, "eno1").master, "");
  EXPECT_EQ(link_named(nl, "eno2").master, "");
  EXPECT_TRUE(nl.addresses().empty());
  EXPECT_TRUE(nl.routes().empty());
}

TEST_F(FakeNetlinkTest, CarrierFollowsCablesThroughBondsAndVlans) {
  nl.create_link(bond_spec("bond0", "active-backup"));
  nl.change_link("eno1", LinkChange{.master = "bond0"});
  nl.create_link(LinkSpec{.name = "bond0.10", .kind = "vlan", .parent = "bond0", .vlan_id = 10});
  nl.change_link("bond0", LinkChange{.admin_up = true});
  nl.change_link("bond0.10", LinkChange{.admin_up = true});
  EXPECT_TRUE(link_named(nl, "bond0.10").carrier);
  nl.set_cable("eno1", false);
  EXPECT_FALSE(link_named(nl, "eno1").carrier);
  EXPECT_FALSE(link_named(nl, "bond0").carrier);
  EXPECT_FALSE(link_named(nl, "bond0.10").carrier);
}

TEST_F(FakeNetlinkTest, KernelPrefixRouteAppearsWhileTheLinkIsUp) {
  nl.add_address(Address{"eno1", ip("10.10.0.11"), 24});
  EXPECT_TRUE(nl.routes().empty());
  nl.change_link("eno1", LinkChange{.admin_up = true});
  auto routes = nl.routes();
  ASSERT_EQ(routes.size(), 1u);
  EXPECT_EQ(routes[0].destination, prefix("10.10.0.0/24"));
  EXPECT_EQ(routes[0].protocol, 2);
  EXPECT_EQ(routes[0].scope, 253);
  EXPECT_EQ(routes[0].source, ip("10.10.0.11"));
  EXPECT_EQ(routes[0].table, 254u);
}

TEST_F(FakeNetlinkTest, RoutesNeedAnUpLinkAReachableGatewayAndALocalSource) {
  Route r{.table = 100, .destination = prefix("0.0.0.0/0"), .gateway = ip("10.10.0.1"), .interface = "eno1", .protocol = 140};
  EXPECT_EQ(errno_of([&] { nl.replace_route(r); }), ENETDOWN);
  nl.change_link("eno1", LinkChange{.admin_up = true});
  EXPECT_EQ(errno_of([&] { nl.replace_route(r); }), ENETUNREACH);
  nl.add_address(Address{"eno1", ip("10.10.0.11"), 24});
  Route with_foreign_source = r;
  with_foreign_source.source = ip("10.99.0.1");
  EXPECT_EQ(errno_of([&] { nl.replace_route(with_foreign_source); }), EINVAL);
  nl.replace_route(r);
  Route changed = r;
  changed.gateway = ip("10.10.0.2");
  nl.replace_route(changed);  // same (table, destination, metric): replaced, not added
  auto routes = nl.routes();
  EXPECT_EQ(std::count_if(routes.begin(), routes.end(), [](const Route& x) { return x.table == 100; }), 1);
  EXPECT_EQ(errno_of([&] { nl.delete_route(r); }), ESRCH);  // the gateway no longer matches
  nl.delete_route(changed);
  EXPECT_EQ(errno_of([&] { nl.delete_route(changed); }), ESRCH);
}

TEST_F(FakeNetlinkTest, TakingALinkDownFlushesItsRoutesAndNeighboursButKeepsAddresses) {
  nl.change_link("eno1", LinkChange{.admin_up = true});
  nl.add_address(Address{"eno1", ip("10.10.0.11"), 24});
  nl.replace_route(Route{.table = 100, .destination = prefix("10.10.0.0/24"), .interface = "eno1", .protocol = 140, .scope = 253});
  nl.replace_neighbour(Neighbour{"eno1", ip("10.10.0.12"), mac("02:00:00:00:00:12")});
  nl.change_link("eno1", LinkChange{.admin_up = false});
  EXPECT_TRUE(nl.routes().empty());
  EXPECT_TRUE(nl.neighbours().empty());
  EXPECT_EQ(nl.addresses().size(), 1u);
}

TEST_F(FakeNetlinkTest, NeighboursReplaceByInterfaceAndAddress) {
  nl.replace_neighbour(Neighbour{"eno1", ip("10.10.0.12"), mac("02:00:00:00:00:12"), NeighbourState::stale});
  nl.replace_neighbour(Neighbour{"eno1", ip("10.10.0.12"), mac("02:00:00:00:00:13")});
  auto n = nl.neighbours();
  ASSERT_EQ(n.size(), 1u);
  EXPECT_EQ(n[0].mac, mac("02:00:00:00:00:13"));
  EXPECT_EQ(n[0].state, NeighbourState::permanent);
  EXPECT_EQ(errno_of([&] { nl.replace_neighbour(Neighbour{"nope", ip("10.10.0.12"), mac("02:00:00:00:00:13")}); }), ENODEV);
  nl.delete_neighbour(n[0]);
  EXPECT_EQ(errno_of([&] { nl.delete_neighbour(n[0]); }), ENOENT);
}

TEST_F(FakeNetlinkTest, RulesRejectDuplicatesAndMissingDeletes) {
  const Rule r{1000, prefix("10.10.0.11/32"), 100};
  nl.add_rule(r);
  EXPECT_EQ(errno_of([&] { nl.add_rule(r); }), EEXIST);
  nl.delete_rule(r);
  EXPECT_EQ(errno_of([&] { nl.delete_rule(r); }), ENOENT);
}

TEST_F(FakeNetlinkTest, RenameUpdatesEverythingThatNamesTheLinkAndNeedsItDown) {
  nl.add_address(Address{"eno1", ip("10.10.0.11"), 24});
  nl.change_link("eno1", LinkChange{.admin_up = true});
  EXPECT_EQ(errno_of([&] { nl.change_link("eno1", LinkChange{.name = "mgmt0"}); }), EBUSY);
  nl.change_link("eno1", LinkChange{.admin_up = false, .name = "mgmt0"});
  EXPECT_EQ(nl.addresses().at(0).interface, "mgmt0");
  EXPECT_EQ(errno_of([&] { nl.change_link("mgmt0", LinkChange{.name = "eno2"}); }), EEXIST);
}

TEST_F(FakeNetlinkTest, BridgeFollowsItsPortsUnlessSet) {
  nl.create_link(LinkSpec{.name = "br0", .kind = "bridge", .mtu = 1500});
  nl.change_link("eno2", LinkChange{.master = "br0"});
  EXPECT_EQ(link_named(nl, "br0").mtu, 9000);
  EXPECT_EQ(link_named(nl, "br0").mac, mac("3c:fd:fe:00:00:02"));
  nl.change_link("eno1", LinkChange{.master = "br0"});
  EXPECT_EQ(link_named(nl, "br0").mac, mac("3c:fd:fe:00:00:01"));
  nl.change_link("eno1", LinkChange{.master = ""});
  nl.change_link("eno2", LinkChange{.master = ""});
  EXPECT_EQ(link_named(nl, "br0").mtu, 1500);
}

TEST_F(FakeNetlinkTest, InjectedFailuresHitTheNamedOperationOnceAndChangeNothing) {
  nl.fail_next(NetlinkOperation::add_address, EACCES);
  const Address a{"eno1", ip("10.10.0.11"), 24};
  EXPECT_EQ(errno_of([&] { nl.add_address(a); }), EACCES);
  EXPECT_TRUE(nl.addresses().empty());
  EXPECT_EQ(nl.mutation_count(), 0);
  nl.add_address(a);
  EXPECT_EQ(nl.addresses().size(), 1u);
  nl.fail_next(NetlinkOperation::read, EIO);
  EXPECT_EQ(errno_of([&] { nl.links(); }), EIO);
  EXPECT_NO_THROW(nl.links());
}

TEST_F(FakeNetlinkTest, ErrorsNameTheObjectAndTheReason) {
  try {
    nl.delete_link("bond9");
    FAIL() << "no error";
  } catch (const KernelError& e) {
    EXPECT_NE(std::string(e.what()).find("bond9"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("No such device"), std::string::npos);
  }
}

}  // namespace
}  // namespace netkeel::kernel
