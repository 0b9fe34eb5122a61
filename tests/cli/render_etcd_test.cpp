// `netkeel render --format etcd` end to end: one file per etcd member with --out, exit 2 for a host that
// is not a member (naming the members) and for a site without a coordination section.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "netkeel/core/process.hpp"

namespace {

namespace fs = std::filesystem;

const std::string kExamples = std::string(NETKEEL_SOURCE_DIR) + "/examples/sites/";

netkeel::ProcessResult run_render(std::vector<std::string> arguments) {
  netkeel::ProcessRequest request;
  request.argv = {std::string(NETKEEL_BINARY_DIR) + "/netkeel", "render"};
  request.argv.insert(request.argv.end(), arguments.begin(), arguments.end());
  return netkeel::run_process(request);
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(RenderEtcdCommand, WritesOneFilePerMember) {
  const fs::path out = fs::path(::testing::TempDir()) / ("netkeel-render-etcd-" + std::to_string(::getpid()));
  fs::remove_all(out);
  const auto result = run_render({kExamples + "2-production-mlag.yaml", "--format", "etcd", "--out", out.string()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("wrote 3 file(s)"), std::string::npos) << result.err;
  for (const char* member : {"ctl1", "ctl2", "ctl3"}) {
    const fs::path golden = fs::path(NETKEEL_SOURCE_DIR) / "tests/render/golden/2-production-mlag/etcd" / member /
                            "etc/default/etcd";
    EXPECT_EQ(read_file(out / member / "etc/default/etcd"), read_file(golden)) << member;
  }
  EXPECT_FALSE(fs::exists(out / "cmp1")) << "cmp1 runs no etcd member";
  fs::remove_all(out);
}

TEST(RenderEtcdCommand, ANonMemberHostExitsTwoNamingTheMembers) {
  const auto result = run_render({kExamples + "2-production-mlag.yaml", "--format", "etcd", "--host", "cmp1"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("host cmp1 is not an etcd member; the members are: ctl1, ctl2, ctl3"), std::string::npos)
      << result.err;
  EXPECT_TRUE(result.out.empty()) << result.out;
}

TEST(RenderEtcdCommand, ASiteWithoutCoordinationExitsTwo) {
  const auto result = run_render({kExamples + "1-one-rack-one-vlan.yaml", "--format", "etcd"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("has no coordination section"), std::string::npos) << result.err;
}

}  // namespace
