#include "netkeel/agent/agent_parts.hpp"

#include <random>

#include "netkeel/agent/epoll_waiter.hpp"
#include "netkeel/collect/link_event_watcher.hpp"
#include "netkeel/http/http_client.hpp"
#include "netkeel/probe/icmp_prober.hpp"
#include "netkeel/probe/tcp_prober.hpp"
#include "netkeel/probe/udp_prober.hpp"
#include "netkeel/probe/udp_responder.hpp"

namespace netkeel::agent {

AgentParts make_system_agent_parts(const AgentOptions& options, const Clock& clock) {
  AgentParts parts{clock, {}, nullptr, nullptr, nullptr, nullptr};
  std::random_device random;
  const uint32_t nonce = random();
  if (options.icmp) parts.probers[probe::ProbeKind::icmp] = std::make_unique<probe::IcmpProber>(nonce);
  if (options.udp) {
    parts.probers[probe::ProbeKind::udp] = std::make_unique<probe::UdpProber>(nonce, options.udp_source_ports);
  }
  if (options.tcp) parts.probers[probe::ProbeKind::tcp] = std::make_unique<probe::TcpProber>();
  // Its own socket (DF on every packet) and nonce, so the two ICMP probers never take each other's replies.
  if (options.pmtu) parts.probers[probe::ProbeKind::pmtu] = std::make_unique<probe::IcmpProber>(nonce + 1, true);
  parts.responder = std::make_unique<probe::UdpResponder>(Ipv4Address(0), options.responder_port);
  parts.links = std::make_unique<collect::LinkEventWatcher>(clock);
  parts.collectors = std::make_unique<SystemCollectors>(options.libvirt_uri, options.ovs_ctl, clock);
  parts.waiter = std::make_unique<EpollWaiter>();
  if (!options.keeper_metrics.url.empty())
    parts.keeper = std::make_unique<KeeperScraper>(std::make_unique<http::CurlHttpClient>(), options.keeper_metrics);
  return parts;
}

}  // namespace netkeel::agent
