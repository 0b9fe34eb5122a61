// Subnets, gateways, VIP ranges and every host address. Host addresses are computed with
// site/addressing.hpp, the rule the planner applies, so what validates is exactly what gets planned.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "netkeel/site/addressing.hpp"
#include "netkeel/site/did_you_mean.hpp"
#include "netkeel/site/host_networks.hpp"
#include "netkeel/site/site_checks.hpp"

namespace netkeel::site {
namespace {

// Per-rack subnets are used only on a layer-3 fabric (as in addressing.cpp); elsewhere the network
// has one subnet and its VIPs live inside it.
bool is_routed(const Site& site, const Network& network) {
  return site.fabric.layer == 3 && !network.rack_cidrs.empty();
}

// The network and broadcast addresses are nobody's (point-to-point /31 and /32 have neither).
bool is_reserved(const Ipv4Prefix& subnet, Ipv4Address address) {
  return subnet.length() <= 30 && (address == subnet.network() || address == subnet.broadcast());
}

struct Subnet {
  Ipv4Prefix prefix;
  std::string label;  // "network 'mgmt'" or "network 'mgmt' rack 'r1'"
  SourceMark mark;
};

std::vector<Subnet> all_subnets(const Site& site) {
  std::vector<Subnet> out;
  for (const auto& network : site.networks) {
    if (network.cidr) out.push_back({*network.cidr, fmt::format("network '{}'", network.name), network.marks.of("cidr")});
    for (const auto& [rack, prefix] : network.rack_cidrs) {
      out.push_back({prefix, fmt::format("network '{}' rack '{}'", network.name, rack),
                     network.marks.of("cidr." + rack)});
    }
  }
  return out;
}

void check_overlaps(const std::vector<Subnet>& subnets, Diagnostics& out) {
  // Sort by start address; a subnet overlaps an earlier one exactly when it starts before the
  // furthest end seen so far. O(n log n), so a huge generated site stays fast.
  std::vector<const Subnet*> sorted;
  for (const auto& s : subnets) sorted.push_back(&s);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Subnet* a, const Subnet* b) {
    if (a->prefix.network() != b->prefix.network()) return a->prefix.network() < b->prefix.network();
    return a->prefix.length() < b->prefix.length();
  });
  const Subnet* furthest = nullptr;
  for (const Subnet* s : sorted) {
    if (furthest && s->prefix.network() <= furthest->prefix.broadcast()) {
      // Point at whichever of the two comes later in the file.
      const bool s_later = std::tie(s->mark.line, s->mark.column) >= std::tie(furthest->mark.line, furthest->mark.column);
      const Subnet& later = s_later ? *s : *furthest;
      const Subnet& earlier = s_later ? *furthest : *s;
      out.error(later.mark,
                fmt::format("subnet {} of {} overlaps subnet {} of {}", later.prefix.str(), later.label,
                            earlier.prefix.str(), earlier.label),
                "every network (and every rack of a layer-3 network) needs its own subnet; pick a free one");
    }
    if (!furthest || s->prefix.broadcast() > furthest->prefix.broadcast()) furthest = s;
  }
}

// Which racks hold hosts that carry `network`.
std::map<std::string, const Host*> racks_carrying(const Site& site, const Network& network) {
  std::map<std::string, const Host*> racks;
  for (const auto& host : site.hosts) {
    if (!host.rack) continue;
    const auto carried = networks_carried_by(site, host);
    if (std::find(carried.begin(), carried.end(), &network) != carried.end()) racks.emplace(*host.rack, &host);
  }
  return racks;
}

