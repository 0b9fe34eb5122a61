// Duplicate names, host ids, MACs and switch ports.
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "netkeel/site/site_checks.hpp"

namespace netkeel::site {
namespace {

struct FirstUse {
  std::string owner;
  SourceMark mark;
};

std::string first_at(const SourceMark& mark) { return mark.known() ? fmt::format(" (first at line {})", mark.line) : ""; }

template <class T>
void check_unique_names(const std::vector<T>& items, const std::string& kind, Diagnostics& out) {
  std::map<std::string, SourceMark> seen;
  for (const auto& item : items) {
    if (item.name.empty()) continue;  // the loader reported the missing name
    const SourceMark mark = item.marks.of("name");
    auto [it, inserted] = seen.emplace(item.name, mark);
    if (!inserted) {
      out.error(mark, fmt::format("{} name '{}' is used twice{}", kind, item.name, first_at(it->second)),
                fmt::format("give every {} its own name", kind));
    }
  }
}

void check_unique_nic_names(const Host& host, Diagnostics& out) {
  std::map<std::string, SourceMark> seen;
  for (const auto& nic : host.nics) {
    if (nic.name.empty()) continue;
    auto [it, inserted] = seen.emplace(nic.name, nic.marks.of("name"));
    if (!inserted) {
      out.error(nic.marks.of("name"),
                fmt::format("host '{}' has two NICs named '{}'{}", host.name, nic.name, first_at(it->second)),
                "a NIC name is the kernel's interface name and is unique on a host; check `ip link`");
    }
  }
}

void check_unique_host_ids(const Site& site, Diagnostics& out) {
  // Layer 3: each rack has its own subnets, so ids only need to be unique within a rack.
  const bool per_rack = site.fabric.layer == 3;
  std::map<std::pair<std::string, uint32_t>, const Host*> seen;
  std::map<std::string, uint32_t> highest;  // per scope, to suggest a free id
  for (const auto& host : site.hosts) {
    const std::string scope = per_rack ? host.rack.value_or("") : "";
    highest[scope] = std::max(highest[scope], host.id);
  }
  for (const auto& host : site.hosts) {
    if (host.id == 0) continue;  // missing id: reported by the loader
    const std::string scope = per_rack ? host.rack.value_or("") : "";
    auto [it, inserted] = seen.emplace(std::make_pair(scope, host.id), &host);
    if (inserted) continue;
    const std::string where = per_rack && !scope.empty() ? fmt::format(" in rack '{}'", scope) : "";
    out.error(host.marks.of("id"),
              fmt::format("host id {} of '{}' is already the id of '{}'{}", host.id, host.name, it->second->name, where),
              fmt::format("addresses derive from the id, so ids must be unique{}; {} is free",
                          per_rack ? " within a rack" : "", highest[scope] + 1));
  }
}

void check_unique_macs(const Site& site, Diagnostics& out) {
  std::map<MacAddress, FirstUse> seen;
  for (const auto& host : site.hosts) {
    for (const auto& nic : host.nics) {
      if (!nic.mac) continue;
      const std::string owner = fmt::format("{} {}", host.name, nic.name);
      auto [it, inserted] = seen.emplace(*nic.mac, FirstUse{owner, nic.marks.of("mac")});
      if (!inserted) {
        out.error(nic.marks.of("mac"),
                  fmt::format("MAC {} of {} is already the MAC of {}{}", nic.mac->str(), owner, it->second.owner,
                              first_at(it->second.mark)),
                  "every NIC has its own MAC; copy it again from `ip link` on the host");
      }
    }
  }
}

void check_unique_switch_ports(const Site& site, Diagnostics& out) {
  std::map<std::pair<std::string, std::string>, FirstUse> seen;
  for (const auto& host : site.hosts) {
    for (const auto& nic : host.nics) {
      if (nic.switch_name.empty() || nic.port.empty()) continue;
      const std::string owner = fmt::format("{} {}", host.name, nic.name);
      auto [it, inserted] = seen.emplace(std::make_pair(nic.switch_name, nic.port), FirstUse{owner, nic.marks.of("port")});
      if (!inserted) {
        out.error(nic.marks.of("port"),
                  fmt::format("port {} of switch '{}' is cabled twice: to {} and to {}{}", nic.port, nic.switch_name,
                              it->second.owner, owner, first_at(it->second.mark)),
                  "one switch port takes one cable; check which port this NIC really uses");
      }
    }
  }
}

}  // namespace

void check_uniqueness(const Site& site, Diagnostics& out) {
  check_unique_names(site.switches, "switch", out);
  check_unique_names(site.networks, "network", out);
  check_unique_names(site.hosts, "host", out);
  check_unique_names(site.services, "service", out);
  for (const auto& host : site.hosts) check_unique_nic_names(host, out);
  check_unique_host_ids(site, out);
  check_unique_macs(site, out);
  check_unique_switch_ports(site, out);
}

}  // namespace netkeel::site
