#include "netkeel/analyze/link_states.hpp"

#include <optional>

namespace netkeel::analyze {
namespace {

std::optional<LinkCondition> condition_of(const std::string& kind) {
  if (kind == "link_down") return LinkCondition::down;
  if (kind == "link_up") return LinkCondition::up;
  if (kind == "link_flapping") return LinkCondition::flapping;
  return std::nullopt;
}

}  // namespace

void LinkStates::add(const store::Batch& batch) {
  for (const store::Event& event : batch.events) {
    const auto condition = condition_of(event.kind);
    if (!condition) continue;
    const std::string interface = event.text.substr(0, event.text.find(' '));
    if (interface.empty()) continue;
    seed(event.host, interface, *condition, event.timestamp_ms);
  }
  for (const store::Sample& sample : batch.samples) {
    const store::Series& series = batch.series[sample.series];
    if (series.metric != "netkeel_bond_member_up") continue;
    const std::string host(series.label("host").empty() ? batch.id.agent_host : std::string(series.label("host")));
    const std::string bond(series.label("bond"));
    const std::string member(series.label("member"));
    if (bond.empty() || member.empty()) continue;
    auto [it, inserted] = members_.try_emplace({host, bond, member}, BondMemberRecord{sample.value > 0, sample.timestamp_ms});
    if (!inserted && it->second.at_ms < sample.timestamp_ms) it->second = {sample.value > 0, sample.timestamp_ms};
  }
}

void LinkStates::seed(const std::string& host, const std::string& interface, LinkCondition condition,
                      TimestampMs since_ms) {
  auto [it, inserted] = links_.try_emplace({host, interface}, LinkRecord{condition, since_ms});
  if (!inserted && it->second.since_ms <= since_ms) it->second = {condition, since_ms};
}

void LinkStates::prune(TimestampMs now_ms, TimestampMs forget_after_ms) {
  // An up link is kept a while (so a late, older down cannot win); a down or flapping one until an event
  // changes it.
  for (auto it = links_.begin(); it != links_.end();) {
    const bool old_up = it->second.condition == LinkCondition::up && it->second.since_ms < now_ms - forget_after_ms;
    it = old_up ? links_.erase(it) : std::next(it);
  }
  for (auto it = members_.begin(); it != members_.end();) {
    it = it->second.at_ms < now_ms - forget_after_ms ? members_.erase(it) : std::next(it);
  }
}

}  // namespace netkeel::analyze
