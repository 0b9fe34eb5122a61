#include "netkeel/ha/kernel_vip_holder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>


namespace netkeel::ha {
namespace {

// Sysctl keys write an interface name's dots as '/' (eth0.20 -> eth0/20).
std::string conf_key(const std::string& interface, const char* setting) {
  std::string name = interface;
  std::replace(name.begin(), name.end(), '.', '/');
  return fmt::format("net.ipv4.conf.{}.{}", name, setting);
}

}  // namespace

KernelVipHolder::KernelVipHolder(VipHolderSpec spec, VipDevice& device, kernel::Netlink& netlink, kernel::Sysctl& sysctl,
                                 VipFence& fence, ArpAnnouncer& announcer, const Clock& clock)
    : spec_(std::move(spec)),
      device_(device),
      netlink_(netlink),
      sysctl_(sysctl),
      fence_(fence),
      announcer_(announcer),
      clock_(clock) {}

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
  sysctl_.set(conf_key(device_.name(), "arp_ignore"), "1");
  sysctl_.set(conf_key(device_.name(), "arp_announce"), "2");
  sysctl_.set(conf_key(device_.name(), "accept_local"), "1");
  sysctl_.set(conf_key(device_.name(), "rp_filter"), "0");
}

void KernelVipHolder::ensure_address() {
  const kernel::Address address{device_.name(), spec_.address, spec_.prefix_length};
  const auto addresses = netlink_.addresses();
  if (std::find(addresses.begin(), addresses.end(), address) == addresses.end()) netlink_.add_address(address);
}

void KernelVipHolder::take(Nanoseconds fence_for) {
  try {
    device_.ensure();
    // The fence only permits; opened before the address exists, the VIP answers from its first moment.
    fence_.open(spec_.address, fence_for);
    fence_open_until_ = clock_.now() + fence_for;
    // The device's conf keys exist only once it does; set them before it comes up and gets the address.
    set_arp_sysctls();
    netlink_.change_link(device_.name(), kernel::LinkChange{.admin_up = true});
    ensure_address();
  } catch (const std::exception& e) {
    ++counters_.take_failures;
    undo();
    held_ = false;
    schedule_.stop();
    throw RuntimeError(fmt::format("take VIP {} of {} on {} (device {}): {}", spec_.address.str(), spec_.service,
                                   spec_.parent, device_.name(), e.what()));
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
    announcer_.announce(device_.name(), spec_.address, spec_.mac);
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
    const kernel::Address address{device_.name(), spec_.address, spec_.prefix_length};
    const auto addresses = netlink_.addresses();
    if (std::find(addresses.begin(), addresses.end(), address) != addresses.end()) netlink_.delete_address(address);
  });
  step([&] { device_.remove(); });
}

void KernelVipHolder::release() noexcept {
  if (held_) ++counters_.releases;
  held_ = false;
  schedule_.stop();
  undo();
}

}  // namespace netkeel::ha
