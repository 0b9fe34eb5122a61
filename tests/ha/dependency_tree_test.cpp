#include "netkeel/ha/dependency_tree.hpp"

#include <gtest/gtest.h>

#include "ha/health_reports.hpp"

namespace netkeel::ha {
namespace {

using testing::report;
using testing::service;

TEST(DependencyTree, ShowsEachServiceUnderWhatDependsOnItWithHealthAndTheFirstReason) {
  site::Site site;
  site::Service keystone = service("keystone", {"mysql"});
  site::HealthCheck memcached;
  memcached.kind = site::HealthCheck::Kind::dep;
  memcached.dep_service = "memcached";
  memcached.dep_scope = site::HealthCheck::Scope::local;
  keystone.checks = {memcached};
  site.services = {service("mysql"), service("memcached"), keystone, service("nova-api", {"keystone"}),
                   service("ntp")};
  const std::vector<KeeperReport> reports = {report("mysql", "ctl1", false, "tcp 3306"), report("mysql", "ctl2", false, "tcp 3306"),
                                             report("memcached", "ctl1", true), report("keystone", "ctl1", true),
                                             report("nova-api", "ctl2", true)};
  const std::string tree = dependency_tree_text(site, judge_instances(site, reports), "");
  EXPECT_EQ(tree,
            "nova-api  degraded  [ctl2 degraded]\n"
            "│    ctl2: depends on keystone, which is degraded: depends on mysql, which has no healthy instance "
            "(mysql@ctl1: its tcp 3306 check fails: connection refused)\n"
            "└─ keystone  degraded  [ctl1 degraded]\n"
            "   │    ctl1: depends on mysql, which has no healthy instance (mysql@ctl1: its tcp 3306 check fails: connection refused)\n"
            "   ├─ mysql  failed  [ctl1 failed, ctl2 failed]\n"
            "   │       ctl1: its tcp 3306 check fails: connection refused\n"
            "   └─ memcached@local  healthy  [ctl1 healthy]\n"
            "ntp  not kept (no VIP keeper reports)\n")
      << tree;
}

}  // namespace
}  // namespace netkeel::ha
