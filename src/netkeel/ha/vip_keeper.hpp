#pragma once
// Runs one VIP's ownership state machine against the real world: the coordination store, the host's
// VipHolder, the service's health and a Clock. It performs the machine's actions in order, feeds every
// store answer back, and sleeps (Clock::sleep_for) until the machine's next wake, at most one renew
// interval so a stop request or a health change is seen promptly. One thread per VIP: run() blocks until
// request_stop() has released the VIP and marked the key free (or found the store away).
#include <atomic>
#include <mutex>
#include <optional>
#include <string>

#include "netkeel/core/clock.hpp"
#include "netkeel/ha/keeper_status.hpp"
#include "netkeel/ha/key_value_store.hpp"
#include "netkeel/ha/service_health.hpp"
#include "netkeel/ha/vip_holder.hpp"
#include "netkeel/ha/vip_ownership.hpp"

namespace netkeel::ha {

struct VipKeeperOptions {
  std::string key;    // the VIP's key in the store, e.g. /netkeel/keep/vips/keystone
  std::string host;   // this host's name: the value written into the key while holding
  int rank = 0;       // this host's place among the VIP's candidates (0 claims first)
  OwnershipParameters parameters;
};

class VipKeeper {
 public:
  // Throws UsageError for an empty key and for what VipOwnership rejects.
  VipKeeper(VipKeeperOptions options, KeyValueStore& store, VipHolder& holder, ServiceHealth& health,
            const Clock& clock);

  // Runs until stopped (see the header comment). Not re-entrant; call once.
  void run();
  // Thread-safe; returns at once. run() then releases, frees the key and returns.
  void request_stop() { stop_requested_ = true; }
  // Thread-safe snapshot.
  KeeperStatus status() const;
  // Thread-safe; applied at the next step. The placement's claim rank for this host and whether it may
  // claim at all (false while drained).
  void set_placement(int rank, bool claimable);
  // Thread-safe; at the next step a holder drops the VIP and hands the key to TARGET (handover_value.hpp).
  // Ignored when this host does not hold the VIP then.
  void request_handover(const std::string& target);

  // For tests and for drivers with their own loop: starts the machine (first call) or wakes it, performs
  // everything up to the next sleep, and returns when the machine wants to be woken next.
  SteadyTime step();

 private:
  // Performs STEP's holder actions and at most one store request (feeding its answer back, and performing
  // the answer's holder actions). A further request waits in pending_, so the loop comes round to the
  // health check and a stop request between two requests even when renewals run back to back.
  // Returns when the machine wants to be woken.
  SteadyTime perform(OwnershipStep step);
  OwnershipStep perform_request(const OwnershipAction& request);
  // Returns a replacement step when a holder action failed and the machine must react; nullopt otherwise.
  std::optional<OwnershipStep> perform_holder_action(const OwnershipAction& action);
  void release_held(ReleaseReason reason);  // drops the VIP, counting it when it was on this host
  void publish();
  void apply_directives();

  VipKeeperOptions options_;
  KeyValueStore& store_;
  VipHolder& holder_;
  ServiceHealth& health_;
  const Clock& clock_;
  VipOwnership machine_;
  bool started_ = false;
  std::optional<OwnershipStep> pending_;  // a store request the machine asked for, not yet sent
  bool stop_fed_ = false;
  std::atomic<bool> stop_requested_{false};

  struct Directives {
    int rank = -1;                     // -1: unchanged
    bool claimable = true;
    std::string handover_to;           // "" : none asked for
  };
  mutable std::mutex directives_mutex_;
  Directives directives_;            // guarded by directives_mutex_

  KeeperStatus counters_;          // owned by the running thread
  mutable std::mutex status_mutex_;
  KeeperStatus published_;         // guarded by status_mutex_
};

}  // namespace netkeel::ha
