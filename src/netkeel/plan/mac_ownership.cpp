#include "netkeel/plan/mac_ownership.hpp"

#include <map>

#include <fmt/format.h>

namespace netkeel::plan {
namespace {

struct Owner {
  std::string description;  // "host ctl1 bond0", "NIC eno1 of host ctl1", "VIP keystone"
  SourceMark mark;
  bool physical = false;
};

}  // namespace

void check_mac_ownership(const site::Site& site, const std::vector<HostPlan>& hosts, const std::vector<VipPlan>& vips,
                         Diagnostics& diagnostics) {
  std::map<MacAddress, Owner> owners;
  auto claim = [&](const MacAddress& mac, Owner owner) {
    auto [it, inserted] = owners.emplace(mac, owner);
    if (inserted || (it->second.physical && owner.physical)) return;
    diagnostics.error(owner.mark,
                      fmt::format("MAC {} would have two owners: {} and {}", mac.str(), it->second.description,
                                  owner.description),
                      "rename one of the two (the derived MAC follows the site, host, interface and service "
                      "names), or change the physical NIC's MAC");
  };
  for (const auto& host : site.hosts) {
    for (const auto& nic : host.nics) {
      if (nic.mac) claim(*nic.mac, {fmt::format("NIC {} of host {}", nic.name, host.name), nic.marks.of("mac"), true});
    }
  }
  for (size_t h = 0; h < hosts.size() && h < site.hosts.size(); ++h) {
    for (const auto& link : hosts[h].links) {
      if (link.mac) {
        claim(*link.mac, {fmt::format("{} {} of host {}", to_string(link.kind), link.name, hosts[h].name),
                          site.hosts[h].marks.self, false});
      }
    }
  }
  for (const auto& vip : vips) {
    const site::Service* service = site.find_service(vip.service);
    claim(vip.mac, {fmt::format("VIP of service {}", vip.service), service ? service->marks.self : SourceMark{}, false});
  }
}

}  // namespace netkeel::plan
