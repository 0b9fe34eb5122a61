#include "netkeel/agent/host_collectors.hpp"

#include "netkeel/collect/kernel_bond_state.hpp"
#include "netkeel/collect/nic_counters.hpp"
#include "netkeel/collect/proc_net_stats.hpp"

namespace netkeel::agent {

SystemCollectors::SystemCollectors(const std::string& libvirt_uri, const std::string& ovs_ctl, const Clock& clock) {
  if (collect::vm_collection_enabled(libvirt_uri)) vms_ = std::make_unique<collect::VmCounterCollector>(libvirt_uri, clock);
  if (auto target = collect::resolve_ovs_target(ovs_ctl); !target.empty()) {
    ovs_ = std::make_unique<collect::OvsBondCollector>(target);
  }
}

void SystemCollectors::collect(AgentSnapshot& s) {
  try {
    s.nics = collect::read_nic_counters();
  } catch (const std::exception& e) {
    s.collector_errors.push_back(std::string("nic counters: ") + e.what());
  }
  try {
    s.netstat = collect::read_proc_net_stats();
  } catch (const std::exception& e) {
    s.collector_errors.push_back(std::string("netstat: ") + e.what());
  }
  if (vms_) {  // an unavailable libvirt is no collector error: it was reported once and is retried
    s.vms = vms_->read();
    s.vm_collector_up = vms_->up();
  }
  try {
    s.bonds = collect::read_kernel_bond_states();
  } catch (const std::exception& e) {
    s.collector_errors.push_back(std::string("kernel bonds: ") + e.what());
  }
  if (ovs_) {
    auto ovs_bonds = ovs_->read();
    s.bonds.insert(s.bonds.end(), ovs_bonds.begin(), ovs_bonds.end());
    s.ovs_collector_up = ovs_->up();
  }
}

}  // namespace netkeel::agent
