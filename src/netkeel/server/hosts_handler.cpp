#include "netkeel/server/hosts_handler.hpp"

#include <nlohmann/json.hpp>

#include "netkeel/server/query_guard.hpp"

namespace netkeel::server {

ApiResponse handle_hosts(const QueryParameters& parameters, store::Store& store, store::TimestampMs now_ms) {
  return guarded_query([&] {
    reject_unknown_parameters(parameters, {});
    nlohmann::json hosts = nlohmann::json::array();
    for (const store::HostLastSeen& host : store.hosts()) {
      hosts.push_back({{"host", host.host},
                       {"last_seen_ms", host.last_seen_ms},
                       {"age_s", static_cast<double>(now_ms - host.last_seen_ms) / 1000.0}});
    }
    return json_response(200, nlohmann::json{{"now_ms", now_ms}, {"hosts", std::move(hosts)}});
  });
}

}  // namespace netkeel::server
