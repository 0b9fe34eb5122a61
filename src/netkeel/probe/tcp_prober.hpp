#pragma once
// TCP connect to service ports: the SYN / SYN-ACK time, then the connection is closed at once.
// A refused or failed connect is a loss (the service is not reachable there). Each probe is its own
// non-blocking socket; one epoll fd watches them all.
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "netkeel/probe/prober.hpp"
#include "netkeel/core/unique_fd.hpp"

namespace netkeel::probe {

class TcpProber final : public Prober {
 public:
  TcpProber();  // throws RuntimeError
  bool send(TargetId id, uint32_t seq, const ProbeTarget& target) override;
  std::vector<ProbeReply> take_replies() override;
  int poll_fd() const override { return epoll_.get(); }
  void expire(TargetId id, uint32_t seq) override { pending_.erase({id, seq}); }
  void remove(TargetId id) override;

 private:
  struct Pending {
    UniqueFd fd;
    Nanoseconds started{0};
  };
  UniqueFd epoll_;
  std::map<std::pair<TargetId, uint32_t>, Pending> pending_;
};

}  // namespace netkeel::probe
