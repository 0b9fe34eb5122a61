// One file with many independent mistakes: every one of them is reported in one run, in file order.
#include <gtest/gtest.h>

#include "site/site_test_support.hpp"

namespace netkeel::site {
namespace {

TEST(ManyMistakes, EveryMistakeIsReportedInOneRun) {
  const std::string yaml =
      /* 1 */ "site: many-mistakes\n"
      /* 2 */ "fabric: {layer: 2, mtu: 1500, speed: 10G}\n"
      /* 3 */ "switches:\n"
      /* 4 */ "  - {name: sw1, lacp: true, mlag_peer: sw2, port_speed: 10Q}\n"
      /* 5 */ "  - {name: sw2, lacp: true}\n"
      /* 6 */ "networks:\n"
      /* 7 */ "  mgmt: {vlan: 5000, cidr: 10.0.0.0/24, gateway: 10.0.1.1}\n"
      /* 8 */ "  api: {vlan: 20, cidr: 10.0.0.0/23, mtu: 9000}\n"
      /* 9 */ "hosts:\n"
      /* 10 */ "  - name: h1\n"
      /* 11 */ "    id: 400\n"
      /* 12 */ "    nics:\n"
      /* 13 */ "      - {name: eno1, mac: \"52:54:00:00:00:01\", switch: sw3, port: \"1\", mode: access, networks: [mgmt, api]}\n"
      /* 14 */ "  - name: h2\n"
      /* 15 */ "    id: 7\n"
      /* 16 */ "    nics:\n"
      /* 17 */ "      - {name: eno1, mac: \"52:54:00:00:00:01\", switch: sw1, port: \"1\", mod: trunk}\n"
      /* 18 */ "services:\n"
      /* 19 */ "  - {name: a, network: api, port: 0, depends_on: [b]}\n"
      /* 20 */ "  - {name: b, network: api, depends_on: [a, c]}\n";
  const auto diagnostics = testing::check_text(yaml);
  struct Expected {
    int line;
    std::string message;
  };
  const std::vector<Expected> expected = {
      {2, "unknown key 'speed'"},
      {4, "but 'sw2' names no peer"},
      {4, "not a valid speed"},
      {7, "vlan 5000 is out of range"},
      {7, "gateway 10.0.1.1 of network 'mgmt' is outside its subnet"},
      {8, "overlaps subnet 10.0.0.0/24 of network 'mgmt'"},
      {8, "mtu 9000 is above the fabric mtu 1500"},
      {11, "host id 400 of 'h1' does not fit"},
      {13, "switch 'sw3', which is not a switch"},
      {17, "MAC 52:54:00:00:00:01 of h2 eno1 is already"},
      {17, "unknown key 'mod'"},
      {19, "port 0 is out of range"},
      {20, "depends on 'c', which is not a service"},
      {20, "dependency cycle: a -> b -> a"},
  };
  for (const auto& e : expected) {
    bool found = false;
    for (const auto& d : diagnostics.items()) {
      if (d.mark.line == e.line && d.message.find(e.message) != std::string::npos) {
        found = true;
        EXPECT_FALSE(d.hint.empty()) << d.message;
      }
    }
    EXPECT_TRUE(found) << "line " << e.line << ": '" << e.message << "' missing from:\n"
                       << format_diagnostics(diagnostics);
  }
  EXPECT_GE(diagnostics.error_count(), expected.size());
  // Sorted by position, so the report reads top to bottom like the file.
  for (size_t i = 1; i < diagnostics.items().size(); ++i) {
    EXPECT_LE(diagnostics.items()[i - 1].mark.line, diagnostics.items()[i].mark.line);
  }
}

}  // namespace
}  // namespace netkeel::site
