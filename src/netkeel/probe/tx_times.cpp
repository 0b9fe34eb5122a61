#include "netkeel/probe/tx_times.hpp"

namespace netkeel::probe {

void TxTimes::sent(TargetId id, uint32_t seq, Nanoseconds user_time, size_t channel) {
  forget(id, seq);
  const uint32_t key = next_key_[channel]++;
  probes_[{id, seq}] = Probe{user_time, std::nullopt, channel, key};
  by_key_[{channel, key}] = {id, seq};
}

void TxTimes::send_failed(TargetId id, uint32_t seq) {
  auto it = probes_.find({id, seq});
  if (it == probes_.end()) return;
  uint32_t& next = next_key_[it->second.channel];
  if (next == it->second.key + 1) --next;  // sends on one socket are sequential: it was the last key
  erase(it);
}

void TxTimes::stamped(size_t channel, uint32_t key, Nanoseconds kernel_time) {
  auto k = by_key_.find({channel, key});
  if (k == by_key_.end()) return;  // already answered, expired or forgotten
  Probe& p = probes_.at(k->second);
  if (kernel_time >= p.user_time) p.kernel_time = kernel_time;
}

std::optional<MeasuredRtt> TxTimes::rtt(TargetId id, uint32_t seq, Nanoseconds received) {
  auto it = probes_.find({id, seq});
  if (it == probes_.end()) return std::nullopt;
  const Probe& p = it->second;
  // A stamp after the reply arrived cannot be this probe's either.
  const bool kernel = p.kernel_time && *p.kernel_time <= received;
  const Nanoseconds rtt = received - (kernel ? *p.kernel_time : p.user_time);
  erase(it);
  return MeasuredRtt{rtt < Nanoseconds(0) ? Nanoseconds(0) : rtt, kernel ? SendTimeSource::kernel : SendTimeSource::userspace};
}

void TxTimes::forget(TargetId id, uint32_t seq) {
  auto it = probes_.find({id, seq});
  if (it != probes_.end()) erase(it);
}

void TxTimes::forget(TargetId id) {
  for (auto it = probes_.lower_bound({id, 0}); it != probes_.end() && it->first.first == id;) {
    auto next = std::next(it);
    erase(it);
    it = next;
  }
}

void TxTimes::erase(std::map<ProbeKey, Probe>::iterator it) {
  by_key_.erase({it->second.channel, it->second.key});
  probes_.erase(it);
}

}  // namespace netkeel::probe
