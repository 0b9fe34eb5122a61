#pragma once
// Runs a program (argv, no shell) and collects its exit status and output: the lab's one door to the
// iproute2, ethtool, nft and Open vSwitch tools. An interface so the runner's decisions can be tested
// with a recording fake.
#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace netkeel::lab {

struct CommandResult {
  int exit_status = -1;   // -1: could not start, killed by a signal, or timed out
  std::string out;
  std::string err;
  bool ok() const { return exit_status == 0; }
};

struct CommandOptions {
  std::vector<std::pair<std::string, std::string>> env;  // added to the inherited environment
  std::chrono::milliseconds timeout{30000};
  bool detach = false;    // a daemon that forks away: stdout/stderr go to /dev/null, not to pipes
};

class CommandRunner {
 public:
  virtual ~CommandRunner() = default;
  virtual CommandResult run(const std::vector<std::string>& argv, const CommandOptions& options = {}) = 0;
};

// run_process: argv[0] found in PATH; the child's process group is killed when it outlives the timeout.
class ProcessRunner : public CommandRunner {
 public:
  CommandResult run(const std::vector<std::string>& argv, const CommandOptions& options = {}) override;
};

// "ip netns exec NS argv...": the prefix that runs argv inside a namespace.
std::vector<std::string> in_netns(const std::string& netns, std::vector<std::string> argv);
// One line for error messages: the command and its stderr (or stdout).
std::string describe_failure(const std::vector<std::string>& argv, const CommandResult& r);

}  // namespace netkeel::lab
