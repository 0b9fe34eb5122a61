#pragma once
// Scheduler + tracker + statistics + one Prober per kind. The caller's loop calls tick() when
// next_wakeup() comes or collect() when a prober's poll_fd is readable; the engine owns no thread.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "netkeel/core/clock.hpp"
#include "netkeel/probe/probe_scheduler.hpp"
#include "netkeel/probe/probe_statistics.hpp"
#include "netkeel/probe/probe_tracker.hpp"
#include "netkeel/probe/prober.hpp"

namespace netkeel::probe {

struct TargetResult {
  ProbeTarget target;
  IntervalSummary interval;
  uint64_t sent_total = 0;
  uint64_t lost_total = 0;
  Nanoseconds rtt_sum_total{0};
  // UDP probes lost before the peer's responder first answered, while its kernel answered ICMP: the peer's
  // agent was not up yet, so they are in neither sent_total nor lost_total (ProbeEngine::awaits_responder).
  uint64_t unanswered_total = 0;
  uint64_t replies_total() const { return sent_total - lost_total; }
};

// How many replies' RTTs started from a kernel transmit timestamp, and how many fell back to the
// agent's clock because the kernel gave none (send_time_source.hpp).
struct SendTimeCounts {
  uint64_t kernel = 0;
  uint64_t userspace = 0;
};

class ProbeEngine {
 public:
  // `probers` holds one Prober per kind in use; a target whose kind has none is skipped.
  ProbeEngine(const Clock& clock, ScheduleOptions schedule, Nanoseconds timeout, std::map<ProbeKind, Prober*> probers);

  TargetSetChange set_targets(const std::vector<ProbeTarget>& targets);
  // Takes replies, counts timeouts as lost, sends what is due (each kind's probes as one batch), then,
  // for probers timed by the agent's clock only (Prober::stamps_replies), takes what already came back,
  // so the caller's next wait does not wake at once for it.
  void tick();
  void collect();     // take every prober's replies
  // When tick() is next needed, rounded up to the wake granularity (below), so the caller's loop
  // sends the probes of a large mesh in small batches instead of waking once per probe.
  std::optional<SteadyTime> next_wakeup() const;
  // min(50 ms, interval / 10): a probe leaves at most this late. Jitter moves it by far more (±10% of
  // the interval by default), and its RTT starts at the kernel's transmit timestamp, so the lateness is
  // never measured as latency. Each wakeup costs a context switch and a few syscalls (perf on the VM:
  // at 800 probes/s a 10 ms grid cost 2.75% of a core, 25 ms 1.9%, 50 ms 1.4-1.7%; bench/agent_cost.sh).
  Nanoseconds wake_granularity() const { return wake_granularity_; }
  bool finished() const { return scheduler_.done() && tracker_.in_flight() == 0; }

  std::vector<TargetResult> results() const;       // every target, current interval so far
  std::vector<TargetResult> take_interval();       // collect(), then the same, and start a new interval

  // How often a target lost a probe right after a reply (path-MTU probes left out), since start: the
  // agent reports sooner while this grows, so the server sees a peer stop answering within seconds.
  uint64_t loss_onsets() const { return loss_onsets_; }

  const ProbeScheduler& scheduler() const { return scheduler_; }
  // Per kind, since start; only kinds whose prober reports a send-time source appear.
  const std::map<ProbeKind, SendTimeCounts>& send_time_counts() const { return send_times_; }

 private:
  void resolve_lost(TargetId id, uint32_t seq);
  void note_loss(TargetId id);
  // A UDP probe is answered by the peer's agent (its responder), an ICMP one by the peer's kernel. A UDP
  // target whose responder has never answered, towards an address whose ICMP probes are not failing, has
  // a peer whose agent is not running yet (a host or a lab coming up): its lost probes say nothing about
  // the network, and counting them showed a new lab's first minute as loss.
  bool awaits_responder(TargetId id) const;
  void index_icmp_targets();
  void collect_from(ProbeKind kind, Prober& prober);
  ProbeStatistics* statistics(TargetId id);

  const Clock& clock_;
  ProbeScheduler scheduler_;
  ProbeTracker tracker_;
  std::map<ProbeKind, Prober*> probers_;
  std::vector<std::optional<ProbeStatistics>> stats_;  // by TargetId (dense: the scheduler counts up)
  std::vector<bool> answered_last_;  // by TargetId: its newest verdict was a reply
  std::vector<bool> lost_last_;      // by TargetId: its newest verdict was a loss (neither: no verdict yet)
  std::vector<bool> ever_answered_;  // by TargetId: a reply came since the target was added
  std::map<std::pair<std::string, uint32_t>, TargetId> icmp_targets_;  // (network, address) -> ICMP target
  uint64_t loss_onsets_ = 0;
  std::vector<TargetId> due_;                          // reused by tick(): no allocation per wakeup
  std::vector<OutgoingProbe> outgoing_;
  std::map<ProbeKind, SendTimeCounts> send_times_;
  Nanoseconds wake_granularity_;
};

}  // namespace netkeel::probe
