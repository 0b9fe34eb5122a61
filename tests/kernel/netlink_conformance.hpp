#pragma once
// One suite, two kernels: every Netlink implementation must behave the same here. Include this header in
// exactly one test file per executable and instantiate it with a factory:
//   INSTANTIATE_TEST_SUITE_P(Fake, NetlinkConformance, ::testing::Values(NetlinkFactory{...}));
// tests/kernel/fake_netlink_conformance_test.cpp runs it on FakeNetlink (label unit);
// tests/lab/netlink_conformance_test.cpp on LibnlNetlink in a fresh namespace (label netns).
#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <functional>
#include <memory>
#include <string>

#include "netkeel/kernel/netlink.hpp"

namespace netkeel::kernel::conformance {

// One kernel under test, fresh for each test: a namespace with nothing but lo (and what the test adds).
class KernelUnderTest {
 public:
  virtual ~KernelUnderTest() = default;
  virtual Netlink& netlink() = 0;
  // A link netkeel never creates (one end of a veth pair), admin-down, kind "veth".
  virtual void add_physical_link(const std::string& name, const MacAddress& mac, int mtu) = 0;
  // Whether create_link can make links of this kind here (the real kernel may lack some).
  virtual bool supports(const std::string& kind) = 0;
};

struct NetlinkFactory {
  std::string name;
  std::function<std::unique_ptr<KernelUnderTest>()> make;
};
inline std::string factory_name(const ::testing::TestParamInfo<NetlinkFactory>& info) { return info.param.name; }

class NetlinkConformance : public ::testing::TestWithParam<NetlinkFactory> {
 protected:
  void SetUp() override {
    kernel_ = GetParam().make();
    kernel_->add_physical_link("nk0", mac("02:aa:00:00:00:01"), 1500);
    kernel_->add_physical_link("nk1", mac("02:aa:00:00:00:02"), 1500);
  }
  Netlink& nl() { return kernel_->netlink(); }

  static MacAddress mac(const char* text) { return *MacAddress::parse(text); }
  static Ipv4Address ip(const char* text) { return *Ipv4Address::parse(text); }
  static Ipv4Prefix prefix(const char* text) { return *Ipv4Prefix::parse(text); }

  std::optional<Link> link(const std::string& name) {
    for (const Link& l : nl().links()) {
      if (l.name == name) return l;
    }
    return std::nullopt;
  }
  static int errno_of(const std::function<void()>& call) {
    try {
      call();
    } catch (const KernelError& e) {
      return e.error_number();
    }
    return 0;
  }
  template <typename T>
  static bool contains(const std::vector<T>& all, const T& one) {
    return std::find(all.begin(), all.end(), one) != all.end();
  }
  // nk0 up with 10.0.0.1/24: the base of the route and neighbour cases.
  void bring_up_nk0_with_address() {
    nl().change_link("nk0", LinkChange{.admin_up = true});
    nl().add_address(Address{"nk0", ip("10.0.0.1"), 24});
  }

