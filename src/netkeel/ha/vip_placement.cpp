#include "netkeel/ha/vip_placement.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "netkeel/core/fnv1a.hpp"
#include "netkeel/ha/vip_candidates.hpp"

namespace netkeel::ha {

namespace {

// FNV-1a alone spreads similar short strings poorly in its high bits; the splitmix64 finaliser fixes that.
std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

class Placer {
 public:
  Placer(const PlacementInput& input, PlacementMode mode) : input_(input), mode_(mode) {
    for (const auto& host : input.hosts) host_weight_[host.name] = host.weight;
    for (std::size_t g = 0; g < input.anti_affinity.size(); ++g)
      for (const auto& service : input.anti_affinity[g]) groups_[service].push_back(g);
    for (const auto& service : input.services) eligible_[service.name] = eligible(service);
    compute_bounds();
  }

  Placement run() {
    Placement out;
    out.bound = bound_;
    for (const auto& service : input_.services) out.services.push_back({service.name, "", 0, false, {}});
    // Current holders first: they stay where the mode allows.
    std::vector<std::size_t> held;
    for (std::size_t i = 0; i < input_.services.size(); ++i) {
      const auto it = input_.holders.find(input_.services[i].name);
      if (it != input_.holders.end() && is_eligible(input_.services[i].name, it->second)) held.push_back(i);
    }
    std::sort(held.begin(), held.end(), [&](std::size_t a, std::size_t b) {
      const auto& sa = input_.services[a].name;
      const auto& sb = input_.services[b].name;
      const double ka = score(sa, input_.holders.at(sa)), kb = score(sb, input_.holders.at(sb));
      return ka != kb ? ka > kb : sa < sb;
    });
    for (const std::size_t i : held) {
      const auto& service = input_.services[i];
      const std::string& holder = input_.holders.at(service.name);
      const bool stays = mode_ == PlacementMode::keep ||
                         (load_[holder] + service.weight <= bound_[holder] && !conflicts(service.name, holder));
      if (stays) {
        assign(out.services[i], service, holder);
        out.services[i].kept = true;
      }
    }
    // The rest: the most constrained first (fewest eligible hosts, then members of an anti-affinity group,
    // which must find a host while the bound still leaves a choice), then the heaviest.
    std::vector<std::size_t> rest;
    for (std::size_t i = 0; i < input_.services.size(); ++i)
      if (out.services[i].host.empty()) rest.push_back(i);
    std::sort(rest.begin(), rest.end(), [&](std::size_t a, std::size_t b) {
      const auto& sa = input_.services[a];
      const auto& sb = input_.services[b];
      return std::make_tuple(eligible_[sa.name].size(), !groups_.count(sa.name), -sa.weight, sa.name) <
             std::make_tuple(eligible_[sb.name].size(), !groups_.count(sb.name), -sb.weight, sb.name);
    });
    for (const std::size_t i : rest) {
      const auto& service = input_.services[i];
      const auto ranked = rank_hosts(service, "");
      if (!ranked.empty()) assign(out.services[i], service, ranked.front());
    }
    // Standby order: the hosts the VIP would go to if its host went away, best first.
    for (std::size_t i = 0; i < input_.services.size(); ++i) {
      ServicePlacement& placement = out.services[i];
      if (placement.host.empty()) continue;
      placement.order.push_back(placement.host);
      load_[placement.host] -= input_.services[i].weight;
      for (const auto& host : rank_hosts(input_.services[i], placement.host)) placement.order.push_back(host);
      load_[placement.host] += input_.services[i].weight;
    }
    out.load = load_;
    return out;
  }

 private:
  std::vector<std::string> eligible(const PlacementInput::Service& service) const {
    std::vector<std::string> out;
    for (const auto& host : service.candidates) {
      if (input_.drained.count(host) || input_.failed.count({service.name, host})) continue;
      if (!host_weight_.count(host)) continue;
      out.push_back(host);
    }
    return out;
  }

  bool is_eligible(const std::string& service, const std::string& host) const {
    const auto& hosts = eligible_.at(service);
    return std::find(hosts.begin(), hosts.end(), host) != hosts.end();
  }

