// What `netkeel lab` says when it is used wrongly: each message names the problem and the fix, with exit
// code 2 (bad input). None of these cases creates anything: no lab by the tested name exists.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/server_process.hpp"

namespace {

using ::testing::HasSubstr;
using netkeel::testing::read_file;
using netkeel::testing::RunResult;

const char* kNoSuchLab = "nk-no-such-lab-for-tests";

RunResult run_netkeel(const std::string& arguments) {
  const auto dir = std::filesystem::path(::testing::TempDir()) / ("netkeel-lab-cli-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string command = std::string("'") + NETKEEL_BINARY_DIR + "/netkeel' " + arguments + " >'" +
                              (dir / "out").string() + "' 2>'" + (dir / "err").string() + "'";
  const int status = std::system(command.c_str());
  RunResult result{WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(dir / "out"), read_file(dir / "err")};
  std::filesystem::remove_all(dir);
  return result;
}

TEST(LabCliErrors, StatusOfALabThatDoesNotExistSaysSo) {
  const RunResult result = run_netkeel(std::string("lab status --name ") + kNoSuchLab);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr(std::string("no lab named ") + kNoSuchLab));
  EXPECT_THAT(result.err, ::testing::Not(HasSubstr("manifest")));
}

TEST(LabCliErrors, ExecWithTheCommandsOptionsBeforeDashDashPointsToIt) {
  const RunResult result = run_netkeel("lab exec srv1 ip -br a");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("-br"));
  EXPECT_THAT(result.err, HasSubstr("netkeel lab exec srv1 -- ip -br a"));
}

TEST(LabCliErrors, LossWithoutPercentAsksForIt) {
  if (::geteuid() != 0) GTEST_SKIP() << "lab fault checks for root before its flags";
  const RunResult loss = run_netkeel(std::string("lab fault loss node1:eno1 --name ") + kNoSuchLab);
  EXPECT_EQ(loss.exit_code, 2);
  EXPECT_THAT(loss.err, HasSubstr("loss needs --percent P"));
  EXPECT_THAT(loss.err, ::testing::Not(HasSubstr("--percent 0")));
  const RunResult other = run_netkeel(std::string("lab fault link-down node1:eno1 --percent 5 --name ") + kNoSuchLab);
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_THAT(other.err, HasSubstr("--percent belongs to the loss fault only"));
  const RunResult unknown = run_netkeel(std::string("lab fault link-down node1:eno1 --name ") + kNoSuchLab);
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, HasSubstr(std::string("no lab named ") + kNoSuchLab));
}

}  // namespace