void check_network_layout(const Site& site, const Network& network, Diagnostics& out) {
  const bool layer3 = site.fabric.layer == 3;
  if (!layer3 && !network.rack_cidrs.empty()) {
    out.error(network.marks.of("cidr"),
              fmt::format("network '{}' gives a cidr per rack, but the fabric is layer 2", network.name),
              "on layer 2 all racks share one subnet: write cidr: A.B.C.D/N (or set fabric layer: 3 for routed racks)");
  }
  if (!layer3 && !network.rack_gateways.empty()) {
    out.error(network.marks.of("gateway"),
              fmt::format("network '{}' gives a gateway per rack, but the fabric is layer 2", network.name),
              "on layer 2 write one gateway: A.B.C.D");
  }
  if (!layer3) return;
  if (!network.rack_cidrs.empty() && network.gateway) {
    out.error(network.marks.of("gateway"),
              fmt::format("network '{}' has one subnet per rack but a single gateway", network.name),
              "give one gateway per rack, gateway: {r1: ..., r2: ...}, or leave it out (each rack's gateway is then "
              "the first address of its subnet)");
  }
  if (network.rack_cidrs.empty() && !network.rack_gateways.empty()) {
    out.error(network.marks.of("gateway"),
              fmt::format("network '{}' gives a gateway per rack but one cidr", network.name),
              "give the cidr per rack too, cidr: {r1: ..., r2: ...}, or write one gateway: A.B.C.D");
  }
  for (const auto& [rack, gateway] : network.rack_gateways) {
    if (!network.rack_cidrs.empty() && !network.rack_cidrs.count(rack)) {
      out.error(network.marks.of("gateway." + rack),
                fmt::format("network '{}' has a gateway for rack '{}' but no subnet for it", network.name, rack),
                fmt::format("add {}: <subnet> to the network's cidr, or remove this gateway", rack));
    }
  }
  const auto racks = racks_carrying(site, network);
  if (network.rack_cidrs.empty() && network.cidr && racks.size() > 1) {
    std::vector<std::string> names;
    for (const auto& [rack, host] : racks) names.push_back(rack);
    out.error(network.marks.of("cidr"),
              fmt::format("network '{}' has one cidr on a layer-3 fabric, but its hosts are in racks {}", network.name,
                          join_names(names)),
              fmt::format("each rack is routed separately and needs its own subnet: cidr: {{{}: A.B.C.0/24, ...}}",
                          names.front()));
  }
  if (network.rack_cidrs.empty()) return;
  for (const auto& [rack, host] : racks) {
    if (network.rack_cidrs.count(rack)) continue;
    out.error(network.marks.of("cidr"),
              fmt::format("network '{}' has no subnet for rack '{}' (host '{}' is there)", network.name, rack, host->name),
              fmt::format("add {}: <subnet> to the network's cidr", rack));
  }
}

void check_host_racks(const Site& site, Diagnostics& out) {
  if (site.fabric.layer != 3) return;
  std::set<std::string> known;
  for (const auto& sw : site.switches) {
    if (sw.rack) known.insert(*sw.rack);
  }
  for (const auto& network : site.networks) {
    for (const auto& [rack, prefix] : network.rack_cidrs) known.insert(rack);
  }
  const std::vector<std::string> known_list(known.begin(), known.end());
  for (const auto& host : site.hosts) {
    if (!host.rack) {
      out.error(host.marks.of("name"), fmt::format("host '{}' has no rack, which a layer-3 fabric needs", host.name),
                "add rack: <rack> (its subnets are the rack's subnets)");
    } else if (!known.count(*host.rack)) {
      out.error(host.marks.of("rack"),
                fmt::format("host '{}' is in rack '{}', which no switch or network mentions", host.name, *host.rack),
                unknown_name_hint(*host.rack, known_list, "racks"));
    }
  }
}

void check_gateways_and_vip_ranges(const Site& site, const Network& network, const std::vector<Subnet>& subnets,
                                   Diagnostics& out) {
  auto check_gateway = [&](Ipv4Address gateway, const Ipv4Prefix& subnet, const SourceMark& mark) {
    if (!subnet.contains(gateway)) {
      out.error(mark,
                fmt::format("gateway {} of network '{}' is outside its subnet {}", gateway.str(), network.name, subnet.str()),
                fmt::format("a gateway is an address inside {} (often {})", subnet.str(),
                            subnet.nth(1).value_or(subnet.network()).str()));
    } else if (is_reserved(subnet, gateway)) {
      out.error(mark,
                fmt::format("gateway {} of network '{}' is the {} address of {}", gateway.str(), network.name,
                            gateway == subnet.network() ? "network" : "broadcast", subnet.str()),
                fmt::format("use a host address of {} (often {})", subnet.str(),
                            subnet.nth(1).value_or(subnet.network()).str()));
    }
  };
  if (network.gateway && network.cidr) check_gateway(*network.gateway, *network.cidr, network.marks.of("gateway"));
  for (const auto& [rack, gateway] : network.rack_gateways) {
    auto subnet = network.rack_cidrs.find(rack);
    if (subnet != network.rack_cidrs.end()) check_gateway(gateway, subnet->second, network.marks.of("gateway." + rack));
  }
  if (!network.vips) return;
  const Ipv4Range& vips = *network.vips;
  const SourceMark mark = network.marks.of("vips");
  if (is_routed(site, network)) {
    // Routed VIPs are announced as /32 routes and must not fall inside any rack subnet.
    for (const auto& subnet : subnets) {
      if (vips.first <= subnet.prefix.broadcast() && subnet.prefix.network() <= vips.last) {
        out.error(mark,
                  fmt::format("VIP range {} of network '{}' overlaps subnet {} of {}", vips.str(), network.name,
                              subnet.prefix.str(), subnet.label),
                  "on a layer-3 fabric VIPs are announced as /32 routes: take the range from a block no rack uses");
        break;
      }
    }
    return;
  }
  if (!network.cidr) return;
  const Ipv4Prefix& subnet = *network.cidr;
  if (!subnet.contains(vips.first) || !subnet.contains(vips.last)) {
    out.error(mark, fmt::format("VIP range {} of network '{}' is not inside its subnet {}", vips.str(), network.name,
                                subnet.str()),
              fmt::format("take the VIP range from {}, e.g. its top addresses", subnet.str()));
    return;
  }
  if (is_reserved(subnet, vips.first) || is_reserved(subnet, vips.last)) {
    out.error(mark, fmt::format("VIP range {} of network '{}' includes the network or broadcast address of {}",
                                vips.str(), network.name, subnet.str()),
              "start the range above the network address and end it below the broadcast address");
  }
  if (network.gateway && vips.contains(*network.gateway)) {
    out.error(mark, fmt::format("VIP range {} of network '{}' includes its gateway {}", vips.str(), network.name,
                                network.gateway->str()),
              "move the range so it leaves the gateway out");
  }
}

