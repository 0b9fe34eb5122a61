// The server's alert flags from the built binary: a bad value is a usage error (exit 2) naming the flag,
// a bad site file exits 2 with its diagnostics, before the server listens.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/server_process.hpp"

namespace {

using ::testing::HasSubstr;
using netkeel::testing::read_file;
using netkeel::testing::RunResult;

class ServerAlertFlags : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("netkeel-alert-flags-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  RunResult server(const std::string& arguments) {
    const auto out = dir_ / "stdout";
    const auto err = dir_ / "stderr";
    const std::string command = std::string("'") + NETKEEL_BINARY_DIR + "/netkeel' server --no-auth --store sqlite:" +
                                (dir_ / "store.db").string() + " --listen 127.0.0.1:0 " + arguments + " >'" +
                                out.string() + "' 2>'" + err.string() + "'";
    const int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(out), read_file(err)};
  }

  std::filesystem::path dir_;
};

TEST_F(ServerAlertFlags, AnEvaluationIntervalOutOfRangeIsAUsageError) {
  const RunResult result = server("--alert-evaluation-interval 10ms");
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_THAT(result.err, HasSubstr("--alert-evaluation-interval 10ms: expected a duration from 100ms to 1m"));
}

TEST_F(ServerAlertFlags, SiteAndNoAlertsExcludeEachOther) {
  const RunResult result = server("--no-alerts --site " + std::string(NETKEEL_SOURCE_DIR) + "/examples/sites/1-one-rack-one-vlan.yaml");
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_THAT(result.err, HasSubstr("--site is for the alert engine, which --no-alerts turns off"));
}

TEST_F(ServerAlertFlags, ABadSiteFileExitsTwoWithItsDiagnosticsBeforeListening) {
  const std::string site = (dir_ / "site.yaml").string();
  std::ofstream(site) << "site: x\nhosts:\n  - {name: a, id: 1, nics: [{name: eno1, switch: nowhere, port: 1}]}\n";
  const RunResult result = server("--site " + site);
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_THAT(result.err, HasSubstr(site));
  EXPECT_THAT(result.out, ::testing::Not(HasSubstr("listening")));
}

}  // namespace
