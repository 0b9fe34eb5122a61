#pragma once
// What the ownership state machine asks its driver to do. A step holds holder actions first and at most
// one store request last; the driver performs them in order and feeds the request's answer back.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "netkeel/core/clock.hpp"

namespace netkeel::ha {

// Read the VIP's key; answer with VipOwnership::on_read or on_read_failed.
struct ReadKey {
  bool operator==(const ReadKey&) const = default;
};
// Compare-and-set the key to VALUE if its mod revision is still EXPECTED_REVISION (0: absent). VALUE is
// this host's name (a claim or a renewal) or "" (marking the key free). Answer with on_write or
// on_write_unknown.
struct WriteKey {
  std::string value;
  std::int64_t expected_revision = 0;
  bool operator==(const WriteKey&) const = default;
};
// Put the VIP on this host with its fence open until FENCE_UNTIL (this host's monotonic clock). The driver
// turns the deadline into a duration at the moment it calls the kernel, so time lost in between shortens
// the fence instead of lengthening it. If the kernel refuses, answer with on_take_failed.
struct TakeVip {
  SteadyTime fence_until;
  bool operator==(const TakeVip&) const = default;
};
// A renewal was confirmed: the fence stays open until FENCE_UNTIL (no longer).
struct ExtendFence {
  SteadyTime fence_until;
  bool operator==(const ExtendFence&) const = default;
};
// Why a VIP leaves this host: the keeper counts releases by it, so an operator can tell a lost
// coordination store from a failed check or an ordered move.
enum class ReleaseReason {
  leftover,   // at start: a VIP a previous run left behind is not ours to keep
  lost,       // no renewal confirmed before the deadline, or another host wrote the key
  handover,   // an operator's drain, move or rebalance
  unhealthy,  // the service's checks (or a local dependency) failed
  stopping,   // the keeper stops
  take_failed // the kernel refused the VIP
};
inline constexpr int kReleaseReasons = 6;
std::string to_string(ReleaseReason reason);

// Remove the VIP from this host (fence first). Idempotent.
struct ReleaseVip {
  ReleaseReason reason = ReleaseReason::unhealthy;
  bool operator==(const ReleaseVip&) const = default;
};
// Send the gratuitous ARPs that are due.
struct AnnounceVip {
  bool operator==(const AnnounceVip&) const = default;
};

using OwnershipAction = std::variant<ReadKey, WriteKey, TakeVip, ExtendFence, ReleaseVip, AnnounceVip>;

struct OwnershipStep {
  std::vector<OwnershipAction> actions;
  // When the machine wants on_tick next, if the step holds no store request.
  SteadyTime wake_at = SteadyTime::max();
};

// True when the step ends with a store request (ReadKey or WriteKey).
bool has_store_request(const OwnershipStep& step);
std::string to_string(const OwnershipAction& action);

}  // namespace netkeel::ha
