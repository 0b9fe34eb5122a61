#include "netkeel/plan/plan_summary.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "netkeel/plan/planner.hpp"
#include "site_builder.hpp"

namespace netkeel::plan {
namespace {

using namespace test_support;
using namespace ::testing;

TEST(PlanSummary, ShowsInterfacesBondReasonAddressesVipsArpAndWarnings) {
  auto s = mlag_site();
  s.hosts[0].nics[1].speed_mbps = 1000;  // mixed speeds, and storage on a 1G port
  auto result = plan_site(s);
  ASSERT_TRUE(result.plan);
  const std::string text = format_plan_summary(*result.plan, result.diagnostics);
  EXPECT_THAT(text, HasSubstr("host node11  (id 11, rack r1, backend kernel)"));
  EXPECT_THAT(text, HasSubstr("  bond: 802.3ad: eno1 and eno2 go to tor1 and tor2, an MLAG pair"));
  EXPECT_THAT(text, ContainsRegex("bond0 +bond 802.3ad +9000 +[0-9a-f:]{17} +- +eno1, eno2"));
  EXPECT_THAT(text, ContainsRegex("mgmt +bond0.10 +10.10.0.11/24 +10.10.0.1 +100 +1000 +1500 +static"));
  EXPECT_THAT(text, ContainsRegex("mysql +mgmt +10.10.0.2[0-5][0-9]/32 +[0-9a-f:]{17} +3306"));
  EXPECT_THAT(text, ContainsRegex("storage +40 +10.40.0.0/24 +- +9000 +- +101 +static +netkeel owns"));
  EXPECT_THAT(text, HasSubstr("warnings (2)\n"));
  EXPECT_THAT(text, HasSubstr("warning: bond bond0 of host node11 mixes NIC speeds"));
}

TEST(PlanSummary, OnlyHostShowsOneHostSection) {
  auto result = plan_site(mlag_site());
  ASSERT_TRUE(result.plan);
  const std::string text = format_plan_summary(*result.plan, result.diagnostics, "node12");
  EXPECT_THAT(text, HasSubstr("host node12"));
  EXPECT_THAT(text, Not(HasSubstr("host node11")));
  EXPECT_THAT(text, HasSubstr("warnings: none"));
}

}  // namespace
}  // namespace netkeel::plan
