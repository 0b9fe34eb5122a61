// The coordination plan: each etcd member's address on the coordination network and its URLs.
#include "netkeel/plan/coordination.hpp"

#include <gtest/gtest.h>

#include "netkeel/plan/planner.hpp"
#include "site_builder.hpp"

namespace netkeel::plan {
namespace {

using namespace test_support;

site::Site with_etcd(std::vector<std::string> members, std::string network) {
  site::Site s = mlag_site();
  s.coordination.emplace();
  s.coordination->etcd.emplace();
  s.coordination->etcd->members = std::move(members);
  s.coordination->etcd->network = std::move(network);
  return s;
}

TEST(CoordinationPlan, AbsentWithoutACoordinationSection) {
  const auto result = plan_site(mlag_site());
  ASSERT_TRUE(result.plan);
  EXPECT_FALSE(result.plan->coordination);
}

TEST(CoordinationPlan, EachMemberGetsItsAddressOnTheNetworkAndEtcdsPorts) {
  const auto result = plan_site(with_etcd({"node12", "node11"}, "storage"));
  ASSERT_TRUE(result.plan) << format_diagnostics(result.diagnostics);
  ASSERT_TRUE(result.plan->coordination);
  const CoordinationPlan& c = *result.plan->coordination;
  EXPECT_EQ(c.network, "storage");
  ASSERT_EQ(c.etcd_members.size(), 2u);
  EXPECT_EQ(c.etcd_members[0].name, "node12");  // the site file's order, not the hosts'
  EXPECT_EQ(c.etcd_members[0].address, ip("10.40.0.12"));
  EXPECT_EQ(c.etcd_members[0].client_url, "http://10.40.0.12:2379");
  EXPECT_EQ(c.etcd_members[0].peer_url, "http://10.40.0.12:2380");
  EXPECT_EQ(c.etcd_members[1].client_url, "http://10.40.0.11:2379");
  EXPECT_EQ(c.find_member("node11"), &c.etcd_members[1]);
  EXPECT_EQ(c.find_member("node13"), nullptr);
}

TEST(CoordinationPlan, AnExplicitHostAddressIsTheMembersAddress) {
  site::Site s = with_etcd({"node11"}, "mgmt");
  s.hosts[0].addresses["mgmt"] = ip("10.10.0.99");
  const auto result = plan_site(s);
  ASSERT_TRUE(result.plan);
  EXPECT_EQ(result.plan->coordination->etcd_members.at(0).client_url, "http://10.10.0.99:2379");
}

TEST(CoordinationPlan, TheProductionExampleRunsEtcdOnItsControllers) {
  const auto result = plan_site(load_example("2-production-mlag.yaml"));
  ASSERT_TRUE(result.plan);
  ASSERT_TRUE(result.plan->coordination);
  std::vector<std::string> urls;
  for (const auto& m : result.plan->coordination->etcd_members) urls.push_back(m.name + "=" + m.peer_url);
  EXPECT_EQ(urls, (std::vector<std::string>{"ctl1=http://10.10.0.11:2380", "ctl2=http://10.10.0.12:2380",
                                            "ctl3=http://10.10.0.13:2380"}));
}

}  // namespace
}  // namespace netkeel::plan
