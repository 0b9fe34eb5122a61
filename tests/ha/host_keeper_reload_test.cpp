// A running HostKeeper takes new versions of the site (apply_site) on fakes: the fake store, recording
// holders, scripted checks and a fake clock, every VIP keeper stepped by hand. Each case of
// keeper_site_change.hpp: a new service kept, a removed one released with its key freed, checks rebuilt
// while a held VIP stays, this host leaving a service or the site, a refused version changing nothing,
// and an unrelated change never blinking a VIP held here.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "fake_keeper_parts.hpp"
#include "fakes/core/fake_clock.hpp"
#include "netkeel/ha/handover_value.hpp"
#include "netkeel/ha/host_keeper.hpp"
#include "netkeel/ha/keeper_report.hpp"
#include "netkeel/ha/vip_candidates.hpp"
#include "netkeel/plan/site_text_plan.hpp"
#include "planned_text.hpp"

namespace netkeel::ha {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;
using testing::FakeKeeperParts;

const std::string kSiteHead = testing::kTwoHostSite;

// web and db may live on n1 only (so n1, the keeper under test, claims them at once).
const std::string kSite = kSiteHead + R"(services:
  - {name: web, network: api, port: 80, hosts: [n1]}
  - {name: db, network: api, port: 3306, hosts: [n1]}
)";

using testing::planned;
using testing::PlannedText;

std::string with_service(const std::string& line) { return kSite + "  - " + line + "\n"; }

class HostKeeperReloadTest : public ::testing::Test {
 protected:
  void start(const std::string& text) {
    const PlannedText p = planned(text);
    HostKeeperOptions options;
    options.host = "n1";
    options.etcd_members = {"http://etcd.invalid:2379"};
    options.parts = &parts_;
    options.threads = false;
    options.site_version = {1, plan::site_text_hash(text)};
    options.log = [this](const std::string& line) { log_ += line + "\n"; };
    keeper_ = std::make_unique<HostKeeper>(p.site, p.plan, options, clock_);
    keeper_->start();
  }
  // The keeper's loops for DURATION: the VIP keepers every 50 ms, the checks every 100 ms (their
  // interval), the reports and placement.
  void run_for(Nanoseconds duration) {
    const SteadyTime until = clock_.now() + duration;
    while (clock_.now() < until) {
      if (loops_++ % 2 == 0) parts_.check_all();
      keeper_->step_vips();
      keeper_->publish_reports();
      keeper_->follow_admin();
      clock_.advance(milliseconds(50));
    }
  }
  KeeperSiteChange reload(const std::string& text, std::int64_t number) {
    const PlannedText p = planned(text);
    return keeper_->apply_site(p.site, p.plan, {number, plan::site_text_hash(text)});
  }
  std::string holder_of(const std::string& service) {
    const auto key = store_.peek(vip_key("reload", service));
    return key ? holder_in(key->value) : "";
  }
  // Held and answering all along: taken once, never released.
  void expect_never_blinked(const std::string& service) {
    const auto& holders = parts_.holders.at(service);
    ASSERT_EQ(holders.size(), 1u) << service << " was rebuilt";
    EXPECT_TRUE(holders.front()->answering()) << service;
    EXPECT_EQ(holders.front()->taken_at.size(), 1u) << service;
    EXPECT_TRUE(holders.front()->released_at.empty()) << service;
  }

  FakeClock clock_;
  FakeKeyValueStore store_;
  FakeKeeperParts parts_{store_, clock_};
  std::string log_;
  std::unique_ptr<HostKeeper> keeper_;
  int loops_ = 0;
};

TEST_F(HostKeeperReloadTest, ANewServiceIsKeptWithoutRestartAndTheHeldVipsDoNotBlink) {
  start(kSite);
  run_for(milliseconds(2000));
  ASSERT_EQ(holder_of("web"), "n1");
  ASSERT_EQ(holder_of("db"), "n1");

  const auto change = reload(with_service("{name: queue, network: api, port: 5672, hosts: [n1]}"), 2);
  ASSERT_FALSE(change.refused()) << change.refusal;
  EXPECT_THAT(change.added, ::testing::ElementsAre("queue"));
  EXPECT_TRUE(change.removed.empty());
  run_for(milliseconds(2000));
  EXPECT_EQ(holder_of("queue"), "n1");
  EXPECT_TRUE(parts_.latest_holder("queue").answering());
  EXPECT_THAT(keeper_->services(), ::testing::UnorderedElementsAre("web", "db", "queue"));
  expect_never_blinked("web");
  expect_never_blinked("db");
  const std::string metrics = keeper_->metrics_text();
  EXPECT_THAT(metrics, HasSubstr("netkeel_keeper_site_version{sha256=\""));
  EXPECT_THAT(metrics, ::testing::ContainsRegex("netkeel_keeper_site_version\\{sha256=\"[0-9a-f]{12}\"\\} 2\n"));
  EXPECT_THAT(metrics, HasSubstr("netkeel_keeper_site_reloads_total{result=\"applied\"} 1\n"));
  EXPECT_THAT(metrics, HasSubstr("netkeel_keeper_site_reloads_total{result=\"refused\"} 0\n"));
  EXPECT_THAT(metrics, HasSubstr("service=\"queue\""));
}

