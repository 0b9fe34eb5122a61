#pragma once
// What an Agent is made of, passed in from outside (as apply::ApplyServices is): its probers, UDP
// responder, link event source, host collectors, the waiter its loop sleeps in, and the clock.
// make_system_agent_parts() builds the real ones; unit tests pass fakes and drive the loop over many
// intervals on a FakeClock.
#include <map>
#include <memory>

#include "netkeel/agent/agent_options.hpp"
#include "netkeel/agent/host_collectors.hpp"
#include "netkeel/agent/keeper_scraper.hpp"
#include "netkeel/agent/loop_waiter.hpp"
#include "netkeel/collect/link_event_source.hpp"
#include "netkeel/core/clock.hpp"
#include "netkeel/probe/echo_responder.hpp"
#include "netkeel/probe/prober.hpp"

namespace netkeel::agent {

struct AgentParts {
  const Clock& clock;
  std::map<probe::ProbeKind, std::unique_ptr<probe::Prober>> probers;  // one per enabled kind
  std::unique_ptr<probe::EchoResponder> responder;
  std::unique_ptr<collect::LinkEventSource> links;
  std::unique_ptr<HostCollectors> collectors;
  std::unique_ptr<LoopWaiter> waiter;
  std::unique_ptr<KeeperScraper> keeper = nullptr;  // --keeper-metrics; none when it is off
};

// Real sockets, netlink, /proc and epoll, as the options ask. Throws RuntimeError (sockets, netlink).
AgentParts make_system_agent_parts(const AgentOptions& options, const Clock& clock);

}  // namespace netkeel::agent
