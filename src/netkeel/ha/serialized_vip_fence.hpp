#pragma once
// One fence shared by every VIP keeper thread of a host: the nftables context is not thread-safe, so
// each call takes the lock. Renewals are short (one netlink transaction), so VIPs barely wait on each other.
#include <mutex>

#include "netkeel/ha/vip_fence.hpp"

namespace netkeel::ha {

class SerializedVipFence final : public VipFence {
 public:
  SerializedVipFence(VipFence& fence, std::mutex& mutex) : fence_(fence), mutex_(mutex) {}
  void install() override {
    std::lock_guard lock(mutex_);
    fence_.install();
  }
  void open(Ipv4Address vip, Nanoseconds for_duration) override {
    std::lock_guard lock(mutex_);
    fence_.open(vip, for_duration);
  }
  void close(Ipv4Address vip) override {
    std::lock_guard lock(mutex_);
    fence_.close(vip);
  }
  void remove() override {
    std::lock_guard lock(mutex_);
    fence_.remove();
  }

 private:
  VipFence& fence_;
  std::mutex& mutex_;
};

}  // namespace netkeel::ha
