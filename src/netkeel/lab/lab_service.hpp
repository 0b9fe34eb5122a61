#pragma once
// The lab's service registry: long-running processes the lab starts (an agent per host, a fault's
// driver, later the server), each a daemon with its output in a log file. Every service is recorded
// in the manifest BEFORE it starts, then with its pid and start time; only a process whose
// /proc/PID/cmdline is the recorded argv (and whose start time matches) is ever signalled.
#include <string>
#include <vector>

#include "netkeel/lab/lab_state.hpp"

namespace netkeel::lab {

struct ServiceSpec {
  std::string name;               // "agent", "server", "flap-f3"
  std::string host;               // run inside this host's namespace; empty: the root namespace
  std::vector<std::string> argv;  // argv[0] is an absolute path; extra flags are simply appended
  std::string log;                // empty: <lab dir>/logs/<name>[@<host>].log
  std::string fault;              // the fault that owns this process, if any
};

// Records the service (replacing a stopped record with the same id), then starts it: a new session,
// stdin /dev/null, stdout and stderr appended to its log, inside the host's namespace. Throws
// UsageError for an unknown host or a service with that id already running; RuntimeError when the
// log cannot be opened or the program cannot be started.
ServiceRecord& start_service(const LabStore& store, LabManifest& m, const ServiceSpec& spec);

// Starts a recorded service again with the same argv (heal of service-down).
ServiceRecord& restart_service(const LabStore& store, LabManifest& m, const std::string& id);

enum class StopHow { gracefully, crash };  // SIGTERM then SIGKILL after 3 s | SIGKILL at once
// Stops the service's process (if it still is that process) and marks it not wanted. Saves the
// manifest. Unknown id: UsageError.
void stop_service(const LabStore& store, LabManifest& m, const std::string& id, StopHow how);
// Forgets a (stopped) service record.
void forget_service(const LabStore& store, LabManifest& m, const std::string& id);

// Is the recorded process alive and still this service (cmdline == argv, same start time)?
bool service_running(const ServiceRecord& service);
// "running", "stopped" (on purpose), "faulted" (it exited by itself, or never started), or for a
// fault's driver that is no longer running, "finished".
std::string service_state(const ServiceRecord& service);

// Live processes whose /proc/PID/cmdline is exactly `argv` (a service whose pid was never recorded).
std::vector<int> processes_with_cmdline(const std::vector<std::string>& argv);

}  // namespace netkeel::lab
