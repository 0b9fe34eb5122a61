#include "netkeel/lab/ovs_instance.hpp"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "netkeel/core/error.hpp"

namespace netkeel::lab {
namespace {

constexpr const char* kSchema = "/usr/share/openvswitch/vswitch.ovsschema";
constexpr const char* kDaemons[] = {"ovs-vswitchd", "ovsdb-server"};  // stop order

int read_pid(const std::string& path) {
  std::ifstream in(path);
  int pid = 0;
  return (in >> pid) ? pid : 0;
}

std::string process_name(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/comm");
  std::string name;
  std::getline(in, name);
  return name;
}

}  // namespace

bool process_alive(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(in, line)) return false;
  auto close = line.rfind(')');
  return close != std::string::npos && close + 2 < line.size() && line[close + 2] != 'Z';
}

void terminate_process(int pid, int grace_ms) {
  if (pid <= 1 || !process_alive(pid)) return;
  ::kill(pid, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(grace_ms);
  while (process_alive(pid) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  if (process_alive(pid)) ::kill(pid, SIGKILL);
  deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(grace_ms);
  while (process_alive(pid) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

void stop_ovs_daemons(const std::string& dir) {
  for (const char* daemon : kDaemons) {
    std::string pidfile = dir + "/" + daemon + ".pid";
    int pid = read_pid(pidfile);
    // A stale pidfile may name a recycled pid: only signal a process that is this daemon.
    if (pid > 1 && process_name(pid) == daemon) terminate_process(pid);
  }
}

OvsInstance::OvsInstance(CommandRunner& runner, std::string netns, std::string dir)
    : runner_(runner), netns_(std::move(netns)), dir_(std::move(dir)) {}

std::vector<std::pair<std::string, std::string>> OvsInstance::environment() const {
  // Keeps every file OVS makes (bridge mgmt/snoop sockets, default ctl paths) in our directory.
  return {{"OVS_RUNDIR", dir_}, {"OVS_LOGDIR", dir_}, {"OVS_DBDIR", dir_}, {"OVS_SYSCONFDIR", dir_}};
}

void OvsInstance::start() {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) throw RuntimeError("cannot create " + dir_ + ": " + ec.message());
  CommandOptions opts;
  opts.env = environment();
  auto must = [&](const std::vector<std::string>& argv, const CommandOptions& o) {
    auto r = runner_.run(argv, o);
    if (!r.ok()) throw RuntimeError(describe_failure(argv, r));
  };
  if (!std::filesystem::exists(dir_ + "/conf.db")) must({"ovsdb-tool", "create", dir_ + "/conf.db", kSchema}, opts);
  must(in_netns(netns_, {"ovsdb-server", dir_ + "/conf.db", "--remote=punix:" + dir_ + "/db.sock",
                         "--pidfile=" + dir_ + "/ovsdb-server.pid", "--detach", "--no-chdir",
                         "--log-file=" + dir_ + "/ovsdb-server.log", "--unixctl=" + dir_ + "/ovsdb-server.ctl"}),
       opts);
  vsctl({"--no-wait", "init"});
  must(in_netns(netns_, {"ovs-vswitchd", "unix:" + dir_ + "/db.sock", "--pidfile=" + dir_ + "/ovs-vswitchd.pid",
                         "--detach", "--no-chdir", "--log-file=" + dir_ + "/ovs-vswitchd.log",
                         "--unixctl=" + dir_ + "/ovs-vswitchd.ctl"}),
       opts);
}

std::string OvsInstance::vsctl(const std::vector<std::string>& args) {
  std::vector<std::string> argv{"ovs-vsctl", "--db=unix:" + dir_ + "/db.sock", "--timeout=20"};
  argv.insert(argv.end(), args.begin(), args.end());
  CommandOptions opts;
  opts.env = environment();
  auto r = runner_.run(argv, opts);
  if (!r.ok()) throw RuntimeError(describe_failure(argv, r));
  return r.out;
}

CommandResult OvsInstance::appctl(const std::vector<std::string>& args) {
  std::vector<std::string> argv{"ovs-appctl", "-t", dir_ + "/ovs-vswitchd.ctl", "--timeout=5"};
  argv.insert(argv.end(), args.begin(), args.end());
  CommandOptions opts;
  opts.env = environment();
  return runner_.run(argv, opts);
}

bool OvsInstance::running() const {
  for (const char* daemon : kDaemons) {
    int pid = read_pid(dir_ + "/" + daemon + ".pid");
    if (pid <= 1 || !process_alive(pid) || process_name(pid) != daemon) return false;
  }
  return true;
}

}  // namespace netkeel::lab
