#include "netkeel/lab/lab_service.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "netkeel/core/error.hpp"
#include "netkeel/core/process.hpp"
#include "netkeel/core/unique_fd.hpp"
#include "netkeel/lab/command_runner.hpp"
#include "netkeel/lab/ovs_instance.hpp"

namespace netkeel::lab {
namespace {

std::vector<std::string> read_cmdline(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::string> argv;
  std::string arg;
  for (char c : text) {
    if (c == '\0') {
      argv.push_back(arg);
      arg.clear();
    } else {
      arg += c;
    }
  }
  if (!arg.empty()) argv.push_back(arg);
  return argv;
}

// Field 22 of /proc/PID/stat: when the process started, in clock ticks since boot (0 if gone).
unsigned long long start_ticks_of(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(in, line)) return 0;
  auto close = line.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(line.substr(close + 2));
  std::string field;
  for (int i = 3; i <= 22 && fields >> field; ++i)
    if (i == 22) return std::stoull(field);
  return 0;
}

bool is_this_service(int pid, const ServiceRecord& s) {
  if (pid <= 1 || !process_alive(pid)) return false;
  if (s.start_ticks != 0 && start_ticks_of(pid) != s.start_ticks) return false;
  return read_cmdline(pid) == s.argv;
}

// A service inside a namespace starts through `ip netns exec NS argv...`, which execs argv in the same
// process (so the pid and, after that exec, /proc/PID/cmdline are the service's) with /sys remounted for
// that namespace, as every tool run in the lab sees it. Its own session: no terminal signals from the
// shell that ran `lab up`.
void launch(const LabStore& store, LabManifest& m, ServiceRecord& s) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(s.log).parent_path(), ec);
  const UniqueFd log(::open(s.log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
  if (!log) throw RuntimeError("cannot open " + s.log + " for service " + s.id() + ": " + std::strerror(errno));
  s.pid = 0;
  s.start_ticks = 0;
  s.wanted = true;
  const std::string id = s.id();
  store.save(m);  // recorded before it starts
  pid_t pid = 0;
  try {
    pid = start_detached_process(ProcessRequest{.argv = s.netns.empty() ? s.argv : in_netns(s.netns, s.argv),
                                                .stdout_to = ChildOutput::to_fd,
                                                .stderr_to = ChildOutput::same_as_stdout,
                                                .output_fd = log.get(),
                                                .new_session = true});
  } catch (const RuntimeError& e) {
    throw RuntimeError("cannot start service " + id + ": " + e.what());
  }
  auto* rec = m.find_service(id);
  rec->pid = pid;
  rec->start_ticks = start_ticks_of(pid);
  rec->started_unix =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  store.save(m);
}

void signal_and_wait(int pid, StopHow how) {
  if (how == StopHow::gracefully) {
    terminate_process(pid, 3000);
    return;
  }
  ::kill(pid, SIGKILL);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (process_alive(pid) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

}  // namespace

std::vector<int> processes_with_cmdline(const std::vector<std::string>& argv) {
  std::vector<int> pids;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const auto name = entry.path().filename().string();
    if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
    int pid = std::stoi(name);
    if (pid != ::getpid() && process_alive(pid) && read_cmdline(pid) == argv) pids.push_back(pid);
  }
  return pids;
}

ServiceRecord& start_service(const LabStore& store, LabManifest& m, const ServiceSpec& spec) {
  if (spec.argv.empty() || spec.argv[0].empty() || spec.argv[0][0] != '/')
    throw UsageError("service " + spec.name + ": argv[0] must be an absolute path");
  ServiceRecord s;
  s.name = spec.name;
  s.host = spec.host;
  s.argv = spec.argv;
  s.fault = spec.fault;
  if (!spec.host.empty()) {
    auto* h = m.find_host(spec.host);
    if (!h) throw UsageError("lab " + m.lab + " has no host '" + spec.host + "' to run " + spec.name + " in");
    s.netns = h->netns;
  }
  s.log = spec.log.empty() ? (store.dir(m.lab) / "logs" / (s.id() + ".log")).string() : spec.log;
  if (auto* old = m.find_service(s.id())) {
    if (service_running(*old)) throw UsageError("service " + s.id() + " of lab " + m.lab + " is already running");
    *old = s;
  } else {
    m.services.push_back(s);
  }
  auto* rec = m.find_service(s.id());
  launch(store, m, *rec);
  return *m.find_service(s.id());
}

ServiceRecord& restart_service(const LabStore& store, LabManifest& m, const std::string& id) {
  auto* rec = m.find_service(id);
  if (!rec) throw UsageError("lab " + m.lab + " has no service " + id + " (see `netkeel lab status`)");
  if (service_running(*rec)) {
    rec->wanted = true;
    store.save(m);
    return *rec;
  }
  launch(store, m, *rec);
  return *m.find_service(id);
}

void stop_service(const LabStore& store, LabManifest& m, const std::string& id, StopHow how) {
  auto* rec = m.find_service(id);
  if (!rec) throw UsageError("lab " + m.lab + " has no service " + id + " (see `netkeel lab status`)");
  rec->wanted = false;
  store.save(m);  // recorded first: a stop interrupted half way still reads "stopped on purpose"
  if (is_this_service(rec->pid, *rec)) signal_and_wait(rec->pid, how);
  // Killed between its start and the pid record: find it by its exact argv.
  if (rec->pid == 0)
    for (int pid : processes_with_cmdline(rec->argv)) signal_and_wait(pid, how);
}

void forget_service(const LabStore& store, LabManifest& m, const std::string& id) {
  m.services.erase(std::remove_if(m.services.begin(), m.services.end(),
                                  [&](const ServiceRecord& s) { return s.id() == id; }),
                   m.services.end());
  store.save(m);
}

bool service_running(const ServiceRecord& service) { return is_this_service(service.pid, service); }

std::string service_state(const ServiceRecord& service) {
  if (service_running(service)) return "running";
  if (!service.fault.empty()) return "finished";  // a fault's driver that ran its course
  return service.wanted ? "faulted" : "stopped";
}

}  // namespace netkeel::lab
