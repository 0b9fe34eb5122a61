// The OVS bond collector's target resolution, and an ovs-vswitchd that does not answer: reported once,
// skipped (the real OVS is exercised by tests/lab/bond_state_test.cpp).
#include "netkeel/collect/ovs_bond_collector.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "netkeel/collect/command_output.hpp"

namespace netkeel::collect {
namespace {

TEST(OvsBondCollector, TargetResolution) {
  EXPECT_EQ(resolve_ovs_target(""), "");
  EXPECT_EQ(resolve_ovs_target("none"), "");
  EXPECT_EQ(resolve_ovs_target("auto", "/nonexistent/ovs-vswitchd.pid"), "");
  EXPECT_EQ(resolve_ovs_target("auto", "/proc/self/status"), "ovs-vswitchd");  // a file that exists
  EXPECT_EQ(resolve_ovs_target("/run/x/ovs-vswitchd.ctl"), "/run/x/ovs-vswitchd.ctl");
}

TEST(OvsBondCollector, AnOvsThatDoesNotAnswerIsReportedOnceAndSkipped) {
  ::testing::internal::CaptureStderr();
  OvsBondCollector ovs("/nonexistent/netkeel/ovs-vswitchd.ctl");
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(ovs.read().empty());
  EXPECT_FALSE(ovs.up());
  const std::string err = ::testing::internal::GetCapturedStderr();
  size_t lines = 0;
  for (size_t at = 0; (at = err.find("unavailable", at)) != std::string::npos; ++at) ++lines;
  EXPECT_EQ(lines, 1u) << err;
  EXPECT_THAT(err, ::testing::HasSubstr("--ovs-ctl none"));
}

TEST(CommandOutput, CapturesOutputErrorAndExitCodeAndKillsWhatHangs) {
  auto ok = run_command({"sh", "-c", "echo out; echo err >&2; exit 3"});
  EXPECT_EQ(ok.exit_code, 3);
  EXPECT_EQ(ok.out, "out\n");
  EXPECT_EQ(ok.err, "err\n");
  auto missing = run_command({"/nonexistent/netkeel-no-such-program"});
  EXPECT_EQ(missing.exit_code, -1);
  EXPECT_FALSE(missing.err.empty());
  auto hang = run_command({"sleep", "30"}, std::chrono::milliseconds(100));
  EXPECT_EQ(hang.exit_code, -1);
  EXPECT_THAT(hang.err, ::testing::HasSubstr("no answer"));
}

}  // namespace
}  // namespace netkeel::collect
