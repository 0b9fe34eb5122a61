#pragma once
// The VIP fence in memory, for unit tests: it keeps, like the kernel, for each managed VIP the moment its
// opening expires (read from the injected Clock), records every call in order, and can fail the next call.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "netkeel/ha/vip_fence.hpp"

namespace netkeel::ha {

class FakeVipFence final : public VipFence {
 public:
  explicit FakeVipFence(const Clock& clock) : clock_(clock) {}

  // --- test controls and observations ---
  // The next call of any method fails with RuntimeError(`reason`) and changes nothing.
  void fail_next(std::string reason) { failure_ = std::move(reason); }
  bool installed() const { return installed_; }
  bool managed(Ipv4Address vip) const { return open_until_.contains(vip); }
  // Open now: managed, and its opening has not expired at the clock's now().
  bool is_open(Ipv4Address vip) const;
  std::optional<SteadyTime> open_until(Ipv4Address vip) const;
  // "install", "open 10.0.0.5 1500ms", "close 10.0.0.5", "remove", in call order (failed calls too).
  const std::vector<std::string>& calls() const { return calls_; }

  // --- VipFence ---
  void install() override;
  void open(Ipv4Address vip, Nanoseconds for_duration) override;
  void close(Ipv4Address vip) override;
  void remove() override;

 private:
  void record(std::string call);

  const Clock& clock_;
  bool installed_ = false;
  std::map<Ipv4Address, SteadyTime> open_until_;  // managed VIPs; closed ones expire "now"
  std::vector<std::string> calls_;
  std::optional<std::string> failure_;
};

}  // namespace netkeel::ha
