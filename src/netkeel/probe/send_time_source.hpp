#pragma once
// Where a probe's send time came from: the kernel's software transmit timestamp (SO_TIMESTAMPING,
// taken as the packet reaches the driver) or, when the kernel gave none, the agent's clock just
// before sendmsg. `none`: the prober measures its RTT another way (TCP connect).
#include <cstdint>
#include <string>

namespace netkeel::probe {

enum class SendTimeSource : uint8_t { none, kernel, userspace };

inline std::string to_string(SendTimeSource s) {
  switch (s) {
    case SendTimeSource::kernel: return "kernel";
    case SendTimeSource::userspace: return "userspace";
    case SendTimeSource::none: break;
  }
  return "none";
}

}  // namespace netkeel::probe
