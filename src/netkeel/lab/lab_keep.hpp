#pragma once
// Keep in the lab (docs/lab.md, "Services and VIPs"): the etcd members, a `netkeel keeper` in every
// configured host, and a stand-in process for each service on each host that may run it, so that
// `lab fault service-down mysql@ctl1` kills a real listener and the VIP moves for real. All of them are
// lab services (lab_service.hpp): recorded before they start, stopped by `lab down`.
#include <filesystem>
#include <string>
#include <vector>

#include "netkeel/lab/lab_state.hpp"
#include "netkeel/plan/cluster_plan.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::lab {

inline constexpr int kLabKeeperMetricsPort = 9949;

// The /metrics URL of the keeper on a host whose management address is MGMT_ADDRESS ("" = none: the
// keeper listens on every address, so loopback): what the lab gives that host's agent as
// --keeper-metrics, so the agent ships the keeper's health, moves and drains to the lab's server.
std::string lab_keeper_metrics_url(const std::string& mgmt_address);

struct LabEtcdMember {
  std::string host;
  std::string netns;
  std::string address;
  std::string client_url() const { return "http://" + address + ":2379"; }
  std::string peer_url() const { return "http://" + address + ":2380"; }
};

// The site's coordination members when it names them, else the first three configured hosts on the
// management network (lab_server.hpp). Only configured hosts count. Pure; empty when none qualifies.
std::vector<LabEtcdMember> choose_etcd_members(const LabManifest& m, const plan::ClusterPlan& plan);

// "http://A:2379,http://B:2379": what keepers and `keep status` are given.
std::string etcd_endpoints(const std::vector<LabEtcdMember>& members);

// One member's etcd command line: its data under DATA_DIR, clients on its address and its namespace's
// loopback, the initial cluster of every member, and heartbeat 30 ms / election 300 ms (sub-second
// leader change, as `netkeel render --format etcd` gives real members).
std::vector<std::string> etcd_member_argv(const std::string& etcd_binary, const LabEtcdMember& member,
                                          const std::vector<LabEtcdMember>& members, const std::string& lab,
                                          const std::filesystem::path& data_dir);

// The configured hosts that may run SERVICE: its `hosts`, else every host with an address on its network.
std::vector<std::string> service_hosts(const LabManifest& m, const site::Service& service);

struct LabKeepOptions {
  std::string site_file;
  std::string netkeel_binary;
  std::string etcd_binary = "/usr/bin/etcd";  // Debian's etcd-server
  std::vector<std::string> event_args;        // --server URL --token-file FILE: keepers post events there
  // The lab server's URL: keepers take the site from it (--site-from, with event_args' --token-file) and
  // follow its new versions, as on real hosts; "" = --site site_file. Their cached copies go to
  // site_cache_dir/keeper-HOST.yaml.
  std::string site_from;
  std::filesystem::path site_cache_dir;
};

struct LabKeep {
  std::vector<LabEtcdMember> members;
  int keepers = 0;
  int stand_ins = 0;
};

// Starts the members and waits (20 s) until the cluster answers, then the stand-ins, then the keepers.
// Throws RuntimeError naming what did not start and its log.
LabKeep start_lab_keep(const LabStore& store, LabManifest& m, const site::Site& site, const plan::ClusterPlan& plan,
                       const LabKeepOptions& options);

// The file `netkeel keep status --lab` reads: the client URLs on the first line, then each member's
// namespace on a line of its own (the URLs are reachable only from inside the lab).
std::filesystem::path etcd_endpoints_file(const LabStore& store, const std::string& lab);

}  // namespace netkeel::lab
