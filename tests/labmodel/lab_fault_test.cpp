// Fault requests -> inject/undo commands, from a hand-written manifest.
#include "netkeel/lab/lab_fault.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "netkeel/core/error.hpp"

namespace netkeel::lab {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Argv = std::vector<std::string>;

LabManifest mlag_lab() {
  LabManifest m;
  m.lab = "x";
  m.hosts = {{"h1", "nk-x-h1", "ovs", "", "", "r1", {{"mgmt", "10.0.0.1"}, {"api", "10.1.0.1"}}},
             {"h2", "nk-x-h2", "ovs", "", "", "r1", {{"mgmt", "10.0.0.2"}, {"api", "10.1.0.2"}}},
             {"h3", "nk-x-h3", "ovs", "", "", "r2", {{"mgmt", "10.0.0.3"}, {"api", "10.1.0.3"}}}};
  m.links = {{"h1:eno1", "cable", "nk-x-h1", "eno1", "nk-x-tor1+tor2", "p1", "", "tor1", "Eth1/1"},
             {"h1:eno2", "cable", "nk-x-h1", "eno2", "nk-x-tor1+tor2", "p2", "", "tor2", "Eth1/1"},
             {"tor1>spine1#3", "uplink", "nk-x-tor1+tor2", "u1", "nk-x-spine1", "u1", "tor1", "spine1", ""},
             {"tor2>spine1#4", "uplink", "nk-x-tor1+tor2", "u2", "nk-x-spine1", "u2", "tor2", "spine1", ""}};
  return m;
}

TEST(LabFault, LinkDownTakesTheSwitchEndDownAndUndoBringsItUp) {
  auto plan = plan_fault(mlag_lab(), {FaultRequest::Kind::link_down, "h1:eno2"}, "f1");
  EXPECT_EQ(plan.description, "link-down h1:eno2");
  EXPECT_THAT(plan.inject, ElementsAre(Argv{"ip", "-n", "nk-x-tor1+tor2", "link", "set", "p2", "down"}));
  EXPECT_THAT(plan.undo, ElementsAre(Argv{"ip", "-n", "nk-x-tor1+tor2", "link", "set", "p2", "up"}));
}

TEST(LabFault, SwitchPortBySiteNameOrLabName) {
  auto by_site = plan_fault(mlag_lab(), {FaultRequest::Kind::link_down, "tor2:Eth1/1"}, "f1");
  auto by_lab = plan_fault(mlag_lab(), {FaultRequest::Kind::link_down, "tor2:p2"}, "f1");
  EXPECT_EQ(by_site.inject, by_lab.inject);
  EXPECT_THAT(by_site.inject[0], ElementsAre("ip", "-n", "nk-x-tor1+tor2", "link", "set", "p2", "down"));
}

TEST(LabFault, SwitchDownOfOneTorTakesOnlyItsPorts) {
  auto plan = plan_fault(mlag_lab(), {FaultRequest::Kind::switch_down, "tor1"}, "f1");
  EXPECT_THAT(plan.inject, ElementsAre(Argv{"ip", "-n", "nk-x-tor1+tor2", "link", "set", "p1", "down"},
                                       Argv{"ip", "-n", "nk-x-tor1+tor2", "link", "set", "u1", "down"}));
  EXPECT_EQ(plan.undo.size(), 2u);
}

TEST(LabFault, HostsDownAreTheHostDownFaultsTargets) {
  LabManifest lab = mlag_lab();
  EXPECT_TRUE(hosts_down(lab).empty());
  for (const auto& [kind, target, id] : {std::tuple{FaultRequest::Kind::link_down, "h1:eno1", "f1"},
                                         std::tuple{FaultRequest::Kind::host_down, "h2", "f2"}}) {
    const FaultPlan plan = plan_fault(lab, {kind, target}, id);
    lab.faults.push_back({id, plan.description, {}, {}, {}, plan.frozen_host});
  }
  EXPECT_EQ(hosts_down(lab), (std::map<std::string, std::string>{{"h2", "f2"}}));
  // The record's field names the host, not its description (which is for people and may change).
  lab.faults.push_back({"f3", "host-down h1", {}, {}, {}, ""});
  lab.faults[1].description = "the second host, frozen";
  EXPECT_EQ(hosts_down(lab), (std::map<std::string, std::string>{{"h2", "f2"}}));
}

TEST(LabFault, HostDownTakesEveryCableAndStopsItsProcesses) {
  auto plan = plan_fault(mlag_lab(), {FaultRequest::Kind::host_down, "h1"}, "f1");
  EXPECT_EQ(plan.inject.size(), 2u);
  EXPECT_EQ(plan.stop_processes_in, "nk-x-h1");
  EXPECT_EQ(plan.frozen_host, "h1");
}

TEST(LabFault, LossIsAnNftablesTableOnTheTargetInterface) {
  FaultRequest r{FaultRequest::Kind::loss, "h1:eno1", 2.5, FaultRequest::Direction::in};
  auto plan = plan_fault(mlag_lab(), r, "f7");
  ASSERT_EQ(plan.inject.size(), 1u);
  EXPECT_THAT(plan.inject[0], ElementsAre("ip", "netns", "exec", "nk-x-h1", "nft", ::testing::_));
  EXPECT_THAT(plan.inject[0][5], HasSubstr("add table netdev nklab_f7;"));
  EXPECT_THAT(plan.inject[0][5], HasSubstr("hook ingress device \"eno1\""));
  EXPECT_THAT(plan.inject[0][5], HasSubstr("numgen random mod 1000 < 25 drop"));
  EXPECT_THAT(plan.inject[0][5], ::testing::Not(HasSubstr("egress")));
  EXPECT_THAT(plan.undo, ElementsAre(Argv{"ip", "netns", "exec", "nk-x-h1", "nft", "delete table netdev nklab_f7"}));
}

TEST(LabFault, PartitionDropsTrafficBetweenTheGroupsOnBothSides) {
  FaultRequest r;
  r.kind = FaultRequest::Kind::partition;
  r.target = "rack:r1";
  r.other_group = "h3";
  r.network = "api";
  auto plan = plan_fault(mlag_lab(), r, "f2");
  EXPECT_EQ(plan.description, "partition rack:r1 | h3 on api");
  ASSERT_EQ(plan.inject.size(), 3u);  // h1, h2 against h3; h3 against h1, h2
  EXPECT_THAT(plan.inject[0], ElementsAre("ip", "netns", "exec", "nk-x-h1", "nft", ::testing::_));
  EXPECT_THAT(plan.inject[0][5], HasSubstr("ip saddr { 10.1.0.3 } drop"));
  EXPECT_THAT(plan.inject[0][5], ::testing::Not(HasSubstr("10.0.0.3")));  // mgmt stays open
  EXPECT_THAT(plan.inject[2][5], HasSubstr("ip daddr { 10.1.0.1, 10.1.0.2 } drop"));
  EXPECT_THAT(plan.undo[2], ElementsAre("ip", "netns", "exec", "nk-x-h3", "nft", "delete table inet nklab_f2"));
  r.target = "h1,h3";
  EXPECT_THROW(plan_fault(mlag_lab(), r, "f2"), UsageError);  // h3 on both sides
  r.target = "h1,h9";
  EXPECT_THROW(plan_fault(mlag_lab(), r, "f2"), UsageError);
  r.target = "rack:r7";
  EXPECT_THROW(plan_fault(mlag_lab(), r, "f2"), UsageError);
}

LabManifest lab_with_agents() {
  auto m = mlag_lab();
  for (const char* h : {"h1", "h2"}) {
    ServiceRecord s;
    s.name = "agent";
    s.host = h;
    s.netns = std::string("nk-x-") + h;
    s.argv = {"/usr/bin/netkeel", "agent", "--host", h};
    m.services.push_back(s);
  }
  ServiceRecord driver;
  driver.name = "flap-f1";
  driver.fault = "f1";
  m.services.push_back(driver);
  return m;
}

TEST(LabFault, FlapDrivesTheSwitchEndAndHealLeavesItUp) {
  FaultRequest r{FaultRequest::Kind::flap, "h1:eno2"};
  r.per_minute = 30;
  r.duration = std::chrono::seconds(60);
  auto plan = plan_fault(mlag_lab(), r, "f4");
  EXPECT_EQ(plan.flap_netns, "nk-x-tor1+tor2");
  EXPECT_EQ(plan.flap_ifname, "p2");
  EXPECT_THAT(plan.stop_services, ElementsAre("flap-f4"));
  EXPECT_THAT(plan.undo, ElementsAre(Argv{"ip", "-n", "nk-x-tor1+tor2", "link", "set", "p2", "up"}));
  EXPECT_THAT(plan.description, HasSubstr("flap h1:eno2 30/min"));
  r.per_minute = 0;
  EXPECT_THROW(plan_fault(mlag_lab(), r, "f4"), UsageError);
  r.per_minute = 30;
  r.target = "h1:eno9";
  EXPECT_THROW(plan_fault(mlag_lab(), r, "f4"), UsageError);
}

TEST(LabFault, ServiceDownOnOneHostOrOnEveryHostRunningIt) {
  auto one = plan_fault(lab_with_agents(), {FaultRequest::Kind::service_down, "agent@h2"}, "f2");
  EXPECT_THAT(one.restart_services, ElementsAre("agent@h2"));
  auto every = plan_fault(lab_with_agents(), {FaultRequest::Kind::service_down, "agent"}, "f2");
  EXPECT_THAT(every.restart_services, ElementsAre("agent@h1", "agent@h2"));
  EXPECT_TRUE(every.inject.empty());  // the runner kills the processes itself, by their records
  auto m = lab_with_agents();
  m.services[0].wanted = false;  // already down: not taken down twice
  EXPECT_THAT(plan_fault(m, {FaultRequest::Kind::service_down, "agent"}, "f2").restart_services,
              ElementsAre("agent@h2"));
  EXPECT_THROW(plan_fault(lab_with_agents(), {FaultRequest::Kind::service_down, "agent@h3"}, "f2"), UsageError);
  EXPECT_THROW(plan_fault(lab_with_agents(), {FaultRequest::Kind::service_down, "server"}, "f2"), UsageError);
  // A fault's driver is not a service one can take down.
  EXPECT_THROW(plan_fault(lab_with_agents(), {FaultRequest::Kind::service_down, "flap-f1"}, "f2"), UsageError);
  EXPECT_EQ(parse_fault_kind("flap"), FaultRequest::Kind::flap);
  EXPECT_EQ(parse_fault_kind("service-down"), FaultRequest::Kind::service_down);
}

TEST(LabFault, BadTargetsAndValuesAreUsageErrors) {
  EXPECT_THROW(plan_fault(mlag_lab(), {FaultRequest::Kind::link_down, "h1:eno9"}, "f1"), UsageError);
  EXPECT_THROW(plan_fault(mlag_lab(), {FaultRequest::Kind::link_down, "h1"}, "f1"), UsageError);
  EXPECT_THROW(plan_fault(mlag_lab(), {FaultRequest::Kind::switch_down, "tor9"}, "f1"), UsageError);
  EXPECT_THROW(plan_fault(mlag_lab(), {FaultRequest::Kind::host_down, "h9"}, "f1"), UsageError);
  EXPECT_THROW(plan_fault(mlag_lab(), {FaultRequest::Kind::loss, "h1:eno1", 0}, "f1"), UsageError);
  EXPECT_THROW(plan_fault(mlag_lab(), {FaultRequest::Kind::loss, "h1:eno1", 101}, "f1"), UsageError);
  EXPECT_THROW(parse_fault_kind("melt"), UsageError);
  EXPECT_THROW(parse_fault_direction("sideways"), UsageError);
}

}  // namespace
}  // namespace netkeel::lab
