#pragma once
// A site text validated and planned, for the keeper tests that compare two versions of a site.
#include <string>

#include <gtest/gtest.h>

#include "netkeel/plan/site_text_plan.hpp"

namespace netkeel::ha::testing {

// Site `reload`: hosts n1 and n2 on one switch, networks mgmt and api (VIPs 10.0.1.200-250); no services.
inline const std::string kTwoHostSite = R"(site: reload
fabric: {layer: 2, mtu: 1500}
switches:
  - {name: sw1, rack: r1, lacp: false, port_speed: 1G}
networks:
  mgmt: {cidr: 10.0.0.0/24}
  api:  {cidr: 10.0.1.0/24, vips: 10.0.1.200-10.0.1.250}
hosts:
  - {name: n1, id: 1, rack: r1, nics: [{name: eno1, mac: "52:54:00:00:00:01", switch: sw1, port: "1", mode: access, networks: [mgmt, api]}]}
  - {name: n2, id: 2, rack: r1, nics: [{name: eno1, mac: "52:54:00:00:00:02", switch: sw1, port: "2", mode: access, networks: [mgmt, api]}]}
)";

struct PlannedText {
  site::Site site;
  plan::ClusterPlan plan;
};

inline PlannedText planned(const std::string& text) {
  auto checked = plan::plan_site_text(text, "site.yaml");
  EXPECT_TRUE(checked.ok()) << text;
  return {std::move(*checked.site), std::move(*checked.plan)};
}

}  // namespace netkeel::ha::testing
