// The coordination section: loaded with its marks, validated, and warned about when the member count
// weakens the cluster. (Errors with positions are in bad_input_test.cpp's table.)
#include <gtest/gtest.h>

#include "site/site_test_support.hpp"

namespace netkeel::site {
namespace {

using testing::check_text;

std::string site_with(const std::string& coordination, int hosts = 3) {
  std::string text =
      "site: coord\n"
      "switches: [{name: sw1}]\n"
      "networks:\n"
      "  mgmt: {cidr: 10.10.0.0/24}\n"
      "hosts:\n";
  for (int i = 1; i <= hosts; ++i) {
    text += "  - {name: ctl" + std::to_string(i) + ", id: " + std::to_string(10 + i) +
            ", nics: [{name: eno1, switch: sw1, port: p" + std::to_string(i) + "}]}\n";
  }
  return text + coordination;
}

TEST(Coordination, ReadsMembersAndNetworkWithTheirMarks) {
  const auto loaded = load_site_from_string(
      site_with("coordination:\n  etcd:\n    members: [ctl1, ctl3, ctl2]\n    network: mgmt\n"), "c.yaml");
  ASSERT_TRUE(loaded.site);
  ASSERT_TRUE(loaded.site->coordination);
  ASSERT_TRUE(loaded.site->coordination->etcd);
  const EtcdCoordination& etcd = *loaded.site->coordination->etcd;
  EXPECT_EQ(etcd.members, (std::vector<std::string>{"ctl1", "ctl3", "ctl2"}));
  EXPECT_EQ(etcd.network, "mgmt");
  EXPECT_EQ(etcd.marks.of("members.1").line, 11);
  EXPECT_EQ(etcd.marks.of("members.1").column, 21);
  EXPECT_EQ(etcd.marks.of("network").line, 12);
  EXPECT_EQ(check_text(site_with("coordination:\n  etcd:\n    members: [ctl1, ctl3, ctl2]\n    network: mgmt\n"))
                .items()
                .size(),
            0u);
}

TEST(Coordination, IsOptional) {
  const auto loaded = load_site_from_string(site_with(""), "c.yaml");
  ASSERT_TRUE(loaded.site);
  EXPECT_FALSE(loaded.site->coordination);
  EXPECT_EQ(check_text(site_with("")).items().size(), 0u);
}

TEST(Coordination, OneMemberIsValid) {
  EXPECT_EQ(check_text(site_with("coordination: {etcd: {members: [ctl2], network: mgmt}}\n")).items().size(), 0u);
}

const Diagnostic* only_warning(const Diagnostics& diagnostics) {
  EXPECT_EQ(diagnostics.error_count(), 0u) << format_diagnostics(diagnostics);
  EXPECT_EQ(diagnostics.warning_count(), 1u) << format_diagnostics(diagnostics);
  for (const auto& d : diagnostics.items()) {
    if (d.severity == Severity::warning) return &d;
  }
  return nullptr;
}

TEST(Coordination, AnEvenMemberCountIsAWarningWithTheReason) {
  const auto diagnostics = check_text(site_with("coordination: {etcd: {members: [ctl1, ctl2, ctl3, ctl4], network: mgmt}}\n", 4));
  const Diagnostic* warning = only_warning(diagnostics);
  ASSERT_NE(warning, nullptr);
  EXPECT_EQ(warning->mark.line, 10);
  EXPECT_NE(warning->message.find("4 etcd members survive no more failures than 3"), std::string::npos) << warning->message;
  EXPECT_NE(warning->message.find("only 1 may fail"), std::string::npos) << warning->message;
  EXPECT_NE(warning->hint.find("3 or 5"), std::string::npos) << warning->hint;
}

TEST(Coordination, MoreThanSevenMembersIsAWarningWithTheReason) {
  std::string members;
  for (int i = 1; i <= 9; ++i) members += (i > 1 ? ", ctl" : "ctl") + std::to_string(i);
  const auto diagnostics = check_text(site_with("coordination: {etcd: {members: [" + members + "], network: mgmt}}\n", 9));
  const Diagnostic* warning = only_warning(diagnostics);
  ASSERT_NE(warning, nullptr);
  EXPECT_NE(warning->message.find("9 etcd members: every write waits for 5 of them, and etcd advises at most 7"),
            std::string::npos)
      << warning->message;
  EXPECT_NE(warning->hint.find("3, 5 or 7"), std::string::npos);
}

}  // namespace
}  // namespace netkeel::site
