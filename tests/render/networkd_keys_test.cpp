// systemd-networkd ignores (with only a log line) sections and keys it does not know, so a typo in a
// renderer would silently drop configuration. Every section and key netkeel writes, in the networkd
// renderer's files and in the netplan renderer's drop-ins, must be one that systemd-networkd 252 knows
// (systemd.network(5), systemd.netdev(5), systemd.link(5)); a few values are checked too.
#include <map>
#include <set>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "netkeel/render/netplan_renderer.hpp"
#include "netkeel/render/networkd_renderer.hpp"
#include "render/example_plans.hpp"
#include "render/plan_fixture.hpp"

namespace netkeel::render {
namespace {

using Allowlist = std::map<std::string, std::set<std::string>>;  // section -> keys

const Allowlist kLinkFile = {{"Match", {"PermanentMACAddress", "MACAddress", "Name", "OriginalName"}},
                             {"Link", {"Name", "MTUBytes", "MACAddress"}}};
const Allowlist kNetdevFile = {
    {"NetDev", {"Name", "Kind", "MACAddress", "MTUBytes", "Description"}},
    {"Bond", {"Mode", "MIIMonitorSec", "LACPTransmitRate", "TransmitHashPolicy", "PrimaryReselectPolicy"}},
    {"VLAN", {"Id"}}};
const Allowlist kNetworkFile = {
    {"Match", {"Name", "MACAddress", "PermanentMACAddress"}},
    {"Link", {"MTUBytes", "MACAddress"}},
    {"Network", {"Bond", "VLAN", "LinkLocalAddressing", "ConfigureWithoutCarrier", "PrimarySlave", "Address"}},
    {"Address", {"Address"}},
    {"Route", {"Destination", "Gateway", "Scope", "PreferredSource", "Table", "Protocol"}},
    {"RoutingPolicyRule", {"From", "Table", "Priority"}},
    {"Neighbor", {"Address", "LinkLayerAddress"}}};

const std::map<std::string, std::set<std::string>> kAllowedValues = {
    {"Mode", {"active-backup", "802.3ad", "balance-xor"}},
    {"LACPTransmitRate", {"fast", "slow"}},
    {"TransmitHashPolicy", {"layer2", "layer3+4", "layer2+3", "encap2+3", "encap3+4"}},
    {"Scope", {"global", "site", "link", "host", "nowhere"}},
    {"LinkLocalAddressing", {"no", "yes", "ipv4", "ipv6"}},
    {"ConfigureWithoutCarrier", {"yes", "no"}},
    {"PrimarySlave", {"true", "false", "yes", "no"}},
};

// Problems found in one file, empty when networkd would read every line.
std::vector<std::string> check_file(const std::string& path, const std::string& content) {
  const Allowlist* allow = nullptr;
  if (path.ends_with(".link")) allow = &kLinkFile;
  else if (path.ends_with(".netdev")) allow = &kNetdevFile;
  else allow = &kNetworkFile;  // .network and .network.d/*.conf
  std::vector<std::string> problems;
  std::istringstream in(content);
  std::string line, section;
  int number = 0;
  auto problem = [&](const std::string& what) { problems.push_back(path + ":" + std::to_string(number) + ": " + what); };
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    if (line.front() == '[') {
      section = line.substr(1, line.size() - 2);
      if (line.back() != ']' || !allow->count(section)) problem("unknown section " + line);
      continue;
    }
    auto eq = line.find('=');
    if (eq == std::string::npos || eq == 0) {
      problem("not KEY=VALUE: " + line);
      continue;
    }
    const std::string key = line.substr(0, eq), value = line.substr(eq + 1);
    if (section.empty()) problem("key outside a section: " + line);
    else if (allow->count(section) && !allow->at(section).count(key)) problem("unknown key " + key + " in [" + section + "]");
    if (value.empty()) problem("empty value resets " + key + ": " + line);
    if (auto it = kAllowedValues.find(key); it != kAllowedValues.end() && !it->second.count(value)) {
      problem("bad value for " + key + ": " + value);
    }
    if (key == "MIIMonitorSec" && !value.ends_with("ms")) problem("MIIMonitorSec needs a unit: " + value);
    if ((key == "Table" || key == "Priority" || key == "Protocol" || key == "MTUBytes" || key == "Id") &&
        value.find_first_not_of("0123456789") != std::string::npos) {
      problem(key + " must be a number: " + value);
    }
  }
  return problems;
}

TEST(NetworkdKeys, CheckerRejectsUnknownSectionsKeysAndValues) {
  EXPECT_THAT(check_file("a.network", "[Match]\nName=eno1\n"), ::testing::IsEmpty());
  EXPECT_EQ(check_file("a.network", "[Neighbour]\nAddress=1.2.3.4\n").size(), 1u);
  EXPECT_EQ(check_file("a.network", "[Neighbor]\nMACAddress=aa:bb:cc:dd:ee:ff\n").size(), 1u);
  EXPECT_EQ(check_file("a.netdev", "[Bond]\nMode=balance-rr\n").size(), 1u);
  EXPECT_EQ(check_file("a.netdev", "[Bond]\nMIIMonitorSec=100\n").size(), 1u);
  EXPECT_EQ(check_file("a.network", "Name=eno1\n").size(), 1u);
}

TEST(NetworkdKeys, FixtureFilesUseOnlyKnownKeys) {
  auto plan = testing::fixture_plan();
  for (const auto& host : plan.hosts) {
    for (const auto& [path, content] : render_networkd(plan, host)) {
      if (path.ends_with(".conf") && path.find("sysctl.d") != std::string::npos) continue;
      EXPECT_THAT(check_file(path, content), ::testing::IsEmpty());
    }
  }
}

TEST(NetworkdKeys, EveryExampleUsesOnlyKnownKeys) {
  size_t files_checked = 0;
  for (const auto& example : testing::plan_examples()) {
    for (const auto& host : example.plan.hosts) {
      RenderedFiles files = render_networkd(example.plan, host);
      for (auto& [path, content] : render_netplan(example.plan, host)) {
        if (path.find(".network.d/") != std::string::npos) files.emplace(path, content);
      }
      for (const auto& [path, content] : files) {
        if (path.find("sysctl.d/") != std::string::npos) continue;
        EXPECT_THAT(check_file(path, content), ::testing::IsEmpty()) << example.stem << "/" << host.name;
        ++files_checked;
      }
    }
  }
  EXPECT_GT(files_checked, 30u);
}

}  // namespace
}  // namespace netkeel::render
