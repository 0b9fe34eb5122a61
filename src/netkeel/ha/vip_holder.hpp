#pragma once
// What VIP ownership asks of the host: put one service's VIP on this host, keep the kernel-side fence
// open for a bounded time, and take it all away. The fence is what makes a frozen keeper safe: the
// kernel itself stops answering for the VIP (ARP and IP) when the fence is not extended in time, whether
// or not the keeper ever runs again. Implementations: KernelVipHolder (macvlan or OVS internal port with
// the planned MAC, nftables fence, gratuitous ARP) and a recording fake for unit tests.
#include "netkeel/core/clock.hpp"

namespace netkeel::ha {

class VipHolder {
 public:
  virtual ~VipHolder() = default;
  // Creates the VIP's device (planned MAC) and address if missing, opens the fence for FENCE_FOR and
  // starts the gratuitous-ARP burst. Called only after a confirmed write made this host the holder.
  // Throws RuntimeError when the kernel refuses; the caller then releases.
  virtual void take(Nanoseconds fence_for) = 0;
  // After each confirmed renewal: the fence stays open FENCE_FOR from now (no longer).
  virtual void extend_fence(Nanoseconds fence_for) = 0;
  // Sends the gratuitous ARPs that are due (the burst after take, then the periodic refresh inside the
  // switches' MAC ageing). Cheap when nothing is due; the keeper calls it on every loop.
  virtual void announce_due() = 0;
  // Closes the fence first, then removes the address and the device. Idempotent; never throws.
  virtual void release() noexcept = 0;
  virtual bool held() const = 0;
};

}  // namespace netkeel::ha
