#include "fakes/ha/fake_vip_fence.hpp"

#include <fmt/format.h>

#include <chrono>

#include "netkeel/core/error.hpp"

namespace netkeel::ha {

void FakeVipFence::record(std::string call) {
  calls_.push_back(call);
  if (failure_) {
    const std::string reason = *failure_;
    failure_.reset();
    throw RuntimeError(fmt::format("VIP fence: {}: {}", call, reason));
  }
  // As nftables: nothing works before the tables exist.
  if (!installed_ && call != "install" && call != "remove")
    throw RuntimeError(fmt::format("VIP fence: {}: No such file or directory (not installed)", call));
}

bool FakeVipFence::is_open(Ipv4Address vip) const {
  const auto until = open_until(vip);
  return until && clock_.now() < *until;
}

std::optional<SteadyTime> FakeVipFence::open_until(Ipv4Address vip) const {
  const auto it = open_until_.find(vip);
  if (it == open_until_.end()) return std::nullopt;
  return it->second;
}

void FakeVipFence::install() {
  record("install");
  installed_ = true;
  open_until_.clear();
}

void FakeVipFence::open(Ipv4Address vip, Nanoseconds for_duration) {
  record(fmt::format("open {} {}ms", vip.str(), std::chrono::duration_cast<std::chrono::milliseconds>(for_duration).count()));
  open_until_[vip] = clock_.now() + for_duration;
}

void FakeVipFence::close(Ipv4Address vip) {
  record("close " + vip.str());
  if (auto it = open_until_.find(vip); it != open_until_.end()) it->second = clock_.now();
}

void FakeVipFence::remove() {
  record("remove");
  installed_ = false;
  open_until_.clear();
}

}  // namespace netkeel::ha