  std::unique_ptr<KernelUnderTest> kernel_;
};

TEST_P(NetlinkConformance, ListsLoopbackAndPhysicalLinks) {
  auto links = nl().links();
  ASSERT_GE(links.size(), 3u);
  EXPECT_EQ(links.front().name, "lo");
  EXPECT_EQ(links.front().index, 1);
  EXPECT_FALSE(links.front().admin_up);
  EXPECT_TRUE(std::is_sorted(links.begin(), links.end(), [](const Link& a, const Link& b) { return a.index < b.index; }));
  const auto nk0 = link("nk0");
  ASSERT_TRUE(nk0);
  EXPECT_EQ(nk0->kind, "veth");
  EXPECT_EQ(nk0->mac, mac("02:aa:00:00:00:01"));
  EXPECT_EQ(nk0->mtu, 1500);
  EXPECT_FALSE(nk0->admin_up);
  EXPECT_EQ(nk0->master, "");
  EXPECT_FALSE(nk0->bond.has_value());
}

TEST_P(NetlinkConformance, CreatesAndDeletesABridge) {
  nl().create_link(LinkSpec{.name = "nkbr0", .kind = "bridge", .mac = mac("02:bb:00:00:00:01"), .mtu = 1500});
  const auto br = link("nkbr0");
  ASSERT_TRUE(br);
  EXPECT_EQ(br->kind, "bridge");
  EXPECT_FALSE(br->admin_up);  // created down
  EXPECT_EQ(br->mac, mac("02:bb:00:00:00:01"));
  EXPECT_GT(br->index, link("nk1")->index);  // indexes grow
  EXPECT_EQ(errno_of([&] { nl().create_link(LinkSpec{.name = "nkbr0", .kind = "bridge"}); }), EEXIST);
  nl().delete_link("nkbr0");
  EXPECT_FALSE(link("nkbr0"));
  EXPECT_EQ(errno_of([&] { nl().delete_link("nkbr0"); }), ENODEV);
}

TEST_P(NetlinkConformance, CreatesADummyWhereTheKernelHasThem) {
  const LinkSpec spec{.name = "nkdummy0", .kind = "dummy", .mtu = 9000};
  if (!kernel_->supports("dummy")) {
    // A kernel without the driver refuses: what kernel feature detection must predict.
    EXPECT_EQ(errno_of([&] { nl().create_link(spec); }), EOPNOTSUPP);
    return;
  }
  nl().create_link(spec);
  const auto d = link("nkdummy0");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->kind, "dummy");
  EXPECT_EQ(d->mtu, 9000);
  nl().delete_link("nkdummy0");
  EXPECT_FALSE(link("nkdummy0"));
}

// A VIP's own device: a macvlan with a chosen MAC and mode, on a parent it goes away with.
TEST_P(NetlinkConformance, CreatesAMacvlanWithItsMacAndMode) {
  const LinkSpec spec{.name = "nkv0", .kind = "macvlan", .mac = mac("02:cc:00:00:00:01"), .mtu = 1500, .parent = "nk0",
                      .macvlan_mode = "private", .ipv6_link_local = false};
  if (!kernel_->supports("macvlan")) {
    EXPECT_EQ(errno_of([&] { nl().create_link(spec); }), EOPNOTSUPP);
    return;
  }
  EXPECT_EQ(errno_of([&] { nl().create_link(LinkSpec{.name = "nkv1", .kind = "macvlan", .parent = "nope"}); }), ENODEV);
  EXPECT_EQ(errno_of([&] { nl().create_link(LinkSpec{.name = "nkv1", .kind = "macvlan", .parent = "nk0",
                                                     .macvlan_mode = "sideways"}); }),
            EINVAL);
  nl().create_link(spec);
  const auto v = link("nkv0");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->kind, "macvlan");
  EXPECT_EQ(v->parent, "nk0");
  EXPECT_EQ(v->macvlan_mode, "private");
  EXPECT_EQ(v->mac, mac("02:cc:00:00:00:01"));
  EXPECT_FALSE(v->admin_up);
  nl().create_link(LinkSpec{.name = "nkv1", .kind = "macvlan", .parent = "nk0", .macvlan_mode = "bridge"});
  EXPECT_EQ(link("nkv1")->macvlan_mode, "bridge");
  // Deleting the parent takes its macvlans along.
  nl().delete_link("nk0");
  EXPECT_FALSE(link("nkv0"));
  EXPECT_FALSE(link("nkv1"));
}

TEST_P(NetlinkConformance, UnsupportedKindsAreRefusedWithEopnotsupp) {
  for (const char* kind : {"bond", "vlan", "macvlan"}) {
    if (kernel_->supports(kind)) continue;
    LinkSpec spec{.name = "nkx0", .kind = kind, .parent = "nk0", .vlan_id = 10};
    EXPECT_EQ(errno_of([&] { nl().create_link(spec); }), EOPNOTSUPP) << kind;
    EXPECT_FALSE(link("nkx0"));
  }
}

