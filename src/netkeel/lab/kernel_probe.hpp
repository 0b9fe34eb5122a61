#pragma once
// Finds out what the running kernel can build (bonding, 802.1q) by trying it inside a scratch
// namespace: module lists and config files lie (built-in drivers, blocked autoloading); a try does not.
#include <string>

#include "netkeel/lab/command_runner.hpp"
#include "netkeel/lab/lab_topology.hpp"

namespace netkeel::lab {

// `scratch_netns` must already exist and be owned by the caller; the probe leaves it empty.
KernelFeatures probe_kernel_features(CommandRunner& runner, const std::string& scratch_netns);

}  // namespace netkeel::lab
