// The README's "A short tour", run line by line as written (as root, in a lab of its own name), so the
// test breaks when the README and the code drift apart. Each line must exit 0; the lab is always
// taken down, also when a line fails.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/lab_test_support.hpp"

namespace netkeel {
namespace {

using lab_test::Result;
using lab_test::run_shell;

// The lines of the first ```sh block after "## A short tour", without their trailing comments.
std::vector<std::string> tour_lines(const std::string& readme_path) {
  std::ifstream in(readme_path);
  std::string line;
  bool in_section = false, in_block = false;
  std::vector<std::string> lines;
  while (std::getline(in, line)) {
    if (line.rfind("## ", 0) == 0) {
      if (in_section) break;
      in_section = line == "## A short tour";
      continue;
    }
    if (!in_section) continue;
    if (line.rfind("```", 0) == 0) {
      if (in_block) break;
      in_block = line == "```sh";
      continue;
    }
    if (!in_block) continue;
    if (const auto comment = line.find(" #"); comment != std::string::npos) line.erase(comment);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

// The tour as this test runs it: the built binary, a lab name no one else uses, a private output dir.
std::string adapted(std::string line, const std::string& lab, const std::string& out_dir) {
  line = std::regex_replace(line, std::regex("^build/netkeel "), lab_test::kNetkeel + " ");
  line = std::regex_replace(line, std::regex("--(name|lab) try\\b"), "--$1 " + lab);
  line = std::regex_replace(line, std::regex("\\bnk-try-"), "nk-" + lab + "-");
  line = std::regex_replace(line, std::regex("--out /tmp/nk\\b"), "--out " + out_dir);
  return line;
}

class ReadmeTour : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root (the tour's lab lines build namespaces)";
    const std::string unique = std::to_string(::getpid() % 100000);
    lab_ = "tour" + unique;
    other_lab_ = "other" + unique;
    out_dir_ = std::filesystem::temp_directory_path() / ("nkt-tour-" + unique);
  }
  void TearDown() override {
    if (lab_.empty()) return;
    run_shell(lab_test::kNetkeel + " lab down --name " + lab_);
    run_shell(lab_test::kNetkeel + " lab down --name " + other_lab_);
    std::filesystem::remove_all(out_dir_);
  }

  void run_tour() {
    const std::vector<std::string> lines = tour_lines(std::string(NETKEEL_SOURCE_DIR) + "/README.md");
    ASSERT_GE(lines.size(), 10U) << "README.md has no '## A short tour' with a ```sh block";
    EXPECT_EQ(lines.back(), "build/netkeel lab down --name try") << "the tour must end by taking its lab down";
    for (const std::string& line : lines) {
      ASSERT_EQ(line.rfind("build/netkeel ", 0), 0U) << "a tour line that is not netkeel: " << line;
      EXPECT_EQ(line.find('<'), std::string::npos) << "a placeholder in the tour: " << line;
      const std::string command = "cd '" + std::string(NETKEEL_SOURCE_DIR) + "' && " + adapted(line, lab_, out_dir_);
      const Result result = run_shell(command);
      ASSERT_EQ(result.exit_code, 0) << "README tour line failed: " << line << "\nran: " << command << "\n"
                                     << result.output;
    }
  }

  std::string lab_, other_lab_;
  std::filesystem::path out_dir_;
};

TEST_F(ReadmeTour, EveryLineRunsAsWritten) { run_tour(); }

// A newcomer may already have the demo lab up: the tour names its lab wherever it matters.
TEST_F(ReadmeTour, EveryLineRunsAsWrittenWhileAnotherLabIsUp) {
  const Result other = run_shell(lab_test::kNetkeel + " lab up " + lab_test::kExamples +
                                 "1-one-rack-one-vlan.yaml --name " + other_lab_);
  ASSERT_EQ(other.exit_code, 0) << other.output;
  run_tour();
}

}  // namespace
}  // namespace netkeel
