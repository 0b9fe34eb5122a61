#include "netkeel/probe/probe_targets.hpp"

#include <algorithm>

#include "netkeel/core/error.hpp"

namespace netkeel::probe {

namespace {

const plan::HostNetworkPlan* network_of(const plan::HostPlan& host, const std::string& network) {
  for (const auto& n : host.networks)
    if (n.network == network) return &n;
  return nullptr;
}

}  // namespace

std::vector<ProbeTarget> probe_targets(const plan::ClusterPlan& plan, const std::string& host_name,
                                       const ProbeTargetOptions& options) {
  const plan::HostPlan* self = plan.find_host(host_name);
  if (!self) throw UsageError("no host '" + host_name + "' in site " + plan.site + "; pick one of its hosts");
  std::vector<ProbeTarget> out;
  auto add = [&](const plan::HostNetworkPlan& mine, const std::string& dst, TargetRole role, ProbeKind kind,
                 Ipv4Address address, uint16_t port) {
    out.push_back(ProbeTarget{self->name, dst, role, mine.network, kind, mine.address, address, port});
  };
  for (const auto& mine : self->networks) {
    for (const auto& peer : plan.hosts) {
      if (peer.name == self->name) continue;
      const auto* theirs = network_of(peer, mine.network);
      if (!theirs) continue;
      if (options.icmp) add(mine, peer.name, TargetRole::host, ProbeKind::icmp, theirs->address, 0);
      if (options.udp) add(mine, peer.name, TargetRole::host, ProbeKind::udp, theirs->address, options.responder_port);
      if (options.pmtu) {
        add(mine, peer.name, TargetRole::host, ProbeKind::pmtu, theirs->address, 0);
        out.back().packet_size = mine.mtu;
        out.back().every = std::max<uint32_t>(1, options.pmtu_every);
      }
    }
    for (const auto& vip : plan.vips) {
      if (vip.network != mine.network) continue;
      if (options.icmp) add(mine, vip.service, TargetRole::vip, ProbeKind::icmp, vip.address, 0);
      if (options.tcp)
        for (uint16_t port : vip.ports) add(mine, vip.service, TargetRole::vip, ProbeKind::tcp, vip.address, port);
    }
    if (mine.gateway && options.icmp) add(mine, "gateway", TargetRole::gateway, ProbeKind::icmp, *mine.gateway, 0);
  }
  return out;
}

}  // namespace netkeel::probe