TEST_P(NetlinkConformance, ChangesMtuMacAndAdminState) {
  nl().change_link("nk0", LinkChange{.mtu = 9000, .mac = mac("02:aa:00:00:01:01"), .admin_up = true});
  auto nk0 = link("nk0");
  ASSERT_TRUE(nk0);
  EXPECT_EQ(nk0->mtu, 9000);
  EXPECT_EQ(nk0->mac, mac("02:aa:00:00:01:01"));
  EXPECT_TRUE(nk0->admin_up);
  nl().change_link("nk0", LinkChange{.admin_up = false});
  EXPECT_FALSE(link("nk0")->admin_up);
  EXPECT_EQ(errno_of([&] { nl().change_link("nk0", LinkChange{.mtu = 20}); }), EINVAL);
  EXPECT_EQ(errno_of([&] { nl().change_link("nk-missing", LinkChange{.mtu = 1500}); }), ENODEV);
}

// Kernels before 6.3 refuse to rename an up link (EBUSY), newer ones allow it; the fake refuses, so
// apply must take a link down to rename it, which works on every kernel: down goes first in one change.
TEST_P(NetlinkConformance, RenamesADownLinkAndTakesAnUpOneDownFirst) {
  const int index = link("nk1")->index;
  nl().change_link("nk1", LinkChange{.name = "nkrenamed"});
  EXPECT_FALSE(link("nk1"));
  ASSERT_TRUE(link("nkrenamed"));
  EXPECT_EQ(link("nkrenamed")->index, index);
  nl().change_link("nkrenamed", LinkChange{.admin_up = true});
  nl().change_link("nkrenamed", LinkChange{.admin_up = false, .name = "nk1"});
  ASSERT_TRUE(link("nk1"));
  EXPECT_FALSE(link("nk1")->admin_up);
  EXPECT_EQ(errno_of([&] { nl().change_link("nk1", LinkChange{.name = "nk0"}); }), EEXIST);
}

TEST_P(NetlinkConformance, EnslavesToABridgeAndReleases) {
  nl().create_link(LinkSpec{.name = "nkbr0", .kind = "bridge", .mtu = 1500});
  nl().change_link("nk0", LinkChange{.mtu = 9000});
  nl().change_link("nk0", LinkChange{.master = "nkbr0"});
  EXPECT_EQ(link("nk0")->master, "nkbr0");
  EXPECT_EQ(link("nkbr0")->mtu, 9000);  // a bridge whose MTU was never set follows its ports
  nl().change_link("nk0", LinkChange{.master = ""});
  EXPECT_EQ(link("nk0")->master, "");
  EXPECT_EQ(link("nkbr0")->mtu, 1500);
  EXPECT_EQ(errno_of([&] { nl().change_link("nk0", LinkChange{.master = "nk-missing"}); }), ENODEV);
}

TEST_P(NetlinkConformance, AddsAndDeletesAddresses) {
  const Address a{"nk0", ip("10.0.0.1"), 24};
  const Address b{"nk0", ip("10.0.0.2"), 32};
  nl().add_address(a);
  nl().add_address(b);
  auto all = nl().addresses();
  EXPECT_TRUE(contains(all, a));
  EXPECT_TRUE(contains(all, b));
  EXPECT_EQ(errno_of([&] { nl().add_address(a); }), EEXIST);
  EXPECT_EQ(errno_of([&] { nl().add_address(Address{"nk-missing", ip("10.0.0.3"), 24}); }), ENODEV);
  nl().delete_address(a);
  EXPECT_FALSE(contains(nl().addresses(), a));
  EXPECT_TRUE(contains(nl().addresses(), b));
  EXPECT_EQ(errno_of([&] { nl().delete_address(a); }), EADDRNOTAVAIL);
}

TEST_P(NetlinkConformance, AnUpLinkWithAnAddressHasTheKernelsPrefixRoute) {
  bring_up_nk0_with_address();
  const Route connected{.table = 254, .destination = prefix("10.0.0.0/24"), .interface = "nk0",
                        .source = ip("10.0.0.1"), .protocol = 2, .scope = 253};
  EXPECT_TRUE(contains(nl().routes(), connected));
}