  void compute_bounds() {
    long total_service = 0, total_host = 0;
    std::set<std::string> hosts;
    for (const auto& service : input_.services) {
      if (eligible_[service.name].empty()) continue;
      total_service += service.weight;
      hosts.insert(eligible_[service.name].begin(), eligible_[service.name].end());
    }
    for (const auto& host : hosts) total_host += host_weight_[host];
    for (const auto& host : hosts) {
      // ceil(total_service x w / total_host) in integers
      const long share = total_service * host_weight_[host];
      bound_[host] = static_cast<int>((share + total_host - 1) / total_host);
      load_[host] = 0;
    }
  }

  double score(const std::string& service, const std::string& host) const {
    const auto it = host_weight_.find(host);
    return rendezvous_score(service, host, it == host_weight_.end() ? 1 : it->second);
  }

  // Another member of one of SERVICE's groups is already placed on HOST.
  bool conflicts(const std::string& service, const std::string& host) const {
    const auto groups = groups_.find(service);
    if (groups == groups_.end()) return false;
    const auto placed = placed_on_.find(host);
    if (placed == placed_on_.end()) return false;
    for (const std::size_t g : groups->second)
      for (const auto& member : input_.anti_affinity[g])
        if (member != service && placed->second.count(member)) return true;
    return false;
  }

  // SERVICE's eligible hosts other than EXCEPT, best first: under the bound, then without a group
  // conflict, then by score, then by name.
  std::vector<std::string> rank_hosts(const PlacementInput::Service& service, const std::string& except) const {
    std::vector<std::tuple<bool, bool, double, std::string>> keys;
    for (const auto& host : eligible_.at(service.name)) {
      if (host == except) continue;
      const auto load = load_.find(host);
      const auto bound = bound_.find(host);
      const bool over = (load == load_.end() ? 0 : load->second) + service.weight >
                        (bound == bound_.end() ? 0 : bound->second);
      keys.emplace_back(over, conflicts(service.name, host), -score(service.name, host), host);
    }
    std::sort(keys.begin(), keys.end());
    std::vector<std::string> out;
    for (const auto& key : keys) out.push_back(std::get<3>(key));
    return out;
  }

  void assign(ServicePlacement& placement, const PlacementInput::Service& service, const std::string& host) {
    placement.host = host;
    placement.score = score(service.name, host);
    load_[host] += service.weight;
    placed_on_[host].insert(service.name);
  }

  const PlacementInput& input_;
  PlacementMode mode_;
  std::map<std::string, int> host_weight_;
  std::map<std::string, std::vector<std::size_t>> groups_;
  std::map<std::string, std::vector<std::string>> eligible_;
  std::map<std::string, int> bound_;
  std::map<std::string, int> load_;
  std::map<std::string, std::set<std::string>> placed_on_;
};

}  // namespace

double rendezvous_score(const std::string& service, const std::string& host, int host_weight) {
  const std::uint64_t hash = mix(fnv1a_64(service + '\n' + host));
  // u in (0, 1): the top 53 bits, never 0 or 1.
  const double u = (static_cast<double>(hash >> 11) + 0.5) / 9007199254740992.0;
  return static_cast<double>(host_weight) / -std::log(u);
}

const ServicePlacement* Placement::find(const std::string& service) const {
  for (const auto& placement : services)
    if (placement.service == service) return &placement;
  return nullptr;
}

Placement place_vips(const PlacementInput& input, PlacementMode mode) { return Placer(input, mode).run(); }

int claim_rank(const ServicePlacement& placement, const std::string& host) {
  const auto it = std::find(placement.order.begin(), placement.order.end(), host);
  return static_cast<int>(it == placement.order.end() ? placement.order.size() : it - placement.order.begin());
}

PlacementInput placement_input(const site::Site& site, const plan::ClusterPlan& plan) {
  PlacementInput input;
  for (const auto& host : site.hosts) input.hosts.push_back({host.name, host.weight});
  for (const auto& vip : plan.vips) {
    const site::Service* service = site.find_service(vip.service);
    if (!service) continue;
    input.services.push_back({service->name, service->weight, vip_candidates(*service, plan)});
  }
  for (const auto& group : site.placement.anti_affinity) input.anti_affinity.push_back(group.services);
  return input;
}

}  // namespace netkeel::ha