TEST_F(HostKeeperReloadTest, ARemovedServiceIsReleasedAndItsKeyFreedSoAPeerNeedNotWait) {
  start(kSite);
  run_for(milliseconds(2000));
  ASSERT_EQ(holder_of("db"), "n1");
  ASSERT_TRUE(store_.peek(keeper_report_key("reload", "db", "n1")));

  const std::string without_db = kSiteHead + "services:\n  - {name: web, network: api, port: 80, hosts: [n1]}\n";
  const auto change = reload(without_db, 2);
  ASSERT_FALSE(change.refused()) << change.refusal;
  EXPECT_THAT(change.removed, ::testing::ElementsAre("db"));
  // At once, without waiting for the next loop: the VIP is off this host and the key names no holder.
  EXPECT_FALSE(parts_.latest_holder("db").held());
  EXPECT_EQ(parts_.latest_holder("db").released_at.size(), 1u);
  EXPECT_EQ(holder_of("db"), "");
  EXPECT_FALSE(store_.peek(keeper_report_key("reload", "db", "n1"))) << "its report stays behind";
  EXPECT_THAT(log_, HasSubstr("db: VIP released here (the new site does not let it live on n1), its key freed"));
  run_for(milliseconds(2000));
  EXPECT_THAT(keeper_->services(), ::testing::ElementsAre("web"));
  EXPECT_EQ(holder_of("db"), "");
  expect_never_blinked("web");
  EXPECT_THAT(keeper_->metrics_text(), ::testing::Not(HasSubstr("service=\"db\"")));
}

TEST_F(HostKeeperReloadTest, AnUnrelatedChangeDoesNotBlinkAHeldVip) {
  start(kSite);
  run_for(milliseconds(2000));
  // db's weight, a check and a host that may run it; a third host in the site; web's VIP and checks unchanged.
  std::string changed = kSiteHead + "  - {name: n3, id: 3, rack: r1, nics: [{name: eno1, mac: \"52:54:00:00:00:03\", "
                                    "switch: sw1, port: \"3\", mode: access, networks: [mgmt, api]}]}\n" +
                        "services:\n  - {name: web, network: api, port: 80, hosts: [n1]}\n"
                        "  - {name: db, network: api, port: 3306, hosts: [n1, n3], weight: 3, check: {tcp: 3306}}\n";
  const auto change = reload(changed, 2);
  ASSERT_FALSE(change.refused()) << change.refusal;
  EXPECT_THAT(change.checks_changed, ::testing::ElementsAre("db"));
  EXPECT_TRUE(change.added.empty());
  EXPECT_TRUE(change.removed.empty());
  EXPECT_TRUE(change.replaced.empty());
  run_for(milliseconds(3000));
  expect_never_blinked("web");
  expect_never_blinked("db");  // its new check passes: it stays through the change
  EXPECT_EQ(parts_.checks_built["web"], 1);
  EXPECT_EQ(parts_.checks_built["db"], 2);
}

TEST_F(HostKeeperReloadTest, NewChecksThatPassKeepTheVipAndNewChecksThatFailReleaseItOnceSettled) {
  start(kSite);
  run_for(milliseconds(2000));
  parts_.set_passing("web", false);  // the service does not pass the check the new version adds
  const std::string web_checked = kSiteHead + "services:\n"
                                  "  - {name: web, network: api, port: 80, hosts: [n1], check: {http: /health}}\n"
                                  "  - {name: db, network: api, port: 3306, hosts: [n1], check: {tcp: 3306}}\n";
  const auto change = reload(web_checked, 2);
  ASSERT_FALSE(change.refused()) << change.refusal;
  EXPECT_THAT(change.checks_changed, ::testing::UnorderedElementsAre("web", "db"));
  // While the new checks settle the old ones answer: neither VIP moves in the first half second.
  run_for(milliseconds(500));
  EXPECT_TRUE(parts_.latest_holder("web").answering());
  // Settle time: rise 2 x (100 ms + 100 ms) + 1 s. Then web's failing check is in force and releases it.
  run_for(milliseconds(1500));
  EXPECT_FALSE(parts_.latest_holder("web").held());
  EXPECT_NE(holder_of("web"), "n1");
  EXPECT_THAT(log_, HasSubstr("web: its new checks are in force (not passing"));
  expect_never_blinked("db");
  EXPECT_THAT(keeper_->metrics_text(), HasSubstr("check=\"tcp 3306\""));
}

