#include "netkeel/ha/vip_candidates.hpp"

#include <gtest/gtest.h>

#include <map>

#include "netkeel/plan/planner.hpp"
#include "netkeel/site/site_loader.hpp"

namespace netkeel::ha {
namespace {

struct Production {
  site::Site site;
  plan::ClusterPlan plan;
  Production() {
    auto loaded = site::load_site_from_file(std::string(NETKEEL_SOURCE_DIR) + "/examples/sites/2-production-mlag.yaml");
    site = *loaded.site;
    plan = *plan::plan_site(site).plan;
  }
  const site::Service& service(const std::string& name) const { return *site.find_service(name); }
};

TEST(VipCandidates, AreTheServicesHostsInOneOrderEveryKeeperAgreesOn) {
  const Production p;
  const auto mysql = vip_candidates(p.service("mysql"), p.plan);
  ASSERT_EQ(mysql.size(), 3u);  // hosts: [ctl1, ctl2, ctl3]
  for (const char* host : {"ctl1", "ctl2", "ctl3"}) EXPECT_NE(std::find(mysql.begin(), mysql.end(), host), mysql.end());
  EXPECT_EQ(vip_candidates(p.service("mysql"), p.plan), mysql);
  EXPECT_EQ(vip_rank(p.service("mysql"), p.plan, mysql[1]), 1);
  EXPECT_FALSE(vip_rank(p.service("mysql"), p.plan, "cmp1"));
}

TEST(VipCandidates, SpreadFirstPlacesOverHostsAndRemovingAHostKeepsTheOthersOrder) {
  const Production p;
  std::map<std::string, int> first;
  for (const auto& service : p.site.services) {
    const auto hosts = vip_candidates(service, p.plan);
    if (hosts.empty()) continue;
    ++first[hosts.front()];
    plan::ClusterPlan without = p.plan;
    without.hosts.erase(std::find_if(without.hosts.begin(), without.hosts.end(),
                                     [&](const plan::HostPlan& h) { return h.name == hosts.front(); }));
    const std::vector<std::string> rest(hosts.begin() + 1, hosts.end());
    EXPECT_EQ(vip_candidates(service, without), rest) << service.name;
  }
  EXPECT_GT(first.size(), 1u) << "every VIP would start on one host";
}

TEST(VipKey, NamesSiteAndService) {
  EXPECT_EQ(vip_key("acme", "keystone"), "/netkeel/acme/vips/keystone");
  EXPECT_EQ(vip_key_prefix("acme"), "/netkeel/acme/vips/");
}

}  // namespace
}  // namespace netkeel::ha
