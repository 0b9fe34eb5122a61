#include "netkeel/ha/link_health_probe.hpp"

namespace netkeel::ha {

LinkHealthProbe::LinkHealthProbe(std::unique_ptr<collect::LinkEventSource> events, std::map<std::string, bool> initial,
                                 std::vector<std::string> nics, std::string network)
    : events_(std::move(events)), up_(std::move(initial)), nics_(std::move(nics)), network_(std::move(network)) {}

ProbeOutcome LinkHealthProbe::run(Nanoseconds) {
  for (const auto& event : events_->take_events()) up_[event.name] = event.up && !event.removed;
  std::string with, without;
  for (const auto& nic : nics_) {
    auto it = up_.find(nic);
    std::string& list = it != up_.end() && it->second ? with : without;
    list += (list.empty() ? "" : ", ") + nic;
  }
  if (!with.empty()) return {true, "carrier on " + with + (without.empty() ? "" : " (none on " + without + ")")};
  if (nics_.empty()) return {false, "no NIC of this host carries network " + network_};
  return {false, "no carrier on " + without + " (network " + network_ + ")"};
}

std::string LinkHealthProbe::describe() const {
  std::string names;
  for (const auto& nic : nics_) names += (names.empty() ? "" : ",") + nic;
  return "link " + names;
}

}  // namespace netkeel::ha
