#pragma once
// A VIP's device on the Open vSwitch backend: the parent is an internal port of the OVS bridge (the plan's
// interface on the VIP's network, e.g. `bond0.20` with tag 20), and the VIP gets an internal port of its own
// beside it on the same bridge, with the parent's VLAN settings (tag, vlan_mode, trunks) and MTU, and the
// planned MAC in the Interface's mac column: `ovs-vsctl add-port nk-br0 NAME -- set Interface NAME
// type=internal mac="..."`. OVS makes the netdev; its IPv6 link-local is turned off through the sysctl
// net.ipv6.conf.NAME.addr_gen_mode = 1 (none) before the holder brings it up.
#include <string>

#include "netkeel/apply/ovsdb.hpp"
#include "netkeel/ha/vip_device.hpp"
#include "netkeel/ha/vip_holder_spec.hpp"
#include "netkeel/kernel/sysctl.hpp"

namespace netkeel::ha {

class OvsInternalPortVipDevice final : public VipDevice {
 public:
  // BRIDGE: the backend's bridge (apply::kOvsBridgeName).
  OvsInternalPortVipDevice(VipHolderSpec spec, apply::Ovsdb& ovsdb, kernel::Sysctl& sysctl, std::string bridge);

  const std::string& name() const override { return name_; }
  void ensure() override;
  void remove() override;

 private:
  VipHolderSpec spec_;
  std::string name_;
  apply::Ovsdb& ovsdb_;
  kernel::Sysctl& sysctl_;
  std::string bridge_;
};

}  // namespace netkeel::ha
