#include "netkeel/ha/make_health_probe.hpp"

#include "netkeel/collect/link_event_watcher.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/ha/exec_health_probe.hpp"
#include "netkeel/ha/http_health_probe.hpp"
#include "netkeel/ha/link_health_probe.hpp"
#include "netkeel/ha/mesh_health_probe.hpp"
#include "netkeel/ha/tcp_health_probe.hpp"
#include "netkeel/site/host_networks.hpp"

namespace netkeel::ha {

namespace {
const Ipv4Address kLoopback(0x7f000001);

bool carries(const site::Site& site, const site::Nic& nic, const std::string& network) {
  for (const site::Network* n : site::networks_carried_by(site, nic))
    if (n->name == network) return true;
  return false;
}

std::unique_ptr<HealthProbe> link_probe(const site::Service& service, const ProbeContext& context) {
  auto watcher = std::make_unique<collect::LinkEventWatcher>(context.clock);
  auto initial = watcher->link_states();
  return std::make_unique<LinkHealthProbe>(std::move(watcher), std::move(initial),
                                           link_check_nics(context.site, context.host, service.network), service.network);
}

std::unique_ptr<HealthProbe> mesh_probe(const site::Service& service, const ProbeContext& context) {
  return std::make_unique<MeshHealthProbe>(std::make_unique<http::CurlHttpClient>(), context.agent_metrics_url,
                                           context.host, service.network,
                                           mesh_check_peers(context.site, context.host, service.network));
}

}  // namespace

std::unique_ptr<HealthProbe> make_health_probe(const site::Service& service, const site::HealthCheck& check,
                                               const ProbeContext& context) {
  switch (check.kind) {
    case site::HealthCheck::Kind::none:
    case site::HealthCheck::Kind::dep:
      return nullptr;
    case site::HealthCheck::Kind::tcp:
      return std::make_unique<TcpHealthProbe>(kLoopback, check.tcp_port);
    case site::HealthCheck::Kind::http:
      if (service.ports.empty()) {
        throw UsageError("service '" + service.name + "' has an http check but no port; give it `port:`");
      }
      return std::make_unique<HttpHealthProbe>(
          std::make_unique<http::CurlHttpClient>(),
          "http://" + kLoopback.str() + ":" + std::to_string(service.ports.front()) + check.http_path);
    case site::HealthCheck::Kind::exec:
      return std::make_unique<ExecHealthProbe>(check.exec_command);
    case site::HealthCheck::Kind::link:
      return link_probe(service, context);
    case site::HealthCheck::Kind::mesh:
      return mesh_probe(service, context);
  }
  return nullptr;
}

std::vector<std::string> link_check_nics(const site::Site& site, const std::string& host, const std::string& network) {
  std::vector<std::string> nics;
  if (const site::Host* h = site.find_host(host))
    for (const auto& nic : h->nics)
      if (carries(site, nic, network)) nics.push_back(nic.name);
  return nics;
}

std::vector<std::string> mesh_check_peers(const site::Site& site, const std::string& host, const std::string& network) {
  std::vector<std::string> peers;
  for (const auto& h : site.hosts) {
    if (h.name == host) continue;
    for (const site::Network* n : site::networks_carried_by(site, h))
      if (n->name == network) peers.push_back(h.name);
  }
  return peers;
}

HealthTiming health_timing(const site::HealthCheck& check) {
  return HealthTiming{check.interval, check.timeout, check.fall, check.rise};
}

}  // namespace netkeel::ha
