#pragma once
// Turns off a veth end's checksum offload (the same as `ethtool -K IF tx off rx off`), in-process:
// the userspace datapath cannot complete checksums a veth left to "hardware", and one ioctl costs far
// less than an `ip netns exec ... ethtool` process per interface (lab up is bound by process starts).
#include <string>

namespace netkeel::lab {

// Inside namespace `netns` (entered by this thread only, and left again). Throws RuntimeError.
void disable_checksum_offload(const std::string& netns, const std::string& ifname);

}  // namespace netkeel::lab
