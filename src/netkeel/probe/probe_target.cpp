#include "netkeel/probe/probe_target.hpp"

namespace netkeel::probe {

std::string ProbeTarget::key() const {
  return network + "|" + dst + "|" + to_string(kind) + "|" + address.str() + ":" + std::to_string(port) + "|" +
         source.str();
}

std::string to_string(ProbeKind k) {
  switch (k) {
    case ProbeKind::icmp: return "icmp";
    case ProbeKind::udp: return "udp";
    case ProbeKind::tcp: return "tcp";
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
