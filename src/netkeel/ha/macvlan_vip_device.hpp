#pragma once
// A VIP's device on the kernel backend: a macvlan on the parent interface with the planned MAC, mode
// private (VIP devices are endpoints for the outside network and never exchange frames with each other;
// a VIP's broadcasts, such as its gratuitous ARPs, are not looped into its sibling VIP devices as in
// `bridge` mode), the parent's MTU, and `addrgenmode none`.
#include <string>
#include <vector>

#include "netkeel/ha/vip_device.hpp"
#include "netkeel/ha/vip_holder_spec.hpp"
#include "netkeel/kernel/kernel_features.hpp"
#include "netkeel/kernel/netlink.hpp"

namespace netkeel::ha {

class MacvlanVipDevice final : public VipDevice {
 public:
  static constexpr const char* kMode = "private";

  // KERNEL_FEATURES: what kernel::detect_kernel_features() found (once per keeper); ensure() refuses with
  // the feature's own message when macvlan is missing. An empty list skips the check.
  MacvlanVipDevice(VipHolderSpec spec, kernel::Netlink& netlink, std::vector<kernel::FeatureStatus> kernel_features);

  const std::string& name() const override { return name_; }
  void ensure() override;
  void remove() override;

 private:
  VipHolderSpec spec_;
  std::string name_;
  kernel::Netlink& netlink_;
  std::vector<kernel::FeatureStatus> kernel_features_;
};

}  // namespace netkeel::ha
