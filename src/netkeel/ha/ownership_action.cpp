#include "netkeel/ha/ownership_action.hpp"

#include <fmt/format.h>

namespace netkeel::ha {

bool has_store_request(const OwnershipStep& step) {
  return !step.actions.empty() &&
         (std::holds_alternative<ReadKey>(step.actions.back()) || std::holds_alternative<WriteKey>(step.actions.back()));
}

std::string to_string(ReleaseReason reason) {
  switch (reason) {
    case ReleaseReason::leftover: return "leftover";
    case ReleaseReason::lost: return "lost";
    case ReleaseReason::handover: return "handover";
    case ReleaseReason::unhealthy: return "unhealthy";
    case ReleaseReason::stopping: return "stopping";
    case ReleaseReason::take_failed: return "take_failed";
  }
  return "unhealthy";
}

std::string to_string(const OwnershipAction& action) {
  struct Printer {
    std::string operator()(const ReadKey&) const { return "read"; }
    std::string operator()(const WriteKey& w) const {
      return fmt::format("write '{}' if revision {}", w.value, w.expected_revision);
    }
    std::string operator()(const TakeVip&) const { return "take"; }
    std::string operator()(const ExtendFence&) const { return "extend fence"; }
    std::string operator()(const ReleaseVip& r) const { return "release (" + to_string(r.reason) + ")"; }
    std::string operator()(const AnnounceVip&) const { return "announce"; }
  };
  return std::visit(Printer{}, action);
}

}  // namespace netkeel::ha
