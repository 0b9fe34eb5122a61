#include "netkeel/plan/mac_ownership.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "netkeel/plan/deterministic_mac.hpp"
#include "netkeel/plan/planner.hpp"
#include "site_builder.hpp"

namespace netkeel::plan {
namespace {

using namespace test_support;
using namespace ::testing;

TEST(MacOwnership, APhysicalNicWithADerivedMacIsAnErrorNamingBothOwners) {
  auto s = mlag_site();
  // Give node12's eno1 exactly the MAC netkeel derives for node11's bond.
  s.hosts[1].nics[0].mac = logical_link_mac("test-site", "node11", "bond0");
  auto result = plan_site(s);
  EXPECT_FALSE(result.plan);
  ASSERT_TRUE(result.diagnostics.has_errors());
  std::string errors;
  for (const auto& d : result.diagnostics.items()) {
    if (d.severity == Severity::error) errors += d.message + "\n";
  }
  EXPECT_THAT(errors, HasSubstr("NIC eno1 of host node12"));
  EXPECT_THAT(errors, HasSubstr("bond bond0 of host node11"));
}

TEST(MacOwnership, TwoPhysicalNicsAreLeftToTheValidator) {
  auto s = mlag_site();
  s.hosts[1].nics[0].mac = s.hosts[0].nics[0].mac;
  Diagnostics d;
  auto result = plan_site(s);
  EXPECT_FALSE(result.diagnostics.has_errors());
}

TEST(MacOwnership, DistinctMacsPass) {
  auto result = plan_site(mlag_site());
  EXPECT_FALSE(result.diagnostics.has_errors()) << format_diagnostics(result.diagnostics);
}

}  // namespace
}  // namespace netkeel::plan
