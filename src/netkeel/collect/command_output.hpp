#pragma once
// Runs a program (no shell) and captures what it prints: the collectors' only way to ask tools such as
// ovs-appctl. The child cannot hang the agent: after `timeout` it is killed.
#include <chrono>
#include <string>
#include <vector>

namespace netkeel::collect {

struct CommandOutput {
  int exit_code = -1;   // -1: could not start, killed, or timed out
  std::string out, err;
  bool ok() const { return exit_code == 0; }
};

CommandOutput run_command(const std::vector<std::string>& argv,
                          std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));

}  // namespace netkeel::collect
