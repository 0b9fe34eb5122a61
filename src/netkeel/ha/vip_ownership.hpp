#pragma once
// One VIP's ownership on one host, as a pure state machine: inputs are the time (passed in, never read),
// the answers to the store requests it asked for, the local health and a stop request; outputs are
// actions (read or compare-and-set the key, take / extend / release the VIP, announce it) and when to be
// woken next. The protocol (docs/keep.md): the key's value is the holder's host name ("" or absent:
// free); the holder renews by compare-and-set on its own last revision every renew_interval and keeps the
// VIP until hold_time after sending its last confirmed write; a standby claims a free key or its own
// stale claim at once, and another host's claim only after takeover_wait + rank x rank_offset without a
// new revision; a holder that must stop or whose service failed drops the VIP first, then frees the key.
// A voluntary handover (handover_value.hpp) is the same release with the key naming the next holder, who
// claims it at once. The rank may change while running (placement follows etcd); a host that is not
// claimable (drained) never claims, but keeps a VIP it holds until it hands it over.
#include <cstdint>
#include <optional>
#include <string>

#include "netkeel/ha/key_value_store.hpp"
#include "netkeel/ha/ownership_action.hpp"
#include "netkeel/ha/ownership_parameters.hpp"
#include "netkeel/ha/ownership_state.hpp"

namespace netkeel::ha {

class VipOwnership {
 public:
  // HOST is this host's name as written into the key (unique among the VIP's candidates, not empty);
  // RANK orders standbys (0 claims first). Throws UsageError for an empty host, a negative rank or
  // parameters that fail validate().
  VipOwnership(std::string host, int rank, OwnershipParameters parameters);

  // The first step: removes any VIP a previous run left behind and reads the key.
  OwnershipStep start(SteadyTime now, bool healthy);
  // Timers and the latest health check result.
  OwnershipStep on_tick(SteadyTime now, bool healthy);
  // Answers to ReadKey.
  OwnershipStep on_read(SteadyTime now, const std::optional<KeyValue>& key);
  OwnershipStep on_read_failed(SteadyTime now);
  // Answers to WriteKey: confirmed or refused (with what the key holds now), or unknown (no answer: the
  // write may or may not have happened).
  OwnershipStep on_write(SteadyTime now, const WriteOutcome& outcome);
  OwnershipStep on_write_unknown(SteadyTime now);
  // The kernel refused TakeVip.
  OwnershipStep on_take_failed(SteadyTime now);
  // Release (if holding), mark the key free, then stop. While a request is in flight, the stop is acted
  // on when its answer comes.
  OwnershipStep on_stop(SteadyTime now);
  // The latest health check result, given at any time (also while a request is in flight); acted on at
  // the next input. Lets a driver whose renewals run back to back report a failed check between them.
  void observe_health(bool healthy) { healthy_ = healthy; }
  // The placement's current claim rank for this host (takes effect at the next input). Negative: ignored.
  void set_rank(int rank) {
    if (rank >= 0) rank_ = rank;
  }
  int rank() const { return rank_; }
  // False while the host is drained: it claims nothing, not even a free key.
  void set_claimable(bool claimable) { claimable_ = claimable; }
  bool claimable() const { return claimable_; }
  // Asks a holder to hand the VIP over to TARGET (another host): at the next input it drops the VIP and
  // writes handover_value(TARGET). Ignored unless holding and TARGET is another host; returns whether it
  // was accepted.
  bool request_handover(const std::string& target);

  OwnershipState state() const { return state_; }
  SteadyTime since() const { return since_; }
  // The host the key named at the last answer (this host, another one, or "" when free / never read).
  const std::string& holder_seen() const { return holder_seen_; }
  // While holding: when the VIP must be gone unless a renewal is confirmed first.
  SteadyTime hold_deadline() const { return hold_deadline_; }
  const std::string& host() const { return host_; }
  Nanoseconds takeover_wait() const;  // takeover_wait + rank x rank_offset

 private:
  enum class WriteKind { claim, renew, free };
  struct Observation {
    std::int64_t revision = 0;
    SteadyTime seen_at;  // when the read that first returned this revision came back
    SteadyTime retry_at{};  // after a claim with no answer: not claimed again before this
  };

  void transition(OwnershipState next, SteadyTime now, OwnershipStep& step);
  void on_exit(OwnershipState state, OwnershipState next, OwnershipStep& step);
  ReleaseReason release_reason(OwnershipState next) const;  // why a holder leaving for NEXT drops the VIP
  void on_entry(OwnershipState state, SteadyTime now, OwnershipStep& step);
  // Runs what is due in the current state (possibly changing state) and sets the wake time.
  OwnershipStep finish(SteadyTime now, OwnershipStep step);
  void run_due(SteadyTime now, OwnershipStep& step);
  void consider_key(SteadyTime now, const std::optional<KeyValue>& key, OwnershipStep& step);
  void read(SteadyTime now, OwnershipStep& step);
  void write(WriteKind kind, std::string value, std::int64_t expected, SteadyTime now, OwnershipStep& step);
  void after_free(SteadyTime now, OwnershipStep& step);
  // How long OBSERVED must stay unchanged before this host claims: a never-written key (revision 0)
  // waits rank x max(rank_offset, first_claim_offset), another host's claim takeover_wait().
  std::string released_value() const;
  Nanoseconds claim_wait(const Observation& observed) const;
  SteadyTime claim_due_at(const Observation& observed) const;
  SteadyTime wake_time(SteadyTime now) const;

  std::string host_;
  int rank_;
  OwnershipParameters parameters_;

  OwnershipState state_ = OwnershipState::init;
  SteadyTime since_;
  bool healthy_ = true;
  bool stop_requested_ = false;
  bool take_failed_ = false;
  bool claimable_ = true;
  std::string handover_target_;  // releasing for a handover to this host ("" for a plain release)
  std::string holder_seen_;

  // The key's revision from this host's last write that the store confirmed (or that a refusal showed to
  // be this host's own); 0 when none.
  std::int64_t my_revision_ = 0;
  SteadyTime hold_deadline_;
  std::optional<Observation> observed_;  // another host's claim, as a standby saw it

  // Requests: at most one in flight; none sent more often than once per renew_interval.
  std::optional<WriteKind> write_in_flight_;
  bool read_in_flight_ = false;
  SteadyTime read_sent_at_;
  SteadyTime write_sent_at_;
  std::int64_t claim_expected_ = 0;  // the revision the next claim expects
  SteadyTime next_read_at_;
  SteadyTime next_write_at_;
  SteadyTime freeing_since_;   // releasing: when the first attempt to free the key was sent
  SteadyTime failed_until_;    // failed: not before this, even when healthy
};

}  // namespace netkeel::ha
