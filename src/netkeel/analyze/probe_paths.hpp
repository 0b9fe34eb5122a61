#pragma once
// Every probe path on one network, from the site file's cabling: a probe from host A to host B leaves A
// through one of the NICs that carry the network (a bond's hash picks one per flow, and the agent varies
// its flows' source ports), crosses that NIC's cable to its switch port and switch, the switches between
// (shortest paths over MLAG peer links and uplinks; equal-cost paths share the flows) and B's switch port,
// cable and NIC. Each component a pair's flows can cross gets the share of them that does. Pure.
#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "netkeel/analyze/network_component.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::analyze {

struct Crossing {
  std::size_t component = 0;  // index into ProbePaths::components
  double share = 0;           // of the pair's probe flows that cross it, in (0, 1]
};

struct ProbePaths {
  std::string network;
  std::vector<NetworkComponent> components;  // hosts, their NICs, cables and ports, switches, uplinks, the network
  std::map<std::pair<std::string, std::string>, std::vector<Crossing>> pairs;  // (src, dst) -> crossings

  const std::vector<Crossing>* crossings(const std::string& src, const std::string& dst) const;
  // The index of the component of that kind and name, or components.size().
  std::size_t find(ComponentKind kind, const std::string& name) const;
};

// Paths between every two hosts that carry `network` (both directions). An unknown network gives no pairs.
ProbePaths probe_paths(const site::Site& site, const std::string& network);

// Every network's paths, by network name: built once when the server starts, read by each diagnosis.
using SiteProbePaths = std::map<std::string, ProbePaths>;
SiteProbePaths probe_paths_by_network(const site::Site& site);

}  // namespace netkeel::analyze
