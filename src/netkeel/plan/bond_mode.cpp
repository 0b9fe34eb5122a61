#include "netkeel/plan/bond_mode.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

namespace netkeel::plan {
namespace {

std::vector<std::string> distinct_switches(const site::Host& host) {
  std::vector<std::string> names;
  for (const auto& nic : host.nics) {
    if (std::find(names.begin(), names.end(), nic.switch_name) == names.end()) names.push_back(nic.switch_name);
  }
  return names;
}

std::string nic_names(const site::Host& host) {
  std::vector<std::string> names;
  for (const auto& nic : host.nics) names.push_back(nic.name);
  if (names.size() == 2) return names[0] + " and " + names[1];
  return fmt::format("{}", fmt::join(names, ", "));
}

BondSettings settings_for(BondMode mode, const site::Host& host) {
  BondSettings s;
  s.mode = mode;
  s.miimon_ms = 100;  // link monitoring; netplan's default of 0 would never notice a dead link
  s.lacp_rate = mode == BondMode::lacp ? "fast" : "";
  s.xmit_hash_policy = mode == BondMode::active_backup ? "" : "layer3+4";
  s.primary = mode == BondMode::active_backup ? host.nics.front().name : "";
  return s;
}

struct CablingVerdict {
  BondMode mode;
  std::string why;
};

// What the cabling alone allows, and why.
CablingVerdict from_cabling(const site::Site& site, const site::Host& host) {
  const auto switches = distinct_switches(host);
  const std::string nics = nic_names(host);
  const char* all = host.nics.size() == 2 ? "both" : "all";
  if (switches.size() == 1) {
    const site::Switch* sw = site.find_switch(switches[0]);
    if (sw && sw->lacp) {
      return {BondMode::lacp, fmt::format("{} {} go to {}, which does LACP (one switch: no switch redundancy)",
                                          nics, all, switches[0])};
    }
    return {BondMode::active_backup,
            fmt::format("{} {} go to {}, which does not do LACP, so only one link may be active", nics, all,
                        switches[0])};
  }
  if (switches.size() == 2) {
    const site::Switch* a = site.find_switch(switches[0]);
    const site::Switch* b = site.find_switch(switches[1]);
    const std::string pair = switches[0] + " and " + switches[1];
    if (a && b && are_mlag_peers(*a, *b)) {
      if (a->lacp && b->lacp) {
        return {BondMode::lacp, fmt::format("{} go to {}, an MLAG pair with LACP: both links carry traffic and "
                                            "either switch can reboot",
                                            nics, pair)};
      }
      const std::string& missing = a->lacp ? switches[1] : switches[0];
      return {BondMode::active_backup,
              fmt::format("{} go to the MLAG pair {}, but {} does not do LACP", nics, pair, missing)};
    }
    return {BondMode::active_backup,
            fmt::format("{} go to {}, which are not MLAG peers, so only one link may be active", nics, pair)};
  }
  return {BondMode::active_backup,
          fmt::format("{} go to {} different switches, so only one link may be active", nics, switches.size())};
}

std::optional<BondMode> override_mode(site::BondModeOverride o) {
  switch (o) {
    case site::BondModeOverride::none: return std::nullopt;
    case site::BondModeOverride::lacp: return BondMode::lacp;
    case site::BondModeOverride::active_backup: return BondMode::active_backup;
    case site::BondModeOverride::balance_xor: return BondMode::balance_xor;
  }
  return std::nullopt;
}

}  // namespace

bool are_mlag_peers(const site::Switch& a, const site::Switch& b) {
  return a.mlag_peer == b.name && b.mlag_peer == a.name;
}

BondDecision decide_bond(const site::Site& site, const site::Host& host) {
  BondDecision decision;
  if (host.nics.size() < 2) {
    decision.reason = host.nics.empty() ? "no bond: the host has no NIC"
                                        : fmt::format("no bond: {} is the only NIC", host.nics.front().name);
    return decision;
  }
  decision.name = host.bond.name;
  const CablingVerdict cabling = from_cabling(site, host);
  const auto forced = override_mode(host.bond.mode);
  if (forced) {
    decision.settings = settings_for(*forced, host);
    decision.reason = fmt::format("{}: set by bond.mode in the site file (the cabling alone gives {}: {})",
                                  to_string(*forced), to_string(cabling.mode), cabling.why);
  } else {
    decision.settings = settings_for(cabling.mode, host);
    decision.reason = fmt::format("{}: {}", to_string(cabling.mode), cabling.why);
  }
  return decision;
}

}  // namespace netkeel::plan
