#include "netkeel/render/networkd_renderer.hpp"

#include <iterator>

#include <fmt/format.h>

#include "netkeel/render/interface_items.hpp"
#include "netkeel/render/render_error.hpp"
#include "netkeel/render/sysctl_conf_renderer.hpp"
#include "netkeel/render/text_format.hpp"

namespace netkeel::render {
namespace {

using plan::LinkKind;
using plan::LinkPlan;

constexpr const char* kDir = "etc/systemd/network/";

std::string file_stem(const LinkPlan& link) {
  const char* order = link.kind == LinkKind::physical ? "10" : link.kind == LinkKind::bond ? "20" : "30";
  return fmt::format("{}{}-netkeel-{}", kDir, order, link.name);
}

class NetworkdWriter {
 public:
  NetworkdWriter(const plan::ClusterPlan& plan, const plan::HostPlan& host) : plan_(plan), host_(host), index_(host) {
    // Which links are stacked on which, so each parent's .network can name its VLANs.
    for (const auto& link : host_.links) {
      if (link.kind == LinkKind::vlan) vlans_of_[link.parent].push_back(&link);
    }
  }

  RenderedFiles render() {
    RenderedFiles files;
    for (const auto& link : host_.links) {
      const std::string stem = file_stem(link);
      if (link.kind == LinkKind::physical && link.match_mac) files.emplace(stem + ".link", dot_link(link));
      if (link.kind != LinkKind::physical) files.emplace(stem + ".netdev", netdev(link));
      files.emplace(stem + ".network", network(link));
    }
    if (auto sysctls = render_sysctl_conf(plan_, host_); !sysctls.empty()) files.emplace(kSysctlConfPath, std::move(sysctls));
    return files;
  }

 private:
  std::string header() const { return written_by_header("#", plan_, host_); }

  // udev applies .link files when the device appears: this gives the NIC its planned name.
  std::string dot_link(const LinkPlan& link) const {
    return fmt::format("{}\n[Match]\nPermanentMACAddress={}\n\n[Link]\nName={}\n", header(), link.match_mac->str(),
                       link.name);
  }

  std::string netdev(const LinkPlan& link) const {
    std::string out = header();
    append(out, "\n[NetDev]\nName={}\nKind={}\n", link.name, link.kind == LinkKind::bond ? "bond" : "vlan");
    if (link.mac) append(out, "MACAddress={}\n", link.mac->str());
    append(out, "MTUBytes={}\n", link.mtu);
    if (link.kind == LinkKind::vlan) {
      append(out, "\n[VLAN]\nId={}\n", link.vlan_id);
      return out;
    }
    if (!host_.bond_reason.empty()) append(out, "\n# {}", host_.bond_reason);
    const plan::BondSettings s = link.bond.value_or(plan::BondSettings{});
    append(out, "\n[Bond]\nMode={}\nMIIMonitorSec={}ms\n", plan::to_string(s.mode), s.miimon_ms);
    if (s.mode == plan::BondMode::lacp) append(out, "LACPTransmitRate={}\n", s.lacp_rate);
    if (s.mode != plan::BondMode::active_backup) append(out, "TransmitHashPolicy={}\n", s.xmit_hash_policy);
    return out;
  }

  std::string network(const LinkPlan& link) const {
    const auto& items = index_.of(link.name);
    std::string out = header();
    out.reserve(512 + items.neighbours.size() * 64);

    out += "\n[Match]\n";
    if (link.kind == LinkKind::physical && link.match_mac) append(out, "PermanentMACAddress={}\n", link.match_mac->str());
    append(out, "Name={}\n", link.name);

    append(out, "\n[Link]\nMTUBytes={}\n", link.mtu);
    if (link.kind != LinkKind::physical && link.mac) append(out, "MACAddress={}\n", link.mac->str());

    out += "\n[Network]\n";
    const bool carrier_only = items.addresses.empty();
    // A link that only carries others (a bond member, a bond under VLANs) needs no IPv6 link-local address.
    if (carrier_only) out += "LinkLocalAddressing=no\n";
    // Logical links keep their addresses while every member is down, so nothing is re-added on recovery.
    if (link.kind != LinkKind::physical) out += "ConfigureWithoutCarrier=yes\n";
    if (!link.master.empty()) {
      append(out, "Bond={}\n", link.master);
      const LinkPlan* bond = host_.find_link(link.master);
      if (bond && bond->bond && bond->bond->mode == plan::BondMode::active_backup && bond->bond->primary == link.name) {
        out += "PrimarySlave=true\n";
      }
    }
    if (auto it = vlans_of_.find(link.name); it != vlans_of_.end()) {
      for (const auto* v : it->second) append(out, "VLAN={}\n", v->name);
    }

    for (const auto* a : items.addresses) append(out, "\n[Address]\nAddress={}/{}\n", a->address.str(), a->prefix_length);
    for (const auto* r : items.routes) {
      append(out, "\n[Route]\nDestination={}\n", r->destination.str());
      if (r->gateway) append(out, "Gateway={}\n", r->gateway->str());
      else out += "Scope=link\n";
      if (r->source) append(out, "PreferredSource={}\n", r->source->str());
      if (r->table != kMainTable) append(out, "Table={}\n", r->table);
      append(out, "Protocol={}\n", plan::kRouteProtocol);
    }
    for (const auto* r : items.rules) {
      append(out, "\n[RoutingPolicyRule]\nFrom={}\nTable={}\nPriority={}\n", r->from.str(), r->table, r->priority);
    }
    for (const auto* n : items.neighbours) {
      append(out, "\n# {} on {}\n[Neighbor]\nAddress={}\nLinkLayerAddress={}\n", n->owner, n->network, n->address.str(),
          n->mac.str());
    }
    return out;
  }

  const plan::ClusterPlan& plan_;
  const plan::HostPlan& host_;
  InterfaceIndex index_;
  std::map<std::string, std::vector<const LinkPlan*>> vlans_of_;
};

}  // namespace

RenderedFiles render_networkd(const plan::ClusterPlan& plan, const plan::HostPlan& host) {
  if (host.backend == site::Backend::ovs) {
    throw RenderError("host " + host.name +
                      " uses the ovs backend; systemd-networkd cannot create Open vSwitch bonds or ports. Render it "
                      "with --format json or set `backend: kernel` for this host");
  }
  return NetworkdWriter(plan, host).render();
}

}  // namespace netkeel::render
