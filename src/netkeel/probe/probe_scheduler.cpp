#include "netkeel/probe/probe_scheduler.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include "netkeel/core/fnv1a.hpp"
#include "netkeel/core/error.hpp"

namespace netkeel::probe {

namespace {

// FNV-1a over the key, then a splitmix64 finish with the seed: a stable phase per (agent, target).
double phase_of(const std::string& key, uint64_t seed) {
  uint64_t h = fnv1a_64(key);
  h ^= seed + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
  h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
  h ^= h >> 31;
  return double(h >> 11) / double(uint64_t{1} << 53);
}

}  // namespace

ProbeScheduler::ProbeScheduler(ScheduleOptions options, SteadyTime start)
    : options_(options), origin_(start), effective_interval_(options.interval), rng_(options.seed),
      last_refill_(start) {
  if (options_.interval <= Nanoseconds(0)) throw UsageError("probe interval must be positive");
  if (options_.jitter < 0 || options_.jitter > 0.5) throw UsageError("probe jitter must be within [0, 0.5] of the interval");
  if (options_.max_probes_per_second < 0) throw UsageError("probe budget must be 0 (none) or positive");
  recompute_interval();
}

void ProbeScheduler::recompute_interval() {
  effective_interval_ = options_.interval;
  if (options_.max_probes_per_second > 0) {
    double per_interval = 0;  // probes one interval carries: a target probed every k intervals counts 1/k
    for (const auto& [key, id] : by_key_) per_interval += 1.0 / double(entry(id).target.every);
    const auto needed = Nanoseconds(static_cast<int64_t>(std::ceil(per_interval * 1e9 / options_.max_probes_per_second)));
    effective_interval_ = std::max(effective_interval_, needed);
    // A twentieth of a second's worth of probes may go at once: enough to absorb phase clumping.
    bucket_capacity_ = std::max(1.0, options_.max_probes_per_second / 20.0);
  }
}

Nanoseconds ProbeScheduler::jitter_for_next() {
  if (options_.jitter == 0) return Nanoseconds(0);
  std::uniform_real_distribution<double> d(-options_.jitter, options_.jitter);
  return Nanoseconds(static_cast<int64_t>(d(rng_) * double(effective_interval_.count())));
}

void ProbeScheduler::schedule(TargetId id, Entry& e) {
  e.send_at = std::max(e.slot + jitter_for_next(), origin_);
  queue_.push_back({e.send_at, id});
  std::push_heap(queue_.begin(), queue_.end(), std::greater<>());
}

TargetSetChange ProbeScheduler::set_targets(const std::vector<ProbeTarget>& targets, SteadyTime now) {
  TargetSetChange change;
  std::map<std::string, const ProbeTarget*> wanted;
  for (const auto& t : targets) wanted.emplace(t.key(), &t);
  for (auto it = by_key_.begin(); it != by_key_.end();) {
    if (wanted.count(it->first)) {
      ++it;
      continue;
    }
    const TargetId id = it->second;
    entries_.at(id).reset();
    change.removed.push_back(id);
    it = by_key_.erase(it);
  }
  if (!change.removed.empty()) {  // rare (a plan change): rebuild the heap without them
    std::erase_if(queue_, [&](const Queued& q) { return !entries_.at(q.id); });
    std::make_heap(queue_.begin(), queue_.end(), std::greater<>());
  }
  std::vector<TargetId> fresh;
  for (const auto& t : targets) {
    const std::string key = t.key();
    if (by_key_.count(key)) continue;
    const TargetId id = next_id_++;
    by_key_[key] = id;
    if (entries_.size() <= id) entries_.resize(id + 1);
    entries_[id] = Entry{t, phase_of(key, options_.seed), now, now, 0};
    fresh.push_back(id);
    change.added.push_back(id);
  }
  recompute_interval();
  if (by_key_.size() == fresh.size()) tokens_ = bucket_capacity_;
  // New targets start at their phase within the next interval.
  for (TargetId id : fresh) {
    Entry& e = entry(id);
    e.slot = now + Nanoseconds(static_cast<int64_t>(e.phase * double(period(e).count())));
    schedule(id, e);
  }
  return change;
}

void ProbeScheduler::refill(SteadyTime now) {
  if (options_.max_probes_per_second <= 0) return;
  const double seconds = std::chrono::duration<double>(now - last_refill_).count();
  if (seconds > 0) tokens_ = std::min(bucket_capacity_, tokens_ + seconds * options_.max_probes_per_second);
  last_refill_ = std::max(last_refill_, now);
}

std::vector<TargetId> ProbeScheduler::due(SteadyTime now) {
  std::vector<TargetId> out;
  due(now, out);
  return out;
}

void ProbeScheduler::due(SteadyTime now, std::vector<TargetId>& out) {
  refill(now);
  out.clear();
  while (!queue_.empty() && queue_.front().at <= now) {
    if (options_.max_probes_per_second > 0) {
      if (tokens_ < 1.0) break;  // over budget: stays due, goes out when tokens come back
      tokens_ -= 1.0;
    }
    const TargetId id = queue_.front().id;
    std::pop_heap(queue_.begin(), queue_.end(), std::greater<>());
    queue_.pop_back();
    Entry& e = entry(id);
    out.push_back(id);
    ++e.sent;
    if (options_.probes_per_target && e.sent >= *options_.probes_per_target) continue;
    const Nanoseconds step = period(e);
    e.slot += step;
    // Fell behind (budget, a stalled loop): skip the missed slots instead of bursting to catch up.
    while (e.slot + step <= now) e.slot += step;
    schedule(id, e);
  }
}

std::optional<SteadyTime> ProbeScheduler::next_wakeup() const {
  if (queue_.empty()) return std::nullopt;
  SteadyTime t = queue_.front().at;
  if (options_.max_probes_per_second > 0 && tokens_ < 1.0) {
    const auto wait = Nanoseconds(static_cast<int64_t>((1.0 - tokens_) * 1e9 / options_.max_probes_per_second) + 1);
    t = std::max(t, last_refill_ + wait);
  }
  return t;
}

std::vector<TargetId> ProbeScheduler::ids() const {
  std::vector<TargetId> out;
  for (TargetId id = 0; id < entries_.size(); ++id)
    if (entries_[id]) out.push_back(id);
  return out;
}

}  // namespace netkeel::probe
