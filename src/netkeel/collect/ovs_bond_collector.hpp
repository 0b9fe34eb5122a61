#pragma once
// Open vSwitch bonds of this host (the OVS host backend): `ovs-appctl -t TARGET bond/show` and
// `lacp/show`, parsed by ovs_bond_output. TARGET is ovs-appctl's: a daemon name resolved in OVS's run
// directory ("ovs-vswitchd") or the path of a control socket (a lab host's <dir>/ovs-vswitchd.ctl).
// An OVS that does not answer is reported once and skipped, like libvirt.
#include <string>
#include <vector>

#include "netkeel/collect/availability_log.hpp"
#include "netkeel/collect/bond_state.hpp"

namespace netkeel::collect {

inline constexpr const char* kSystemOvsPidfile = "/var/run/openvswitch/ovs-vswitchd.pid";

// --ovs-ctl as given -> the ovs-appctl target, "" = off. "auto": the system's ovs-vswitchd when its
// pidfile exists, else off; "none" or "": off; anything else is used as given.
std::string resolve_ovs_target(const std::string& flag, const std::string& system_pidfile = kSystemOvsPidfile);

class OvsBondCollector {
 public:
  explicit OvsBondCollector(std::string target);
  // Every OVS bond with its members; empty (and up() false) when ovs-vswitchd does not answer.
  std::vector<BondState> read();
  bool up() const { return log_.available(); }
  const std::string& target() const { return target_; }

 private:
  std::string target_;
  AvailabilityLog log_;
};

}  // namespace netkeel::collect
