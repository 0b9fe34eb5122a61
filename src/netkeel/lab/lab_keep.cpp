#include "netkeel/lab/lab_keep.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <thread>

#include <fmt/format.h>

#include "netkeel/core/error.hpp"
#include "netkeel/core/process.hpp"
#include "netkeel/lab/lab_apply_target.hpp"
#include "netkeel/lab/lab_runner.hpp"
#include "netkeel/lab/lab_server.hpp"
#include "netkeel/lab/lab_service.hpp"

namespace netkeel::lab {

namespace {

constexpr std::size_t kDefaultMembers = 3;  // survives one member's loss; more only slows every write

const HostRecord* configured_host(const LabManifest& m, const std::string& name) {
  for (const auto& h : m.hosts)
    if (h.name == name && h.configuration == "applied") return &h;
  return nullptr;
}

// Does the member answer /health from inside its own namespace (where its address lives)?
bool member_healthy(const LabEtcdMember& member) {
  ProcessRequest request;
  request.argv = {"ip", "netns", "exec", member.netns, "curl", "-sf", "--max-time", "1", member.client_url() + "/health"};
  request.timeout = std::chrono::seconds(3);
  const ProcessResult result = run_process(request);
  return result.ok() && result.out.find("\"health\":\"true\"") != std::string::npos;
}

}  // namespace

std::vector<LabEtcdMember> choose_etcd_members(const LabManifest& m, const plan::ClusterPlan& plan) {
  std::vector<LabEtcdMember> members;
  if (plan.coordination && !plan.coordination->etcd_members.empty()) {
    for (const auto& member : plan.coordination->etcd_members) {
      if (const HostRecord* h = configured_host(m, member.name))
        members.push_back({h->name, h->netns, member.address.str()});
    }
    return members;
  }
  const auto network = management_network(m);
  if (!network) return members;
  for (const auto& h : m.hosts) {
    if (members.size() == kDefaultMembers) break;
    if (h.configuration != "applied") continue;
    if (auto address = h.addresses.find(*network); address != h.addresses.end())
      members.push_back({h.name, h.netns, address->second});
  }
  return members;
}

std::string etcd_endpoints(const std::vector<LabEtcdMember>& members) {
  std::string out;
  for (const auto& member : members) out += (out.empty() ? "" : ",") + member.client_url();
  return out;
}

std::vector<std::string> etcd_member_argv(const std::string& etcd_binary, const LabEtcdMember& member,
                                          const std::vector<LabEtcdMember>& members, const std::string& lab,
                                          const std::filesystem::path& data_dir) {
  std::string cluster;
  for (const auto& other : members) cluster += (cluster.empty() ? "" : ",") + other.host + "=" + other.peer_url();
  return {etcd_binary,
          "--name", member.host,
          "--data-dir", (data_dir / member.host).string(),
          "--listen-client-urls", member.client_url() + ",http://127.0.0.1:2379",
          "--advertise-client-urls", member.client_url(),
          "--listen-peer-urls", member.peer_url(),
          "--initial-advertise-peer-urls", member.peer_url(),
          "--initial-cluster", cluster,
          "--initial-cluster-state", "new",
          "--initial-cluster-token", "netkeel-lab-" + lab,
          "--heartbeat-interval", "30",
          "--election-timeout", "300"};
}

std::vector<std::string> service_hosts(const LabManifest& m, const site::Service& service) {
  std::vector<std::string> hosts;
  for (const auto& h : m.hosts) {
    if (h.configuration != "applied") continue;
    const bool listed = std::find(service.hosts.begin(), service.hosts.end(), h.name) != service.hosts.end();
    if (service.hosts.empty() ? h.addresses.count(service.network) > 0 : listed) hosts.push_back(h.name);
  }
  return hosts;
}

std::filesystem::path etcd_endpoints_file(const LabStore& store, const std::string& lab) {
  return store.dir(lab) / "etcd-endpoints";
}

std::string lab_keeper_metrics_url(const std::string& mgmt_address) {
  return "http://" + (mgmt_address.empty() ? std::string("127.0.0.1") : mgmt_address) + ":" +
         std::to_string(kLabKeeperMetricsPort) + "/metrics";
}

LabKeep start_lab_keep(const LabStore& store, LabManifest& m, const site::Site& site, const plan::ClusterPlan& plan,
                       const LabKeepOptions& options) {
  LabKeep keep;
  if (!std::filesystem::exists(options.etcd_binary))
    throw RuntimeError(options.etcd_binary + " not found: install Debian's etcd-server (scripts/install-deps.sh)");
  keep.members = choose_etcd_members(m, plan);
  if (keep.members.empty()) throw RuntimeError("no configured host can run etcd (no host has a management address)");
  const auto data_dir = store.dir(m.lab) / "etcd";
  for (const auto& member : keep.members) {
    start_service(store, m, {"etcd", member.host,
                             etcd_member_argv(options.etcd_binary, member, keep.members, m.lab, data_dir), "", ""});
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  for (const auto& member : keep.members) {
    while (!member_healthy(member)) {
      if (std::chrono::steady_clock::now() > deadline) {
        const ServiceRecord* record = m.find_service("etcd@" + member.host);
        throw RuntimeError(fmt::format("etcd on {} did not become healthy within 20 s; see {}", member.host,
                                       record ? record->log : "its log"));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  std::ofstream endpoints_file(etcd_endpoints_file(store, m.lab));
  endpoints_file << etcd_endpoints(keep.members) << "\n";
  for (const auto& member : keep.members) endpoints_file << member.netns << "\n";

  for (const auto& service : site.services) {
    if (service.ports.empty()) continue;  // nothing to listen on
    ServiceSpec spec{service.name, "", {options.netkeel_binary, "stand-in", "--service", service.name}, "", ""};
    for (auto port : service.ports) spec.argv.insert(spec.argv.end(), {"--port", std::to_string(port)});
    for (const auto& host : service_hosts(m, service)) {
      spec.host = host;
      start_service(store, m, spec);
      ++keep.stand_ins;
    }
  }

  const std::string endpoints = etcd_endpoints(keep.members);
  for (const auto& h : m.hosts) {
    if (h.configuration != "applied") continue;
    const auto mgmt = management_network(m);
    const auto address = mgmt ? h.addresses.find(*mgmt) : h.addresses.end();
    // The lab's agents serve /metrics on the mgmt address (lab_runner.cpp): mesh checks read it there.
    const std::string mgmt_address = address == h.addresses.end() ? "127.0.0.1" : address->second;
    ServiceSpec spec{"keeper", h.name,
                     {options.netkeel_binary, "keeper", "--host", h.name, "--etcd", endpoints, "--metrics-address",
                      (address == h.addresses.end() ? "0.0.0.0" : address->second) + ":" +
                          std::to_string(kLabKeeperMetricsPort),
                      "--agent-metrics", "http://" + mgmt_address + ":" + std::to_string(kLabMetricsPort) + "/metrics"},
                     "", ""};
    if (options.site_from.empty()) {
      spec.argv.insert(spec.argv.end(), {"--site", options.site_file});
    } else {
      spec.argv.insert(spec.argv.end(), {"--site-from", options.site_from, "--site-cache",
                                         (options.site_cache_dir / ("keeper-" + h.name + ".yaml")).string()});
    }
    if (h.backend == "ovs") {
      spec.argv.insert(spec.argv.end(), {"--backend", "ovs", "--ovs-db", lab_host_ovs_db(m, h.name)});
    }
    spec.argv.insert(spec.argv.end(), options.event_args.begin(), options.event_args.end());
    start_service(store, m, spec);
    ++keep.keepers;
  }
  return keep;
}

}  // namespace netkeel::lab
