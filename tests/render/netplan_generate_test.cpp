// The real check: every example's netplan output, for every host, goes through Debian's
// `netplan generate --root-dir DIR`, which writes networkd files under DIR/run/systemd/network and
// never touches the live system. It must succeed and produce the files the plan implies; every
// neighbour drop-in must extend a .network file netplan really generates.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "netkeel/render/netplan_renderer.hpp"
#include "render/example_plans.hpp"
#include "support/temporary_directory.hpp"

namespace netkeel::render {
namespace {

namespace fs = std::filesystem;

constexpr const char* kNetplan = "/usr/sbin/netplan";

struct CommandResult {
  int exit_code = -1;
  std::string output;
};

CommandResult run(const std::string& command) {
  CommandResult r;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) r.output.append(buf, n);
  int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

void write_files(const fs::path& root, const RenderedFiles& files) {
  for (const auto& [path, content] : files) {
    fs::create_directories((root / path).parent_path());
    std::ofstream(root / path, std::ios::binary) << content;
    fs::permissions(root / path, fs::perms::owner_read | fs::perms::owner_write);  // netplan warns otherwise
  }
}

TEST(NetplanGenerate, EveryExampleHostIsAcceptedByNetplan) {
  if (access(kNetplan, X_OK) != 0) GTEST_FAIL() << kNetplan << " is missing: install netplan.io";
  size_t hosts_checked = 0;
  for (const auto& example : testing::plan_examples()) {
    for (const auto& host : example.plan.hosts) {
      SCOPED_TRACE(example.stem + " / " + host.name);
      const netkeel::testing::TemporaryDirectory root("netkeel-netplan");
      const RenderedFiles files = render_netplan(example.plan, host);
      write_files(root.path(), files);
      const auto result = run(std::string(kNetplan) + " generate --root-dir " + root.path().string());
      ASSERT_EQ(result.exit_code, 0) << result.output << "\n" << files.at(kNetplanPath);
      EXPECT_EQ(result.output, "") << "netplan warned";

      const fs::path generated = root.path() / "run/systemd/network";
      for (const auto& link : host.links) {
        const std::string stem = "10-netplan-" + link.name;
        EXPECT_TRUE(fs::exists(generated / (stem + ".network"))) << stem << ".network";
        if (link.kind != plan::LinkKind::physical) {
          EXPECT_TRUE(fs::exists(generated / (stem + ".netdev"))) << stem;
        }
        if (link.match_mac) {
          EXPECT_TRUE(fs::exists(generated / (stem + ".link"))) << stem << ".link";
        }
      }
      for (const auto& [path, content] : files) {
        const fs::path p(path);
        if (!p.parent_path().string().ends_with(".network.d")) continue;
        // etc/systemd/network/10-netplan-X.network.d/ extends run/systemd/network/10-netplan-X.network.
        EXPECT_TRUE(fs::exists(generated / p.parent_path().stem())) << path << " extends no generated file";
      }
      ++hosts_checked;
    }
  }
  EXPECT_GE(hosts_checked, 6u);
}

}  // namespace
}  // namespace netkeel::render
