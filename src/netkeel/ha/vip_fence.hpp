#pragma once
// The kernel-side fence: the kernel itself stops answering for a VIP (ARP and IP) when its fence is not
// renewed in time, so a frozen, hung or paused keeper cannot keep a VIP alive. One fence per keeper,
// shared by all its VIP holders. Implementations: NftablesVipFence (libnftables) and FakeVipFence.
#include "netkeel/core/clock.hpp"
#include "netkeel/core/ipv4.hpp"

namespace netkeel::ha {

class VipFence {
 public:
  virtual ~VipFence() = default;
  // Creates the fence, replacing whatever an earlier keeper left (so nothing stays open from before this
  // keeper started). Call once before the first open(). Throws RuntimeError.
  virtual void install() = 0;
  // The VIP becomes managed (fenced unless open) and is open for exactly FOR from now: a longer or
  // shorter earlier opening is replaced. Throws RuntimeError.
  virtual void open(Ipv4Address vip, Nanoseconds for_duration) = 0;
  // The VIP stays managed and is closed now. Closing a VIP that is not open is not an error.
  virtual void close(Ipv4Address vip) = 0;
  // Removes the fence entirely (keeper shutdown, after every VIP is released). Idempotent.
  virtual void remove() = 0;
};

}  // namespace netkeel::ha
