#include "netkeel/ha/instance_health.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace netkeel::ha {
namespace {

using ::testing::HasSubstr;

site::Service service(const std::string& name, std::vector<std::string> depends_on = {}) {
  site::Service s;
  s.name = name;
  s.depends_on = std::move(depends_on);
  return s;
}

KeeperReport report(const std::string& service, const std::string& host, bool healthy) {
  return KeeperReport{service, host, "standby", 0, healthy, healthy ? "ok" : "connection refused", false};
}

site::Site openstack() {
  site::Site site;
  site.services = {service("mysql"), service("keystone", {"mysql"}), service("glance", {"keystone", "mysql"}),
                   service("nova", {"keystone", "glance"})};  // a diamond: nova -> keystone, glance -> keystone
  return site;
}

TEST(InstanceHealth, AllChecksPassingIsHealthyEverywhere) {
  const auto judged = judge_instances(openstack(), {report("mysql", "ctl1", true), report("keystone", "ctl1", true),
                                                    report("glance", "ctl2", true), report("nova", "ctl2", true)});
  for (const auto& j : judged) EXPECT_EQ(j.health, InstanceHealth::healthy) << j.service << ": " << j.reason;
}

TEST(InstanceHealth, ADependencyDownEverywhereDegradesTheChainAndFailsOnlyItself) {
  const auto judged = judge_instances(
      openstack(), {report("mysql", "ctl1", false), report("mysql", "ctl2", false), report("keystone", "ctl2", true),
                    report("glance", "ctl1", true), report("nova", "ctl3", true)});
  EXPECT_EQ(judged[0].health, InstanceHealth::failed);
  EXPECT_THAT(judged[0].reason, HasSubstr("its check fails: connection refused"));
  EXPECT_EQ(judged[2].health, InstanceHealth::degraded);
  EXPECT_EQ(judged[2].reason,
            "depends on mysql, which has no healthy instance (mysql@ctl1: its check fails: connection refused)");
  EXPECT_EQ(judged[3].health, InstanceHealth::degraded);  // glance: keystone has no healthy instance
  EXPECT_THAT(judged[3].reason, HasSubstr("depends on keystone, which has no healthy instance (keystone@ctl2: depends on mysql"));
  EXPECT_EQ(judged[4].health, InstanceHealth::degraded);  // nova, through the diamond
}

TEST(InstanceHealth, OneHealthyInstanceAnywhereIsEnough) {
  const auto judged = judge_instances(openstack(), {report("mysql", "ctl1", false), report("mysql", "ctl2", true),
                                                    report("keystone", "ctl1", true)});
  EXPECT_EQ(judged[2].health, InstanceHealth::healthy) << judged[2].reason;
}

TEST(InstanceHealth, ADependencyNoKeeperReportsOnBlocksNothing) {
  const auto judged = judge_instances(openstack(), {report("keystone", "ctl1", true)});
  EXPECT_EQ(judged[0].health, InstanceHealth::healthy);
}

TEST(InstanceHealth, ACycleDoesNotLoop) {
  site::Site site;
  site.services = {service("a", {"b"}), service("b", {"a"})};
  const auto judged = judge_instances(site, {report("a", "h1", true), report("b", "h1", true)});
  EXPECT_EQ(judged.size(), 2u);
}

}  // namespace
}  // namespace netkeel::ha
