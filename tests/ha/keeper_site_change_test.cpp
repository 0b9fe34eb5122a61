// keeper_site_change: what a running keeper does with a new version of the site, decided from the two
// versions alone.
#include "netkeel/ha/keeper_site_change.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "netkeel/plan/site_text_plan.hpp"
#include "planned_text.hpp"

namespace netkeel::ha {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::string kSite = testing::kTwoHostSite + R"(coordination:
  etcd: {members: [n1], network: mgmt}
services:
  - {name: web, network: api, port: 80, check: {mesh: true}}
)";

using testing::planned;
using testing::PlannedText;

KeeperSiteChange change_to(const std::string& next_text, bool backend_forced = false) {
  const PlannedText running = planned(kSite);
  const PlannedText next = planned(next_text);
  return keeper_site_change({running.site, running.plan}, {next.site, next.plan}, "n1", site::Backend::kernel,
                            backend_forced);
}

TEST(KeeperSiteChange, TheSameVersionChangesNothing) {
  const auto change = change_to(kSite);
  EXPECT_FALSE(change.refused());
  EXPECT_FALSE(change.coordination_changed);
  EXPECT_EQ(change.summary(), "no VIP of this host changes");
}

TEST(KeeperSiteChange, NewEtcdMembersAreNoticedButChangeNoVip) {
  std::string text = kSite;
  text.replace(text.find("members: [n1]"), 13, "members: [n2]");
  const auto change = change_to(text);
  EXPECT_FALSE(change.refused());
  EXPECT_TRUE(change.coordination_changed);
  EXPECT_EQ(change.summary(), "no VIP of this host changes");
}

TEST(KeeperSiteChange, AMeshCheckIsRebuiltWhenItsPeersChange) {
  std::string text = kSite;
  text.insert(text.find("coordination:"),
              "  - {name: n3, id: 3, rack: r1, nics: [{name: eno1, mac: \"52:54:00:00:00:03\", switch: sw1, port: \"3\", "
              "mode: access, networks: [mgmt, api]}]}\n");
  const auto change = change_to(text);
  EXPECT_THAT(change.checks_changed, ElementsAre("web"));
  const PlannedText next = planned(text);
  EXPECT_THAT(check_inputs(next.site, *next.site.find_service("web"), "n1").front(), HasSubstr("peers n2, n3"));
}

TEST(KeeperSiteChange, AnotherBackendIsRefusedUnlessTheFlagChoseIt) {
  std::string text = kSite;
  text.replace(text.find("{name: n1, id: 1,"), 17, "{name: n1, id: 1, backend: ovs,");
  EXPECT_THAT(change_to(text).refusal, HasSubstr("host n1's backend changed from kernel to ovs"));
  EXPECT_FALSE(change_to(text, true).refused());
}

TEST(KeeperSiteChange, ThisHostLeavingTheSiteReleasesEverything) {
  std::string text = kSite;
  text.erase(text.find("  - {name: n1"), text.find("  - {name: n2") - text.find("  - {name: n1"));
  text.replace(text.find("members: [n1]"), 13, "members: [n2]");
  const auto change = change_to(text);
  EXPECT_FALSE(change.refused());
  EXPECT_TRUE(change.host_removed);
  EXPECT_THAT(change.removed, ElementsAre("web"));
  EXPECT_THAT(change.summary(), HasSubstr("this host is no longer in the site; releasing web"));
}

}  // namespace
}  // namespace netkeel::ha
