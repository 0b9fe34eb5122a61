#pragma once
// Host namespaces on one bridge: a switch namespace holding bridge br0 with ports p1..pN, and host
// namespaces whose eth0 (10.78.0.<10+i>/24, the addresses of tests/lab/sites/probe-three-hosts.yaml)
// is the other end of port p<i>. Plus what the agent's netns tests share: a daemon agent guard, a
// /metrics scrape and a metric reader. Every namespace goes away with its guard. Needs root.
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "netkeel/kernel/network_namespace.hpp"
#include "support/test_namespace.hpp"

namespace netkeel::testing {

// Runs a shell command line; returns its exit status and stdout (stderr too when merge_stderr).
struct ShellResult {
  int status = -1;
  std::string output;
};
inline ShellResult shell(const std::string& command, bool merge_stderr = false) {
  ShellResult r;
  FILE* p = ::popen((command + (merge_stderr ? " 2>&1" : "")).c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
  const int status = ::pclose(p);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

class BridgedHosts {
 public:
  explicit BridgedHosts(int count) {
    switch_.must_ip({"link", "add", "br0", "type", "bridge"});
    switch_.must_ip({"link", "set", "br0", "up"});
    for (int i = 1; i <= count; ++i) {
      hosts_.push_back(std::make_unique<TestNamespace>());
      const TestNamespace& ns = *hosts_.back();
      // No IPv6 on the test links: its router solicitations would move counters and RTTs.
      shell("ip netns exec " + ns.name() + " sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1");
      ns.must_ip({"link", "set", "lo", "up"});
      const std::string port = "p" + std::to_string(i);
      switch_.must_ip({"link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", ns.name()});
      switch_.must_ip({"link", "set", port, "master", "br0", "up"});
      ns.must_ip({"addr", "add", address(i) + "/24", "dev", "eth0"});
      ns.must_ip({"link", "set", "eth0", "up"});
    }
  }
  static std::string address(int host) { return "10.78.0." + std::to_string(10 + host); }
  const TestNamespace& host(int i) const { return *hosts_.at(size_t(i - 1)); }  // 1-based, like node1
  const TestNamespace& switch_namespace() const { return switch_; }

 private:
  TestNamespace switch_;
  std::vector<std::unique_ptr<TestNamespace>> hosts_;
};

// A background process (e.g. `netkeel agent` as a daemon), stopped with SIGTERM (then SIGKILL).
class BackgroundProcess {
 public:
  explicit BackgroundProcess(std::vector<std::string> argv) {
    pid_ = fork();
    if (pid_ == 0) {
      std::vector<char*> c;
      for (auto& a : argv) c.push_back(a.data());
      c.push_back(nullptr);
      execvp(c[0], c.data());
      _exit(127);
    }
  }
  ~BackgroundProcess() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    for (int i = 0; i < 200; ++i) {
      if (waitpid(pid_, nullptr, WNOHANG) == pid_) return;
      usleep(10000);
    }
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;
  bool running() const { return pid_ > 0 && waitpid(pid_, nullptr, WNOHANG) == 0; }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

// GET /metrics on 127.0.0.1:PORT inside namespace NS; empty when nothing answers yet.
inline std::string scrape_metrics(const std::string& ns, int port) {
  kernel::ScopedNetworkNamespace inside(ns);
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(uint16_t(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string out;
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
    const std::string request = "GET /metrics HTTP/1.0\r\nHost: localhost\r\n\r\n";
    if (write(fd, request.data(), request.size()) == ssize_t(request.size())) {
      char buf[8192];
      ssize_t n;
      while ((n = read(fd, buf, sizeof buf)) > 0) out.append(buf, size_t(n));
    }
  }
  close(fd);
  return out;
}

// The value of the first sample of `name` whose labels contain every one of `labels` (each like
// dst="node2"); none when the page has no such sample.
inline std::optional<double> metric_value(const std::string& page, const std::string& name,
                                          const std::vector<std::string>& labels) {
  std::istringstream in(page);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(name + "{", 0) != 0) continue;
    const auto close = line.find("} ");
    if (close == std::string::npos) continue;
    const std::string label_text = line.substr(name.size() + 1, close - name.size() - 1);
    bool all = true;
    for (const auto& l : labels) all = all && label_text.find(l) != std::string::npos;
    if (all) return std::stod(line.substr(close + 2));
  }
  return std::nullopt;
}

}  // namespace netkeel::testing
