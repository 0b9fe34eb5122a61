#include "netkeel/server/vip_states.hpp"

#include <map>

#include "netkeel/core/vip_event_text.hpp"

namespace netkeel::server {

std::vector<PlannedVip> planned_vips(const plan::ClusterPlan& plan) {
  std::vector<PlannedVip> out;
  for (const plan::VipPlan& vip : plan.vips)
    out.push_back({vip.service, vip.network, vip.address.str() + "/" + std::to_string(vip.prefix_length)});
  return out;
}

std::vector<VipState> vip_states(const std::vector<PlannedVip>& planned, const std::vector<store::Event>& events) {
  std::vector<VipState> out;
  std::map<std::string, std::size_t> index;
  for (const PlannedVip& vip : planned) {
    index.emplace(vip.service, out.size());
    out.push_back(VipState{vip.service, vip.network, vip.address});
  }
  std::map<std::string, VipState> unplanned;
  for (const store::Event& event : events) {
    const auto facts = parse_vip_event(event.kind, event.text);
    if (!facts) continue;
    const auto at = index.find(facts->service);
    VipState& vip = at != index.end() ? out[at->second] : unplanned[facts->service];
    vip.service = facts->service;
    if (facts->taken) {
      vip.state = "held";
      vip.holder = facts->host;
      vip.since_ms = event.timestamp_ms;
      ++vip.takeovers;
      continue;
    }
    vip.last_release_host = facts->host;
    vip.last_release_cause = facts->why;
    vip.last_release_ms = event.timestamp_ms;
    if (vip.state == "unknown" || vip.holder == facts->host) {
      vip.state = "released";
      vip.holder.clear();
      vip.since_ms = event.timestamp_ms;
    }
  }
  for (auto& [name, vip] : unplanned) out.push_back(std::move(vip));
  return out;
}

nlohmann::json vip_states_json(const std::vector<VipState>& states, std::int64_t window_s) {
  nlohmann::json vips = nlohmann::json::array();
  for (const VipState& vip : states) {
    nlohmann::json release = nullptr;
    if (!vip.last_release_host.empty())
      release = {{"host", vip.last_release_host}, {"cause", vip.last_release_cause}, {"t_ms", vip.last_release_ms}};
    vips.push_back({{"service", vip.service},
                    {"network", vip.network},
                    {"address", vip.address},
                    {"state", vip.state},
                    {"holder", vip.holder.empty() ? nlohmann::json(nullptr) : nlohmann::json(vip.holder)},
                    {"since_ms", vip.since_ms == 0 ? nlohmann::json(nullptr) : nlohmann::json(vip.since_ms)},
                    {"takeovers", vip.takeovers},
                    {"last_release", std::move(release)}});
  }
  return {{"vips", std::move(vips)}, {"window_s", window_s}};
}

}  // namespace netkeel::server
