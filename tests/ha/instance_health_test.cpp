#include "netkeel/ha/instance_health.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ha/health_reports.hpp"

namespace netkeel::ha {
namespace {

using ::testing::HasSubstr;

using testing::report;
using testing::service;

site::HealthCheck dep(const std::string& service, bool local) {
  site::HealthCheck check;
  check.kind = site::HealthCheck::Kind::dep;
  check.dep_service = service;
  check.dep_scope = local ? site::HealthCheck::Scope::local : site::HealthCheck::Scope::any;
  return check;
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
  EXPECT_EQ(judged[2].cause, HealthCause::dependency);
  EXPECT_EQ(judged[3].health, InstanceHealth::degraded);  // glance: keystone is degraded (and mysql is down)
  EXPECT_EQ(judged[3].reason,
            "depends on keystone, which is degraded: depends on mysql, which has no healthy instance "
            "(mysql@ctl1: its check fails: connection refused)");
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

TEST(InstanceHealth, TheReasonChainGoesThroughEveryLevel) {
  site::Site site;
  site.services = {service("mysql"), service("keystone", {"mysql"}), service("nova-api", {"keystone"})};
  const auto judged = judge_instances(site, {report("mysql", "ctl1", false, "tcp 3306"), report("keystone", "ctl1", true), report("keystone", "ctl2", true),
                                             report("nova-api", "ctl2", true)});
  EXPECT_EQ(judged[0].reason, "its tcp 3306 check fails: connection refused");
  EXPECT_EQ(judged[3].health, InstanceHealth::degraded);
  EXPECT_EQ(judged[3].reason,
            "depends on keystone, which is degraded: depends on mysql, which has no healthy instance "
            "(mysql@ctl1: its tcp 3306 check fails: connection refused)");
  EXPECT_EQ(service_health(judged, "keystone"), InstanceHealth::degraded);
  EXPECT_EQ(service_health(judged, "mysql"), InstanceHealth::failed);
  EXPECT_EQ(service_health(judged, "nova-api"), InstanceHealth::degraded);
}

TEST(InstanceHealth, ADiamondIsJudgedOnceAndHealthyWhenBothPathsAre) {
  // nova -> keystone -> mysql and nova -> glance -> mysql: one healthy mysql serves both paths.
  const auto judged = judge_instances(
      openstack(), {report("mysql", "ctl1", false), report("mysql", "ctl3", true), report("keystone", "ctl2", true),
                    report("glance", "ctl1", true), report("nova", "ctl3", true)});
  for (const auto& j : judged) {
    if (j.service == "mysql" && j.host == "ctl1") continue;
    EXPECT_EQ(j.health, InstanceHealth::healthy) << j.service << ": " << j.reason;
  }
}

TEST(InstanceHealth, ALocalDependencyDownHereButHealthyElsewhereFailsTheInstanceSoItMoves) {
  site::Site site;
  site::Service keystone = service("keystone");
  keystone.checks = {dep("memcached", true)};
  site.services = {service("memcached"), keystone};
  const auto judged = judge_instances(site, {report("memcached", "ctl1", false), report("memcached", "ctl2", true),
                                             report("keystone", "ctl1", true), report("keystone", "ctl2", true)});
  EXPECT_EQ(judged[2].health, InstanceHealth::failed);
  EXPECT_EQ(judged[2].cause, HealthCause::local_dependency);
  EXPECT_EQ(judged[2].reason,
            "depends on memcached@local, which is failed here: its check fails: connection refused (healthy on ctl2)");
  EXPECT_EQ(judged[3].health, InstanceHealth::healthy) << judged[3].reason;
}

TEST(InstanceHealth, ALocalDependencyDownEverywhereOnlyDegrades) {
  site::Site site;
  site::Service keystone = service("keystone");
  keystone.checks = {dep("memcached", true)};
  site.services = {service("memcached"), keystone};
  const auto judged = judge_instances(site, {report("memcached", "ctl1", false), report("memcached", "ctl2", false),
                                             report("keystone", "ctl1", true)});
  EXPECT_EQ(judged[2].health, InstanceHealth::degraded);
  EXPECT_EQ(judged[2].cause, HealthCause::dependency);
  EXPECT_THAT(judged[2].reason, HasSubstr("depends on memcached@local, which is failed here"));
  EXPECT_THAT(judged[2].reason, HasSubstr("; memcached has no healthy instance anywhere"));
}

TEST(InstanceHealth, AnAnyDependencyCheckActsLikeDependsOn) {
  site::Site site;
  site::Service keystone = service("keystone");
  keystone.checks = {dep("mysql", false)};
  site.services = {service("mysql"), keystone};
  const auto judged = judge_instances(site, {report("mysql", "ctl1", false), report("keystone", "ctl2", true)});
  EXPECT_EQ(judged[1].health, InstanceHealth::degraded);
  EXPECT_THAT(judged[1].reason, HasSubstr("depends on mysql, which has no healthy instance"));
}

TEST(InstanceHealth, AHeldDownCheckFailsTheInstanceAndSaysSo) {
  KeeperReport flapping = report("keystone", "ctl1", false, "http /v3");
  flapping.health_detail = "held down: flapping (3 failures; last result: ok)";
  const auto judged = judge_instances(openstack(), {flapping});
  EXPECT_EQ(judged[0].health, InstanceHealth::failed);
  EXPECT_EQ(judged[0].reason, "its http /v3 check is held down: flapping (3 failures; last result: ok)");
}

TEST(InstanceHealth, OwnFailureOutranksADependency) {
  const auto judged = judge_instances(openstack(), {report("mysql", "ctl1", false), report("keystone", "ctl1", false)});
  EXPECT_EQ(judged[1].health, InstanceHealth::failed);
  EXPECT_EQ(judged[1].cause, HealthCause::check);
}

TEST(InstanceHealth, ACycleDoesNotLoop) {
  site::Site site;
  site.services = {service("a", {"b"}), service("b", {"a"})};
  const auto judged = judge_instances(site, {report("a", "h1", true), report("b", "h1", true)});
  EXPECT_EQ(judged.size(), 2u);
}

}  // namespace
}  // namespace netkeel::ha
