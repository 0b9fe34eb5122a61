#pragma once
// Link up/down as it happens: a netlink socket subscribed to RTNLGRP_LINK. The kernel sends
// RTM_NEWLINK for many reasons; only changes of an interface's up state (IFF_RUNNING: admin up and
// carrier) become events, and a removed interface is reported down.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "netkeel/collect/link_event_source.hpp"
#include "netkeel/core/clock.hpp"

namespace netkeel::collect {

class LinkEventWatcher final : public LinkEventSource {
 public:
  // Subscribes, then learns the current state (no events for it); throws RuntimeError. Events are stamped
  // with the clock's wall time.
  explicit LinkEventWatcher(const Clock& clock);
  ~LinkEventWatcher();
  LinkEventWatcher(const LinkEventWatcher&) = delete;
  LinkEventWatcher& operator=(const LinkEventWatcher&) = delete;
  int poll_fd() const override { return fd_; }
  std::vector<LinkEvent> take_events() override;  // everything the kernel announced since the last call
  uint64_t transitions(const std::string& name) const;  // up/down changes seen for this interface
  // Every interface's running state as of the last take_events() (or the subscription): name -> up.
  std::map<std::string, bool> link_states() const;

 private:
  void handle(const void* message, size_t size, std::vector<LinkEvent>& out, bool initial);
  const Clock& clock_;
  int fd_ = -1;
  std::map<int, bool> up_;                     // ifindex -> last known up state
  std::map<int, std::string> names_;           // ifindex -> name
  std::map<std::string, uint64_t> transitions_;
};

}  // namespace netkeel::collect
