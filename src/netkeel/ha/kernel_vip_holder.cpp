#include "netkeel/ha/kernel_vip_holder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>

#include "netkeel/ha/vip_device_name.hpp"

namespace netkeel::ha {
namespace {

// Sysctl keys write an interface name's dots as '/' (eth0.20 -> eth0/20).
std::string conf_key(const std::string& interface, const char* setting) {
  std::string name = interface;
  std::replace(name.begin(), name.end(), '.', '/');
  return fmt::format("net.ipv4.conf.{}.{}", name, setting);
}

}  // namespace

KernelVipHolder::KernelVipHolder(VipHolderSpec spec, kernel::Netlink& netlink, kernel::Sysctl& sysctl, VipFence& fence,
                                 ArpAnnouncer& announcer, const Clock& clock,
                                 std::vector<kernel::FeatureStatus> kernel_features)
    : spec_(std::move(spec)),
      device_(vip_device_name(spec_.service)),
      netlink_(netlink),
      sysctl_(sysctl),
      fence_(fence),
      announcer_(announcer),
      clock_(clock),
      kernel_features_(std::move(kernel_features)) {}

void KernelVipHolder::check_kernel_supports_macvlan() const {
  const auto status = kernel::feature_for_link_kind(kernel_features_, "macvlan");
  if (status && !status->available) {
    throw RuntimeError(fmt::format("cannot hold VIP {} of {}: each VIP needs its own macvlan device, and {}",
                                   spec_.address.str(), spec_.service, status->message()));
  }
}

void KernelVipHolder::set_arp_sysctls() {
  // Reverse-path filtering takes the larger of `all` and the device's value: strict mode on `all` would
  // drop every packet to the VIP (their replies leave through the parent), whatever the device says.
  if (sysctl_.get("net.ipv4.conf.all.rp_filter") == "1") {
    throw RuntimeError(
        "net.ipv4.conf.all.rp_filter is 1 (strict), which drops traffic to a VIP on its own device; set it to 0 or "
        "2 (loose), e.g. in /etc/sysctl.d/");
  }
  sysctl_.set(conf_key(spec_.parent, "arp_ignore"), "1");
  sysctl_.set(conf_key(spec_.parent, "arp_filter"), "1");
  // The parent's own ARP requests (for the next hop of a reply from the VIP) must name the parent's
  // address, not the VIP: a peer updates its entry for the sender, and would learn the parent's MAC.
  sysctl_.set(conf_key(spec_.parent, "arp_announce"), "2");
  sysctl_.set(conf_key(device_, "arp_ignore"), "1");
  sysctl_.set(conf_key(device_, "arp_announce"), "2");
  sysctl_.set(conf_key(device_, "accept_local"), "1");
  sysctl_.set(conf_key(device_, "rp_filter"), "0");
}

void KernelVipHolder::ensure_device() {
  const auto links = netlink_.links();
  const auto parent = std::find_if(links.begin(), links.end(), [&](const kernel::Link& l) { return l.name == spec_.parent; });
  if (parent == links.end()) {
    throw RuntimeError(fmt::format("parent interface {} of VIP {} does not exist; apply the host plan first",
                                   spec_.parent, spec_.address.str()));
  }
  const auto existing = std::find_if(links.begin(), links.end(), [&](const kernel::Link& l) { return l.name == device_; });
  const bool right = existing != links.end() && existing->kind == "macvlan" && existing->parent == spec_.parent &&
                     existing->mac == spec_.mac && existing->macvlan_mode == kMacvlanMode;
  if (existing != links.end() && !right) netlink_.delete_link(device_);  // left by someone else, or stale
  if (!right) {
    netlink_.create_link(kernel::LinkSpec{.name = device_,
                                          .kind = "macvlan",
                                          .mac = spec_.mac,
                                          .mtu = parent->mtu,
                                          .parent = spec_.parent,
                                          .macvlan_mode = kMacvlanMode,
                                          .ipv6_link_local = false});
  }
}

void KernelVipHolder::ensure_address() {
  const kernel::Address address{device_, spec_.address, spec_.prefix_length};
  const auto addresses = netlink_.addresses();
  if (std::find(addresses.begin(), addresses.end(), address) == addresses.end()) netlink_.add_address(address);
}

void KernelVipHolder::take(Nanoseconds fence_for) {
  check_kernel_supports_macvlan();
  try {
    // The fence only permits; opening it first means the VIP answers from the moment its address exists.
    fence_.open(spec_.address, fence_for);
    fence_open_until_ = clock_.now() + fence_for;
    ensure_device();
    // The device's conf keys exist only once it does; set them before it comes up and gets the address.
    set_arp_sysctls();
    netlink_.change_link(device_, kernel::LinkChange{.admin_up = true});
    ensure_address();
  } catch (const std::exception& e) {
    ++counters_.take_failures;
    undo();
    held_ = false;
    schedule_.stop();
    throw RuntimeError(fmt::format("take VIP {} of {} on {} (device {}): {}", spec_.address.str(), spec_.service,
                                   spec_.parent, device_, e.what()));
  }
  held_ = true;
  ++counters_.takes;
  schedule_.start(clock_.now());
}

void KernelVipHolder::extend_fence(Nanoseconds fence_for) {
  if (!held_) throw RuntimeError(fmt::format("extend the fence of VIP {}: it is not held", spec_.address.str()));
  fence_.open(spec_.address, fence_for);
  fence_open_until_ = clock_.now() + fence_for;
  ++counters_.fence_extensions;
}

void KernelVipHolder::announce_due() {
  const SteadyTime now = clock_.now();
  // A packet socket bypasses nftables: a VIP whose fence has expired must not announce itself.
  if (!held_ || now >= fence_open_until_ || !schedule_.due(now)) return;
  try {
    announcer_.announce(device_, spec_.address, spec_.mac);
    ++counters_.gratuitous_arps_sent;
  } catch (const std::exception& e) {
    ++counters_.gratuitous_arp_failures;
    last_error_ = e.what();
  }
  schedule_.sent(now);
}

void KernelVipHolder::undo() noexcept {
  auto step = [&](auto&& action) {
    try {
      action();
    } catch (const std::exception& e) {
      ++counters_.release_errors;
      last_error_ = fmt::format("release VIP {}: {}", spec_.address.str(), e.what());
    }
  };
  // Fence first: from here on the kernel answers for the VIP no more, whatever the next steps do.
  step([&] { fence_.close(spec_.address); });
  step([&] {
    const kernel::Address address{device_, spec_.address, spec_.prefix_length};
    const auto addresses = netlink_.addresses();
    if (std::find(addresses.begin(), addresses.end(), address) != addresses.end()) netlink_.delete_address(address);
  });
  step([&] {
    const auto links = netlink_.links();
    if (std::any_of(links.begin(), links.end(), [&](const kernel::Link& l) { return l.name == device_; }))
      netlink_.delete_link(device_);
  });
}

void KernelVipHolder::release() noexcept {
  if (held_) ++counters_.releases;
  held_ = false;
  schedule_.stop();
  undo();
}

}  // namespace netkeel::ha
