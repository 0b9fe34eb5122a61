// The site files the namespace tests apply (tests/lab/sites/) are valid and plan what those tests
// assume: single-NIC hosts need no kernel feature, the bonded one needs bonding and 802.1q.
#include <gtest/gtest.h>

#include "netkeel/plan/planner.hpp"
#include "netkeel/site/site_validator.hpp"

namespace netkeel::apply {
namespace {

plan::ClusterPlan plan_lab_site(const std::string& name) {
  auto checked = site::load_and_validate(std::string(NETKEEL_SOURCE_DIR) + "/tests/lab/sites/" + name);
  EXPECT_TRUE(checked.ok()) << format_diagnostics(checked.diagnostics);
  if (!checked.ok()) return {};
  auto planned = plan::plan_site(*checked.site);
  EXPECT_TRUE(planned.plan) << format_diagnostics(planned.diagnostics);
  return planned.plan ? *planned.plan : plan::ClusterPlan{};
}

TEST(LabSites, AccessSitesPlanOnlyPhysicalLinks) {
  for (const char* name : {"apply-access.yaml", "apply-access-grown.yaml", "apply-access-mgmt-only.yaml"}) {
    SCOPED_TRACE(name);
    auto plan = plan_lab_site(name);
    const auto* h1 = plan.find_host("h1");
    ASSERT_NE(h1, nullptr);
    ASSERT_EQ(h1->links.size(), 1u);
    EXPECT_EQ(h1->links[0].kind, plan::LinkKind::physical);
    EXPECT_EQ(h1->links[0].name, "eno1");
  }
}

TEST(LabSites, GrownSiteAddsOnlyNeighboursToH1) {
  auto before = *plan_lab_site("apply-access.yaml").find_host("h1");
  auto after = *plan_lab_site("apply-access-grown.yaml").find_host("h1");
  EXPECT_EQ(after.neighbours.size(), before.neighbours.size() + 2);
  EXPECT_EQ(after.routes.size(), before.routes.size());
  EXPECT_EQ(after.sysctls.size(), before.sysctls.size());
  ASSERT_EQ(after.addresses.size(), before.addresses.size());
}

TEST(LabSites, BondedSiteNeedsBondAndVlans) {
  auto plan = plan_lab_site("apply-bonded.yaml");
  const auto* b1 = plan.find_host("b1");
  ASSERT_NE(b1, nullptr);
  int bonds = 0, vlans = 0;
  for (const auto& l : b1->links) bonds += l.kind == plan::LinkKind::bond, vlans += l.kind == plan::LinkKind::vlan;
  EXPECT_EQ(bonds, 1);
  EXPECT_EQ(vlans, 2);
}

}  // namespace
}  // namespace netkeel::apply
