#include "netkeel/probe/probe_engine.hpp"

#include <algorithm>

namespace netkeel::probe {

ProbeEngine::ProbeEngine(const Clock& clock, ScheduleOptions schedule, Nanoseconds timeout,
                         std::map<ProbeKind, Prober*> probers)
    : clock_(clock),
      scheduler_(schedule, clock.now()),
      tracker_(timeout),
      probers_(std::move(probers)),
      wake_granularity_(std::max(Nanoseconds(1), std::min<Nanoseconds>(std::chrono::milliseconds(50), schedule.interval / 10))) {}

ProbeStatistics* ProbeEngine::statistics(TargetId id) {
  return id < stats_.size() && stats_[id] ? &*stats_[id] : nullptr;
}

TargetSetChange ProbeEngine::set_targets(const std::vector<ProbeTarget>& targets) {
  std::vector<ProbeTarget> usable;
  for (const auto& t : targets)
    if (probers_.count(t.kind) && probers_.at(t.kind)) usable.push_back(t);
  std::map<TargetId, ProbeKind> kinds;
  for (TargetId id : scheduler_.ids()) kinds[id] = scheduler_.target(id).kind;
  TargetSetChange change = scheduler_.set_targets(usable, clock_.now());
  for (TargetId id : change.removed) {
    tracker_.forget(id);
    stats_[id].reset();
    answered_last_[id] = lost_last_[id] = ever_answered_[id] = false;
    probers_.at(kinds.at(id))->remove(id);
  }
  for (TargetId id : change.added) {
    if (id >= stats_.size()) {
      stats_.resize(id + 1);
      answered_last_.resize(id + 1, false);
      lost_last_.resize(id + 1, false);
      ever_answered_.resize(id + 1, false);
    }
    stats_[id].emplace();
  }
  index_icmp_targets();
  return change;
}

void ProbeEngine::index_icmp_targets() {
  icmp_targets_.clear();
  for (TargetId id : scheduler_.ids()) {
    const ProbeTarget& t = scheduler_.target(id);
    if (t.kind == ProbeKind::icmp) icmp_targets_[{t.network, t.address.value()}] = id;
  }
}

bool ProbeEngine::awaits_responder(TargetId id) const {
  const ProbeTarget& t = scheduler_.target(id);
  if (t.kind != ProbeKind::udp || ever_answered_[id]) return false;
  const auto icmp = icmp_targets_.find({t.network, t.address.value()});
  return icmp != icmp_targets_.end() && !lost_last_[icmp->second];
}

void ProbeEngine::resolve_lost(TargetId id, uint32_t seq) {
  ProbeStatistics* s = statistics(id);
  if (!s) return;
  if (awaits_responder(id)) {
    s->record_unanswered();
  } else {
    s->record_loss();
    note_loss(id);
  }
  probers_.at(scheduler_.target(id).kind)->expire(id, seq);
}

void ProbeEngine::note_loss(TargetId id) {
  // Path-MTU probes are left out: a network whose MTU is wrong loses them for good, which is the MTU
  // rule's news, not a reason to report faster.
  if (answered_last_[id] && scheduler_.target(id).kind != ProbeKind::pmtu) ++loss_onsets_;
  answered_last_[id] = false;
  lost_last_[id] = true;
}

void ProbeEngine::tick() {
  collect();
  const SteadyTime now = clock_.now();
  for (auto [id, seq] : tracker_.expire(now)) resolve_lost(id, seq);
  scheduler_.due(now, due_);
  if (due_.empty()) return;
  for (auto& [kind, prober] : probers_) {
    if (!prober) continue;
    outgoing_.clear();
    for (TargetId id : due_) {
      const ProbeTarget& t = scheduler_.target(id);
      if (t.kind == kind) outgoing_.push_back({id, tracker_.start(id, now), &t});
    }
    if (outgoing_.empty()) continue;
    for (size_t i : prober->send_batch(outgoing_)) {
      const OutgoingProbe& refused = outgoing_[i];
      tracker_.complete(refused.id, refused.seq, now);
      statistics(refused.id)->record_loss();
      note_loss(refused.id);
      prober->expire(refused.id, refused.seq);
    }
    // Only a prober timed by the agent's clock is read at once (a near peer may have answered
    // already); a stamped one is read at the next wakeup, with everything that came in meanwhile.
    if (!prober->stamps_replies()) collect_from(kind, *prober);
  }
}

void ProbeEngine::collect() {
  for (auto& [kind, prober] : probers_)
    if (prober) collect_from(kind, *prober);
}

void ProbeEngine::collect_from(ProbeKind kind, Prober& prober) {
  const auto replies = prober.take_replies();
  if (replies.empty()) return;
  const SteadyTime now = clock_.now();
  for (const auto& r : replies) {
    auto sent = tracker_.complete(r.id, r.seq, now, r.rtt);
    if (!sent) continue;  // late, duplicate or for a removed target
    statistics(r.id)->record_reply(r.rtt ? *r.rtt : now - *sent, now);
    answered_last_[r.id] = ever_answered_[r.id] = true;
    lost_last_[r.id] = false;
    if (r.send_time == SendTimeSource::kernel) ++send_times_[kind].kernel;
    if (r.send_time == SendTimeSource::userspace) ++send_times_[kind].userspace;
  }
}

std::optional<SteadyTime> ProbeEngine::next_wakeup() const {
  auto a = scheduler_.next_wakeup();
  auto b = tracker_.next_deadline();
  std::optional<SteadyTime> next = a && b ? std::min(*a, *b) : a ? a : b;
  if (!next) return next;
  const auto since_epoch = next->time_since_epoch();
  const auto rounded_up = (since_epoch + wake_granularity_ - Nanoseconds(1)) / wake_granularity_ * wake_granularity_;
  return SteadyTime(std::chrono::duration_cast<SteadyTime::duration>(rounded_up));
}

std::vector<TargetResult> ProbeEngine::results() const {
  std::vector<TargetResult> out;
  for (TargetId id = 0; id < stats_.size(); ++id)
    if (const auto& s = stats_[id])
      out.push_back({scheduler_.target(id), s->interval(), s->sent_total(), s->lost_total(), s->rtt_sum_total(),
                     s->unanswered_total()});
  return out;
}

std::vector<TargetResult> ProbeEngine::take_interval() {
  collect();  // replies waiting in a stamped prober's socket belong to this interval
  std::vector<TargetResult> out;
  for (TargetId id = 0; id < stats_.size(); ++id)
    if (auto& s = stats_[id])
      out.push_back({scheduler_.target(id), s->take_interval(), s->sent_total(), s->lost_total(), s->rtt_sum_total(),
                     s->unanswered_total()});
  return out;
}

}  // namespace netkeel::probe
