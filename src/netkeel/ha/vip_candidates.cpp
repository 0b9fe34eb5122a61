#include "netkeel/ha/vip_candidates.hpp"

#include <algorithm>

#include "netkeel/core/fnv1a.hpp"

namespace netkeel::ha {

namespace {

bool carries(const plan::HostPlan& host, const std::string& network) {
  return std::any_of(host.networks.begin(), host.networks.end(),
                     [&](const plan::HostNetworkPlan& n) { return n.network == network; });
}

std::uint64_t weight(const std::string& service, const std::string& host) {
  return fnv1a_64(service + '\n' + host);
}

}  // namespace

std::vector<std::string> vip_candidates(const site::Service& service, const plan::ClusterPlan& plan) {
  std::vector<std::string> hosts;
  for (const auto& host : plan.hosts) {
    const bool allowed = service.hosts.empty() ||
                         std::find(service.hosts.begin(), service.hosts.end(), host.name) != service.hosts.end();
    if (allowed && carries(host, service.network)) hosts.push_back(host.name);
  }
  std::sort(hosts.begin(), hosts.end(), [&](const std::string& a, const std::string& b) {
    const auto wa = weight(service.name, a), wb = weight(service.name, b);
    return wa != wb ? wa > wb : a < b;
  });
  return hosts;
}

std::optional<int> vip_rank(const site::Service& service, const plan::ClusterPlan& plan, const std::string& host) {
  const auto hosts = vip_candidates(service, plan);
  const auto it = std::find(hosts.begin(), hosts.end(), host);
  if (it == hosts.end()) return std::nullopt;
  return static_cast<int>(it - hosts.begin());
}

std::string vip_key_prefix(const std::string& site) { return "/netkeel/" + site + "/vips/"; }

std::string vip_key(const std::string& site, const std::string& service) { return vip_key_prefix(site) + service; }

}  // namespace netkeel::ha
