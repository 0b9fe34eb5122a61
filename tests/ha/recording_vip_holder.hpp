#pragma once
// A VipHolder for unit tests: records every call (into a log it may share with the fake store, so tests
// can check the order of kernel and store actions) and models the kernel fence on the test's clock.
#include <string>
#include <vector>

#include "netkeel/core/error.hpp"
#include "netkeel/ha/vip_holder.hpp"

namespace netkeel::ha {

class RecordingVipHolder final : public VipHolder {
 public:
  RecordingVipHolder(const Clock& clock, std::vector<std::string>& log) : clock_(clock), log_(log) {}

  void take(Nanoseconds fence_for) override {
    log_.push_back("take");
    if (refuse_take) throw RuntimeError("recording holder: take refused");
    held_ = true;
    fence_until_ = clock_.now() + fence_for;
    taken_at.push_back(clock_.now());
  }
  void extend_fence(Nanoseconds fence_for) override {
    log_.push_back("extend");
    fence_until_ = clock_.now() + fence_for;
    ++extends;
  }
  void announce_due() override { ++announces; }
  void release() noexcept override {
    log_.push_back("release");
    if (held_) released_at.push_back(clock_.now());
    held_ = false;
  }
  bool held() const override { return held_; }

  // What the kernel would do: answer for the VIP only while held and inside the fence.
  bool answering() const { return held_ && clock_.now() < fence_until_; }
  SteadyTime fence_until() const { return fence_until_; }

  bool refuse_take = false;
  std::vector<SteadyTime> taken_at;     // successful takes
  std::vector<SteadyTime> released_at;  // releases of a held VIP
  int extends = 0;
  int announces = 0;

 private:
  const Clock& clock_;
  std::vector<std::string>& log_;
  bool held_ = false;
  SteadyTime fence_until_;
};

}  // namespace netkeel::ha
