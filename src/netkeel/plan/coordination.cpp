#include "netkeel/plan/coordination.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace netkeel::plan {

std::optional<CoordinationPlan> plan_coordination(const site::Site& site, const std::vector<HostPlan>& hosts) {
  if (!site.coordination || !site.coordination->etcd) return std::nullopt;
  const site::EtcdCoordination& etcd = *site.coordination->etcd;
  CoordinationPlan plan;
  plan.network = etcd.network;
  for (const auto& member : etcd.members) {
    const auto host = std::find_if(hosts.begin(), hosts.end(), [&](const HostPlan& h) { return h.name == member; });
    if (host == hosts.end()) continue;  // the validator reports unknown members
    const auto on_network = std::find_if(host->networks.begin(), host->networks.end(),
                                         [&](const HostNetworkPlan& n) { return n.network == etcd.network; });
    if (on_network == host->networks.end()) continue;  // likewise
    EtcdMemberPlan planned;
    planned.name = member;
    planned.address = on_network->address;
    planned.client_url = fmt::format("http://{}:{}", on_network->address.str(), kEtcdClientPort);
    planned.peer_url = fmt::format("http://{}:{}", on_network->address.str(), kEtcdPeerPort);
    plan.etcd_members.push_back(std::move(planned));
  }
  return plan;
}

}  // namespace netkeel::plan
