// Prometheus' own linter on the agent's /metrics page (issue 20: it found 311 families without HELP,
// the /proc/net/snmp and /proc/net/netstat ones). Needs promtool (Debian package prometheus, which
// scripts/install-deps.sh installs); skipped, saying so, where it is absent.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "agent/every_family_snapshot.hpp"
#include "support/temporary_directory.hpp"
#include "netkeel/agent/prometheus_text.hpp"
#include "netkeel/collect/proc_net_stats.hpp"

namespace netkeel::agent {
namespace {

bool promtool_installed() { return std::system("command -v promtool >/dev/null 2>&1") == 0; }

// promtool check metrics' complaints about the page, one per line ("" when it has none).
std::vector<std::string> promtool_complaints(const std::string& page) {
  netkeel::testing::TemporaryDirectory dir;
  std::ofstream(dir.path() / "page.prom", std::ios::binary) << page;
  const std::string command = "promtool check metrics < '" + (dir.path() / "page.prom").string() + "' > '" +
                              (dir.path() / "out").string() + "' 2>&1";
  const int status = std::system(command.c_str());
  std::ifstream in(dir.path() / "out");
  std::vector<std::string> complaints;
  for (std::string line; std::getline(in, line);) complaints.push_back(line);
  if (status != 0 && complaints.empty()) complaints.push_back("promtool exited with status " + std::to_string(status));
  return complaints;
}

// The one complaint let through, documented in docs/metrics.md: the /proc families keep the kernel's
// field names (netkeel_netstat_TcpExt_ListenOverflows), which promtool would have in snake_case;
// renaming them would break every dashboard and alert that reads them.
bool is_kernel_name_case_lint(const std::string& complaint) {
  return complaint.rfind("netkeel_netstat_", 0) == 0 &&
         complaint.find(" metric names should be written in 'snake_case' not 'camelCase'") != std::string::npos &&
         complaint.find(' ') == complaint.find(" metric names");
}

std::vector<std::string> complaints_besides_kernel_names(const std::string& page) {
  std::vector<std::string> left;
  for (const auto& complaint : promtool_complaints(page))
    if (!is_kernel_name_case_lint(complaint)) left.push_back(complaint);
  return left;
}

TEST(PromtoolLint, EveryFamilyPageHasNoComplaint) {
  if (!promtool_installed()) GTEST_SKIP() << "promtool is not installed (Debian package prometheus): not linted";
  EXPECT_THAT(complaints_besides_kernel_names(render_prometheus_text(testing::every_family_snapshot())),
              ::testing::IsEmpty());
}

// Every field this machine's kernel has, as the agent would show it: each gets a HELP line.
TEST(PromtoolLint, APageWithEveryProcNetFieldOfThisKernelHasNoComplaint) {
  if (!promtool_installed()) GTEST_SKIP() << "promtool is not installed (Debian package prometheus): not linted";
  AgentSnapshot snapshot = testing::every_family_snapshot();
  snapshot.netstat = collect::read_proc_net_stats();
  ASSERT_GT(snapshot.netstat.size(), 100U) << "this kernel shows few /proc/net/snmp and /proc/net/netstat fields";
  const std::string page = render_prometheus_text(snapshot);
  EXPECT_THAT(page, ::testing::HasSubstr("# HELP netkeel_netstat_Tcp_RetransSegs Tcp RetransSegs from /proc/net/snmp.\n"));
  EXPECT_THAT(page, ::testing::HasSubstr(
                        "# HELP netkeel_netstat_TcpExt_ListenOverflows TcpExt ListenOverflows from /proc/net/netstat.\n"));
  EXPECT_THAT(complaints_besides_kernel_names(page), ::testing::IsEmpty());
}

// The test's own filter lets through nothing but the kernel-name lint: a missing HELP is caught.
TEST(PromtoolLint, AFamilyWithoutHelpIsAComplaint) {
  if (!promtool_installed()) GTEST_SKIP() << "promtool is not installed (Debian package prometheus): not linted";
  const std::vector<std::string> complaints =
      complaints_besides_kernel_names("# TYPE netkeel_netstat_TcpExt_ListenDrops untyped\nnetkeel_netstat_TcpExt_ListenDrops 0\n");
  EXPECT_THAT(complaints, ::testing::ElementsAre("netkeel_netstat_TcpExt_ListenDrops no help text"));
}

}  // namespace
}  // namespace netkeel::agent
