#include "netkeel/agent/plan_source.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "netkeel/core/error.hpp"
#include "netkeel/plan/site_text_plan.hpp"
#include "netkeel/probe/probe_targets.hpp"

namespace netkeel::agent {
namespace {

namespace fs = std::filesystem;

const std::string kTwoHosts = R"(site: reload
fabric: {layer: 2, mtu: 1500}
switches:
  - {name: sw1, rack: r1, lacp: false, port_speed: 1G}
networks:
  mgmt: {cidr: 10.9.0.0/24}
hosts:
  - name: a
    id: 1
    rack: r1
    nics:
      - {name: eth0, switch: sw1, port: "1", mode: access, networks: [mgmt]}
  - name: b
    id: 2
    rack: r1
    nics:
      - {name: eth0, switch: sw1, port: "2", mode: access, networks: [mgmt]}
)";
const std::string kThirdHost = R"(  - name: c
    id: 3
    rack: r1
    nics:
      - {name: eth0, switch: sw1, port: "3", mode: access, networks: [mgmt]}
)";

struct TempSite {
  fs::path path = fs::temp_directory_path() / ("nk-plan-source-" + std::to_string(::getpid()) + ".yaml");
  ~TempSite() { fs::remove(path); }
  void write(const std::string& text, int mtime_step) {
    std::ofstream(path) << text;
    // Move the mtime explicitly: two writes inside one timestamp tick must still count as a change.
    fs::last_write_time(path, fs::file_time_type::clock::now() + std::chrono::seconds(mtime_step));
  }
};

TEST(PlanSource, FollowsTheFileAndKeepsTheLastGoodPlan) {
  TempSite site;
  site.write(kTwoHosts, 0);
  PlanSource source(site.path.string());
  EXPECT_EQ(probe::probe_targets(source.plan(), "a").size(), 3u);  // b: icmp + udp + pmtu
  std::string error;
  EXPECT_FALSE(source.reload_if_changed(error)) << "unchanged file must not reload";

  site.write(kTwoHosts + kThirdHost, 10);
  auto grown = source.reload_if_changed(error);
  ASSERT_TRUE(grown) << error;
  EXPECT_EQ(probe::probe_targets(*grown, "a").size(), 6u);

  site.write(kTwoHosts + "  - name: [broken\n", 20);
  EXPECT_FALSE(source.reload_if_changed(error));
  EXPECT_NE(error.find(site.path.string()), std::string::npos) << error;
  EXPECT_EQ(probe::probe_targets(source.plan(), "a").size(), 6u) << "the last good plan stays";
}

TEST(PlanSource, InvalidSiteIsAUsageErrorWithItsPlace) {
  TempSite site;
  site.write("site: x\nfabric: {layer: 7}\n", 0);
  try {
    PlanSource source(site.path.string());
    FAIL() << "accepted an invalid site";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find(site.path.string() + ":"), std::string::npos) << e.what();
  }
}

// A source that hands out scripted texts, as the server's poller would.
class ScriptedSource final : public SiteTextSource {
 public:
  std::vector<SiteText> next;
  std::vector<std::string> accepted_hashes;
  SiteText initial() override { return take(); }
  std::optional<SiteText> changed() override {
    if (next.empty()) return std::nullopt;
    return take();
  }
  void accepted(const SiteText& text) override { accepted_hashes.push_back(text.hash); }
  std::string describe() const override { return "http://server/api/v1/site"; }

 private:
  SiteText take() {
    SiteText t = next.front();
    next.erase(next.begin());
    return t;
  }
};

SiteText served(const std::string& text) { return {text, plan::site_text_hash(text), "http://server/api/v1/site"}; }

TEST(PlanSource, AServedSiteIsKeptOnlyWhenItPlans) {
  auto scripted = std::make_unique<ScriptedSource>();
  ScriptedSource& source = *scripted;
  source.next = {served(kTwoHosts)};
  PlanSource plans(std::move(scripted));
  EXPECT_EQ(source.accepted_hashes, std::vector<std::string>{plan::site_text_hash(kTwoHosts)});
  std::string error;
  EXPECT_FALSE(plans.reload_if_changed(error));

  source.next = {served(kTwoHosts + "  - name: [broken\n")};
  EXPECT_FALSE(plans.reload_if_changed(error));
  EXPECT_NE(error.find("http://server/api/v1/site:"), std::string::npos) << error;
  EXPECT_EQ(source.accepted_hashes.size(), 1u) << "a broken text is not cached";
  EXPECT_EQ(plans.hash(), plan::site_text_hash(kTwoHosts));

  source.next = {served(kTwoHosts + kThirdHost)};
  const auto grown = plans.reload_if_changed(error);
  ASSERT_TRUE(grown) << error;
  EXPECT_EQ(probe::probe_targets(*grown, "a").size(), 6u);
  EXPECT_EQ(source.accepted_hashes.back(), plan::site_text_hash(kTwoHosts + kThirdHost));
}

}  // namespace
}  // namespace netkeel::agent
