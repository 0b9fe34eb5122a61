#pragma once
// One thing the agent measures: a destination address on one network, with one probe kind.
#include <cstdint>
#include <string>

#include "netkeel/core/ipv4.hpp"

namespace netkeel::probe {

enum class ProbeKind { icmp, udp, tcp, pmtu };  // pmtu: ICMP echo, don't-fragment, at the network's MTU
enum class TargetRole { host, vip, gateway };

struct ProbeTarget {
  std::string src;            // the probing host
  std::string dst;            // host name, service name (VIP) or "gateway"
  TargetRole role = TargetRole::host;
  std::string network;
  ProbeKind kind = ProbeKind::icmp;
  Ipv4Address source;         // the probing host's address on `network` (sent from, so replies come back
                              // through that network's interface)
  Ipv4Address address;        // where the probe goes
  uint16_t port = 0;          // udp: the peer's responder port; tcp: the service port; icmp: 0
  int packet_size = 0;        // pmtu: the IP packet size to send (the network's planned MTU); else 0
  uint32_t every = 1;         // probed once every `every` intervals (pmtu: --pmtu-interval / --interval)

  // Identifies a target across plan changes: same key = same measurement series.
  std::string key() const;
  auto operator<=>(const ProbeTarget&) const = default;
};

std::string to_string(ProbeKind k);   // icmp | udp | tcp | pmtu
std::string to_string(TargetRole r);  // host | vip | gateway

}  // namespace netkeel::probe
