#pragma once
// The states of one VIP's ownership on one host (docs/keep.md has the transition table).
#include <string>

namespace netkeel::ha {

enum class OwnershipState {
  init,       // just started: the VIP is removed from this host, the key not yet read
  standby,    // healthy, not holding; watching the key, ready to claim it
  taking,     // a claim (compare-and-set naming this host) is on its way to the store
  holding,    // this host holds the VIP and renews the key; the kernel fence is open
  releasing,  // the VIP is gone from this host; marking the key free so a standby takes it at once
  fenced,     // the VIP was dropped because this host could not confirm its claim in time, or another
              // host wrote the key; waiting for the store to answer a read
  failed,     // the local service is unhealthy (or the kernel refused the VIP): not a candidate
  stopped,    // asked to stop; the VIP is released and the key marked free (when the store answered)
};

std::string to_string(OwnershipState state);

}  // namespace netkeel::ha
