#pragma once
// One private Open vSwitch (ovsdb-server + ovs-vswitchd, userspace datapath) running inside a network
// namespace, with its database, sockets, pidfiles and logs in its own directory. Never the system's
// OVS service: nothing is read from or written to /etc/openvswitch or /var/run/openvswitch.
#include <string>
#include <vector>

#include "netkeel/lab/command_runner.hpp"

namespace netkeel::lab {

class OvsInstance {
 public:
  OvsInstance(CommandRunner& runner, std::string netns, std::string dir);
  // Creates the database and starts both daemons (detached, inside the namespace). Throws RuntimeError.
  void start();
  // ovs-vsctl against this instance's database; throws RuntimeError on failure.
  std::string vsctl(const std::vector<std::string>& args);
  // ovs-appctl against this instance's ovs-vswitchd (bond/show, lacp/show, ...).
  CommandResult appctl(const std::vector<std::string>& args);
  bool running() const;
  const std::string& dir() const { return dir_; }

 private:
  std::vector<std::pair<std::string, std::string>> environment() const;
  CommandRunner& runner_;
  std::string netns_;
  std::string dir_;
};

// Stops the daemons whose pidfiles are in `dir` (SIGTERM, then SIGKILL after a deadline). Checks that
// each pid still belongs to an OVS daemon before signalling it. Safe to call twice.
void stop_ovs_daemons(const std::string& dir);
// Sends SIGTERM, then SIGKILL after `grace`, to `pid`; waits until it is gone (or a zombie).
void terminate_process(int pid, int grace_ms = 3000);
// Live (not zombie) process?
bool process_alive(int pid);

}  // namespace netkeel::lab
