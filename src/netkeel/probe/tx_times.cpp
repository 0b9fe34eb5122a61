#include "netkeel/probe/tx_times.hpp"

#include <algorithm>

namespace netkeel::probe {

void TxTimes::sent(TargetId id, uint32_t seq, Nanoseconds user_time, size_t channel) {
  forget(id, seq);
  if (channels_.size() <= channel) channels_.resize(channel + 1);
  Channel& c = channels_[channel];
  if (c.probes.empty()) c.first_key = c.next_key;
  const uint32_t key = c.next_key++;
  c.probes.push_back(Probe{id, seq, user_time, std::nullopt, true});
  if (by_target_.size() <= id) by_target_.resize(id + 1);
  by_target_[id].push_back({seq, uint32_t(channel), key});
  ++in_flight_;
}

void TxTimes::send_failed(TargetId id, uint32_t seq) {
  const Sent* s = find(id, seq);
  if (!s) return;
  Channel& c = channels_[s->channel];
  const bool last = c.next_key == s->key + 1;  // sends on one socket are sequential: it was the last key
  erase(id, s);
  if (last) {
    --c.next_key;
    if (!c.probes.empty() && !c.probes.back().live) c.probes.pop_back();
  }
}

TxTimes::Probe* TxTimes::slot(size_t channel, uint32_t key) {
  if (channel >= channels_.size()) return nullptr;
  Channel& c = channels_[channel];
  const uint32_t offset = key - c.first_key;  // wraps with the kernel's 32-bit counter
  if (offset >= c.probes.size()) return nullptr;
  Probe& p = c.probes[offset];
  return p.live ? &p : nullptr;
}

void TxTimes::stamped(size_t channel, uint32_t key, Nanoseconds kernel_time) {
  Probe* p = slot(channel, key);
  if (!p) return;  // already answered, expired or forgotten
  if (kernel_time >= p->user_time) p->kernel_time = kernel_time;
}

std::optional<MeasuredRtt> TxTimes::rtt(TargetId id, uint32_t seq, Nanoseconds received) {
  const Sent* s = find(id, seq);
  if (!s) return std::nullopt;
  const Probe& p = *slot(s->channel, s->key);
  // A stamp after the reply arrived cannot be this probe's either.
  const bool kernel = p.kernel_time && *p.kernel_time <= received;
  const Nanoseconds rtt = received - (kernel ? *p.kernel_time : p.user_time);
  erase(id, s);
  return MeasuredRtt{rtt < Nanoseconds(0) ? Nanoseconds(0) : rtt, kernel ? SendTimeSource::kernel : SendTimeSource::userspace};
}

void TxTimes::forget(TargetId id, uint32_t seq) {
  if (const Sent* s = find(id, seq)) erase(id, s);
}

void TxTimes::forget(TargetId id) {
  if (id >= by_target_.size()) return;
  while (!by_target_[id].empty()) erase(id, &by_target_[id].back());
}

const TxTimes::Sent* TxTimes::find(TargetId id, uint32_t seq) const {
  if (id >= by_target_.size()) return nullptr;  // e.g. a reply naming a target this agent never had
  for (const Sent& s : by_target_[id])
    if (s.seq == seq) return &s;
  return nullptr;
}

void TxTimes::erase(TargetId id, const Sent* sent) {
  const Sent s = *sent;
  auto& list = by_target_[id];
  list.erase(list.begin() + (sent - list.data()));
  --in_flight_;
  Channel& c = channels_[s.channel];
  if (Probe* p = slot(s.channel, s.key)) *p = Probe{};
  while (!c.probes.empty() && !c.probes.front().live) {  // the oldest sends are resolved: let go of them
    c.probes.pop_front();
    ++c.first_key;
  }
}

}  // namespace netkeel::probe
