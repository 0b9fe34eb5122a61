#include "netkeel/render/etcd_renderer.hpp"

#include "netkeel/render/render_error.hpp"
#include "netkeel/render/text_format.hpp"

namespace netkeel::render {
namespace {

std::string member_names(const plan::CoordinationPlan& coordination) {
  std::string out;
  for (const auto& m : coordination.etcd_members) out += (out.empty() ? "" : ", ") + m.name;
  return out;
}

}  // namespace

std::string etcd_data_dir(const plan::ClusterPlan& plan) { return "/var/lib/etcd/netkeel-" + plan.site; }

std::string etcd_cluster_token(const plan::ClusterPlan& plan) { return "netkeel-" + plan.site; }

RenderedFiles render_etcd(const plan::ClusterPlan& plan, const plan::HostPlan& host) {
  if (!plan.coordination) {
    throw RenderError(fmt::format("site {} has no coordination section, so no host runs etcd; add coordination: "
                                  "{{etcd: {{members: [HOST, ...], network: NETWORK}}}} to the site file",
                                  plan.site));
  }
  const plan::CoordinationPlan& coordination = *plan.coordination;
  const plan::EtcdMemberPlan* member = coordination.find_member(host.name);
  if (!member) {
    throw RenderError(fmt::format("host {} is not an etcd member; the members are: {} (render one of them, or add {} "
                                  "to coordination.etcd.members)",
                                  host.name, member_names(coordination), host.name));
  }
  std::string initial_cluster;
  for (const auto& m : coordination.etcd_members) {
    initial_cluster += fmt::format("{}{}={}", initial_cluster.empty() ? "" : ",", m.name, m.peer_url);
  }

  std::string out = written_by_header("#", plan, host);
  append(out, "# etcd member {} of {} ({}), on network {}. Debian's etcd-server reads these ETCD_* variables.\n",
         member->name, coordination.etcd_members.size(), member_names(coordination), coordination.network);
  append(out, "ETCD_NAME={}\n", member->name);
  append(out, "# Not Debian's /var/lib/etcd/default: that holds the single-member cluster the package started.\n");
  append(out, "ETCD_DATA_DIR={}\n", etcd_data_dir(plan));
  append(out, "# Keepers on this host may also use the loopback address.\n");
  append(out, "ETCD_LISTEN_CLIENT_URLS={},http://127.0.0.1:{}\n", member->client_url, plan::kEtcdClientPort);
  append(out, "ETCD_ADVERTISE_CLIENT_URLS={}\n", member->client_url);
  append(out, "ETCD_LISTEN_PEER_URLS={}\n", member->peer_url);
  append(out, "ETCD_INITIAL_ADVERTISE_PEER_URLS={}\n", member->peer_url);
  append(out, "ETCD_INITIAL_CLUSTER={}\n", initial_cluster);
  append(out, "ETCD_INITIAL_CLUSTER_STATE=new\n");
  append(out, "ETCD_INITIAL_CLUSTER_TOKEN={}\n", etcd_cluster_token(plan));
  append(out,
         "# Sub-second leader change, so keepers lose etcd for well under a second when its leader dies: measured\n"
         "# 0.42-0.91 s from SIGKILL of the leader to a new one with these values (0.63-1.53 s with 50/500; etcd's\n"
         "# defaults are 100/1000). Needs a round trip between members well under the heartbeat.\n");
  append(out, "ETCD_HEARTBEAT_INTERVAL={}\n", kEtcdHeartbeatIntervalMs);
  append(out, "ETCD_ELECTION_TIMEOUT={}\n", kEtcdElectionTimeoutMs);
  return {{kEtcdDefaultsPath, out}};
}

}  // namespace netkeel::render