TEST_F(HostKeeperReloadTest, ThisHostLeavingAServiceOrTheSiteReleasesWhatItNoLongerMayHold) {
  start(kSite);
  run_for(milliseconds(2000));
  std::string text = kSite;
  text.replace(text.find("port: 80, hosts: [n1]"), 21, "port: 80, hosts: [n2]");
  auto change = reload(text, 2);
  ASSERT_FALSE(change.refused()) << change.refusal;
  EXPECT_THAT(change.removed, ::testing::ElementsAre("web"));
  EXPECT_FALSE(parts_.latest_holder("web").held());
  EXPECT_EQ(holder_of("web"), "");
  run_for(milliseconds(1000));
  expect_never_blinked("db");

  // n1 leaves the site: everything is released, and the keeper stays up holding nothing.
  std::string without_n1 = kSiteHead;
  without_n1.erase(without_n1.find("  - {name: n1"), without_n1.find("  - {name: n2") - without_n1.find("  - {name: n1"));
  without_n1 += "services:\n  - {name: web, network: api, port: 80, hosts: [n2]}\n"
                "  - {name: db, network: api, port: 3306, hosts: [n2]}\n";
  change = reload(without_n1, 3);
  ASSERT_FALSE(change.refused()) << change.refusal;
  EXPECT_TRUE(change.host_removed);
  EXPECT_THAT(change.removed, ::testing::ElementsAre("db"));
  EXPECT_FALSE(parts_.latest_holder("db").held());
  EXPECT_EQ(holder_of("db"), "");
  EXPECT_TRUE(keeper_->services().empty());
  EXPECT_THAT(log_, HasSubstr("this keeper holds nothing until a version lets it"));
  run_for(milliseconds(500));
  // A later version that names n1 again is kept again.
  change = reload(kSite, 4);
  ASSERT_FALSE(change.refused()) << change.refusal;
  run_for(milliseconds(2000));
  EXPECT_EQ(holder_of("web"), "n1");
  EXPECT_EQ(holder_of("db"), "n1");
}

TEST_F(HostKeeperReloadTest, AChangedVipIsReleasedThenKeptWithItsNewAddress) {
  start(kSite);
  run_for(milliseconds(2000));
  std::string text = kSite;
  text.replace(text.find("port: 3306, hosts: [n1]"), 23, "port: 3306, hosts: [n1], vip: 10.0.1.249");
  const auto change = reload(text, 2);
  ASSERT_FALSE(change.refused()) << change.refusal;
  EXPECT_THAT(change.replaced, ::testing::ElementsAre("db"));
  EXPECT_TRUE(parts_.holders.at("db").front()->released_at.size() == 1);
  run_for(milliseconds(2000));
  ASSERT_EQ(parts_.holders.at("db").size(), 2u);
  EXPECT_EQ(parts_.specs.at("db").back().address.str(), "10.0.1.249");
  EXPECT_TRUE(parts_.latest_holder("db").answering());
  EXPECT_EQ(holder_of("db"), "n1");
  expect_never_blinked("web");
}

TEST_F(HostKeeperReloadTest, AVersionItCannotTakeIsRefusedAndChangesNothing) {
  start(kSite);
  run_for(milliseconds(2000));
  std::string renamed = kSite;
  renamed.replace(0, std::string("site: reload").size(), "site: other");
  auto change = reload(renamed + "  - {name: queue, network: api, port: 5672, hosts: [n1]}\n", 2);
  ASSERT_TRUE(change.refused());
  EXPECT_THAT(change.refusal, HasSubstr("the site's name changed from 'reload' to 'other'"));
  // n1 moves to the OVS backend: its VIP devices would be another kind.
  std::string ovs = kSite;
  ovs.replace(ovs.find("{name: n1, id: 1,"), 17, "{name: n1, id: 1, backend: ovs,");
  change = reload(ovs, 3);
  ASSERT_TRUE(change.refused());
  EXPECT_THAT(change.refusal, HasSubstr("host n1's backend changed from kernel to ovs"));
  run_for(milliseconds(1000));
  EXPECT_THAT(keeper_->services(), ::testing::UnorderedElementsAre("web", "db"));
  expect_never_blinked("web");
  expect_never_blinked("db");
  keeper_->refuse_invalid_site({4, std::string(64, 'a')});
  const std::string metrics = keeper_->metrics_text();
  EXPECT_THAT(metrics, ::testing::ContainsRegex("netkeel_keeper_site_version\\{sha256=\"[0-9a-f]{12}\"\\} 1\n"));
  EXPECT_THAT(metrics, HasSubstr("netkeel_keeper_site_reloads_total{result=\"applied\"} 0\n"));
  EXPECT_THAT(metrics, HasSubstr("netkeel_keeper_site_reloads_total{result=\"refused\"} 2\n"));
  EXPECT_THAT(metrics, HasSubstr("netkeel_keeper_site_reloads_total{result=\"invalid\"} 1\n"));
}

}  // namespace
}  // namespace netkeel::ha
