#pragma once
// `netkeel keep drain | undrain | move | rebalance` (docs/keep.md, "Operations"): each writes admin keys
// (ha/keep_admin.hpp), moves VIPs one at a time by voluntary handover (the holder releases, the target
// takes), waits for each to settle within the deadline, and records every step in the history.
#include <chrono>
#include <string>

#include "netkeel/cli/keep_store_access.hpp"
#include "netkeel/cli/planned_site.hpp"

namespace netkeel::cli {

struct KeepOperation {
  std::string verb;                       // drain | undrain | move | rebalance
  std::string host;                       // drain, undrain, move: the host
  std::string service;                    // move: the service
  std::chrono::milliseconds deadline{60000};  // for the whole operation
  std::chrono::milliseconds settle{10000};    // for each VIP's handover
};

// Prints progress to stdout, problems to stderr; returns the exit code (0 done, 1 could not, 2 usage).
int run_keep_operation(const PlannedSite& planned, const KeepSource& source, const KeepOperation& operation);

// user@hostname of whoever runs this command (SUDO_USER when run through sudo).
std::string operator_identity();

}  // namespace netkeel::cli
