// run_apply end to end on the fake kernel: re-apply, changed plans, prune, verification failure,
// kernel failure mid-apply, missing features, confirmation, NIC lookup by MAC.
#include "netkeel/apply/apply_session.hpp"

#include <cerrno>
#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "apply_test_support.hpp"
#include "netkeel/apply/ownership_record.hpp"
#include "netkeel/core/exit_code.hpp"

namespace netkeel::apply {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::FakeHost;
using testing::plan_example;

Ipv4Address ip(const char* text) { return *Ipv4Address::parse(text); }
MacAddress mac(const char* text) { return *MacAddress::parse(text); }

KernelSnapshot full_snapshot(FakeHost& h, const plan::HostPlan& host) {
  std::vector<std::string> keys;
  for (const auto& s : host.sysctls) keys.push_back(s.key);
  return read_snapshot(h.netlink, h.sysctl, keys);
}

class ApplySession : public ::testing::TestWithParam<std::string> {};

TEST_P(ApplySession, EveryExampleHostReachesItsPlanAndASecondApplyChangesNothing) {
  auto plan = plan_example(GetParam());
  for (const auto& host : plan.hosts) {
    SCOPED_TRACE(host.name);
    FakeHost h(host);
    auto first = h.apply(host);
    ASSERT_EQ(first.outcome.exit_code, kExitOk) << first.out << first.err;
    EXPECT_GT(first.outcome.changes_made, 0u);
    EXPECT_THAT(first.out, HasSubstr("verified: state read back equals the plan"));
    const int mutations = h.netlink.mutation_count();
    const int writes = h.sysctl.write_count();

    auto second = h.apply(host);
    ASSERT_EQ(second.outcome.exit_code, kExitOk) << second.out << second.err;
    EXPECT_THAT(second.out, HasSubstr("0 changes"));
    EXPECT_EQ(h.netlink.mutation_count(), mutations);
    EXPECT_EQ(h.sysctl.write_count(), writes);
  }
}

INSTANTIATE_TEST_SUITE_P(Examples, ApplySession, ::testing::ValuesIn(testing::example_sites()),
                         [](const auto& info) { return "site" + info.param.substr(0, 1); });

TEST(ApplySessionTest, DryRunChangesNothing) {
  auto plan = plan_example("2-production-mlag");
  const auto& host = *plan.find_host("ctl1");
  FakeHost h(host);
  auto before = full_snapshot(h, host);
  ApplyRequest r;
  r.dry_run = true;
  auto run = h.apply(host, r);
  EXPECT_EQ(run.outcome.exit_code, kExitOk);
  EXPECT_THAT(run.out, HasSubstr("+ link bond0 (bond 802.3ad"));
  EXPECT_THAT(run.out, HasSubstr("dry run: nothing was changed"));
  EXPECT_EQ(h.netlink.mutation_count(), 0);
  EXPECT_EQ(full_snapshot(h, host), before);
}

TEST(ApplySessionTest, ChangedPlanMakesExactlyTheExpectedChanges) {
  auto plan = plan_example("1-one-rack-one-vlan");
  plan::HostPlan host = *plan.find_host("node1");
  FakeHost h(host);
  ASSERT_EQ(h.apply(host).outcome.exit_code, kExitOk);

  // The operator raises the MTU, moves one neighbour's MAC and adds one.
  plan::HostPlan changed = host;
  changed.links[0].mtu = 9000;
  changed.neighbours[0].mac = mac("02:00:00:00:00:99");
  changed.neighbours.push_back({"eno1", ip("10.0.0.77"), mac("02:00:00:00:00:77"), "mgmt", "host extra"});
  ApplyRequest r;
  r.dry_run = true;
  auto run = h.apply(changed, r);
  const auto& n0 = host.neighbours[0];
  EXPECT_THAT(run.out, HasSubstr("host node1: 3 changes\n"
                                 "  ~ link eno1 mtu 1500 -> 9000\n"
                                 "  ~ neighbour " + n0.address.str() + " lladdr 02:00:00:00:00:99 on eno1 permanent (was " +
                                 n0.address.str() + " lladdr " + n0.mac.str() + " on eno1 permanent)\n"
                                 "  + neighbour 10.0.0.77 lladdr 02:00:00:00:00:77 on eno1 permanent\n"));
  auto applied = h.apply(changed);
  EXPECT_EQ(applied.outcome.exit_code, kExitOk) << applied.err;
  EXPECT_EQ(applied.outcome.changes_made, 3u);
}

TEST(ApplySessionTest, AnAddressChangeNeverBouncesTheLink) {
  auto plan = plan_example("1-one-rack-one-vlan");
  plan::HostPlan host = *plan.find_host("node1");
  FakeHost h(host);
  ASSERT_EQ(h.apply(host).outcome.exit_code, kExitOk);
  plan::HostPlan changed = host;
  changed.addresses.push_back({"eno1", ip("10.0.0.111"), 24, "mgmt"});
  auto run = h.apply(changed);
  ASSERT_EQ(run.outcome.exit_code, kExitOk) << run.err;
  EXPECT_THAT(run.out, HasSubstr("1 change\n  + address 10.0.0.111/24 on eno1\n"));
  EXPECT_THAT(run.out, Not(HasSubstr("down")));
}

TEST(ApplySessionTest, PruneRemovesOnlyWhatNetkeelCreated) {
  auto plan = plan_example("2-production-mlag");
  plan::HostPlan host = *plan.find_host("ctl1");
  FakeHost h(host);
  ASSERT_EQ(h.apply(host).outcome.exit_code, kExitOk);
  // Foreign objects: someone else's address, route, rule, neighbour and link.
  h.netlink.add_address({"bond0.10", ip("10.10.0.250"), 24});
  kernel::Route foreign_route;
  foreign_route.table = 254;
  foreign_route.destination = *Ipv4Prefix::parse("192.168.50.0/24");
  foreign_route.gateway = ip("10.10.0.1");
  foreign_route.interface = "bond0.10";
  h.netlink.replace_route(foreign_route);
  h.netlink.add_rule({500, *Ipv4Prefix::parse("10.10.0.250/32"), 254});
  h.netlink.replace_neighbour({"bond0.10", ip("10.10.0.251"), mac("02:aa:00:00:00:01"), kernel::NeighbourState::permanent});
  h.netlink.create_link({"dummy9", "dummy", std::nullopt, 1500, "", 0, std::nullopt});

  // The plan drops the storage network (VLAN 40).
  plan::HostPlan smaller = host;
  auto on_storage = [](const auto& x) { return x.network == "storage"; };
  std::erase_if(smaller.links, [](const plan::LinkPlan& l) { return l.name == "bond0.40"; });
  std::erase_if(smaller.addresses, on_storage);
  std::erase_if(smaller.routes, on_storage);
  std::erase_if(smaller.rules, on_storage);
  std::erase_if(smaller.neighbours, on_storage);
  std::erase_if(smaller.networks, on_storage);
  std::erase_if(smaller.sysctls, [](const plan::SysctlPlan& s) { return s.key.find("bond0/40") != std::string::npos; });

  auto without_prune = h.apply(smaller);
  ASSERT_EQ(without_prune.outcome.exit_code, kExitOk) << without_prune.err;
  EXPECT_THAT(without_prune.out, HasSubstr("0 changes"));

  ApplyRequest r;
  r.prune = true;
  auto pruned = h.apply(smaller, r);
  ASSERT_EQ(pruned.outcome.exit_code, kExitOk) << pruned.out << pruned.err;
  EXPECT_THAT(pruned.out, HasSubstr("- link bond0.40 (vlan 40 on bond0)"));
  EXPECT_THAT(pruned.out, HasSubstr("- rule 1003: from 10.40.0.11/32 lookup 103"));
  auto links = h.netlink.links();
  EXPECT_TRUE(std::none_of(links.begin(), links.end(), [](auto& l) { return l.name == "bond0.40"; }));
  EXPECT_TRUE(std::any_of(links.begin(), links.end(), [](auto& l) { return l.name == "dummy9"; }));
  auto addresses = h.netlink.addresses();
  EXPECT_THAT(addresses, ::testing::Contains(kernel::Address{"bond0.10", ip("10.10.0.250"), 24}));
  auto routes = h.netlink.routes();
  EXPECT_TRUE(std::any_of(routes.begin(), routes.end(), [&](auto& x) { return x.destination == foreign_route.destination; }));
  auto rules = h.netlink.rules();
  EXPECT_TRUE(std::any_of(rules.begin(), rules.end(), [](auto& x) { return x.priority == 500; }));
  EXPECT_TRUE(std::none_of(rules.begin(), rules.end(), [](auto& x) { return x.priority == 1003; }));
  auto neighbours = h.netlink.neighbours();
  EXPECT_TRUE(std::any_of(neighbours.begin(), neighbours.end(), [](auto& n) { return n.address == ip("10.10.0.251"); }));
  EXPECT_TRUE(std::none_of(neighbours.begin(), neighbours.end(), [](auto& n) { return n.interface == "bond0.40"; }));
  EXPECT_THAT(h.apply(smaller, r).out, HasSubstr("0 changes"));
}

TEST(ApplySessionTest, FailedVerificationRestoresTheSnapshotExactly) {
  auto plan = plan_example("2-production-mlag");
  plan::HostPlan host = *plan.find_host("ctl1");
  FakeHost h(host);
  // An earlier state worth restoring: the plan in place, plus an older MTU and a stray sysctl value.
  ASSERT_EQ(h.apply(host).outcome.exit_code, kExitOk);
  h.netlink.change_link("bond0.40", kernel::LinkChange{1500, std::nullopt, std::nullopt, std::nullopt, std::nullopt});
  h.sysctl.set(host.sysctls.front().key, "0");
  h.netlink.add_address({"bond0.10", ip("10.10.0.250"), 24});
  auto before = full_snapshot(h, host);

  plan::HostPlan changed = host;
  changed.addresses.push_back({"bond0.20", ip("10.20.0.111"), 24, "api"});
  h.probe.silent.insert(ip("10.10.0.1"));  // the mgmt gateway does not answer
  auto run = h.apply(changed);
  EXPECT_EQ(run.outcome.exit_code, kExitRolledBack);
  EXPECT_THAT(run.err, HasSubstr("verification failed: gateway of mgmt 10.10.0.1 on bond0.10 does not answer"));
  EXPECT_THAT(run.out, HasSubstr("rolled back: the state equals the snapshot taken before the first change"));
  EXPECT_EQ(full_snapshot(h, host), before);
}

TEST(ApplySessionTest, CheckPeerThatDoesNotAnswerRollsBackAFreshHost) {
  auto plan = plan_example("2-production-mlag");
  const auto& host = *plan.find_host("ctl1");
  FakeHost h(host);
  auto before = full_snapshot(h, host);
  ApplyRequest r;
  r.check_peers = {ip("10.20.0.99")};
  h.probe.silent.insert(ip("10.20.0.99"));
  auto run = h.apply(host, r);
  EXPECT_EQ(run.outcome.exit_code, kExitRolledBack);
  EXPECT_THAT(run.err, HasSubstr("peer on api 10.20.0.99 on bond0.20 does not answer"));
  EXPECT_EQ(full_snapshot(h, host), before);
  EXPECT_EQ(h.probe.asked.back().source, ip("10.20.0.11"));
  EXPECT_FALSE(std::filesystem::exists(ownership_record_path(h.state_dir, "host")));
}

TEST(ApplySessionTest, KernelFailureMidApplyRollsBack) {
  auto plan = plan_example("2-production-mlag");
  const auto& host = *plan.find_host("ctl1");
  FakeHost h(host);
  auto before = full_snapshot(h, host);
  // Bond, VLANs and addresses go in; the first route fails.
  h.netlink.fail_next(kernel::NetlinkOperation::replace_route, EINVAL);
  auto run = h.apply(host);
  EXPECT_EQ(run.outcome.exit_code, kExitRolledBack);
  EXPECT_THAT(run.err, HasSubstr("the kernel refused `+ route 10.10.0.0/24 dev bond0.10 table 100"));
  EXPECT_THAT(run.out, HasSubstr("- link bond0 (bond)"));
  EXPECT_EQ(full_snapshot(h, host), before);
}

TEST(ApplySessionTest, MissingKernelFeatureChangesNothingAndSaysHowToGetIt) {
  auto plan = plan_example("2-production-mlag");
  const auto& host = *plan.find_host("ctl1");
  FakeHost h(host);
  h.features = testing::features_without({"bond", "vlan"});
  h.netlink.set_supported_kinds({"bridge", "dummy"});
  auto run = h.apply(host);
  EXPECT_EQ(run.outcome.exit_code, kExitRuntimeFailure);
  EXPECT_THAT(run.err, HasSubstr("this plan needs bonding (links of kind bond)"));
  EXPECT_THAT(run.err, HasSubstr("fix: modprobe bonding"));
  EXPECT_THAT(run.err, HasSubstr("fix: modprobe 8021q"));
  EXPECT_THAT(run.err, HasSubstr("nothing was changed"));
  EXPECT_EQ(h.netlink.mutation_count(), 0);
  EXPECT_EQ(h.sysctl.write_count(), 0);
}

TEST(ApplySessionTest, NicFoundByMacKeepsItsCurrentName) {
  auto plan = plan_example("1-one-rack-one-vlan");
  const auto& host = *plan.find_host("node1");
  FakeHost h(host);
  h.netlink = kernel::FakeNetlink();
  h.netlink.add_physical_link("ens3", *host.links[0].match_mac);
  h.netlink.add_physical_link("eno1", mac("52:54:00:99:99:99"));  // a decoy with the planned name
  for (const auto& s : host.sysctls) h.sysctl.define(rename_sysctl_interface(s.key, "eno1", "ens3"), "0");
  auto run = h.apply(host);
  ASSERT_EQ(run.outcome.exit_code, kExitOk) << run.err;
  EXPECT_THAT(run.out, HasSubstr("NIC eno1 is ens3 (found by MAC)"));
  EXPECT_THAT(run.err, HasSubstr("NIC eno1 (MAC 52:54:00:10:00:11) is named ens3 here; netkeel uses its current name"));
  EXPECT_THAT(run.out, HasSubstr("+ address 10.0.0.11/24 on ens3"));
  EXPECT_THAT(run.out, HasSubstr("~ sysctl net.ipv4.conf.ens3.arp_filter 0 -> 1"));
  auto addresses = h.netlink.addresses();
  EXPECT_TRUE(std::none_of(addresses.begin(), addresses.end(), [](auto& a) { return a.interface == "eno1"; }));
  EXPECT_THAT(h.apply(host).out, HasSubstr("0 changes"));
}

TEST(ApplySessionTest, MissingNicIsInvalidInputAndNamesWhatIsThere) {
  auto plan = plan_example("1-one-rack-one-vlan");
  const auto& host = *plan.find_host("node1");
  FakeHost h(host);
  h.netlink = kernel::FakeNetlink();
  h.netlink.add_physical_link("ens9", mac("52:54:00:99:99:99"));
  auto run = h.apply(host);
  EXPECT_EQ(run.outcome.exit_code, kExitInvalidInput);
  EXPECT_THAT(run.err, HasSubstr("host node1: NIC eno1 not found (no link has MAC 52:54:00:10:00:11 or that name)"));
  EXPECT_THAT(run.err, HasSubstr("ens9 (52:54:00:99:99:99)"));
  EXPECT_EQ(h.netlink.mutation_count(), 0);
}

TEST(ApplySessionTest, NoConfirmationInTimeRollsBack) {
  auto plan = plan_example("1-one-rack-one-vlan");
  const auto& host = *plan.find_host("node1");
  FakeHost h(host);
  auto before = full_snapshot(h, host);
  ApplyRequest r;
  r.confirm_timeout = std::chrono::seconds(30);
  auto run = h.apply(host, r);
  EXPECT_EQ(run.outcome.exit_code, kExitRolledBack);
  EXPECT_THAT(run.out, HasSubstr("waiting 30 s for `netkeel apply --confirm`"));
  EXPECT_THAT(run.err, HasSubstr("no confirmation within the timeout"));
  EXPECT_EQ(full_snapshot(h, host), before);
  EXPECT_EQ(h.clock.now(), SteadyTime{} + std::chrono::seconds(30));
}

TEST(ApplySessionTest, ConfirmationKeepsTheChanges) {
  auto plan = plan_example("1-one-rack-one-vlan");
  const auto& host = *plan.find_host("node1");
  FakeHost h(host);
  ApplyRequest r;
  r.confirm_timeout = std::chrono::seconds(30);
  int polls = 0;
  h.clock.on_sleep = [&] {
    if (++polls == 3) confirm_pending_apply(confirmation_files(h.state_dir, "host"));
  };
  auto run = h.apply(host, r);
  EXPECT_EQ(run.outcome.exit_code, kExitOk) << run.err;
  EXPECT_THAT(run.out, HasSubstr("confirmed"));
  EXPECT_THAT(h.apply(host).out, HasSubstr("0 changes"));
  EXPECT_FALSE(std::filesystem::exists(confirmation_files(h.state_dir, "host").pending));
}

}  // namespace
}  // namespace netkeel::apply