TEST_P(NetlinkConformance, ReplacesAndDeletesRoutesInSeveralTables) {
  bring_up_nk0_with_address();
  Route via_gateway{.table = 100, .destination = prefix("10.1.0.0/24"), .gateway = ip("10.0.0.254"), .interface = "nk0",
                    .protocol = 140};
  const Route on_link{.table = 200, .destination = prefix("10.2.0.0/24"), .interface = "nk0", .source = ip("10.0.0.1"),
                      .protocol = 140, .scope = 253};
  const Route default_route{.table = 100, .destination = prefix("0.0.0.0/0"), .gateway = ip("10.0.0.254"),
                            .interface = "nk0", .protocol = 140, .metric = 100};
  nl().replace_route(via_gateway);
  nl().replace_route(on_link);
  nl().replace_route(default_route);
  auto routes = nl().routes();
  EXPECT_TRUE(contains(routes, via_gateway));
  EXPECT_TRUE(contains(routes, on_link));
  EXPECT_TRUE(contains(routes, default_route));

  Route moved = via_gateway;
  moved.gateway = ip("10.0.0.253");
  nl().replace_route(moved);  // same table, destination and metric: replaced in place
  routes = nl().routes();
  EXPECT_TRUE(contains(routes, moved));
  EXPECT_FALSE(contains(routes, via_gateway));
  EXPECT_EQ(std::count_if(routes.begin(), routes.end(), [](const Route& r) { return r.table == 100; }), 2);

  nl().delete_route(moved);
  nl().delete_route(on_link);
  nl().delete_route(default_route);
  routes = nl().routes();
  EXPECT_TRUE(std::none_of(routes.begin(), routes.end(), [](const Route& r) { return r.protocol == 140; }));
  EXPECT_EQ(errno_of([&] { nl().delete_route(on_link); }), ESRCH);
}

TEST_P(NetlinkConformance, RefusesRoutesTheKernelCannotUse) {
  Route on_down_link{.table = 100, .destination = prefix("10.3.0.0/24"), .interface = "nk1", .protocol = 140, .scope = 253};
  EXPECT_EQ(errno_of([&] { nl().replace_route(on_down_link); }), ENETDOWN);
  bring_up_nk0_with_address();
  Route foreign_source{.table = 100, .destination = prefix("10.3.0.0/24"), .interface = "nk0", .source = ip("192.0.2.1"),
                       .protocol = 140, .scope = 253};
  EXPECT_EQ(errno_of([&] { nl().replace_route(foreign_source); }), EINVAL);
  Route unreachable_gateway{.table = 100, .destination = prefix("10.3.0.0/24"), .gateway = ip("192.0.2.1"),
                            .interface = "nk0", .protocol = 140};
  EXPECT_NE(errno_of([&] { nl().replace_route(unreachable_gateway); }), 0);
  const auto routes = nl().routes();
  EXPECT_TRUE(std::none_of(routes.begin(), routes.end(), [](const Route& r) { return r.table == 100; }));
}

TEST_P(NetlinkConformance, AddsAndDeletesRules) {
  const auto defaults = nl().rules();
  EXPECT_TRUE(contains(defaults, Rule{0, Ipv4Prefix{}, 255}));
  EXPECT_TRUE(contains(defaults, Rule{32766, Ipv4Prefix{}, 254}));
  EXPECT_TRUE(contains(defaults, Rule{32767, Ipv4Prefix{}, 253}));
  const Rule from_host{1000, prefix("10.0.0.1/32"), 100};
  const Rule from_subnet{1001, prefix("10.2.0.0/24"), 200};
  nl().add_rule(from_host);
  nl().add_rule(from_subnet);
  auto rules = nl().rules();
  EXPECT_TRUE(contains(rules, from_host));
  EXPECT_TRUE(contains(rules, from_subnet));
  EXPECT_EQ(errno_of([&] { nl().add_rule(from_host); }), EEXIST);
  nl().delete_rule(from_host);
  nl().delete_rule(from_subnet);
  EXPECT_EQ(nl().rules(), defaults);
  EXPECT_EQ(errno_of([&] { nl().delete_rule(from_host); }), ENOENT);
}