struct AddressOwner {
  std::string owner;
  bool is_explicit;
};

class HostAddressChecker {
 public:
  HostAddressChecker(const Site& site, Diagnostics& out) : site_(site), out_(out) {
    for (const auto& network : site.networks) network_names_.push_back(network.name);
  }

  void check(const Host& host) {
    const auto carried = networks_carried_by(site_, host);
    for (const auto& [name, address] : host.addresses) {
      const Network* network = site_.find_network(name);
      const SourceMark mark = host.marks.of("addresses." + name);
      if (!network) {
        out_.error(mark, fmt::format("host '{}' has an address on '{}', which is not a network of this site", host.name, name),
                   unknown_name_hint(name, network_names_, "networks"));
      } else if (std::find(carried.begin(), carried.end(), network) == carried.end()) {
        out_.error(mark,
                   fmt::format("host '{}' has an address on network '{}', but none of its NICs carries it", host.name, name),
                   fmt::format("add {} to a NIC's networks, or remove the address", name));
      }
    }
    for (const Network* network : carried) check_one(host, *network);
  }

  void check_service_vip(const Service& service) {
    const Network* network = site_.find_network(service.network);
    if (!service.vip || !network) return;
    const Ipv4Address vip = *service.vip;
    const SourceMark mark = service.marks.of("vip");
    if (is_routed(site_, *network)) {
      for (const auto& [rack, subnet] : network->rack_cidrs) {
        if (subnet.contains(vip)) {
          out_.error(mark, fmt::format("VIP {} of service '{}' is inside rack '{}' subnet {} of network '{}'", vip.str(),
                                       service.name, rack, subnet.str(), network->name),
                     "on a layer-3 fabric a VIP is announced as a /32 route: take it from a block no rack uses");
          return;
        }
      }
    } else if (network->cidr) {
      const Ipv4Prefix& subnet = *network->cidr;
      if (!subnet.contains(vip)) {
        out_.error(mark, fmt::format("VIP {} of service '{}' is outside network '{}' subnet {}", vip.str(), service.name,
                                     network->name, subnet.str()),
                   fmt::format("pick an address inside {}{}", subnet.str(),
                               network->vips ? fmt::format(", e.g. from the VIP range {}", network->vips->str()) : ""));
        return;
      }
      if (is_reserved(subnet, vip) || (network->gateway && *network->gateway == vip)) {
        out_.error(mark, fmt::format("VIP {} of service '{}' is the {} of network '{}'", vip.str(), service.name,
                                     is_reserved(subnet, vip) ? "network or broadcast address" : "gateway", network->name),
                   "pick a free address of the subnet");
        return;
      }
    }
    claim(vip, fmt::format("the VIP of service '{}'", service.name), true, mark, "give each service its own VIP");
  }

