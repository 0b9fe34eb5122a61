#pragma once
// Shared by the lab's namespace tests: run the built netkeel, guard a lab so `lab down` always runs,
// and list what a lab could leave behind.
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <functional>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/eventually.hpp"

#include "netkeel/plan/planner.hpp"
#include "netkeel/site/site_validator.hpp"

namespace netkeel::lab_test {

inline const std::string kNetkeel = std::string(NETKEEL_BINARY_DIR) + "/netkeel";
inline const std::string kExamples = std::string(NETKEEL_SOURCE_DIR) + "/examples/sites/";
inline const std::string kLabRoot = "/run/netkeel/labs/";

struct Result {
  int exit_code = -1;
  std::string output;
};

inline Result run_shell(const std::string& command) {
  Result r;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buffer{};
  size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) r.output.append(buffer.data(), n);
  int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// The /metrics page of HOST's keeper in LAB (port 9949 on its mgmt address: 10.0.0.11 for the lab's
// first host), read from inside the host's namespace; a lab without a server shows keepers only there.
inline std::string keeper_metrics(const std::string& lab, const std::string& host) {
  const std::string address = "10.0.0." + std::to_string(11 + (host.back() - '1'));
  return run_shell(kNetkeel + " lab exec --name " + lab + " " + host + " -- curl -s --max-time 2 http://" + address +
                   ":9949/metrics")
      .output;
}

// A lab name no other test run uses at the same time (lab names: at most 20 characters).
inline std::string unique_lab(const std::string& prefix) { return prefix + std::to_string(::getpid() % 100000); }

// Runs `lab down` when the test ends, whatever happened.
class LabGuard {
 public:
  explicit LabGuard(std::string lab) : lab_(std::move(lab)) {}
  ~LabGuard() { run_shell(kNetkeel + " lab down --name " + lab_); }
  LabGuard(const LabGuard&) = delete;
  LabGuard& operator=(const LabGuard&) = delete;

 private:
  std::string lab_;
};

// What a lab could leave behind: namespaces, its directory, OVS daemons whose files are in it, its
// services (agents and fault drivers name the lab's namespaces in their argv), nftables tables of its
// faults in the root namespace (read only; the lab never writes there).
inline std::vector<std::string> leftovers(const std::string& lab) {
  std::vector<std::string> found;
  auto netns = run_shell("ip netns list").output;
  std::istringstream in(netns);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("nk-" + lab + "-", 0) == 0) found.push_back("namespace " + line);
  if (std::filesystem::exists(kLabRoot + lab)) found.push_back("directory " + kLabRoot + lab);
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    std::ifstream cmdline(entry.path() / "cmdline");
    std::string text((std::istreambuf_iterator<char>(cmdline)), std::istreambuf_iterator<char>());
    for (auto& c : text)
      if (c == '\0') c = ' ';
    if (text.find(kLabRoot + lab + "/") != std::string::npos || text.find(" nk-" + lab + "-") != std::string::npos) {
      std::ifstream stat(entry.path() / "stat");
      std::string s;
      std::getline(stat, s);
      auto close = s.rfind(')');
      if (close != std::string::npos && close + 2 < s.size() && s[close + 2] != 'Z')
        found.push_back("process " + entry.path().filename().string());
    }
  }
  auto tables = run_shell("nft list tables").output;
  if (tables.find("nklab_") != std::string::npos) found.push_back("nftables table in the root namespace: " + tables);
  return found;
}

// The root namespace's interface names (read only): a lab must leave them as they were.
inline std::string root_links() {
  auto out = run_shell("ip -o link show | cut -d: -f2 | sort").output;
  return out;
}

inline plan::ClusterPlan plan_of(const std::string& example) {
  auto checked = site::load_and_validate(kExamples + example);
  auto planned = plan::plan_site(*checked.site);
  return *planned.plan;
}

// From every host, on every network it has, fpings every other host's address there from its own
// address (fping exits 0 only when every target answered); a failure names the host, network and
// source. Returns how many (host, peer, network) pairs it tried.
inline int expect_every_pair_reaches(const std::string& lab, const plan::ClusterPlan& plan) {
  int pairs = 0;
  for (const auto& from : plan.hosts) {
    for (const auto& net : from.networks) {
      std::string targets;
      for (const auto& to : plan.hosts) {
        if (to.name == from.name) continue;
        for (const auto& other : to.networks)
          if (other.network == net.network) targets += " " + other.address.str(), ++pairs;
      }
      auto r = run_shell(kNetkeel + " lab exec --name " + lab + " " + from.name + " -- fping -q -r 3 -t 500 -S " +
                         net.address.str() + targets);
      EXPECT_EQ(r.exit_code, 0) << from.name << " on " << net.network << " from " << net.address.str() << ":\n"
                                << r.output;
    }
  }
  return pairs;
}

// Polls `condition` every 100 ms until it holds or `seconds` pass (no fixed sleeps).
inline bool eventually(const std::function<bool()>& condition, int seconds = 20) {
  return netkeel::testing::eventually(condition, std::chrono::seconds(seconds), std::chrono::milliseconds(100));
}

}  // namespace netkeel::lab_test
