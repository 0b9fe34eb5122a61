#pragma once
// Holds one service's VIP on this host, in the kernel:
//  - its own device (VipDevice: a macvlan on the parent, or an OVS internal port beside it) carrying the
//    planned MAC, admin-up, with the VIP address;
//  - ARP settings that keep any other device from answering for the VIP: the parent's arp_ignore=1 and
//    arp_filter=1 (otherwise the parent answers ARP for the VIP with its own MAC, and first) and
//    arp_announce=2 (its ARP requests never name the VIP as sender, which would teach peers its MAC); the VIP
//    device's arp_ignore=1 (it answers only for the VIP, never for the parent's address), arp_announce=2,
//    accept_local=1 and rp_filter=0 (replies to the VIP leave through the parent, which strict reverse-
//    path filtering on the VIP device would refuse);
//  - the fence (VipFence), opened on take and on every extend_fence, closed first on release;
//  - gratuitous ARP (ArpAnnouncer) on the GratuitousArpSchedule, only while the fence is open.
// Every kernel call goes through the VipDevice, Netlink and Sysctl seams; the caller chooses the network
// namespace.
#include <cstdint>
#include <string>

#include "netkeel/ha/arp_announcer.hpp"
#include "netkeel/ha/gratuitous_arp_schedule.hpp"
#include "netkeel/ha/vip_device.hpp"
#include "netkeel/ha/vip_fence.hpp"
#include "netkeel/ha/vip_holder.hpp"
#include "netkeel/ha/vip_holder_spec.hpp"
#include "netkeel/kernel/netlink.hpp"
#include "netkeel/kernel/sysctl.hpp"

namespace netkeel::ha {

// What a keeper's metrics show per VIP.
struct VipHolderCounters {
  std::uint64_t takes = 0;                  // successful take() calls
  std::uint64_t take_failures = 0;          // take() calls that threw (and undid what they made)
  std::uint64_t fence_extensions = 0;       // successful extend_fence() calls
  std::uint64_t releases = 0;               // release() calls that found the VIP held
  std::uint64_t release_errors = 0;         // steps of release() the kernel refused (release goes on)
  std::uint64_t gratuitous_arps_sent = 0;
  std::uint64_t gratuitous_arp_failures = 0;
};

class KernelVipHolder final : public VipHolder {
 public:
  // DEVICE is made for SPEC (same service, MAC and parent); NETLINK manages its state and address.
  KernelVipHolder(VipHolderSpec spec, VipDevice& device, kernel::Netlink& netlink, kernel::Sysctl& sysctl,
                  VipFence& fence, ArpAnnouncer& announcer, const Clock& clock);

  void take(Nanoseconds fence_for) override;
  void extend_fence(Nanoseconds fence_for) override;  // throws RuntimeError when not held
  void announce_due() override;                       // never throws: a failed send is counted
  void release() noexcept override;
  bool held() const override { return held_; }

  const std::string& device() const { return device_.name(); }
  const VipHolderSpec& spec() const { return spec_; }
  const VipHolderCounters& counters() const { return counters_; }
  // The last error announce_due() or release() swallowed ("" when none), for the keeper's log.
  const std::string& last_error() const { return last_error_; }

 private:
  void set_arp_sysctls();
  void ensure_address();
  // The release steps, each tried even when an earlier one failed; the first failure's text is kept.
  void undo() noexcept;

  VipHolderSpec spec_;
  VipDevice& device_;
  kernel::Netlink& netlink_;
  kernel::Sysctl& sysctl_;
  VipFence& fence_;
  ArpAnnouncer& announcer_;
  const Clock& clock_;

  bool held_ = false;
  SteadyTime fence_open_until_{};
  GratuitousArpSchedule schedule_;
  VipHolderCounters counters_;
  std::string last_error_;
};

}  // namespace netkeel::ha
