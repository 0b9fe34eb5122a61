// The diff and its order for every host of every example site, on a fresh fake kernel.
#include "netkeel/apply/reconciler.hpp"

#include <cstdlib>
#include <iostream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "apply_test_support.hpp"
#include "netkeel/apply/executor.hpp"

namespace netkeel::apply {
namespace {

using ::testing::HasSubstr;
using testing::add_nics;
using testing::define_sysctls;
using testing::example_sites;
using testing::plan_example;

// Position of the first change whose diff line starts with `prefix`; -1 when none.
int position(const std::vector<Change>& changes, const std::string& prefix) {
  for (size_t i = 0; i < changes.size(); ++i)
    if (describe(changes[i]).rfind(prefix, 0) == 0) return static_cast<int>(i);
  return -1;
}

std::vector<std::string> lines(const std::vector<Change>& changes) {
  std::vector<std::string> out;
  for (const auto& c : changes) out.push_back(describe(c));
  return out;
}

class EveryExampleHost : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryExampleHost, ChangesComeInDependencyOrderAndReachThePlan) {
  auto plan = plan_example(GetParam());
  for (const auto& host : plan.hosts) {
    if (host.backend != site::Backend::kernel) continue;
    SCOPED_TRACE(host.name);
    kernel::FakeNetlink netlink;
    kernel::FakeSysctl sysctl;
    add_nics(netlink, host);
    define_sysctls(sysctl, host);
    auto desired = desired_state(host, netlink.links());
    ASSERT_TRUE(desired.state);
    auto before = read_snapshot(netlink, sysctl, {});
    auto result = reconcile(*desired.state, before, DeletionPolicy{});
    ASSERT_FALSE(result.conflicts.has_errors()) << format_diagnostics(result.conflicts);
    const auto& changes = result.changes;

    for (const auto& link : host.links) {
      const int up = position(changes, "~ link " + link.name + " up");
      EXPECT_GE(up, 0) << link.name << " is never brought up";
      if (link.kind == plan::LinkKind::bond) {
        const int created = position(changes, "+ link " + link.name + " (bond " + plan::to_string(link.bond->mode));
        ASSERT_GE(created, 0);
        for (const auto& member : link.members) {
          const int enslaved = position(changes, "~ link " + member + " master none -> " + link.name);
          EXPECT_GT(enslaved, created) << member << " enslaved before its bond exists";
          EXPECT_LT(enslaved, position(changes, "~ link " + member + " up")) << member << " up before enslaved";
        }
      }
      if (link.kind == plan::LinkKind::vlan) {
        const int created = position(changes, "+ link " + link.name + " (vlan " + std::to_string(link.vlan_id) + " on " + link.parent);
        ASSERT_GE(created, 0);
        const auto* parent = host.find_link(link.parent);
        if (parent->kind == plan::LinkKind::bond) {
          EXPECT_GT(created, position(changes, "+ link " + link.parent + " "));
        }
        for (const auto& member : parent->members)
          EXPECT_GT(created, position(changes, "~ link " + member + " master")) << "VLAN on a bond before a member joined";
        EXPECT_GT(up, position(changes, "~ link " + link.parent + " up")) << "VLAN up before its parent";
      }
    }
    // Links first, then addresses, routes, rules, neighbours, sysctls.
    const std::vector<std::string> phases{"~ link", "+ address", "+ route", "+ rule", "+ neighbour", "~ sysctl"};
    int last_phase = 0;
    for (const auto& line : lines(changes)) {
      for (size_t p = 0; p < phases.size(); ++p)
        if (line.rfind(phases[p], 0) == 0) {
          EXPECT_GE(static_cast<int>(p), last_phase) << line << " comes after a later phase";
          last_phase = std::max(last_phase, static_cast<int>(p));
        }
    }
    EXPECT_EQ(std::count_if(changes.begin(), changes.end(), [](auto& c) { return std::holds_alternative<AddAddress>(c); }),
              static_cast<long>(host.addresses.size()));
    EXPECT_EQ(std::count_if(changes.begin(), changes.end(), [](auto& c) { return std::holds_alternative<ReplaceNeighbour>(c); }),
              static_cast<long>(host.neighbours.size()));
    // No link is ever taken down except to enslave it.
    for (size_t i = 0; i < changes.size(); ++i)
      if (auto* m = std::get_if<ModifyLink>(&changes[i]); m && m->change.admin_up == false)
        ADD_FAILURE() << "link taken down: " << describe(changes[i]);

    // The fake kernel accepts them all, and the state then reads back as the plan.
    auto journal = execute(changes, netlink, sysctl);
    ASSERT_TRUE(journal.ok()) << describe(journal.failures.front().change) << ": " << journal.failures.front().reason;
    auto after = read_snapshot(netlink, sysctl, {});
    for (auto& [k, v] : desired.state->sysctls) after.sysctls[k] = sysctl.get(k);
    auto again = reconcile(*desired.state, after, DeletionPolicy{});
    EXPECT_TRUE(again.changes.empty()) << format_diff(again.changes);
  }
}

INSTANTIATE_TEST_SUITE_P(Examples, EveryExampleHost, ::testing::ValuesIn(example_sites()),
                         [](const auto& info) { return "site" + info.param.substr(0, 1); });

TEST(Reconciler, ProductionHostDiffReadsWell) {
  auto plan = plan_example("2-production-mlag");
  const auto& host = *plan.find_host("ctl1");
  kernel::FakeNetlink netlink;
  kernel::FakeSysctl sysctl;
  add_nics(netlink, host);
  auto desired = desired_state(host, netlink.links());
  auto changes = reconcile(*desired.state, read_snapshot(netlink, sysctl, {}), DeletionPolicy{}).changes;
  auto diff = format_diff(changes);
  if (std::getenv("NETKEEL_PRINT_DIFF")) std::cout << diff;
  EXPECT_THAT(diff, HasSubstr("+ link bond0 (bond 802.3ad, mtu 9000, mac "));
  EXPECT_THAT(diff, HasSubstr("~ link eno1 master none -> bond0"));
  EXPECT_THAT(diff, HasSubstr("~ link eno1 mtu 1500 -> 9000"));
  EXPECT_THAT(diff, HasSubstr("+ address 10.10.0.11/24 on "));
  EXPECT_THAT(diff, HasSubstr("+ rule "));
  EXPECT_THAT(diff, HasSubstr("~ sysctl net.ipv4.conf."));
}

TEST(Reconciler, MtuIsLoweredChildrenFirstAndRaisedParentsFirst) {
  DesiredState d;
  d.links.push_back({"eno1", std::nullopt, std::nullopt, 1500, true, "", "", 0, std::nullopt});
  d.links.push_back({"eno1.10", "vlan", std::nullopt, 1500, true, "", "eno1", 10, std::nullopt});
  KernelSnapshot s;
  s.links.push_back({2, "eno1", "", {}, 9000, true, true, "", "", 0, std::nullopt});
  s.links.push_back({3, "eno1.10", "vlan", {}, 9000, true, true, "", "eno1", 10, std::nullopt});
  EXPECT_EQ(lines(reconcile(d, s, {}).changes),
            (std::vector<std::string>{"~ link eno1.10 mtu 9000 -> 1500", "~ link eno1 mtu 9000 -> 1500"}));

  for (auto& l : d.links) l.mtu = 9000;
  for (auto& l : s.links) l.mtu = 1500;
  EXPECT_EQ(lines(reconcile(d, s, {}).changes),
            (std::vector<std::string>{"~ link eno1 mtu 1500 -> 9000", "~ link eno1.10 mtu 1500 -> 9000"}));
}

TEST(Reconciler, NewVlanStartsAtItsParentsMtuWhenTheParentIsRaisedLater) {
  DesiredState d;
  d.links.push_back({"eno1", std::nullopt, std::nullopt, 9000, true, "", "", 0, std::nullopt});
  d.links.push_back({"eno1.40", "vlan", std::nullopt, 9000, true, "", "eno1", 40, std::nullopt});
  KernelSnapshot s;
  s.links.push_back({2, "eno1", "", {}, 1500, true, true, "", "", 0, std::nullopt});
  EXPECT_EQ(lines(reconcile(d, s, {}).changes),
            (std::vector<std::string>{"+ link eno1.40 (vlan 40 on eno1, mtu 1500)", "~ link eno1 mtu 1500 -> 9000",
                                      "~ link eno1.40 mtu 1500 -> 9000", "~ link eno1.40 up"}));
}

TEST(Reconciler, ForeignLinkInTheWayIsAConflictAndNothingChanges) {
  DesiredState d;
  d.links.push_back({"bond0", "bond", std::nullopt, 1500, true, "", "", 0, kernel::BondAttributes{"802.3ad", 100, "fast", "layer3+4", ""}});
  d.addresses.push_back({"bond0", *Ipv4Address::parse("10.0.0.1"), 24});
  KernelSnapshot s;
  s.links.push_back({2, "bond0", "dummy", {}, 1500, true, true, "", "", 0, std::nullopt});
  auto result = reconcile(d, s, {});
  EXPECT_TRUE(result.changes.empty());
  ASSERT_TRUE(result.conflicts.has_errors());
  EXPECT_THAT(result.conflicts.items()[0].message, HasSubstr("link bond0 is a dummy link, the plan wants a bond"));
}

TEST(Reconciler, OwnedLinkWithAnotherBondModeIsRecreated) {
  DesiredState d;
  d.links.push_back({"bond0", "bond", std::nullopt, 1500, true, "", "", 0, kernel::BondAttributes{"802.3ad", 100, "fast", "layer3+4", ""}});
  KernelSnapshot s;
  s.links.push_back({2, "bond0", "bond", {}, 1500, true, true, "", "", 0, kernel::BondAttributes{"active-backup", 100, "", "", ""}});
  DeletionPolicy p;
  p.replace_link = [](const kernel::Link&) { return true; };
  EXPECT_EQ(lines(reconcile(d, s, p).changes),
            (std::vector<std::string>{"- link bond0 (bond)", "+ link bond0 (bond 802.3ad, mtu 1500)", "~ link bond0 up"}));
}

}  // namespace
}  // namespace netkeel::apply