 private:
  void check_one(const Host& host, const Network& network) {
    auto subnet = subnet_for(site_, network, host);
    auto gateway = gateway_for(site_, network, host);
    auto explicit_address = host.addresses.find(network.name);
    const bool is_explicit = explicit_address != host.addresses.end();
    const std::string owner = fmt::format("host '{}' on network '{}'", host.name, network.name);
    if (is_explicit) {
      const Ipv4Address address = explicit_address->second;
      const SourceMark mark = host.marks.of("addresses." + network.name);
      if (subnet && !subnet->contains(address)) {
        out_.error(mark, fmt::format("address {} of {} is outside its subnet {}", address.str(), owner, subnet->str()),
                   fmt::format("pick an address inside {}", subnet->str()));
        return;
      }
      if (subnet && is_reserved(*subnet, address)) {
        out_.error(mark, fmt::format("address {} of {} is the network or broadcast address of {}", address.str(), owner,
                                     subnet->str()),
                   "pick a host address of the subnet");
        return;
      }
      if (gateway && address == *gateway) {
        out_.error(mark, fmt::format("address {} of {} is the network's gateway", address.str(), owner),
                   "pick an address other than the gateway");
        return;
      }
      if (!is_routed(site_, network) && network.vips && network.vips->contains(address)) {
        out_.error(mark, fmt::format("address {} of {} is inside the VIP range {}", address.str(), owner,
                                     network.vips->str()),
                   "VIPs are handed to services only: pick an address outside the range");
        return;
      }
      claim(address, owner, true, mark, "give each host its own address");
      return;
    }
    if (!subnet || host.id == 0) return;  // missing subnet / id: reported elsewhere
    const SourceMark mark = host.marks.of("id");
    auto address = host_address(site_, network, host);
    if (!address) {
      out_.error(mark,
                 fmt::format("host id {} of '{}' does not fit in subnet {} of network '{}' (ids 1-{})", host.id,
                             host.name, subnet->str(), network.name, subnet->usable_hosts()),
                 fmt::format("use an id from 1 to {}, a larger subnet, or an explicit address: addresses: {{{}: ...}}",
                             subnet->usable_hosts(), network.name));
      return;
    }
    if (gateway && *address == *gateway) {
      out_.error(mark,
                 fmt::format("host id {} gives '{}' the address {} on network '{}', which is the gateway", host.id,
                             host.name, address->str(), network.name),
                 "use another id (the gateway is never a host's), or give the host an explicit address");
      return;
    }
    if (!is_routed(site_, network) && network.vips && network.vips->contains(*address)) {
      out_.error(mark,
                 fmt::format("host id {} gives '{}' the address {} on network '{}', inside the VIP range {}", host.id,
                             host.name, address->str(), network.name, network.vips->str()),
                 "use an id below or above the VIP range, or move the range");
      return;
    }
    claim(*address, owner, false, mark, "give each host its own id or address");
  }

  // Records `address` for `owner`; a second owner is an error unless both were derived from ids
  // (that case is a duplicate id or an overlapping subnet, already reported).
  void claim(Ipv4Address address, const std::string& owner, bool is_explicit, const SourceMark& mark,
             const std::string& hint) {
    auto [it, inserted] = owners_.emplace(address, AddressOwner{owner, is_explicit});
    if (inserted || (!is_explicit && !it->second.is_explicit)) return;
    out_.error(mark, fmt::format("address {} of {} is already {}", address.str(), owner,
                                 it->second.owner.rfind("the VIP", 0) == 0 ? it->second.owner
                                                                           : "the address of " + it->second.owner),
               hint);
  }

  const Site& site_;
  Diagnostics& out_;
  std::vector<std::string> network_names_;
  std::map<Ipv4Address, AddressOwner> owners_;
};

void check_vip_pool_sizes(const Site& site, Diagnostics& out) {
  for (const auto& network : site.networks) {
    if (!network.vips) continue;
    const auto needing = std::count_if(site.services.begin(), site.services.end(), [&](const Service& s) {
      return s.network == network.name && !s.vip;
    });
    if (static_cast<uint64_t>(needing) > network.vips->size()) {
      out.error(network.marks.of("vips"),
                fmt::format("VIP range {} of network '{}' holds {} addresses but {} services need one",
                            network.vips->str(), network.name, network.vips->size(), needing),
                "widen the range (or give some services an explicit vip)");
    }
  }
}

}  // namespace

void check_addressing(const Site& site, Diagnostics& out) {
  const auto subnets = all_subnets(site);
  check_overlaps(subnets, out);
  check_host_racks(site, out);
  for (const auto& network : site.networks) {
    check_network_layout(site, network, out);
    check_gateways_and_vip_ranges(site, network, subnets, out);
  }
  HostAddressChecker addresses(site, out);
  for (const auto& host : site.hosts) addresses.check(host);
  for (const auto& service : site.services) addresses.check_service_vip(service);
  check_vip_pool_sizes(site, out);
}

}  // namespace netkeel::site
