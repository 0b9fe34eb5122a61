#include "netkeel/agent/plan_source.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "netkeel/core/error.hpp"
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

}  // namespace
}  // namespace netkeel::agent
