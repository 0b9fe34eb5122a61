#pragma once
// A lab's directory (/run/netkeel/labs/<lab>/) and its manifest.json: everything the lab created or is
// about to create. The runner records each namespace and OVS instance in the manifest BEFORE creating
// it, so `lab down` can remove all of it even when `lab up` was killed half way (SIGKILL).
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace netkeel::lab {

inline constexpr const char* kDefaultLabRoot = "/run/netkeel/labs";

struct OvsRecord {
  std::string owner;   // switch instance ("tor1+tor2") or host name
  std::string netns;
  std::string dir;     // db, sockets, pidfiles and logs of this instance
};

struct HostRecord {
  std::string name;
  std::string netns;
  std::string backend;       // kernel | ovs
  std::string reason;        // why that backend
  std::string configuration; // "applied", "not configured: ...", "apply failed: ..."
  std::string rack;
  std::map<std::string, std::string> addresses;  // network -> planned address (partition faults)
};

struct SwitchRecord {
  std::string name;          // instance name
  std::string netns;
  std::vector<std::string> members;
  std::vector<std::string> bonds;  // OVS bond port names, for LACP status
};

struct LinkRecord {
  std::string id;
  std::string role;          // cable | uplink
  std::string a_netns, a_ifname, b_netns, b_ifname;
  std::string a_switch, b_switch;  // site switch owning that end (empty for a host end)
  std::string site_port;     // cable: the switch port's name in the site file
};

// An injected fault and the commands that undo it (recorded before the fault is applied).
struct FaultRecord {
  std::string id;            // f1, f2, ...
  std::string description;   // "link-down node1:eno1"
  std::vector<std::vector<std::string>> undo;
  std::vector<std::string> stop_services;     // heal stops these and forgets them first (a flap driver)
  std::vector<std::string> restart_services;  // heal starts these again with their argv (service-down)
  std::string frozen_host;   // host-down: the host whose processes are stopped until heal; else empty
};

// A process the lab runs (an agent per host, a fault's driver; later the server). Recorded BEFORE it
// starts (pid 0), then with its pid and start time, so `lab down` stops it even after a killed `up`.
struct ServiceRecord {
  std::string name;          // "agent", "flap-f3"
  std::string host;          // the host whose namespace it runs in; empty: the root namespace
  std::string netns;         // empty: the root namespace
  std::vector<std::string> argv;
  std::string log;           // stdout and stderr go here
  int pid = 0;               // 0: recorded, not started (yet)
  unsigned long long start_ticks = 0;  // /proc/PID/stat starttime: tells a recycled pid apart
  long long started_unix = 0;          // for people reading the manifest
  bool wanted = true;        // false: stopped on purpose (service-down fault)
  std::string fault;         // the fault that owns it (a flap driver), else empty
  // "agent@node1", or just the name for a root-namespace service.
  std::string id() const { return host.empty() ? name : name + "@" + host; }
};

// Where a lab is in its life; the manifest keeps it as to_string's word.
enum class LabPhase { creating, up, failed, removing };
std::string to_string(LabPhase phase);  // creating | up | failed | removing

struct LabManifest {
  std::string lab;
  std::string site_file;     // absolute path
  std::string site;
  LabPhase phase = LabPhase::creating;
  std::vector<std::string> namespaces;  // in creation order
  std::vector<OvsRecord> ovs;
  std::vector<HostRecord> hosts;
  std::vector<SwitchRecord> switches;
  std::vector<LinkRecord> links;
  std::vector<FaultRecord> faults;  // active faults, oldest first
  int next_fault = 1;
  std::vector<ServiceRecord> services;  // in start order
  HostRecord* find_host(const std::string& name);
  ServiceRecord* find_service(const std::string& id);
};

class LabStore {
 public:
  explicit LabStore(std::filesystem::path root = kDefaultLabRoot) : root_(std::move(root)) {}
  std::filesystem::path dir(const std::string& lab) const { return root_ / lab; }
  bool exists(const std::string& lab) const;
  // Throws RuntimeError when the manifest is missing or unreadable.
  LabManifest load(const std::string& lab) const;
  // Atomic (write to a temporary file, fsync, rename): a crash leaves the old or the new manifest.
  void save(const LabManifest& manifest) const;
  std::vector<std::string> list() const;  // labs with a directory, sorted
  void remove(const std::string& lab) const;

 private:
  std::filesystem::path root_;
};

}  // namespace netkeel::lab
