#include "netkeel/ha/ovs_internal_port_vip_device.hpp"

#include <fmt/format.h>

#include "netkeel/core/error.hpp"
#include "netkeel/ha/vip_device_name.hpp"

namespace netkeel::ha {

OvsInternalPortVipDevice::OvsInternalPortVipDevice(VipHolderSpec spec, apply::Ovsdb& ovsdb, kernel::Sysctl& sysctl,
                                                   std::string bridge)
    : spec_(std::move(spec)),
      name_(vip_device_name(spec_.service)),
      ovsdb_(ovsdb),
      sysctl_(sysctl),
      bridge_(std::move(bridge)) {}

void OvsInternalPortVipDevice::ensure() {
  std::optional<apply::OvsBridge> bridge;
  try {
    bridge = ovsdb_.read_bridge(bridge_);
  } catch (const apply::OvsdbError& e) {
    throw RuntimeError(fmt::format("VIP {}: read OVS bridge {}: {}", spec_.address.str(), bridge_, e.what()));
  }
  if (!bridge) {
    throw RuntimeError(fmt::format("VIP {}: no OVS bridge {} at {}; apply the host plan with the OVS backend first",
                                   spec_.address.str(), bridge_, ovsdb_.target()));
  }
  const apply::OvsPort* parent = bridge->find_port(spec_.parent);
  if (!parent || parent->kind != apply::OvsPortKind::internal) {
    throw RuntimeError(fmt::format("VIP {}: the parent {} is not an internal port of OVS bridge {}; apply the host plan "
                                   "with the OVS backend first",
                                   spec_.address.str(), spec_.parent, bridge_));
  }
  apply::OvsPort wanted;
  wanted.name = name_;
  wanted.kind = apply::OvsPortKind::internal;
  wanted.interfaces = {name_};
  wanted.tag = parent->tag;
  wanted.vlan_mode = parent->vlan_mode;
  wanted.trunks = parent->trunks;
  wanted.mac = spec_.mac;
  wanted.mtu = parent->mtu;
  const apply::OvsPort* existing = bridge->find_port(name_);
  try {
    if (!existing) {
      ovsdb_.apply(apply::AddOvsPort{bridge_, wanted});
    } else if (*existing != wanted) {
      ovsdb_.apply(apply::SetOvsPort{bridge_, wanted, *existing});
    }
  } catch (const apply::OvsdbError& e) {
    throw RuntimeError(fmt::format("VIP {}: OVS port {}: {}", spec_.address.str(), name_, e.what()));
  }
  // No IPv6 link-local: two hosts holding this MAC in turn must not derive one address from it. The key
  // is missing only where IPv6 is off, and then there is no link-local either.
  const std::string key = fmt::format("net.ipv6.conf.{}.addr_gen_mode", name_);
  if (sysctl_.get(key)) sysctl_.set(key, "1");
}

void OvsInternalPortVipDevice::remove() {
  try {
    const auto bridge = ovsdb_.read_bridge(bridge_);
    if (!bridge) return;
    if (const apply::OvsPort* port = bridge->find_port(name_)) ovsdb_.apply(apply::DeleteOvsPort{bridge_, *port});
  } catch (const apply::OvsdbError& e) {
    throw RuntimeError(fmt::format("VIP {}: remove OVS port {}: {}", spec_.address.str(), name_, e.what()));
  }
}

}  // namespace netkeel::ha
