// The built binary's answers to bad token files, sample-window and alert flags: usage errors (exit code 2)
// that name the file or flag and the fix, on the server and on its clients alike.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/server_process.hpp"

namespace {

using ::testing::HasSubstr;
using netkeel::testing::read_file;
using netkeel::testing::RunResult;

class ServerInputRulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("netkeel-input-rules-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  RunResult run(const std::string& arguments) {
    const auto out = dir_ / "stdout";
    const auto err = dir_ / "stderr";
    const std::string command = std::string("NETKEEL_LAB_DIR='") + dir_.string() + "/no-lab' '" + NETKEEL_BINARY_DIR +
                                "/netkeel' " + arguments + " >'" + out.string() + "' 2>'" + err.string() + "'";
    const int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(out), read_file(err)};
  }

  std::string store() const { return "--store sqlite:" + (dir_ / "store.db").string() + " --listen 127.0.0.1:0"; }

  std::filesystem::path dir_;
};

// Issue 20: a one-character token was accepted.
TEST_F(ServerInputRulesTest, AShortTokenIsRefusedByTheServerAndItsClientsWithHowToMakeOne) {
  const std::string file = (dir_ / "token").string();
  std::ofstream(file) << "  short \n";
  for (const std::string& command :
       {"server " + store() + " --token-file " + file,
        "query netkeel_probe_sent_total --server http://127.0.0.1:9 --token-file " + file}) {
    const RunResult result = run(command);
    EXPECT_EQ(result.exit_code, 2) << command << "\n" << result.err;
    EXPECT_THAT(result.err, HasSubstr(file + ":1: the token has 5 characters, fewer than the 16"));
    EXPECT_THAT(result.err, HasSubstr("openssl rand -hex 32 > " + file));
  }
  std::ofstream(dir_ / "read-token") << "r\n";
  std::ofstream(file) << "a-good-long-site-token\n";
  const RunResult read_token = run("server " + store() + " --token-file " + file + " --read-token-file " +
                                   (dir_ / "read-token").string());
  EXPECT_EQ(read_token.exit_code, 2);
  EXPECT_THAT(read_token.err, HasSubstr("--read-token-file " + (dir_ / "read-token").string()));
}

TEST_F(ServerInputRulesTest, ASampleWindowThatIsNotADurationIsAUsageError) {
  const RunResult age = run("server --no-auth " + store() + " --max-sample-age forever");
  EXPECT_EQ(age.exit_code, 2);
  EXPECT_THAT(age.err, HasSubstr("--max-sample-age forever: expected a duration such as 7d or 12h"));
  const RunResult ahead = run("server --no-auth " + store() + " --max-sample-ahead soon");
  EXPECT_EQ(ahead.exit_code, 2);
  EXPECT_THAT(ahead.err, HasSubstr("--max-sample-ahead soon: expected a duration such as 1h or 5m"));
}

TEST_F(ServerInputRulesTest, BadAlertDestinationsAreUsageErrorsNamingTheFlag) {
  const std::string empty_token = (dir_ / "am-token").string();
  std::ofstream(empty_token) << " \n";
  const struct {
    std::string flags;
    std::string message;
  } cases[] = {
      {"--alertmanager am1:9093", "--alertmanager am1:9093: not an http:// or https:// URL"},
      {"--alertmanager http://am1:9093/api/v2/alerts", "ends in /api/v2/alerts; give the Alertmanager's base URL"},
      {"--webhook ftp://hooks.example/x", "--webhook ftp://hooks.example/x: not an http:// or https:// URL"},
      {"--external-url http://", "--external-url http://: has no host"},
      {"--alert-resend 0s", "--alert-resend 0s: expected a duration from 1s to 1h, such as 1m"},
      {"--alert-resend often", "--alert-resend often: expected a duration"},
      {"--alertmanager-token-file " + empty_token, "--alertmanager-token-file needs at least one --alertmanager URL"},
      {"--alertmanager http://127.0.0.1:9 --alertmanager-token-file " + empty_token,
       "--alertmanager-token-file " + empty_token + ":1: the first line is empty"},
  };
  for (const auto& c : cases) {
    const RunResult result = run("server --no-auth " + store() + " " + c.flags);
    EXPECT_EQ(result.exit_code, 2) << c.flags << "\n" << result.err;
    EXPECT_THAT(result.err, HasSubstr(c.message)) << c.flags;
  }
  EXPECT_FALSE(std::filesystem::exists(dir_ / "store.db"));  // refused before the store was opened
}

// The alert flags: a bad value names the flag; a bad site file exits 2 with its diagnostics before the
// server listens.
TEST_F(ServerInputRulesTest, AlertFlagsAreCheckedBeforeTheServerListens) {
  const std::string server = "server --no-auth " + store();
  RunResult result = run(server + " --alert-evaluation-interval 10ms");
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_THAT(result.err, HasSubstr("--alert-evaluation-interval 10ms: expected a duration from 100ms to 1m"));

  // The thresholds (docs/alerts.md, "Thresholds"): each value, and clear below fire.
  for (const auto& [flags, message] : std::vector<std::pair<std::string, std::string>>{
           {"--alert-loss-fire 0%", "--alert-loss-fire 0%: expected a percentage above 0 and at most 100, such as 2%"},
           {"--alert-loss-fire two", "--alert-loss-fire two: expected a percentage"},
           {"--alert-loss-clear 150", "--alert-loss-clear 150: expected a percentage above 0 and at most 100"},
           {"--alert-loss-fire 1% --alert-loss-clear 1%",
            "--alert-loss-clear 1% is not below --alert-loss-fire 1%: give a clear threshold under the fire threshold"},
           {"--alert-loss-fire-after 0s", "--alert-loss-fire-after 0s: expected a duration from 1s to 1h, such as 30s"},
           {"--alert-loss-clear-after 2h", "--alert-loss-clear-after 2h: expected a duration from 1s to 1h, such as 2m"},
           {"--alert-loss-run-gap soon", "--alert-loss-run-gap soon: expected a duration from 0ms to 10m, such as 8s"},
           {"--alert-unreachable-after 1h", "--alert-unreachable-after 1h: expected a duration from 0ms to 10m, such as 5s"},
           {"--alert-agent-silent-after 0", "--alert-agent-silent-after 0: expected a duration from 1s to 1h, such as 15s"},
           {"--alert-glitch-window 2d", "--alert-glitch-window 2d: expected a duration from 1s to 1d, such as 10m"},
           {"--alert-glitch-repeat 0", "--alert-glitch-repeat"},
       }) {
    result = run(server + " " + flags);
    EXPECT_EQ(result.exit_code, 2) << flags << "\n" << result.err;
    EXPECT_THAT(result.err, HasSubstr(message)) << flags;
  }

  const std::string site = (dir_ / "site.yaml").string();
  std::ofstream(site) << "site: x\nhosts:\n  - {name: a, id: 1, nics: [{name: eno1, switch: nowhere, port: 1}]}\n";
  // The site feeds the dashboard's topology too, so it is checked also with --no-alerts.
  for (const std::string alerts : {"", " --no-alerts"}) {
    result = run(server + alerts + " --site " + site);
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_THAT(result.err, HasSubstr(site));
    EXPECT_THAT(result.out + result.err, ::testing::Not(HasSubstr("listening")));
  }
}

}  // namespace
