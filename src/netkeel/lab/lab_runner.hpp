#pragma once
// The lab's shell: turns a LabTopology into namespaces, veth pairs and OVS switches (up), removes all
// of it from the manifest (down), and reports (status, list). Every created thing is recorded in the
// manifest before it is created. Nothing touches the root namespace: veth pairs are created with both
// ends directly inside lab namespaces.
#include <cstdio>
#include <string>
#include <vector>

#include "netkeel/lab/command_runner.hpp"
#include "netkeel/lab/lab_fault.hpp"
#include "netkeel/lab/lab_server.hpp"
#include "netkeel/lab/lab_state.hpp"
#include "netkeel/lab/lab_topology.hpp"
#include "netkeel/plan/cluster_plan.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::lab {

struct UpOptions {
  std::string lab;
  std::string site_file;        // absolute path; hosts are configured from it
  std::string netkeel_binary;   // the `netkeel` that runs `apply --netns` for each host
  bool configure_hosts = true;  // false: cables and switches only (--no-apply)
  bool keep_on_failure = false; // leave a half-built lab for inspection instead of removing it
  bool start_agents = true;     // one `netkeel agent` per configured host (--no-agents: false)
  std::vector<std::string> agent_args;  // appended to every agent's argv (e.g. --server URL)
  bool start_keep = true;       // etcd members, keepers and service stand-ins when the site has VIPs (--no-keep)
};

// The agent's /metrics port in the lab (on the host's mgmt address).
inline constexpr int kLabMetricsPort = 9947;

struct UpResult {
  int hosts_configured = 0;
  int hosts_failed = 0;
  int agents_started = 0;
};

class LabRunner {
 public:
  LabRunner(CommandRunner& runner, const LabStore& store, std::FILE* out) : run_(runner), store_(store), out_(out) {}

  // Builds the lab. Throws UsageError (lab exists, bad topology) or RuntimeError (a tool failed; the
  // partial lab is removed unless keep_on_failure).
  UpResult up(const site::Site& site, const plan::ClusterPlan& plan, const UpOptions& options);
  // Removes everything the manifest lists. Safe to repeat; works on a half-built lab.
  void down(const std::string& lab);
  // Human-readable report: hosts (backend and why, configuration), switches (OVS alive, LACP), links.
  std::string status(const std::string& lab);
  std::string list();
  // Injects a fault and returns its id; its undo commands are in the manifest before it is injected.
  // `netkeel_binary` runs a flap fault's driver (`netkeel lab flap-driver`).
  std::string fault(const std::string& lab, const FaultRequest& request, const std::string& netkeel_binary = "");
  // Undoes one fault (by id), or every active fault when `fault_id` is empty.
  void heal(const std::string& lab, const std::string& fault_id);
  // The namespace of a host, switch instance or site switch of the lab; throws UsageError if unknown.
  std::string namespace_of(const std::string& lab, const std::string& node);

 private:
  void build(const site::Site& site, const plan::ClusterPlan& plan, const UpOptions& options, LabManifest& m,
             UpResult& result);
  void create_namespace(LabManifest& m, const std::string& netns);
  void create_links(const std::string& lab, const std::vector<std::string>& namespaces,
                    const std::vector<LabLink>& links);
  void start_switches(LabManifest& m, const std::vector<SwitchInstance>& switches);
  void start_switch(const SwitchInstance& sw, const std::string& dir);
  // Runs `netkeel apply --netns` for every host at once (after starting each OVS-backend host's OVS).
  void configure_hosts(LabManifest& m, const std::vector<LabHost>& hosts, const UpOptions& options,
                       UpResult& result);
  void start_agent(LabManifest& m, const LabHost& host, const UpOptions& options, const LabServer* server, bool keep_runs,
                   UpResult& result);
  void must(const std::vector<std::string>& argv);
  void say(const std::string& line);

  CommandRunner& run_;
  const LabStore& store_;
  std::FILE* out_;
};

// Namespaces that exist now (`ip netns list`).
std::vector<std::string> existing_namespaces(CommandRunner& runner);

}  // namespace netkeel::lab
