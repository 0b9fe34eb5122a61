// `netkeel validate` end to end: the built binary, exit codes, and the FILE:LINE:COL diagnostics on stderr.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class ValidateCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("netkeel-validate-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  RunResult run_validate(const std::string& site_file) {
    const auto out = dir_ / "stdout";
    const auto err = dir_ / "stderr";
    const std::string command = std::string("'") + NETKEEL_BINARY_DIR + "/netkeel' validate '" + site_file + "' >'" +
                                out.string() + "' 2>'" + err.string() + "'";
    const int status = std::system(command.c_str());
    RunResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = read_file(out);
    result.err = read_file(err);
    return result;
  }

  std::string write(const std::string& name, const std::string& text) {
    const auto path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }

  std::filesystem::path dir_;
};

TEST_F(ValidateCommandTest, GoodExampleExitsZero) {
  const std::string site = std::string(NETKEEL_SOURCE_DIR) + "/examples/sites/2-production-mlag.yaml";
  const auto result = run_validate(site);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err.find(": error:"), std::string::npos) << result.err;
}

TEST_F(ValidateCommandTest, BadSiteExitsTwoWithEveryErrorAndHint) {
  const std::string site = write("bad.yaml",
                                 "site: bad\n"
                                 "switches:\n"
                                 "  - {name: sw1, port_sped: 10G}\n"
                                 "networks:\n"
                                 "  mgmt: {vlan: 5000, cidr: 10.0.0.0/24}\n"
                                 "hosts:\n"
                                 "  - {name: h1, id: 1, nics: [{name: eno1, switch: sw9, port: \"1\"}]}\n");
  const auto result = run_validate(site);
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find(site + ":3:17: error: unknown key 'port_sped'"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("  hint: did you mean 'port_speed'?"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find(site + ":5:16: error: network 'mgmt' vlan 5000 is out of range"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find(site + ":7:51: error: NIC eno1 of host 'h1' is cabled to switch 'sw9'"), std::string::npos)
      << result.err;
  // Every error line is followed by its hint line.
  std::istringstream lines(result.err);
  std::string line, previous;
  int errors = 0;
  while (std::getline(lines, line)) {
    if (previous.find(": error: ") != std::string::npos) {
      ++errors;
      EXPECT_EQ(line.rfind("  hint: ", 0), 0u) << "no hint after: " << previous;
    }
    previous = line;
  }
  EXPECT_GE(errors, 3);
}

TEST_F(ValidateCommandTest, YamlSyntaxErrorExitsTwoWithItsPlace) {
  const std::string site = write("syntax.yaml", "site: s\nnetworks: {mgmt: [1, 2}\n");
  const auto result = run_validate(site);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find(site + ":2:"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("error: YAML syntax error"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("  hint: "), std::string::npos) << result.err;
}

TEST_F(ValidateCommandTest, MissingFileExitsTwo) {
  const auto result = run_validate((dir_ / "absent.yaml").string());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("cannot open the site file"), std::string::npos) << result.err;
}

}  // namespace
