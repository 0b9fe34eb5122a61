#include "netkeel/render/iproute2_renderer.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "netkeel/render/render_error.hpp"
#include "render/plan_fixture.hpp"

namespace netkeel::render {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using namespace testing;

std::string script_of(const plan::ClusterPlan& plan, size_t host) {
  auto files = render_iproute2(plan, plan.hosts[host]);
  EXPECT_EQ(files.size(), 1u);
  return files.at(kIproute2ScriptPath);
}

// Position of `needle` in the script, failing the test when it is missing.
size_t at(const std::string& script, const std::string& needle) {
  auto pos = script.find(needle);
  EXPECT_NE(pos, std::string::npos) << "missing: " << needle;
  return pos;
}

TEST(Iproute2Renderer, IsAStrictPosixShellScript) {
  const auto s = script_of(fixture_plan(), 0);
  EXPECT_THAT(s, StartsWith("#!/bin/sh\n"));
  EXPECT_THAT(s, HasSubstr("\nset -eu\n"));
  EXPECT_THAT(s, Not(HasSubstr("[[")));  // no bashisms
}

TEST(Iproute2Renderer, StepsComeInDependencyOrder) {
  const auto s = script_of(fixture_plan(), 0);
  const size_t global_sysctl = at(s, "sysctl -q -w net.ipv4.conf.all.arp_filter=1");
  const size_t adopt = at(s, "adopt_nic eno1 3c:fd:fe:00:01:01\n");
  const size_t bond = at(s, "ensure_bond bond0 802.3ad\n");
  const size_t lacp = at(s, "set_bond_option bond0 lacp_rate fast\n");
  const size_t enslave = at(s, "enslave eno1 bond0\n");
  const size_t vlan = at(s, "ensure_vlan bond0.10 bond0 10\n");
  const size_t mtu = at(s, "ip link set dev bond0.10 mtu 1500 address 02:4e:4b:00:00:10\n");
  const size_t link_sysctl = at(s, "sysctl -q -w net.ipv4.conf.bond0/10.arp_ignore=1");
  const size_t up = at(s, "ip link set dev bond0.10 up\n");
  const size_t addr = at(s, "ip addr replace 10.10.0.11/24 dev bond0.10\n");
  const size_t route = at(s, "ip route replace 10.10.0.0/24 dev bond0.10 table 101 proto 140 scope link src 10.10.0.11\n");
  const size_t rule = at(s, "ensure_rule 1000 10.10.0.11/32 101\n");
  const size_t neigh = at(s, "neigh replace 10.10.0.12 lladdr 02:4e:4b:00:01:10 dev bond0.10 nud permanent\n");
  EXPECT_LT(global_sysctl, adopt);
  EXPECT_LT(adopt, bond);
  EXPECT_LT(bond, lacp);
  EXPECT_LT(lacp, enslave);
  EXPECT_LT(enslave, vlan);
  EXPECT_LT(vlan, mtu);
  EXPECT_LT(mtu, link_sysctl);
  EXPECT_LT(link_sysctl, up);
  EXPECT_LT(up, addr);
  EXPECT_LT(addr, route);
  EXPECT_LT(route, rule);
  EXPECT_LT(rule, neigh);
}

TEST(Iproute2Renderer, ParentMtuIsSetBeforeVlanMtuAndMembersAreLeftToTheBond) {
  const auto s = script_of(fixture_plan(), 0);
  EXPECT_LT(at(s, "ip link set dev bond0 mtu 9000 address 02:4e:4b:00:00:01\n"),
            at(s, "ip link set dev bond0.40 mtu 9000"));
  EXPECT_THAT(s, Not(HasSubstr("ip link set dev eno1 mtu")));
}

TEST(Iproute2Renderer, RoutesUseNetkeelProtocolAndMainTableIsImplicit) {
  const auto s = script_of(fixture_plan(), 0);
  EXPECT_THAT(s, HasSubstr("ip route replace default via 10.10.0.1 dev bond0.10 table 101 proto 140 src 10.10.0.11\n"));
  EXPECT_THAT(s, HasSubstr("ip route replace default via 10.10.0.1 dev bond0.10 proto 140\n"));
}

TEST(Iproute2Renderer, ActiveBackupSetsPrimaryAfterMembersAndNoLacpOptions) {
  auto plan = fixture_plan();
  auto& b = plan.hosts[0].links[2];
  b.bond->mode = plan::BondMode::active_backup;
  b.bond->primary = "eno1";
  const auto s = script_of(plan, 0);
  EXPECT_LT(at(s, "enslave eno2 bond0\n"), at(s, "set_bond_option bond0 primary eno1\n"));
  EXPECT_THAT(s, Not(HasSubstr("lacp_rate fast")));
  EXPECT_THAT(s, Not(HasSubstr("set_bond_option bond0 xmit_hash_policy")));
}

TEST(Iproute2Renderer, NicWithoutMacMustExistByName) {
  auto plan = fixture_plan();
  plan.hosts[1].links[0].match_mac.reset();
  EXPECT_THAT(script_of(plan, 1), HasSubstr("link_exists eno1 || fail \"no interface eno1\"\n"));
}

TEST(Iproute2Renderer, HostWithoutNeighboursHasNoBatch) {
  EXPECT_THAT(script_of(fixture_plan(), 1), Not(HasSubstr("ip -batch")));
}

TEST(Iproute2Renderer, OvsHostIsRefused) {
  auto plan = fixture_plan();
  plan.hosts[0].backend = site::Backend::ovs;
  EXPECT_THROW(render_iproute2(plan, plan.hosts[0]), RenderError);
}

}  // namespace
}  // namespace netkeel::render
