#include "netkeel/plan/bgp_announcements.hpp"

#include <algorithm>

#include "netkeel/plan/link_layout.hpp"

namespace netkeel::plan {
namespace {

bool may_run(const site::Service& service, const std::string& host) {
  return service.hosts.empty() || std::find(service.hosts.begin(), service.hosts.end(), host) != service.hosts.end();
}

}  // namespace

std::vector<BgpAnnouncement> plan_bgp_announcements(const site::Site& site, const std::vector<HostPlan>& hosts,
                                                    const std::vector<VipPlan>& vips) {
  std::vector<BgpAnnouncement> out;
  if (site.fabric.layer != 3) return out;
  for (const auto& vip : vips) {
    const site::Service* service = site.find_service(vip.service);
    if (!service) continue;
    for (size_t h = 0; h < hosts.size() && h < site.hosts.size(); ++h) {
      const site::Host& host = site.hosts[h];
      if (!may_run(*service, host.name)) continue;
      const auto on_network = std::find_if(hosts[h].networks.begin(), hosts[h].networks.end(),
                                           [&](const HostNetworkPlan& n) { return n.network == vip.network; });
      if (on_network == hosts[h].networks.end()) continue;
      std::vector<std::string> leaves;
      for (const auto& nic : host.nics) {
        if (nic_carries_network(site, nic, vip.network) &&
            std::find(leaves.begin(), leaves.end(), nic.switch_name) == leaves.end()) {
          leaves.push_back(nic.switch_name);
        }
      }
      for (const auto& leaf : leaves) {
        BgpAnnouncement a;
        a.host = host.name;
        a.service = vip.service;
        a.prefix = Ipv4Prefix(vip.address, 32);
        a.leaf = leaf;
        a.peer = on_network->gateway;
        if (const site::Switch* sw = site.find_switch(leaf)) a.leaf_asn = sw->asn;
        out.push_back(a);
      }
    }
  }
  return out;
}

}  // namespace netkeel::plan
