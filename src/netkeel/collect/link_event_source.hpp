#pragma once
// Link up/down events as the agent's loop takes them: a descriptor that wakes the loop, and the events
// since the last call. LinkEventWatcher (netlink) is the real source; unit tests of the loop pass a fake.
#include <string>
#include <vector>

#include "netkeel/core/clock.hpp"

namespace netkeel::collect {

struct LinkEvent {
  std::string name;
  int ifindex = 0;
  bool up = false;
  bool removed = false;
  Nanoseconds at{0};  // wall time (Unix ns) when the agent read it
};

class LinkEventSource {
 public:
  virtual ~LinkEventSource() = default;
  virtual int poll_fd() const = 0;                 // readable when events wait; -1: none
  virtual std::vector<LinkEvent> take_events() = 0;
};

}  // namespace netkeel::collect
