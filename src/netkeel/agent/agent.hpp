#pragma once
// The agent: plan -> targets -> probe engine, the UDP responder, link events and the host's collectors,
// all driven by one loop on the calling thread (the /metrics server has its own thread and only reads
// published snapshots). Its parts come from outside (agent_parts.hpp), so the loop runs the same over
// real sockets and over the fakes of its unit tests.
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "netkeel/agent/agent_options.hpp"
#include "netkeel/agent/agent_parts.hpp"
#include "netkeel/agent/agent_snapshot.hpp"
#include "netkeel/agent/keeper_scrape_log.hpp"
#include "netkeel/agent/link_state_tracker.hpp"
#include "netkeel/agent/plan_source.hpp"
#include "netkeel/agent/responder_schedule.hpp"
#include "netkeel/probe/probe_engine.hpp"

namespace netkeel::agent {

// Where the daemon's loop sends what it reports; run() wires them to /metrics and the shipper.
struct AgentOutputs {
  // Each report's snapshot, and a changed copy at each link event: what /metrics shows. Empty: off.
  std::function<void(std::shared_ptr<const AgentSnapshot>)> publish;
  // Each report's snapshot, for the server. Empty: no --server.
  std::function<void(const AgentSnapshot&)> ship;
  // The shipper's figures now, put into every snapshot. Empty: no --server.
  std::function<ShippingCounters()> shipping_counters;
};

class Agent {
 public:
  // Loads and plans the site and takes the parts. Throws UsageError (bad site, unknown host, bad options).
  Agent(AgentOptions options, AgentParts parts);
  ~Agent();

  // --once: options.rounds probes to every target (spaced by the interval), waits for the last
  // verdicts, collects once, and returns it all.
  AgentSnapshot run_once();
  // The daemon: runs until SIGINT or SIGTERM; serves /metrics when options.metrics_address is set and
  // ships to options.shipping.server_url when it is set.
  void run();
  // The daemon's loop: probe, answer peers, follow link events and site-file changes, report every
  // report_interval. Runs until `keep_running` returns false or a LoopSource::signal is ready.
  void serve(const AgentOutputs& outputs, const std::function<bool()>& keep_running);

 private:
  void set_targets(const plan::ClusterPlan& plan);
  void collect_into(AgentSnapshot& snapshot);
  int wait_milliseconds() const;
  bool handle_ready(int timeout_ms);  // false: a signal asked to stop
  void take_link_events();
  void poll_link_states();
  void answer_responder();
  void reload_plan_if_changed();
  void take_keeper_scrape(AgentSnapshot& snapshot);

  AgentOptions options_;
  const Clock& clock_;
  AgentParts parts_;
  PlanSource plan_source_;
  std::unique_ptr<probe::ProbeEngine> engine_;
  ResponderSchedule responder_schedule_{Nanoseconds(0)};  // the daemon batches (serve()); --once answers at once
  std::vector<collect::LinkEvent> events_;
  std::map<std::string, uint64_t> transitions_;
  LinkStateTracker link_states_;
  std::vector<LinkStateEvent> state_events_;
  std::optional<KeeperScrapeCounters> keeper_counters_;  // with parts_.keeper
  std::optional<KeeperScrapeLog> keeper_log_;
};

// A per-agent seed: stable for (site, host), different between hosts.
uint64_t agent_seed(const std::string& site, const std::string& host);

}  // namespace netkeel::agent
