#include "netkeel/server/hosts_handler.hpp"

#include <nlohmann/json.hpp>

#include "netkeel/analyze/stored_alerts.hpp"
#include "netkeel/server/query_guard.hpp"
#include "netkeel/store/event_senders.hpp"

namespace netkeel::server {

bool is_agent_host(const std::string& sender) {
  return sender != analyze::kServerEventHost && sender.rfind(store::kKeeperEventSenderPrefix, 0) != 0;
}

ApiResponse handle_hosts(const QueryParameters& parameters, store::Store& store, const QueryContext& context) {
  return guarded_query(context, [&] {
    reject_unknown_parameters(parameters, {});
    nlohmann::json hosts = nlohmann::json::array();
    for (const store::HostLastSeen& host : store.hosts()) {
      if (!is_agent_host(host.host)) continue;
      hosts.push_back({{"host", host.host},
                       {"last_seen_ms", host.last_seen_ms},
                       // In double: a stored time far from now (a host's clock gone wrong) would
                       // overflow the difference in int64.
                       {"age_s", (static_cast<double>(context.now_ms) - static_cast<double>(host.last_seen_ms)) / 1000.0}});
    }
    return json_response(200, nlohmann::json{{"now_ms", context.now_ms}, {"hosts", std::move(hosts)}});
  });
}

}  // namespace netkeel::server
