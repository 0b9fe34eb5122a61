#pragma once
// The agent: plan -> targets -> probe engine over real sockets, the UDP responder, the link event
// watcher and the collectors, all driven by one epoll loop on the calling thread (the /metrics server
// has its own thread and only reads published pages).
#include <map>
#include <memory>
#include <string>

#include "netkeel/agent/agent_options.hpp"
#include "netkeel/agent/agent_snapshot.hpp"
#include "netkeel/agent/link_state_tracker.hpp"
#include "netkeel/agent/plan_source.hpp"
#include "netkeel/collect/link_event_watcher.hpp"
#include "netkeel/collect/ovs_bond_collector.hpp"
#include "netkeel/collect/vm_interface_counters.hpp"
#include "netkeel/core/clock.hpp"
#include "netkeel/probe/probe_engine.hpp"
#include "netkeel/agent/responder_schedule.hpp"
#include "netkeel/probe/udp_responder.hpp"

namespace netkeel::agent {

class Agent {
 public:
  // Loads and plans the site, opens every socket. Throws UsageError (bad site, unknown host, bad
  // options) or RuntimeError (sockets, netlink).
  Agent(AgentOptions options, const Clock& clock);
  ~Agent();

  // --once: options.rounds probes to every target (spaced by the interval), waits for the last
  // verdicts, collects once, and returns it all.
  AgentSnapshot run_once();
  // The daemon: runs until SIGINT or SIGTERM; serves /metrics when options.metrics_address is set.
  void run();

 private:
  void set_targets(const plan::ClusterPlan& plan);
  void collect_into(AgentSnapshot& snapshot);
  int wait_milliseconds() const;
  void handle_ready(int epoll_fd, int timeout_ms, int signal_fd, bool& stop);
  void answer_responder(int epoll_fd);

  AgentOptions options_;
  const Clock& clock_;
  PlanSource plan_source_;
  std::map<probe::ProbeKind, std::unique_ptr<probe::Prober>> probers_;
  std::unique_ptr<probe::ProbeEngine> engine_;
  std::unique_ptr<probe::UdpResponder> responder_;
  ResponderSchedule responder_schedule_{Nanoseconds(0)};  // the daemon batches (run()); --once answers at once
  std::unique_ptr<collect::LinkEventWatcher> links_;
  std::vector<collect::LinkEvent> events_;
  std::map<std::string, uint64_t> transitions_;
  void poll_link_states();
  std::unique_ptr<collect::VmCounterCollector> vms_;   // null: --libvirt-uri off
  std::unique_ptr<collect::OvsBondCollector> ovs_;     // null: --ovs-ctl off
  LinkStateTracker link_states_;
  std::vector<LinkStateEvent> state_events_;
};

// A per-agent seed: stable for (site, host), different between hosts.
uint64_t agent_seed(const std::string& site, const std::string& host);

}  // namespace netkeel::agent
