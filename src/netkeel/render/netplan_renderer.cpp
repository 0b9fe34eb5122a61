#include "netkeel/render/netplan_renderer.hpp"

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

class NetplanWriter {
 public:
  NetplanWriter(const plan::ClusterPlan& plan, const plan::HostPlan& host) : plan_(plan), host_(host), index_(host) {}

  RenderedFiles render() {
    header();
    out_ += "network:\n  version: 2\n  renderer: networkd\n";
    section("ethernets", LinkKind::physical);
    section("bonds", LinkKind::bond);
    section("vlans", LinkKind::vlan);
    RenderedFiles files;
    files.emplace(kNetplanPath, std::move(out_));
    for (const auto& link : host_.links) {
      const auto& neighbours = index_.of(link.name).neighbours;
      if (!neighbours.empty()) files.emplace(netplan_neighbour_dropin_path(link.name), neighbour_dropin(link, neighbours));
    }
    if (auto sysctls = render_sysctl_conf(plan_, host_); !sysctls.empty()) files.emplace(kSysctlConfPath, std::move(sysctls));
    return files;
  }

 private:

  void header() {
    out_ += written_by_header("#", plan_, host_);
    if (!host_.bond_reason.empty()) append(out_, "# {}\n", host_.bond_reason);
    bool has_neighbours = !host_.neighbours.empty();
    bool has_sysctls = !host_.sysctls.empty();
    if (has_neighbours || has_sysctls) {
      out_ += "# netplan cannot express everything in the plan; the rest is in companion files:\n";
      if (has_neighbours) out_ += "#   static neighbours: etc/systemd/network/10-netplan-<interface>.network.d/netkeel-neighbours.conf\n";
      if (has_sysctls) append(out_, "#   sysctls:           {}\n", kSysctlConfPath);
    }
  }

  void section(const char* name, LinkKind kind) {
    bool opened = false;
    for (const auto& link : host_.links) {
      if (link.kind != kind) continue;
      if (!opened) append(out_, "  {}:\n", name);
      opened = true;
      append(out_, "    {}:\n", yaml_scalar(link.name));
      switch (kind) {
        case LinkKind::physical: physical(link); break;
        case LinkKind::bond: bond(link); break;
        case LinkKind::vlan: vlan(link); break;
      }
      common(link);
    }
  }

  void physical(const LinkPlan& link) {
    if (link.match_mac) {
      append(out_, "      match:\n        macaddress: \"{}\"\n      set-name: {}\n", link.match_mac->str(), yaml_scalar(link.name));
    }
  }

  void bond(const LinkPlan& link) {
    out_ += "      interfaces: [";
    for (size_t i = 0; i < link.members.size(); ++i) append(out_, "{}{}", i ? ", " : "", yaml_scalar(link.members[i]));
    out_ += "]\n";
    const plan::BondSettings settings = link.bond.value_or(plan::BondSettings{});
    append(out_, "      parameters:\n        mode: {}\n", plan::to_string(settings.mode));
    // netplan's default is 0, i.e. no link monitoring at all: always say it.
    append(out_, "        mii-monitor-interval: {}\n", settings.miimon_ms);
    if (settings.mode == plan::BondMode::lacp) append(out_, "        lacp-rate: {}\n", settings.lacp_rate);
    if (settings.mode != plan::BondMode::active_backup) {
      append(out_, "        transmit-hash-policy: {}\n", settings.xmit_hash_policy);
    }
    if (settings.mode == plan::BondMode::active_backup && !settings.primary.empty()) {
      append(out_, "        primary: {}\n", yaml_scalar(settings.primary));
    }
  }

  void vlan(const LinkPlan& link) { append(out_, "      id: {}\n      link: {}\n", link.vlan_id, yaml_scalar(link.parent)); }

  void common(const LinkPlan& link) {
    if (link.kind != LinkKind::physical && link.mac) append(out_, "      macaddress: \"{}\"\n", link.mac->str());
    append(out_, "      mtu: {}\n", link.mtu);
    const auto& items = index_.of(link.name);
    if (!items.addresses.empty()) {
      out_ += "      addresses:\n";
      for (const auto* a : items.addresses) append(out_, "        - {}/{}\n", a->address.str(), a->prefix_length);
    }
    if (!items.routes.empty()) {
      out_ += "      routes:\n";
      for (const auto* r : items.routes) {
        append(out_, "        - to: {}\n", destination_text(r->destination));
        if (r->gateway) append(out_, "          via: {}\n", r->gateway->str());
        else out_ += "          scope: link\n";
        if (r->source) append(out_, "          from: {}\n", r->source->str());
        if (r->table != kMainTable) append(out_, "          table: {}\n", r->table);
      }
    }
    if (!items.rules.empty()) {
      out_ += "      routing-policy:\n";
      for (const auto* r : items.rules) {
        append(out_, "        - from: {}\n          table: {}\n          priority: {}\n", r->from.str(), r->table, r->priority);
      }
    }
  }

  std::string neighbour_dropin(const LinkPlan& link, const std::vector<const plan::NeighbourPlan*>& neighbours) const {
    std::string out = written_by_header("#", plan_, host_);
    fmt::format_to(std::back_inserter(out),
                   "# Static neighbours on {}: a companion of {}, because netplan has no syntax for them.\n"
                   "# systemd-networkd reads it as a drop-in of the 10-netplan-{}.network file netplan generates.\n",
                   link.name, kNetplanPath, link.name);
    out.reserve(out.size() + neighbours.size() * 96);
    for (const auto* n : neighbours) {
      fmt::format_to(std::back_inserter(out), "\n# {} on {}\n[Neighbor]\nAddress={}\nLinkLayerAddress={}\n", n->owner,
                     n->network, n->address.str(), n->mac.str());
    }
    return out;
  }

  const plan::ClusterPlan& plan_;
  const plan::HostPlan& host_;
  InterfaceIndex index_;
  std::string out_;
};

}  // namespace

std::string netplan_neighbour_dropin_path(const std::string& interface) {
  return "etc/systemd/network/10-netplan-" + interface + ".network.d/netkeel-neighbours.conf";
}

RenderedFiles render_netplan(const plan::ClusterPlan& plan, const plan::HostPlan& host) {
  if (host.backend == site::Backend::ovs) {
    throw RenderError("host " + host.name +
                      " uses the ovs backend, which the netplan renderer does not support yet; render it with "
                      "--format json or set `backend: kernel` for this host");
  }
  return NetplanWriter(plan, host).render();
}

}  // namespace netkeel::render
