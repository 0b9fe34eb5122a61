#pragma once
// The real ReachabilityProbe: an ARP request on a packet socket (answered or not, it leaves no
// entry in the kernel's neighbour table), then ICMP echo on a raw socket bound to the source
// address and interface. Works in whatever network namespace the process is in. Needs CAP_NET_RAW.
#include <chrono>

#include "netkeel/apply/reachability_probe.hpp"

namespace netkeel::apply {

class ArpIcmpProbe : public ReachabilityProbe {
 public:
  // Each of ARP and ICMP is tried `attempts` times, waiting up to `wait_per_attempt` for a reply.
  explicit ArpIcmpProbe(int attempts = 3, std::chrono::milliseconds wait_per_attempt = std::chrono::milliseconds(1000))
      : attempts_(attempts), wait_(wait_per_attempt) {}
  ProbeResult probe(const ProbeTarget& target) override;

 private:
  // Each returns "" when the target answered, else why not.
  std::string arp(const ProbeTarget& target);
  std::string icmp(const ProbeTarget& target);

  int attempts_;
  std::chrono::milliseconds wait_;
};

}  // namespace netkeel::apply
