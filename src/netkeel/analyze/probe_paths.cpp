#include "netkeel/analyze/probe_paths.hpp"

#include <algorithm>
#include <deque>
#include <set>

#include "netkeel/site/host_networks.hpp"

namespace netkeel::analyze {
namespace {

// One NIC that carries the network, with the components a flow through it crosses on the host's side.
struct Member {
  std::string switch_name;
  std::vector<std::size_t> components;  // NIC (or bond member), cable, switch port
};

// A path between two switches: the switches and the links between them, in order.
using SwitchPath = std::vector<std::size_t>;

class PathBuilder {
 public:
  PathBuilder(const site::Site& site, ProbePaths& out) : site_(site), out_(out) {}

  std::size_t component(ComponentKind kind, const std::string& name, const std::string& host = "",
                        const std::string& nic = "", const std::string& switch_name = "") {
    auto [it, added] = index_.try_emplace(std::make_pair(kind, name), out_.components.size());
    if (added) out_.components.push_back({kind, name, host, nic, switch_name});
    return it->second;
  }

  void add_switch_links() {
    for (const site::Switch& sw : site_.switches) {
      component(ComponentKind::switch_, sw.name);
      for (const std::string& up : sw.uplinks) link(sw.name, up);
      // A peer link is named once, from the first of the pair in the site file.
      if (sw.mlag_peer && !links_.count({*sw.mlag_peer, sw.name})) link(sw.name, *sw.mlag_peer);
    }
  }

  // Every shortest path between two switches (breadth first over peer links and uplinks), at most
  // kMaxPaths of them: more equal-cost paths than that only spread the flows thinner.
  std::vector<SwitchPath> switch_paths(const std::string& from, const std::string& to) {
    const std::size_t from_index = component(ComponentKind::switch_, from);
    if (from == to) return {{from_index}};
    std::map<std::string, int> depth{{from, 0}};
    std::deque<std::string> queue{from};
    while (!queue.empty()) {
      const std::string at = queue.front();
      queue.pop_front();
      for (const auto& [next, link_index] : neighbours_[at]) {
        if (depth.try_emplace(next, depth[at] + 1).second) queue.push_back(next);
      }
    }
    if (!depth.count(to)) return {};
    std::vector<SwitchPath> paths;
    SwitchPath path{from_index};
    walk(from, to, depth, path, paths);
    return paths;
  }

 private:
  static constexpr std::size_t kMaxPaths = 16;

  void link(const std::string& a, const std::string& b) {
    if (links_.count({a, b}) || links_.count({b, a})) return;
    const std::size_t index = component(ComponentKind::uplink, uplink_name(a, b));
    links_.insert({a, b});
    neighbours_[a].emplace_back(b, index);
    neighbours_[b].emplace_back(a, index);
  }

  void walk(const std::string& at, const std::string& to, const std::map<std::string, int>& depth, SwitchPath& path,
            std::vector<SwitchPath>& paths) {
    if (paths.size() >= kMaxPaths) return;
    if (at == to) {
      paths.push_back(path);
      return;
    }
    const int here = depth.at(at);
    for (const auto& [next, link_index] : neighbours_[at]) {
      auto it = depth.find(next);
      if (it == depth.end() || it->second != here + 1 || it->second > depth.at(to)) continue;
      path.push_back(link_index);
      path.push_back(component(ComponentKind::switch_, next));
      walk(next, to, depth, path, paths);
      path.resize(path.size() - 2);
    }
  }

  const site::Site& site_;
  ProbePaths& out_;
  std::map<std::pair<ComponentKind, std::string>, std::size_t> index_;
  std::set<std::pair<std::string, std::string>> links_;
  std::map<std::string, std::vector<std::pair<std::string, std::size_t>>> neighbours_;
};

bool carries(const site::Site& site, const site::Nic& nic, const std::string& network) {
  for (const site::Network* carried : site::networks_carried_by(site, nic)) {
    if (carried->name == network) return true;
  }
  return false;
}

void add_share(std::map<std::size_t, double>& shares, std::size_t component, double share) {
  shares[component] += share;
}

}  // namespace

const std::vector<Crossing>* ProbePaths::crossings(const std::string& src, const std::string& dst) const {
  auto it = pairs.find({src, dst});
  return it == pairs.end() ? nullptr : &it->second;
}

std::size_t ProbePaths::find(ComponentKind kind, const std::string& name) const {
  for (std::size_t i = 0; i < components.size(); ++i) {
    if (components[i].kind == kind && components[i].name == name) return i;
  }
  return components.size();
}

ProbePaths probe_paths(const site::Site& site, const std::string& network) {
  ProbePaths out;
  out.network = network;
  if (site.find_network(network) == nullptr) return out;
  PathBuilder builder(site, out);
  const std::size_t network_index = builder.component(ComponentKind::network, network);
  builder.add_switch_links();

  struct HostSide {
    std::string name;
    std::size_t host_component = 0;
    std::vector<Member> members;
  };
  std::vector<HostSide> hosts;
  for (const site::Host& host : site.hosts) {
    std::vector<const site::Nic*> nics;
    for (const site::Nic& nic : host.nics) {
      if (carries(site, nic, network)) nics.push_back(&nic);
    }
    if (nics.empty()) continue;
    HostSide side{host.name, builder.component(ComponentKind::host, host.name), {}};
    const ComponentKind nic_kind = nics.size() > 1 ? ComponentKind::bond_member : ComponentKind::nic;
    for (const site::Nic* nic : nics) {
      side.members.push_back(
          {nic->switch_name,
           {builder.component(nic_kind, host.name + ":" + nic->name, host.name, nic->name),
            builder.component(ComponentKind::cable, cable_name(host.name, nic->name, nic->switch_name, nic->port),
                              host.name, nic->name),
            builder.component(ComponentKind::switch_port, nic->switch_name + ":" + nic->port, host.name, nic->name,
                              nic->switch_name)}});
    }
    hosts.push_back(std::move(side));
  }

  std::map<std::pair<std::string, std::string>, std::vector<SwitchPath>> between_switches;
  for (const HostSide& src : hosts) {
    for (const HostSide& dst : hosts) {
      if (src.name == dst.name) continue;
      std::map<std::size_t, double> shares{{src.host_component, 1.0}, {dst.host_component, 1.0}, {network_index, 1.0}};
      const double flow_share = 1.0 / static_cast<double>(src.members.size() * dst.members.size());
      for (const Member& out_member : src.members) {
        for (const Member& in_member : dst.members) {
          for (std::size_t c : out_member.components) add_share(shares, c, flow_share);
          for (std::size_t c : in_member.components) add_share(shares, c, flow_share);
          auto key = std::make_pair(out_member.switch_name, in_member.switch_name);
          auto found = between_switches.find(key);
          if (found == between_switches.end()) {
            found = between_switches.emplace(key, builder.switch_paths(key.first, key.second)).first;
          }
          const std::vector<SwitchPath>& paths = found->second;
          for (const SwitchPath& path : paths) {
            for (std::size_t c : path) add_share(shares, c, flow_share / static_cast<double>(paths.size()));
          }
        }
      }
      std::vector<Crossing>& crossings = out.pairs[{src.name, dst.name}];
      for (const auto& [component, share] : shares) crossings.push_back({component, std::min(share, 1.0)});
    }
  }
  return out;
}

SiteProbePaths probe_paths_by_network(const site::Site& site) {
  SiteProbePaths out;
  for (const site::Network& network : site.networks) out.emplace(network.name, probe_paths(site, network.name));
  return out;
}

}  // namespace netkeel::analyze
