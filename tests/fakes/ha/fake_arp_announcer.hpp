#pragma once
// Records each announcement with the clock's time, for unit tests; can fail the next one.
#include <optional>
#include <string>
#include <vector>

#include "netkeel/core/clock.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/ha/arp_announcer.hpp"

namespace netkeel::ha {

class FakeArpAnnouncer final : public ArpAnnouncer {
 public:
  struct Announcement {
    std::string device;
    Ipv4Address vip;
    MacAddress mac;
    SteadyTime at;
  };
  explicit FakeArpAnnouncer(const Clock& clock) : clock_(clock) {}

  void fail_next(std::string reason) { failure_ = std::move(reason); }
  const std::vector<Announcement>& sent() const { return sent_; }

  void announce(const std::string& device, Ipv4Address vip, const MacAddress& mac) override {
    if (failure_) {
      const std::string reason = *failure_;
      failure_.reset();
      throw RuntimeError("gratuitous ARP on " + device + ": " + reason);
    }
    sent_.push_back({device, vip, mac, clock_.now()});
  }

 private:
  const Clock& clock_;
  std::vector<Announcement> sent_;
  std::optional<std::string> failure_;
};

}  // namespace netkeel::ha