TEST_P(NetlinkConformance, ReplacesAndDeletesPermanentNeighbours) {
  bring_up_nk0_with_address();
  const Neighbour first{"nk0", ip("10.0.0.2"), mac("02:cc:00:00:00:02"), NeighbourState::permanent};
  nl().replace_neighbour(first);
  EXPECT_TRUE(contains(nl().neighbours(), first));
  Neighbour moved = first;
  moved.mac = mac("02:cc:00:00:00:03");
  nl().replace_neighbour(moved);  // same interface and address: replaced
  auto all = nl().neighbours();
  EXPECT_TRUE(contains(all, moved));
  EXPECT_FALSE(contains(all, first));
  EXPECT_EQ(errno_of([&] { nl().replace_neighbour(Neighbour{"nk-missing", ip("10.0.0.2"), mac("02:cc:00:00:00:02")}); }),
            ENODEV);
  nl().delete_neighbour(moved);
  EXPECT_FALSE(contains(nl().neighbours(), moved));
  EXPECT_EQ(errno_of([&] { nl().delete_neighbour(moved); }), ENOENT);
}

TEST_P(NetlinkConformance, TakingALinkDownFlushesItsRoutesAndNeighboursButKeepsAddresses) {
  bring_up_nk0_with_address();
  const Route r{.table = 100, .destination = prefix("10.2.0.0/24"), .interface = "nk0", .protocol = 140, .scope = 253};
  const Neighbour n{"nk0", ip("10.0.0.2"), mac("02:cc:00:00:00:02")};
  nl().replace_route(r);
  nl().replace_neighbour(n);
  nl().change_link("nk0", LinkChange{.admin_up = false});
  EXPECT_FALSE(contains(nl().routes(), r));
  EXPECT_FALSE(contains(nl().neighbours(), n));
  EXPECT_TRUE(contains(nl().addresses(), Address{"nk0", ip("10.0.0.1"), 24}));
}

TEST_P(NetlinkConformance, DeletingALinkRemovesItsAddressesRoutesAndNeighbours) {
  nl().create_link(LinkSpec{.name = "nkbr0", .kind = "bridge", .mtu = 1500});
  nl().change_link("nkbr0", LinkChange{.admin_up = true});
  nl().add_address(Address{"nkbr0", ip("10.5.0.1"), 24});
  nl().replace_route(Route{.table = 100, .destination = prefix("10.6.0.0/24"), .gateway = ip("10.5.0.254"),
                           .interface = "nkbr0", .protocol = 140});
  nl().replace_neighbour(Neighbour{"nkbr0", ip("10.5.0.2"), mac("02:cc:00:00:00:05")});
  nl().delete_link("nkbr0");
  auto addresses = nl().addresses();
  auto routes = nl().routes();
  auto neighbours = nl().neighbours();
  EXPECT_TRUE(std::none_of(addresses.begin(), addresses.end(), [](const Address& a) { return a.interface == "nkbr0"; }));
  EXPECT_TRUE(std::none_of(routes.begin(), routes.end(), [](const Route& r) { return r.interface == "nkbr0"; }));
  EXPECT_TRUE(std::none_of(neighbours.begin(), neighbours.end(), [](const Neighbour& n) { return n.interface == "nkbr0"; }));
}

TEST_P(NetlinkConformance, ReadingTwiceGivesEqualSnapshots) {
  nl().create_link(LinkSpec{.name = "nkbr0", .kind = "bridge", .mtu = 1500});
  nl().change_link("nk0", LinkChange{.master = "nkbr0"});
  nl().change_link("nkbr0", LinkChange{.admin_up = true});
  nl().add_address(Address{"nkbr0", ip("10.7.0.1"), 24});
  nl().replace_route(Route{.table = 100, .destination = prefix("0.0.0.0/0"), .gateway = ip("10.7.0.254"),
                           .interface = "nkbr0", .protocol = 140});
  nl().add_rule(Rule{1000, prefix("10.7.0.1/32"), 100});
  nl().replace_neighbour(Neighbour{"nkbr0", ip("10.7.0.2"), mac("02:cc:00:00:00:07")});
  EXPECT_EQ(nl().links(), nl().links());
  EXPECT_EQ(nl().addresses(), nl().addresses());
  EXPECT_EQ(nl().routes(), nl().routes());
  EXPECT_EQ(nl().rules(), nl().rules());
  EXPECT_EQ(nl().neighbours(), nl().neighbours());
}

}  // namespace netkeel::kernel::conformance
