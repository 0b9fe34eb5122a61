#pragma once
// "Does this address answer?" behind a small interface: the verifier asks it about each gateway and
// each --check-peer address. The real implementation (ArpIcmpProbe) sends ARP requests and ICMP
// echoes from the network namespace the process is in; unit tests use a scripted one.
#include <optional>
#include <string>

#include "netkeel/core/ipv4.hpp"

namespace netkeel::apply {

struct ProbeTarget {
  Ipv4Address address;
  std::string interface;               // "" = let routing choose (the peer is not on a planned subnet)
  std::optional<Ipv4Address> source;   // the host's address on that network
  bool on_link = false;                // ARP is asked only for on-link targets
  std::string label;                   // "gateway of mgmt", "peer": for messages
};

struct ProbeResult {
  bool arp_answered = false;           // meaningful only for on-link targets
  bool icmp_answered = false;
  std::string detail;                  // what failed, in words ("" when it answered)
  bool ok(const ProbeTarget& t) const { return icmp_answered && (!t.on_link || arp_answered); }
};

class ReachabilityProbe {
 public:
  virtual ~ReachabilityProbe() = default;
  virtual ProbeResult probe(const ProbeTarget& target) = 0;
};

}  // namespace netkeel::apply
