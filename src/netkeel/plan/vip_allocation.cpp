#include "netkeel/plan/vip_allocation.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "netkeel/plan/sha256.hpp"

namespace netkeel::plan {
namespace {

size_t network_index(const site::Site& site, const std::string& name) {
  for (size_t i = 0; i < site.networks.size(); ++i) {
    if (site.networks[i].name == name) return i;
  }
  return site.networks.size();
}

// Picks VIPs for the services (indices into site.services) that draw from one network's range.
void allocate_in_range(const site::Site& site, const Ipv4Range& range, const std::vector<size_t>& services,
                       std::set<uint32_t> unavailable, std::vector<std::optional<Ipv4Address>>& result,
                       Diagnostics& diagnostics) {
  const uint64_t size = range.size();
  auto address_of = [&](uint64_t slot) { return Ipv4Address(range.first.value() + static_cast<uint32_t>(slot)); };
  auto is_free = [&](uint64_t slot) { return !unavailable.count(address_of(slot).value()); };

  // home slot -> the services that want it, by name
  std::map<uint64_t, std::vector<size_t>> wanted;
  for (size_t s : services) wanted[vip_home_slot(site.services[s].name, size)].push_back(s);
  for (auto& [slot, group] : wanted) {
    std::sort(group.begin(), group.end(),
              [&](size_t a, size_t b) { return site.services[a].name < site.services[b].name; });
  }

  // Steps 1 and 2: each free home slot goes to the first service (by name) that wants it.
  std::vector<std::tuple<uint64_t, std::string, size_t>> probers;  // (home, name, service)
  for (const auto& [slot, group] : wanted) {
    size_t first_loser = 0;
    if (is_free(slot)) {
      result[group.front()] = address_of(slot);
      first_loser = 1;
    }
    for (size_t i = first_loser; i < group.size(); ++i) probers.emplace_back(slot, site.services[group[i]].name, group[i]);
  }
  // Every home slot is off limits for probers, taken or not: adding a service then moves nobody
  // who sits on a home slot of their own.
  for (const auto& [slot, group] : wanted) unavailable.insert(address_of(slot).value());

  // Step 3: the rest probe forward, wrapping around the range.
  std::sort(probers.begin(), probers.end());
  for (const auto& [home, name, s] : probers) {
    bool placed = false;
    for (uint64_t step = 1; step < size && !placed; ++step) {
      const uint64_t slot = (home + step) % size;
      if (is_free(slot)) {
        result[s] = address_of(slot);
        unavailable.insert(address_of(slot).value());
        placed = true;
      }
    }
    if (!placed) {
      const auto& service = site.services[s];
      diagnostics.error(service.marks.of("network"),
                        fmt::format("no free VIP for service {} in the range {} of network {}", name, range.str(),
                                    service.network),
                        "widen the network's `vips` range, or give the service an explicit `vip:`");
    }
  }
}

}  // namespace

uint64_t vip_home_slot(const std::string& service, uint64_t range_size) {
  const Sha256Digest digest = sha256(service);
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = (value << 8) | digest[i];
  return range_size == 0 ? 0 : value % range_size;
}

std::vector<std::optional<Ipv4Address>> allocate_vips(const site::Site& site,
                                                      const std::vector<std::vector<Ipv4Address>>& taken,
                                                      Diagnostics& diagnostics) {
  std::vector<std::optional<Ipv4Address>> result(site.services.size());
  std::vector<std::set<uint32_t>> unavailable(site.networks.size());
  for (size_t n = 0; n < site.networks.size() && n < taken.size(); ++n) {
    for (const auto& a : taken[n]) unavailable[n].insert(a.value());
  }
  std::vector<std::vector<size_t>> drawing(site.networks.size());  // services without explicit VIP
  for (size_t s = 0; s < site.services.size(); ++s) {
    const auto& service = site.services[s];
    const size_t n = network_index(site, service.network);
    if (service.vip) {
      result[s] = service.vip;
      if (n < unavailable.size()) unavailable[n].insert(service.vip->value());
      continue;
    }
    if (n == site.networks.size()) continue;  // unknown network: the validator reports it
    if (!site.networks[n].vips) {
      // Legal: some services (Ceph monitors, clustered brokers) are reached at each member's own
      // address. They get no VIP, so nothing can fail over for them; say so.
      diagnostics.warning(service.marks.of("network"),
                          fmt::format("service {} gets no VIP: it has no `vip:` and its network {} has no `vips` "
                                      "range, so clients must reach it at each host's own address",
                                      service.name, service.network),
                          fmt::format("add `vips: FIRST-LAST` to network {}, or give the service `vip: ADDRESS`, if "
                                      "clients should reach it at one address that fails over",
                                      service.network));
      continue;
    }
    drawing[n].push_back(s);
  }
  for (size_t n = 0; n < site.networks.size(); ++n) {
    if (!drawing[n].empty()) {
      allocate_in_range(site, *site.networks[n].vips, drawing[n], unavailable[n], result, diagnostics);
    }
  }
  return result;
}

}  // namespace netkeel::plan
