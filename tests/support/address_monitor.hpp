#pragma once
// Every address added to or removed from a lab's hosts, with the kernel's own event order and times: one
// `ip -ts monitor address` in each host's namespace (nk-<lab>-<host>), started before and stopped after
// what is watched. Sampling `ip addr` host by host cannot tell two holders from a quick move (the
// samples are taken at different moments); these events can. Needs root.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/lab_test_support.hpp"

namespace netkeel::lab_test {

class AddressMonitor {
 public:
  struct Event {
    double t;          // seconds since midnight (UTC), microsecond resolution
    std::string host;
    std::string vip;
    bool added;
  };

  AddressMonitor(const std::string& lab, std::vector<std::string> hosts) : hosts_(std::move(hosts)) {
    const std::string prefix = "/tmp/nkt-addresses-" + lab + "-" + std::to_string(::getpid());
    for (const auto& host : hosts_) {
      const std::string file = prefix + "-" + host;
      const Result r = run_shell("ip netns exec nk-" + lab + "-" + host + " ip -ts monitor address > " + file +
                                 " 2>&1 & echo $!");
      pids_.push_back(std::stoi(r.output));
      files_.push_back(file);
    }
    // Listening once each has its netlink socket open.
    for (const int pid : pids_) {
      EXPECT_TRUE(eventually(
          [&] { return run_shell("ls -l /proc/" + std::to_string(pid) + "/fd").output.find("socket:") != std::string::npos; },
          10));
    }
  }
  ~AddressMonitor() {
    stop();
    for (const auto& file : files_) std::remove(file.c_str());
  }
  void stop() {
    for (const int pid : pids_) run_shell("kill " + std::to_string(pid) + " 2>/dev/null; while kill -0 " +
                                          std::to_string(pid) + " 2>/dev/null; do sleep 0.05; done");
    pids_.clear();
  }

  // "[2026-12-07T15:40:46.123456] Deleted 7: nkv...    inet 10.0.1.242/32 scope global ..." and the same
  // without "Deleted " for an address added.
  std::vector<Event> events() const {
    std::vector<Event> out;
    for (std::size_t i = 0; i < files_.size(); ++i) {
      std::ifstream in(files_[i]);
      for (std::string line; std::getline(in, line);) {
        const auto t = line.find('T');
        const auto inet = line.find(" inet ");
        if (line.empty() || line[0] != '[' || t == std::string::npos || inet == std::string::npos) continue;
        const double hours = std::stod(line.substr(t + 1, 2)), minutes = std::stod(line.substr(t + 4, 2)),
                     seconds = std::stod(line.substr(t + 7, 9));
        const auto slash = line.find('/', inet);
        out.push_back({hours * 3600 + minutes * 60 + seconds, hosts_[i], line.substr(inet + 6, slash - inet - 6),
                       line.find("] Deleted ") == std::string::npos});
      }
    }
    std::sort(out.begin(), out.end(), [](const Event& a, const Event& b) { return a.t < b.t; });
    return out;
  }

 private:
  std::vector<std::string> hosts_;
  std::vector<int> pids_;
  std::vector<std::string> files_;
};

}  // namespace netkeel::lab_test
