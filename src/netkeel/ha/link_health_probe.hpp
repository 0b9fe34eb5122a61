#pragma once
// The `link` check: a NIC carrying the service's network has carrier. It reads the kernel's netlink
// link notifications (collect::LinkEventSource), never sysfs: each run takes the events that arrived
// since the last one. One NIC with carrier is enough (a bond survives the loss of one member).
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "netkeel/collect/link_event_source.hpp"
#include "netkeel/ha/health_probe.hpp"

namespace netkeel::ha {

class LinkHealthProbe final : public HealthProbe {
 public:
  // INITIAL: every interface's running state when EVENTS was subscribed (name -> up).
  LinkHealthProbe(std::unique_ptr<collect::LinkEventSource> events, std::map<std::string, bool> initial,
                  std::vector<std::string> nics, std::string network);
  ProbeOutcome run(Nanoseconds timeout) override;
  std::string describe() const override;

 private:
  std::unique_ptr<collect::LinkEventSource> events_;
  std::map<std::string, bool> up_;
  std::vector<std::string> nics_;
  std::string network_;
};

}  // namespace netkeel::ha
