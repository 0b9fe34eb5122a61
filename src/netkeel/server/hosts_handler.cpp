#include "netkeel/server/hosts_handler.hpp"

#include <map>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "netkeel/analyze/stored_alerts.hpp"
#include "netkeel/server/query_guard.hpp"
#include "netkeel/store/event_senders.hpp"

namespace netkeel::server {

bool is_agent_host(const std::string& sender) {
  return sender != analyze::kServerEventHost && sender.rfind(store::kKeeperEventSenderPrefix, 0) != 0;
}

namespace {

// Each host's newest netkeel_build_info{host, version}: the version its agent runs now (an upgrade
// leaves the old version's series behind with older points).
std::map<std::string, std::pair<store::TimestampMs, std::string>> agent_versions(store::Store& store) {
  std::map<std::string, std::pair<store::TimestampMs, std::string>> out;
  for (const store::LatestValue& value : store.latest(store::SeriesSelector{"netkeel_build_info", {}})) {
    auto& [at, version] = out[std::string(value.series.label("host"))];
    if (value.point.timestamp_ms >= at) {
      at = value.point.timestamp_ms;
      version = std::string(value.series.label("version"));
    }
  }
  return out;
}

}  // namespace

ApiResponse handle_hosts(const QueryParameters& parameters, store::Store& store, const QueryContext& context) {
  return guarded_query(context, [&] {
    reject_unknown_parameters(parameters, {});
    const auto versions = agent_versions(store);
    nlohmann::json hosts = nlohmann::json::array();
    for (const store::HostLastSeen& host : store.hosts()) {
      if (!is_agent_host(host.host)) continue;
      hosts.push_back({{"host", host.host},
                       {"last_seen_ms", host.last_seen_ms},
                       // In double: a stored time far from now (a host's clock gone wrong) would
                       // overflow the difference in int64.
                       {"age_s", (static_cast<double>(context.now_ms) - static_cast<double>(host.last_seen_ms)) / 1000.0},
                       {"agent_version", versions.count(host.host) ? nlohmann::json(versions.at(host.host).second)
                                                                   : nlohmann::json(nullptr)}});
    }
    return json_response(200, nlohmann::json{{"now_ms", context.now_ms}, {"hosts", std::move(hosts)}});
  });
}

}  // namespace netkeel::server
