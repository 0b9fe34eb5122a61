#pragma once
// The process behind a flap fault (`netkeel lab flap-driver`, started by `lab fault flap` as a lab
// service): takes one interface down and up on a schedule, and leaves it up when the schedule ends or
// when it is told to stop (SIGTERM, SIGINT).
#include <chrono>
#include <string>

#include "netkeel/lab/command_runner.hpp"

namespace netkeel::lab {

struct FlapDriverOptions {
  std::string netns;    // namespace of the interface (a switch end, so the host end loses carrier)
  std::string ifname;
  int per_minute = 0;
  std::chrono::milliseconds duration{0};
};

// Runs the schedule; returns the number of down/up cycles completed. Throws UsageError for a bad
// schedule, RuntimeError when `ip link set` fails.
int run_flap_driver(CommandRunner& runner, const FlapDriverOptions& options);

}  // namespace netkeel::lab
