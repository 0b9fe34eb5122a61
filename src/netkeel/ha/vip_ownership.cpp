#include "netkeel/ha/vip_ownership.hpp"

#include <algorithm>
#include <stdexcept>

#include "netkeel/core/error.hpp"
#include "netkeel/ha/handover_value.hpp"

namespace netkeel::ha {

VipOwnership::VipOwnership(std::string host, int rank, OwnershipParameters parameters)
    : host_(std::move(host)), rank_(rank), parameters_(parameters) {
  if (host_.empty()) throw UsageError("VIP ownership: the host name is empty; give the host's name from the site file");
  if (rank_ < 0) throw UsageError("VIP ownership: rank " + std::to_string(rank_) + " is negative; ranks start at 0");
  validate(parameters_);
}

Nanoseconds VipOwnership::takeover_wait() const {
  return parameters_.takeover_wait + rank_ * parameters_.rank_offset;
}

Nanoseconds VipOwnership::claim_wait(const Observation& observed) const {
  if (observed.revision == 0) return rank_ * std::max(parameters_.rank_offset, parameters_.first_claim_offset);
  return takeover_wait();
}

SteadyTime VipOwnership::claim_due_at(const Observation& observed) const {
  return std::max(observed.seen_at + claim_wait(observed), observed.retry_at);
}

// ---- transitions: every state's entry and exit actions live here and nowhere else ----

void VipOwnership::transition(OwnershipState next, SteadyTime now, OwnershipStep& step) {
  on_exit(state_, next, step);
  state_ = next;
  since_ = now;
  on_entry(next, now, step);
}

void VipOwnership::on_exit(OwnershipState state, OwnershipState next, OwnershipStep& step) {
  if (state == OwnershipState::holding) {
    // Whatever the reason for leaving, the VIP goes first: before the key is freed, before a read.
    step.actions.emplace_back(std::in_place_type<ReleaseVip>, release_reason(next));
    hold_deadline_ = {};
  }
}

ReleaseReason VipOwnership::release_reason(OwnershipState next) const {
  if (take_failed_) return ReleaseReason::take_failed;
  if (next == OwnershipState::fenced) return ReleaseReason::lost;
  if (stop_requested_ || next == OwnershipState::stopped) return ReleaseReason::stopping;
  if (healthy_ && !handover_target_.empty()) return ReleaseReason::handover;
  return ReleaseReason::unhealthy;
}

void VipOwnership::on_entry(OwnershipState state, SteadyTime now, OwnershipStep& step) {
  switch (state) {
    case OwnershipState::init:
      step.actions.emplace_back(std::in_place_type<ReleaseVip>, ReleaseReason::leftover);  // a VIP left behind by a previous run is not ours to keep
      next_read_at_ = now;
      break;
    case OwnershipState::standby:
      observed_.reset();  // the takeover wait starts again from a fresh read: later is always safe
      break;
    case OwnershipState::taking:
      write(WriteKind::claim, host_, claim_expected_, now, step);
      break;
    case OwnershipState::holding:
      step.actions.emplace_back(std::in_place_type<TakeVip>, hold_deadline_);
      break;
    case OwnershipState::releasing:
      freeing_since_ = now;
      write(WriteKind::free, released_value(), my_revision_, now, step);
      break;
    case OwnershipState::fenced:
    case OwnershipState::failed:
      break;
    case OwnershipState::stopped:
      step.actions.emplace_back(std::in_place_type<ReleaseVip>, ReleaseReason::stopping);
      break;
  }
}

// ---- inputs ----

OwnershipStep VipOwnership::start(SteadyTime now, bool healthy) {
  healthy_ = healthy;
  OwnershipStep step;
  state_ = OwnershipState::init;
  since_ = now;
  on_entry(OwnershipState::init, now, step);
  return finish(now, std::move(step));
}

OwnershipStep VipOwnership::on_tick(SteadyTime now, bool healthy) {
  if (read_in_flight_ || write_in_flight_) throw std::logic_error("VipOwnership::on_tick while a request is in flight");
  healthy_ = healthy;
  OwnershipStep step = finish(now, OwnershipStep{});
  // Announce only a VIP still held after this tick (not one dropped at its deadline just now).
  if (state_ == OwnershipState::holding) {
    step.actions.emplace(step.actions.begin(), std::in_place_type<AnnounceVip>);
  }
  return step;
}

OwnershipStep VipOwnership::on_read(SteadyTime now, const std::optional<KeyValue>& key) {
  if (!read_in_flight_) throw std::logic_error("VipOwnership::on_read without a ReadKey");
  read_in_flight_ = false;
  next_read_at_ = read_sent_at_ + parameters_.renew_interval;
  holder_seen_ = key ? key->value : "";
  OwnershipStep step;
  switch (state_) {
    case OwnershipState::init:
    case OwnershipState::fenced:
      transition(OwnershipState::standby, now, step);
      consider_key(now, key, step);
      break;
    case OwnershipState::standby:
      consider_key(now, key, step);
      break;
    default:
      break;  // stopped meanwhile: the answer no longer matters
  }
  return finish(now, std::move(step));
}

OwnershipStep VipOwnership::on_read_failed(SteadyTime now) {
  if (!read_in_flight_) throw std::logic_error("VipOwnership::on_read_failed without a ReadKey");
  read_in_flight_ = false;
  next_read_at_ = read_sent_at_ + parameters_.renew_interval;
  // A standby keeps its observation: its claim is a compare-and-set, so the store still decides.
  return finish(now, OwnershipStep{});
}

OwnershipStep VipOwnership::on_write(SteadyTime now, const WriteOutcome& outcome) {
  if (!write_in_flight_) throw std::logic_error("VipOwnership::on_write without a WriteKey");
  const WriteKind kind = *write_in_flight_;
  write_in_flight_.reset();
  const SteadyTime sent = write_sent_at_;
  next_write_at_ = sent + parameters_.renew_interval;
  OwnershipStep step;

  if (outcome.succeeded) {
    if (kind == WriteKind::free) {
      my_revision_ = 0;
      holder_seen_.clear();
      after_free(now, step);
      return finish(now, std::move(step));
    }
    my_revision_ = outcome.revision;
    holder_seen_ = host_;
    // Measured from the SEND time: the write may have been applied at any moment after it.
    const SteadyTime deadline = sent + parameters_.hold_time;
    if (kind == WriteKind::claim) {
      if (stop_requested_ || !healthy_) {
        transition(OwnershipState::releasing, now, step);
      } else if (deadline <= now) {
        transition(OwnershipState::standby, now, step);  // confirmed too late to use; the next read retakes
      } else {
        hold_deadline_ = deadline;
        transition(OwnershipState::holding, now, step);
      }
    } else if (deadline <= now) {
      transition(OwnershipState::fenced, now, step);  // the fence has already run out
    } else {
      hold_deadline_ = deadline;
      step.actions.emplace_back(std::in_place_type<ExtendFence>, deadline);
    }
    return finish(now, std::move(step));
  }

  const std::optional<KeyValue>& current = outcome.current;
  holder_seen_ = current ? current->value : "";
  switch (kind) {
    case WriteKind::claim:
      if (stop_requested_) {
        transition(OwnershipState::stopped, now, step);
      } else {
        transition(OwnershipState::standby, now, step);
        consider_key(now, current, step);
      }
      break;
    case WriteKind::renew:
      if (current && current->value == host_) {
        // A renewal whose answer was lost did happen: the key is still ours at a newer revision. The
        // deadline stays where the last confirmed write put it; renew again at once.
        my_revision_ = current->mod_revision;
        next_write_at_ = now;
      } else {
        transition(OwnershipState::fenced, now, step);  // another host wrote the key: drop the VIP now
      }
      break;
    case WriteKind::free:
      after_free(now, step);  // someone else wrote it already: nothing of ours to free
      break;
  }
  return finish(now, std::move(step));
}

OwnershipStep VipOwnership::on_write_unknown(SteadyTime now) {
  if (!write_in_flight_) throw std::logic_error("VipOwnership::on_write_unknown without a WriteKey");
  const WriteKind kind = *write_in_flight_;
  write_in_flight_.reset();
  next_write_at_ = write_sent_at_ + parameters_.renew_interval;
  OwnershipStep step;
  switch (kind) {
    case WriteKind::claim: {
      // Maybe the key names us now, maybe not: read it (a key naming this host may be claimed again at once).
      // The observation and its age are kept: a claim is a compare-and-set on the observed revision, so the
      // store still decides, and waiting a whole takeover wait again would add it to the outage whenever
      // etcd has no leader at the claim (the dead host was etcd's leader). The next claim waits one renew
      // interval plus the rank's offset, so a holder that was only cut off from etcd claims first when
      // etcd answers again.
      const std::optional<Observation> kept = observed_;
      transition(stop_requested_ ? OwnershipState::stopped : OwnershipState::standby, now, step);
      if (state_ == OwnershipState::standby && kept) {
        observed_ = kept;
        observed_->retry_at = now + parameters_.renew_interval + rank_ * parameters_.rank_offset;
      }
      break;
    }
    case WriteKind::renew:
      break;  // keep the VIP until the deadline; retry when the next write is due
    case WriteKind::free:
      // Past the takeover wait the key is stale for every standby anyway: stop trying.
      if (now >= freeing_since_ + parameters_.takeover_wait) after_free(now, step);
      break;
  }
  return finish(now, std::move(step));
}

OwnershipStep VipOwnership::on_take_failed(SteadyTime now) {
  OwnershipStep step;
  if (state_ == OwnershipState::holding) {
    take_failed_ = true;
    transition(OwnershipState::releasing, now, step);
  }
  return finish(now, std::move(step));
}

OwnershipStep VipOwnership::on_stop(SteadyTime now) {
  stop_requested_ = true;
  if (read_in_flight_ || write_in_flight_) return OwnershipStep{{}, now};  // the answer's step acts on it
  return finish(now, OwnershipStep{});
}

// ---- helpers ----

void VipOwnership::consider_key(SteadyTime now, const std::optional<KeyValue>& key, OwnershipStep& step) {
  if (stop_requested_) return;  // run_due stops
  if (!healthy_) {
    failed_until_ = now;
    transition(OwnershipState::failed, now, step);
    return;
  }
  if (!claimable_) return;  // drained: watch, never claim
  if (!key && rank_ > 0) {
    // A key never written is the VIP's first placement: rank 0 claims it at once, rank r only after it
    // stayed absent for r x max(rank_offset, first_claim_offset), so each VIP starts on the host the
    // placement chose (even when keepers start a little apart) and VIPs spread
    // over the hosts instead of all landing on the keeper that started first. (A key freed by a holder
    // is claimed at once by anyone: that is a failover, where every millisecond counts.)
    if (!observed_ || observed_->revision != 0) observed_ = Observation{0, now};
    if (now - observed_->seen_at < claim_wait(*observed_)) return;
  }
  if (!key || key->value.empty() || key->value == host_ || handover_target(key->value) == host_) {
    // Free, or our own claim (a previous run's, or a write whose answer was lost): no other host can hold
    // the VIP while the key says so, so claim it at once.
    claim_expected_ = key ? key->mod_revision : 0;
    transition(OwnershipState::taking, now, step);
    return;
  }
  if (!observed_ || observed_->revision != key->mod_revision) observed_ = Observation{key->mod_revision, now};
}

bool VipOwnership::request_handover(const std::string& target) {
  if (state_ != OwnershipState::holding || target.empty() || target == host_ || stop_requested_) return false;
  handover_target_ = target;
  return true;
}

std::string VipOwnership::released_value() const {
  return handover_target_.empty() ? std::string() : handover_value(handover_target_);
}

void VipOwnership::after_free(SteadyTime now, OwnershipStep& step) {
  handover_target_.clear();
  if (stop_requested_) {
    transition(OwnershipState::stopped, now, step);
  } else if (take_failed_) {
    take_failed_ = false;
    failed_until_ = now + parameters_.retry_after_failure;
    transition(OwnershipState::failed, now, step);
  } else if (!healthy_) {
    failed_until_ = now;
    transition(OwnershipState::failed, now, step);
  } else {
    transition(OwnershipState::standby, now, step);
  }
}

void VipOwnership::read(SteadyTime now, OwnershipStep& step) {
  step.actions.emplace_back(std::in_place_type<ReadKey>);
  read_in_flight_ = true;
  read_sent_at_ = now;
}

void VipOwnership::write(WriteKind kind, std::string value, std::int64_t expected, SteadyTime now,
                         OwnershipStep& step) {
  step.actions.emplace_back(std::in_place_type<WriteKey>, std::move(value), expected);
  write_in_flight_ = kind;
  write_sent_at_ = now;
}

void VipOwnership::run_due(SteadyTime now, OwnershipStep& step) {
  // A transition may make something else due at once (holding -> fenced -> read); a handful of rounds
  // covers every chain.
  for (int round = 0; round < 8 && !has_store_request(step); ++round) {
    const OwnershipState before = state_;
    if (stop_requested_) {
      // Holding: drop the VIP, then free the key. Claiming or freeing: the answer decides. Else: stop now.
      if (state_ == OwnershipState::holding) {
        transition(OwnershipState::releasing, now, step);
      } else if (state_ != OwnershipState::taking && state_ != OwnershipState::releasing &&
                 state_ != OwnershipState::stopped) {
        transition(OwnershipState::stopped, now, step);
      }
      if (state_ != before) continue;
    }
    switch (state_) {
      case OwnershipState::init:
        if (now >= next_read_at_) read(now, step);
        break;
      case OwnershipState::standby:
        if (!healthy_) {
          failed_until_ = now;
          transition(OwnershipState::failed, now, step);
        } else if (claimable_ && observed_ && now >= claim_due_at(*observed_)) {
          claim_expected_ = observed_->revision;
          transition(OwnershipState::taking, now, step);
        } else if (now >= next_read_at_) {
          read(now, step);
        }
        break;
      case OwnershipState::holding:
        if (now >= hold_deadline_) {
          transition(OwnershipState::fenced, now, step);
        } else if (!healthy_ || !handover_target_.empty()) {
          transition(OwnershipState::releasing, now, step);
        } else if (now >= next_write_at_) {
          write(WriteKind::renew, host_, my_revision_, now, step);
        }
        break;
      case OwnershipState::releasing:
        if (now >= next_write_at_) write(WriteKind::free, released_value(), my_revision_, now, step);
        break;
      case OwnershipState::fenced:
        if (!healthy_) {
          failed_until_ = now;
          transition(OwnershipState::failed, now, step);
        } else if (now >= next_read_at_) {
          read(now, step);
        }
        break;
      case OwnershipState::failed:
        if (healthy_ && now >= failed_until_) transition(OwnershipState::standby, now, step);
        break;
      case OwnershipState::taking:
      case OwnershipState::stopped:
        break;
    }
    if (state_ == before) break;
  }
}

SteadyTime VipOwnership::wake_time(SteadyTime now) const {
  switch (state_) {
    case OwnershipState::init:
    case OwnershipState::fenced:
      return next_read_at_;
    case OwnershipState::standby:
      return observed_ ? std::min(next_read_at_, claim_due_at(*observed_)) : next_read_at_;
    case OwnershipState::holding:
      return std::min(next_write_at_, hold_deadline_);
    case OwnershipState::releasing:
      return next_write_at_;
    case OwnershipState::failed:
      return std::max(failed_until_, now + parameters_.renew_interval);  // health is polled this often
    case OwnershipState::taking:
      return now;
    case OwnershipState::stopped:
      return SteadyTime::max();
  }
  return now;
}

OwnershipStep VipOwnership::finish(SteadyTime now, OwnershipStep step) {
  run_due(now, step);
  step.wake_at = has_store_request(step) ? now : std::max(now, wake_time(now));
  return step;
}

}  // namespace netkeel::ha
