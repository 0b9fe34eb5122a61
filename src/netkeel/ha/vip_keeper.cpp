#include "netkeel/ha/vip_keeper.hpp"

#include <algorithm>
#include <utility>

#include "netkeel/core/error.hpp"

namespace netkeel::ha {

VipKeeper::VipKeeper(VipKeeperOptions options, KeyValueStore& store, VipHolder& holder, ServiceHealth& health,
                     const Clock& clock)
    : options_(std::move(options)),
      store_(store),
      holder_(holder),
      health_(health),
      clock_(clock),
      machine_(options_.host, options_.rank, options_.parameters) {
  if (options_.key.empty()) throw UsageError("VIP keeper: the key is empty; give the VIP's key in the store");
  counters_.key = options_.key;
  counters_.host = options_.host;
  counters_.since = clock_.now();
  published_ = counters_;
}

void VipKeeper::run() {
  while (true) {
    const SteadyTime wake = step();
    if (machine_.state() == OwnershipState::stopped) return;
    // Never sleep past one renew interval: a stop request or a health change must be seen soon.
    const Nanoseconds wait = std::min<Nanoseconds>(wake - clock_.now(), options_.parameters.renew_interval);
    if (wait > Nanoseconds::zero()) clock_.sleep_for(wait);
  }
}

SteadyTime VipKeeper::step() {
  SteadyTime wake;
  apply_directives();
  if (!started_) {
    started_ = true;
    wake = perform(machine_.start(clock_.now(), health_.healthy()));
  } else if (pending_) {
    OwnershipStep request = std::move(*pending_);
    pending_.reset();
    machine_.observe_health(health_.healthy());
    wake = perform(std::move(request));
  } else {
    wake = perform(machine_.on_tick(clock_.now(), health_.healthy()));
  }
  if (stop_requested_ && !stop_fed_) {
    stop_fed_ = true;
    OwnershipStep stop = machine_.on_stop(clock_.now());  // empty while a request waits in pending_
    if (!pending_) wake = perform(std::move(stop));
  }
  publish();
  return wake;
}

void VipKeeper::set_placement(int rank, bool claimable) {
  std::lock_guard lock(directives_mutex_);
  directives_.rank = rank;
  directives_.claimable = claimable;
}

void VipKeeper::request_handover(const std::string& target) {
  std::lock_guard lock(directives_mutex_);
  directives_.handover_to = target;
}

void VipKeeper::apply_directives() {
  std::lock_guard lock(directives_mutex_);
  machine_.set_rank(directives_.rank);
  machine_.set_claimable(directives_.claimable);
  // A handover waits while a request is queued: the machine may not be holding by then.
  if (!directives_.handover_to.empty() && !pending_) {
    machine_.request_handover(directives_.handover_to);
    directives_.handover_to.clear();
  }
}

KeeperStatus VipKeeper::status() const {
  std::lock_guard lock(status_mutex_);
  return published_;
}

SteadyTime VipKeeper::perform(OwnershipStep step) {
  bool requested = false;
  while (true) {
    std::optional<OwnershipStep> replaced;
    const OwnershipAction* request = nullptr;
    for (const auto& action : step.actions) {
      if (std::holds_alternative<ReadKey>(action) || std::holds_alternative<WriteKey>(action)) {
        request = &action;  // always the last action of a step
        break;
      }
      if ((replaced = perform_holder_action(action))) break;
    }
    if (replaced) {
      step = std::move(*replaced);
      continue;
    }
    if (!request) return step.wake_at;
    if (requested) {
      pending_ = OwnershipStep{{*request}, step.wake_at};
      return clock_.now();
    }
    requested = true;
    step = perform_request(*request);
  }
}

std::optional<OwnershipStep> VipKeeper::perform_holder_action(const OwnershipAction& action) {
  if (const auto* release = std::get_if<ReleaseVip>(&action)) {
    release_held(release->reason);
    return std::nullopt;
  }
  if (std::holds_alternative<AnnounceVip>(action)) {
    holder_.announce_due();
    return std::nullopt;
  }
  // Take and extend: the fence's duration is computed here, just before the kernel call, from the
  // machine's deadline, so time lost since the machine decided shortens the fence rather than stretching
  // it. Nothing left: do nothing; the machine sees its deadline pass on its next wake.
  const bool take = std::holds_alternative<TakeVip>(action);
  const SteadyTime until = take ? std::get<TakeVip>(action).fence_until : std::get<ExtendFence>(action).fence_until;
  const Nanoseconds remaining = until - clock_.now();
  if (remaining <= Nanoseconds::zero()) return std::nullopt;
  try {
    if (take) {
      holder_.take(remaining);
      ++counters_.takeovers_total;
    } else {
      holder_.extend_fence(remaining);
      ++counters_.fence_refreshes_total;
    }
  } catch (const RuntimeError&) {
    ++counters_.take_failures_total;
    release_held(ReleaseReason::take_failed);
    return machine_.on_take_failed(clock_.now());
  }
  return std::nullopt;
}

void VipKeeper::release_held(ReleaseReason reason) {
  if (holder_.held()) {
    ++counters_.releases_total;
    ++counters_.releases_by_reason[static_cast<std::size_t>(reason)];
  }
  holder_.release();
}

OwnershipStep VipKeeper::perform_request(const OwnershipAction& request) {
  if (std::holds_alternative<ReadKey>(request)) {
    try {
      const auto key = store_.get(options_.key);
      return machine_.on_read(clock_.now(), key);
    } catch (const KeyValueUnavailable&) {
      ++counters_.store_errors_total;
      return machine_.on_read_failed(clock_.now());
    }
  }
  const auto& write = std::get<WriteKey>(request);
  const SteadyTime sent = clock_.now();
  try {
    const WriteOutcome outcome = store_.compare_and_set(options_.key, write.value, write.expected_revision);
    const SteadyTime answered = clock_.now();
    if (outcome.succeeded && !write.value.empty()) counters_.renew_latency.record(answered - sent);
    return machine_.on_write(answered, outcome);
  } catch (const KeyValueUnavailable&) {
    ++counters_.store_errors_total;
    return machine_.on_write_unknown(clock_.now());
  }
}

void VipKeeper::publish() {
  counters_.state = machine_.state();
  counters_.since = machine_.since();
  counters_.holder_seen = machine_.holder_seen();
  counters_.vip_held = holder_.held();
  std::lock_guard lock(status_mutex_);
  published_ = counters_;
}

}  // namespace netkeel::ha
