#pragma once
// A health probe that answers from a script (true: passed "ok", false: failed "refused"; passed once
// the script is used up): what a service does between checks, for the health unit tests.
#include <deque>
#include <string>

#include "netkeel/ha/health_probe.hpp"

namespace netkeel::ha::testing {

class ScriptedProbe final : public HealthProbe {
 public:
  explicit ScriptedProbe(std::deque<bool>& script, std::string description = "scripted")
      : script_(script), description_(std::move(description)) {}
  ProbeOutcome run(Nanoseconds) override {
    const bool passed = script_.empty() ? true : script_.front();
    if (!script_.empty()) script_.pop_front();
    return {passed, passed ? "ok" : "refused"};
  }
  std::string describe() const override { return description_; }

 private:
  std::deque<bool>& script_;
  std::string description_;
};

}  // namespace netkeel::ha::testing
