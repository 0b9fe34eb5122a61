#pragma once
// A network namespace for one test: `ip netns add nk-test-<pid>-<n>` (or PREFIX<pid>-<n>) on construction,
// `ip netns del` in the destructor, so it goes away also when the test fails. Needs root.
// Header-only so any test executable can use it.
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

namespace netkeel::testing {

class TestNamespace {
 public:
  // PREFIX lets a test name its namespaces after itself (e.g. "nkt-vh-"), so leftovers say who made them.
  explicit TestNamespace(const std::string& prefix = "nk-test-") : name_(next_name(prefix)) {
    if (run({"ip", "netns", "add", name_}) != 0) throw std::runtime_error("ip netns add " + name_ + " failed (root?)");
  }
  ~TestNamespace() { run({"ip", "netns", "del", name_}); }
  TestNamespace(const TestNamespace&) = delete;
  TestNamespace& operator=(const TestNamespace&) = delete;

  const std::string& name() const { return name_; }

  // Runs `ip -n NAME <args...>` (e.g. {"link", "add", "v0", "type", "veth", "peer", "name", "v1"});
  // returns its exit status.
  int ip(const std::vector<std::string>& args) const {
    std::vector<std::string> argv{"ip", "-n", name_};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv);
  }
  // Like ip() but throws when the command fails: for test setup that must work.
  void must_ip(const std::vector<std::string>& args) const {
    if (ip(args) != 0) {
      std::string line = "ip -n " + name_;
      for (const auto& a : args) line += " " + a;
      throw std::runtime_error("failed: " + line);
    }
  }

  // Runs argv (no shell) and returns its exit status, or -1 if it could not run.
  static int run(const std::vector<std::string>& argv) {
    const pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
      std::vector<char*> c_argv;
      for (const auto& a : argv) c_argv.push_back(const_cast<char*>(a.c_str()));
      c_argv.push_back(nullptr);
      execvp(c_argv[0], c_argv.data());
      _exit(127);
    }
    int status = 0;
    if (waitpid(pid, &status, 0) < 0) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  static std::string next_name(const std::string& prefix) {
    static std::atomic<int> counter{0};
    return prefix + std::to_string(getpid()) + "-" + std::to_string(counter++);
  }

  std::string name_;
};

}  // namespace netkeel::testing
