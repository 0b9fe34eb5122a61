#pragma once
// What a host says about its own NICs over the window: the evidence that splits components the probes
// cannot tell apart (a NIC, its cable and its switch port are crossed by the same probes). Gathered from
// the store by the server (the agents' counters and link events); pure data here.
#include <map>
#include <string>
#include <utility>

namespace netkeel::analyze {

struct NicEvidence {
  double error_increase = 0;   // rx/tx errors (CRC, frame, carrier...) counted in the window
  double drop_increase = 0;    // rx/tx drops counted in the window
  double carrier_changes = 0;  // carrier ups and downs in the window (counter increase, or link events)
  bool went_down = false;      // a link_down (or raw down) event in the window
};

struct LocalEvidence {
  std::map<std::pair<std::string, std::string>, NicEvidence> nics;  // (host, nic) -> evidence

  const NicEvidence* find(const std::string& host, const std::string& nic) const {
    auto it = nics.find({host, nic});
    return it == nics.end() ? nullptr : &it->second;
  }
};

}  // namespace netkeel::analyze
