#include "netkeel/ha/ownership_state.hpp"

namespace netkeel::ha {

std::string to_string(OwnershipState state) {
  switch (state) {
    case OwnershipState::init: return "init";
    case OwnershipState::standby: return "standby";
    case OwnershipState::taking: return "taking";
    case OwnershipState::holding: return "holding";
    case OwnershipState::releasing: return "releasing";
    case OwnershipState::fenced: return "fenced";
    case OwnershipState::failed: return "failed";
    case OwnershipState::stopped: return "stopped";
  }
  return "unknown";
}

}  // namespace netkeel::ha
