// A host-down fault in a lab: `lab status` says the host is down and its processes frozen, and once the
// frozen agent's reports are older than 30 s, `netkeel matrix` marks that host stale (in the heatmap
// and in the JSON) instead of showing its row as "no probes".
#include <unistd.h>

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/lab_test_support.hpp"

namespace netkeel {
namespace {

using lab_test::Result;
using lab_test::run_shell;
using ::testing::HasSubstr;

class MatrixStaleHost : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root (the lab builds namespaces)";
    lab_ = "stale" + std::to_string(::getpid() % 100000);
    const Result up = netkeel("lab up " + lab_test::kExamples + "4-one-lacp-switch.yaml --name " + lab_);
    ASSERT_EQ(up.exit_code, 0) << up.output;
  }
  void TearDown() override {
    if (!lab_.empty()) netkeel("lab down --name " + lab_);
  }
  static Result netkeel(const std::string& arguments) { return run_shell(lab_test::kNetkeel + " " + arguments); }
  std::string lab_;
};

TEST_F(MatrixStaleHost, AFrozenHostIsShownStaleNotAsNoProbes) {
  // srv2 must have reported once: a host that never did is not stale (it may be no agent at all).
  ASSERT_TRUE(lab_test::eventually([&] {
    const Result m = netkeel("matrix --network mgmt --lab " + lab_ + " --format json");
    if (m.exit_code != 0) return false;
    const auto json = nlohmann::json::parse(m.output.substr(m.output.find('{')), nullptr, false);
    if (json.is_discarded()) return false;
    for (const auto& host : json["hosts"]) {
      if (host["host"] == "srv2" && !host["last_report_ms"].is_null()) return true;
    }
    return false;
  }, 60));
  ASSERT_EQ(netkeel("lab fault host-down srv2 --name " + lab_).exit_code, 0);
  const std::string status = netkeel("lab status --name " + lab_).output;
  EXPECT_THAT(status, ::testing::ContainsRegex("srv2 +DOWN "));
  EXPECT_THAT(status, ::testing::ContainsRegex("agent@srv2 +pid [0-9]+ +FROZEN"));

  std::string heatmap;
  ASSERT_TRUE(lab_test::eventually([&] {
    heatmap = netkeel("matrix --network mgmt --color never --lab " + lab_).output;
    return heatmap.find("stale: srv2 (last report ") != std::string::npos;
  }, 90)) << heatmap;
  EXPECT_THAT(heatmap, ::testing::ContainsRegex("[0-9]!srv2 "));
  EXPECT_THAT(heatmap, ::testing::Not(HasSubstr("stale: srv1")));
}

}  // namespace
}  // namespace netkeel
