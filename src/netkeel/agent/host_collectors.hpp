#pragma once
// What the agent collects from its host at each report besides probes: NIC counters, /proc/net
// statistics, bonds (kernel and OVS) and per-VM counters. SystemCollectors reads the real host; unit
// tests of the agent's loop pass a fake.
#include <memory>
#include <string>

#include "netkeel/agent/agent_snapshot.hpp"
#include "netkeel/collect/ovs_bond_collector.hpp"
#include "netkeel/collect/vm_interface_counters.hpp"
#include "netkeel/core/clock.hpp"

namespace netkeel::agent {

class HostCollectors {
 public:
  virtual ~HostCollectors() = default;
  // Fills the snapshot's host figures; a collector that fails adds a line to collector_errors.
  virtual void collect(AgentSnapshot& snapshot) = 0;
};

class SystemCollectors final : public HostCollectors {
 public:
  // libvirt_uri: per-VM counters ("" or "none": off); ovs_ctl: OVS bonds ("auto", a target, or "none").
  SystemCollectors(const std::string& libvirt_uri, const std::string& ovs_ctl, const Clock& clock);
  void collect(AgentSnapshot& snapshot) override;

 private:
  std::unique_ptr<collect::VmCounterCollector> vms_;  // null: off
  std::unique_ptr<collect::OvsBondCollector> ovs_;    // null: off
};

}  // namespace netkeel::agent
