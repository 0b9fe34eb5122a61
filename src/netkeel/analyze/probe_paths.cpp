#include "netkeel/analyze/probe_paths.hpp"

#include <algorithm>
#include <deque>
#include <set>

#include "netkeel/site/host_networks.hpp"

namespace netkeel::analyze {
namespace {

// A path between two switches: the switches and the links between them, in order.
using SwitchPath = std::vector<std::size_t>;
using SwitchPathCache = std::map<std::pair<std::string, std::string>, std::vector<SwitchPath>>;

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
    for (const auto& [a, b] : links_) component(ComponentKind::switch_, b);  // an uplink to an unlisted switch
  }

 private:
  void link(const std::string& a, const std::string& b) {
    if (links_.count({a, b}) || links_.count({b, a})) return;
    const std::size_t index = component(ComponentKind::uplink, uplink_name(a, b));
    links_.insert({a, b});
    out_.switch_links[a].emplace_back(b, index);
    out_.switch_links[b].emplace_back(a, index);
  }

  const site::Site& site_;
  ProbePaths& out_;
  std::map<std::pair<ComponentKind, std::string>, std::size_t> index_;
  std::set<std::pair<std::string, std::string>> links_;
};

constexpr std::size_t kMaxSwitchPaths = 16;  // more equal-cost paths only spread the flows thinner

void walk(const ProbePaths& paths, const std::string& at, const std::string& to, const std::map<std::string, int>& depth,
          SwitchPath& path, std::vector<SwitchPath>& out) {
  if (out.size() >= kMaxSwitchPaths) return;
  if (at == to) {
    out.push_back(path);
    return;
  }
  auto links = paths.switch_links.find(at);
  if (links == paths.switch_links.end()) return;
  const int here = depth.at(at);
  for (const auto& [next, link_index] : links->second) {
    auto it = depth.find(next);
    if (it == depth.end() || it->second != here + 1 || it->second > depth.at(to)) continue;
    path.push_back(link_index);
    path.push_back(paths.find(ComponentKind::switch_, next));
    walk(paths, next, to, depth, path, out);
    path.resize(path.size() - 2);
  }
}

// Every shortest path between two switches (breadth first over peer links and uplinks), at most
// kMaxSwitchPaths of them.
std::vector<SwitchPath> switch_paths(const ProbePaths& paths, const std::string& from, const std::string& to) {
  const std::size_t from_index = paths.find(ComponentKind::switch_, from);
  if (from_index == paths.components.size()) return {};
  if (from == to) return {{from_index}};
  std::map<std::string, int> depth{{from, 0}};
  std::deque<std::string> queue{from};
  while (!queue.empty()) {
    const std::string at = queue.front();
    queue.pop_front();
    auto links = paths.switch_links.find(at);
    if (links == paths.switch_links.end()) continue;
    for (const auto& [next, link_index] : links->second) {
      if (depth.try_emplace(next, depth[at] + 1).second) queue.push_back(next);
    }
  }
  if (!depth.count(to)) return {};
  std::vector<SwitchPath> out;
  SwitchPath path{from_index};
  walk(paths, from, to, depth, path, out);
  return out;
}

std::vector<FlowPath> flows_between(const ProbePaths& paths, const std::string& src, const std::string& dst,
                                    SwitchPathCache& cache) {
  auto src_nics = paths.attachments.find(src);
  auto dst_nics = paths.attachments.find(dst);
  if (src_nics == paths.attachments.end() || dst_nics == paths.attachments.end() || src == dst) return {};
  const std::size_t src_host = paths.find(ComponentKind::host, src);
  const std::size_t dst_host = paths.find(ComponentKind::host, dst);
  const double member_share = 1.0 / static_cast<double>(src_nics->second.size() * dst_nics->second.size());
  std::vector<FlowPath> out;
  for (const HostAttachment& out_nic : src_nics->second) {
    for (const HostAttachment& in_nic : dst_nics->second) {
      auto key = std::make_pair(out_nic.switch_name, in_nic.switch_name);
      auto found = cache.find(key);
      if (found == cache.end()) found = cache.emplace(key, switch_paths(paths, key.first, key.second)).first;
      for (const SwitchPath& between : found->second) {
        FlowPath flow{member_share / static_cast<double>(found->second.size()), {src_host}};
        flow.hops.insert(flow.hops.end(), out_nic.components.begin(), out_nic.components.end());
        flow.hops.insert(flow.hops.end(), between.begin(), between.end());
        flow.hops.insert(flow.hops.end(), in_nic.components.rbegin(), in_nic.components.rend());
        flow.hops.push_back(dst_host);
        out.push_back(std::move(flow));
      }
    }
  }
  return out;
}

bool carries(const site::Site& site, const site::Nic& nic, const std::string& network) {
  for (const site::Network* carried : site::networks_carried_by(site, nic)) {
    if (carried->name == network) return true;
  }
  return false;
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

std::vector<FlowPath> flow_paths(const ProbePaths& paths, const std::string& src, const std::string& dst) {
  SwitchPathCache cache;
  return flows_between(paths, src, dst, cache);
}

ProbePaths probe_paths(const site::Site& site, const std::string& network) {
  ProbePaths out;
  out.network = network;
  if (site.find_network(network) == nullptr) return out;
  PathBuilder builder(site, out);
  const std::size_t network_index = builder.component(ComponentKind::network, network);
  builder.add_switch_links();

  std::vector<std::string> hosts;
  for (const site::Host& host : site.hosts) {
    std::vector<const site::Nic*> nics;
    for (const site::Nic& nic : host.nics) {
      if (carries(site, nic, network)) nics.push_back(&nic);
    }
    if (nics.empty()) continue;
    builder.component(ComponentKind::host, host.name);
    hosts.push_back(host.name);
    const ComponentKind nic_kind = nics.size() > 1 ? ComponentKind::bond_member : ComponentKind::nic;
    for (const site::Nic* nic : nics) {
      builder.component(ComponentKind::switch_, nic->switch_name);
      out.attachments[host.name].push_back(
          {nic->switch_name,
           {builder.component(nic_kind, host.name + ":" + nic->name, host.name, nic->name),
            builder.component(ComponentKind::cable, cable_name(host.name, nic->name, nic->switch_name, nic->port),
                              host.name, nic->name),
            builder.component(ComponentKind::switch_port, nic->switch_name + ":" + nic->port, host.name, nic->name,
                              nic->switch_name)}});
    }
  }

  SwitchPathCache cache;
  for (const std::string& src : hosts) {
    for (const std::string& dst : hosts) {
      if (src == dst) continue;
      std::map<std::size_t, double> shares{{network_index, 1.0}};
      for (const FlowPath& flow : flows_between(out, src, dst, cache)) {
        // A flow crosses its hosts once, though they are two of its hops: count each component once per flow.
        std::set<std::size_t> crossed(flow.hops.begin(), flow.hops.end());
        for (std::size_t c : crossed) shares[c] += flow.share;
      }
      shares[out.find(ComponentKind::host, src)] = 1.0;
      shares[out.find(ComponentKind::host, dst)] = 1.0;
      std::vector<Crossing>& crossings = out.pairs[{src, dst}];
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
