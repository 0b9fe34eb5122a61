#pragma once
// `check: {exec: COMMAND}`: COMMAND, run by /bin/sh -c (as keepalived's vrrp_script and Consul's script
// checks run theirs), exits 0 within the timeout. Its output is kept only for the failure message.
#include <string>

#include "netkeel/ha/health_probe.hpp"

namespace netkeel::ha {

class ExecHealthProbe final : public HealthProbe {
 public:
  explicit ExecHealthProbe(std::string command) : command_(std::move(command)) {}
  ProbeOutcome run(Nanoseconds timeout) override;
  std::string describe() const override { return "exec " + command_; }

 private:
  std::string command_;
};

}  // namespace netkeel::ha
