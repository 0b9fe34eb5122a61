#pragma once
// The network device that carries one VIP and its planned MAC (one MAC per netdev, so one device per VIP).
// Implementations: MacvlanVipDevice (kernel backend: a macvlan on the parent) and OvsInternalPortVipDevice
// (OVS backend: an internal port of the bridge, beside the parent's). Both are named vip_device_name().
#include <string>

namespace netkeel::ha {

class VipDevice {
 public:
  virtual ~VipDevice() = default;
  virtual const std::string& name() const = 0;
  // Makes the device exist with the planned MAC, on the VIP's network, without an IPv6 link-local address
  // and still admin-down when new; keeps one that is already right, replaces one that is not.
  // Throws RuntimeError naming what is missing (the parent, a kernel feature, the OVS bridge).
  virtual void ensure() = 0;
  // Deletes the device (with its addresses); absent is not an error. Throws RuntimeError.
  virtual void remove() = 0;
};

}  // namespace netkeel::ha
