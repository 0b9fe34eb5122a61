// The validator's warnings about checks that are valid but probably not what was meant, and the
// dependency graph built from depends_on entries and dep checks together.
#include <gtest/gtest.h>

#include "site/site_test_support.hpp"

namespace netkeel::site {
namespace {

using testing::check_text;

const std::string kHead =
    "site: s\n"
    "switches: [{name: sw1}]\n"
    "networks: {api: {cidr: 10.0.1.0/24, vips: 10.0.1.200-10.0.1.250}}\n"
    "hosts:\n"
    "  - {name: h1, id: 1, nics: [{name: eno1, switch: sw1, port: '1'}]}\n"
    "  - {name: h2, id: 2, nics: [{name: eno1, switch: sw1, port: '2'}]}\n"
    "services:\n";

std::vector<std::string> messages(const Diagnostics& diagnostics, Severity severity) {
  std::vector<std::string> out;
  for (const auto& d : diagnostics.items())
    if (d.severity == severity) out.push_back(d.mark.file + ":" + std::to_string(d.mark.line) + ": " + d.message);
  return out;
}

TEST(HealthCheckValidation, WarnsAboutATimeoutLongerThanTheIntervalAndTimingOnDepChecks) {
  const auto diagnostics = check_text(kHead +
                                      "  - {name: mysql, network: api, port: 3306, check: {tcp: 3306, interval: 100ms, "
                                      "timeout: 1s}}\n"
                                      "  - {name: keystone, network: api, port: 5000, check: [{dep: mysql, interval: 1s}]}\n");
  EXPECT_EQ(diagnostics.error_count(), 0u) << format_diagnostics(diagnostics);
  const auto warnings = messages(diagnostics, Severity::warning);
  ASSERT_EQ(warnings.size(), 2u) << format_diagnostics(diagnostics);
  EXPECT_EQ(warnings[0], "test.yaml:8: service 'mysql' check tcp 3306: timeout 1000ms is longer than its interval 100ms");
  EXPECT_NE(warnings[1].find("test.yaml:9: service 'keystone' check dep mysql@any: a dep check is judged"),
            std::string::npos)
      << warnings[1];
}

TEST(HealthCheckValidation, ACycleMayRunThroughDependsOnAndDepChecksOverSeveralServices) {
  const auto diagnostics = check_text(kHead +
                                      "  - {name: a, network: api, depends_on: [b]}\n"
                                      "  - {name: b, network: api, check: [{dep: c@local}]}\n"
                                      "  - {name: c, network: api, check: {dep: a}}\n");
  const auto errors = messages(diagnostics, Severity::error);
  ASSERT_EQ(errors.size(), 1u) << format_diagnostics(diagnostics);
  EXPECT_EQ(errors[0], "test.yaml:10: dependency cycle: a -> b -> c -> a");
}

TEST(HealthCheckValidation, ADiamondIsNoCycle) {
  const auto diagnostics = check_text(kHead +
                                      "  - {name: mysql, network: api}\n"
                                      "  - {name: keystone, network: api, depends_on: [mysql]}\n"
                                      "  - {name: glance, network: api, check: [{dep: keystone}, {dep: mysql@local}]}\n"
                                      "  - {name: nova, network: api, depends_on: [keystone, glance]}\n");
  EXPECT_EQ(diagnostics.error_count(), 0u) << format_diagnostics(diagnostics);
}

}  // namespace
}  // namespace netkeel::site
