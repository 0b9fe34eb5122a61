#include "netkeel/ha/macvlan_vip_device.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "netkeel/ha/vip_device_name.hpp"

namespace netkeel::ha {

MacvlanVipDevice::MacvlanVipDevice(VipHolderSpec spec, kernel::Netlink& netlink,
                                   std::vector<kernel::FeatureStatus> kernel_features)
    : spec_(std::move(spec)),
      name_(vip_device_name(spec_.service)),
      netlink_(netlink),
      kernel_features_(std::move(kernel_features)) {}

void MacvlanVipDevice::ensure() {
  const auto status = kernel::feature_for_link_kind(kernel_features_, "macvlan");
  if (status && !status->available) {
    throw RuntimeError(fmt::format("cannot hold VIP {} of {}: each VIP needs its own macvlan device, and {}",
                                   spec_.address.str(), spec_.service, status->message()));
  }
  const auto links = netlink_.links();
  const auto parent = std::find_if(links.begin(), links.end(), [&](const kernel::Link& l) { return l.name == spec_.parent; });
  if (parent == links.end()) {
    throw RuntimeError(fmt::format("parent interface {} of VIP {} does not exist; apply the host plan first",
                                   spec_.parent, spec_.address.str()));
  }
  const auto existing = std::find_if(links.begin(), links.end(), [&](const kernel::Link& l) { return l.name == name_; });
  const bool right = existing != links.end() && existing->kind == "macvlan" && existing->parent == spec_.parent &&
                     existing->mac == spec_.mac && existing->macvlan_mode == kMode;
  if (right) return;
  if (existing != links.end()) netlink_.delete_link(name_);  // left by someone else, or stale
  netlink_.create_link(kernel::LinkSpec{.name = name_,
                                        .kind = "macvlan",
                                        .mac = spec_.mac,
                                        .mtu = parent->mtu,
                                        .parent = spec_.parent,
                                        .macvlan_mode = kMode,
                                        .ipv6_link_local = false});
}

void MacvlanVipDevice::remove() {
  const auto links = netlink_.links();
  if (std::any_of(links.begin(), links.end(), [&](const kernel::Link& l) { return l.name == name_; }))
    netlink_.delete_link(name_);
}

}  // namespace netkeel::ha
