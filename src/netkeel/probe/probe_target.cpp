#include "netkeel/probe/probe_target.hpp"

namespace netkeel::probe {

std::string ProbeTarget::key() const {
  return network + "|" + dst + "|" + to_string(kind) + "|" + address.str() + ":" + std::to_string(port) + "|" +
         source.str() + (packet_size ? "|" + std::to_string(packet_size) : "");
}

std::string to_string(ProbeKind k) {
  switch (k) {
    case ProbeKind::icmp: return "icmp";
    case ProbeKind::udp: return "udp";
    case ProbeKind::tcp: return "tcp";
    case ProbeKind::pmtu: return "pmtu";
  }
  return "?";
}

std::string to_string(TargetRole r) {
  switch (r) {
    case TargetRole::host: return "host";
    case TargetRole::vip: return "vip";
    case TargetRole::gateway: return "gateway";
  }
  return "?";
}

}  // namespace netkeel::probe
