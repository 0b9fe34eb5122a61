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

// One NIC of a host that carries the network: the switch it is cabled to and the components a flow through
// it crosses on the host's side, in order (NIC or bond member, cable, switch port).
struct HostAttachment {
  std::string switch_name;
  std::vector<std::size_t> components;
};

// One way a probe flow can go: its share of the pair's flows and every component it crosses, in order
// from the source host to the destination host.
struct FlowPath {
  double share = 0;
  std::vector<std::size_t> hops;
};

struct ProbePaths {
  std::string network;
  std::vector<NetworkComponent> components;  // hosts, their NICs, cables and ports, switches, uplinks, the network
  std::map<std::pair<std::string, std::string>, std::vector<Crossing>> pairs;  // (src, dst) -> crossings
  std::map<std::string, std::vector<HostAttachment>> attachments;  // host -> its NICs on the network
  // switch -> (neighbouring switch, the uplink or peer link component between them)
  std::map<std::string, std::vector<std::pair<std::string, std::size_t>>> switch_links;

  const std::vector<Crossing>* crossings(const std::string& src, const std::string& dst) const;
  // The index of the component of that kind and name, or components.size().
  std::size_t find(ComponentKind kind, const std::string& name) const;
};

// Every way a flow from `src` to `dst` can go (each pair of their NICs, each shortest way between those
// NICs' switches), hop by hop; empty when either host does not carry the network or no switch path joins them.
std::vector<FlowPath> flow_paths(const ProbePaths& paths, const std::string& src, const std::string& dst);

// Paths between every two hosts that carry `network` (both directions). An unknown network gives no pairs.
ProbePaths probe_paths(const site::Site& site, const std::string& network);

// Every network's paths, by network name: built once when the server starts, read by each diagnosis.
using SiteProbePaths = std::map<std::string, ProbePaths>;
SiteProbePaths probe_paths_by_network(const site::Site& site);

}  // namespace netkeel::analyze
