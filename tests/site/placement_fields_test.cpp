// Placement fields: host and service `weight`, and `placement: anti_affinity` groups, loaded with their
// marks and rejected with FILE:LINE:COL when wrong (unknown or repeated services, weights out of range).
#include <gtest/gtest.h>

#include "site/site_test_support.hpp"

namespace netkeel::site {
namespace {

using testing::check_text;

std::string site_with(const std::string& host_extra, const std::string& service_extra, const std::string& tail) {
  return "site: place\n"
         "switches: [{name: sw1}]\n"
         "networks:\n"
         "  api: {cidr: 10.20.0.0/24, vips: 10.20.0.200-10.20.0.250}\n"
         "hosts:\n"
         "  - {name: ctl1, id: 11, nics: [{name: eno1, switch: sw1, port: p1}]" + host_extra + "}\n"
         "  - {name: ctl2, id: 12, nics: [{name: eno1, switch: sw1, port: p2}]}\n"
         "services:\n"
         "  - {name: mysql, network: api, port: 3306" + service_extra + "}\n"
         "  - {name: rabbitmq, network: api, port: 5672}\n"
         "  - {name: keystone, network: api, port: 5000}\n" +
         tail;
}

// The one error's "LINE:COL message".
std::string only_error(const Diagnostics& diagnostics) {
  EXPECT_EQ(diagnostics.error_count(), 1u) << format_diagnostics(diagnostics);
  for (const auto& d : diagnostics.items())
    if (d.severity == Severity::error) return std::to_string(d.mark.line) + ":" + std::to_string(d.mark.column) + " " + d.message;
  return "";
}

TEST(PlacementFields, WeightsDefaultToOneAndAreRead) {
  auto plain = load_site_from_string(site_with("", "", ""), "p.yaml");
  ASSERT_TRUE(plain.site);
  EXPECT_EQ(plain.site->hosts[0].weight, 1);
  EXPECT_EQ(plain.site->services[0].weight, 1);
  EXPECT_TRUE(plain.site->placement.anti_affinity.empty());

  auto weighted = load_site_from_string(site_with(", weight: 3", ", weight: 2", ""), "p.yaml");
  ASSERT_TRUE(weighted.site);
  EXPECT_EQ(weighted.site->hosts[0].weight, 3);
  EXPECT_EQ(weighted.site->hosts[1].weight, 1);
  EXPECT_EQ(weighted.site->services[0].weight, 2);
  EXPECT_EQ(check_text(site_with(", weight: 3", ", weight: 2", "")).items().size(), 0u);
}

TEST(PlacementFields, AntiAffinityGroupsAreReadWithEachNamesPlace) {
  const std::string text = site_with("", "", "placement:\n  anti_affinity:\n    - [mysql, rabbitmq]\n");
  auto loaded = load_site_from_string(text, "p.yaml");
  ASSERT_TRUE(loaded.site);
  ASSERT_EQ(loaded.site->placement.anti_affinity.size(), 1u);
  EXPECT_EQ(loaded.site->placement.anti_affinity[0].services, (std::vector<std::string>{"mysql", "rabbitmq"}));
  EXPECT_EQ(loaded.site->placement.anti_affinity[0].marks.of("services.1").line, 14);
  EXPECT_EQ(loaded.site->placement.anti_affinity[0].marks.of("services.1").column, 15);
  EXPECT_EQ(check_text(text).items().size(), 0u);
}

TEST(PlacementFields, BadInputNamesThePlaceAndTheFix) {
  struct Case {
    std::string text, expected;
  };
  const std::vector<Case> cases = {
      {site_with(", weight: -1", "", ""), "6:79 host 'ctl1' weight"},
      {site_with("", ", weight: 0", ""), "9:53 service 'mysql' weight"},
      {site_with("", ", weight: 1001", ""), "9:53 service 'mysql' weight"},
      {site_with("", ", weight: heavy", ""), "9:53 service 'mysql' weight"},
      {site_with("", "", "placement:\n  anti_affinity:\n    - [mysql, rabbitmqq]\n"),
       "14:15 anti-affinity group 1 names service 'rabbitmqq', which is not a service of this site"},
      {site_with("", "", "placement:\n  anti_affinity:\n    - [mysql, mysql]\n"),
       "14:15 anti-affinity group 1 names service 'mysql' twice"},
      {site_with("", "", "placement:\n  anti_affinity:\n    - [mysql]\n"),
       "14:7 anti-affinity group 1 has fewer than two services"},
      {site_with("", "", "placement:\n  anti_afinity: []\n"), "13:3 "},
      {site_with("", "", "placement:\n  anti_affinity: mysql\n"), "13:18 placement anti_affinity"},
  };
  for (const auto& c : cases) {
    const std::string error = only_error(check_text(c.text));
    EXPECT_EQ(error.rfind(c.expected, 0), 0u) << "got: " << error << "\nwanted it to start with: " << c.expected;
  }
  // The unknown service's hint names the closest one.
  const auto d = check_text(site_with("", "", "placement:\n  anti_affinity:\n    - [mysql, rabbitmqq]\n"));
  ASSERT_EQ(d.items().size(), 1u);
  EXPECT_NE(d.items()[0].hint.find("rabbitmq"), std::string::npos) << d.items()[0].hint;
}

}  // namespace
}  // namespace netkeel::site
