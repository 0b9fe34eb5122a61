#include "netkeel/server/matrix_handler.hpp"

#include "netkeel/server/agent_down.hpp"
#include "netkeel/server/bad_request.hpp"
#include "netkeel/server/host_freshness.hpp"
#include "netkeel/server/matrix_json.hpp"
#include "netkeel/server/probed_networks.hpp"
#include "netkeel/server/query_guard.hpp"

namespace netkeel::server {
namespace {

// The `kind` parameter: empty for all.
std::string counted_kind(const QueryParameters& parameters) {
  const std::string kind = single_parameter(parameters, "kind").value_or("all");
  if (kind == "all") return "";
  if (kind == "icmp" || kind == "udp" || kind == "tcp" || kind == "pmtu") return kind;
  throw BadRequest("parameter kind=" + kind + ": not a probe kind; use all, icmp, udp, tcp or pmtu");
}

}  // namespace

ApiResponse handle_matrix(const QueryParameters& parameters, store::Store& store, const QueryContext& context) {
  return guarded_query(context, [&] {
    reject_unknown_parameters(parameters, {"network", "window", "end", "stale_after", "kind"});
    store::ProbeMatrixQuery query;
    query.network = required_parameter(parameters, "network", "mgmt");
    const std::int64_t window_ms =
        duration_parameter(parameters, "window", kDefaultMatrixWindowMs, 1000, kMaxMatrixWindowMs);
    query.end_ms = query_now(context.now_ms);
    if (const auto end = single_parameter(parameters, "end")) {
      query.end_ms = time_range_parameters({{"start", *end}, {"end", *end}}, context.now_ms, 0).end_ms;
    }
    query.start_ms = query.end_ms - window_ms;  // end is in the query window, the window at most a day
    const std::int64_t stale_after_ms =
        duration_parameter(parameters, "stale_after", kDefaultStaleAfterMs, 1000, kMaxMatrixWindowMs);
    query.deadline = context.deadline;
    query.kind = counted_kind(parameters);
    MatrixReport report{store.probe_matrix(query), static_cast<double>(window_ms) / 1000.0, query.kind};
    report.matrix.network = query.network;
    // An empty matrix is either a quiet window or a misspelt network; only the second is the user's to fix.
    if (report.matrix.pairs.empty()) reject_unknown_network(query.network, probed_networks(store));
    // Staleness is judged against now, not the window's end: the store keeps each host's newest batch only.
    report.stale_after_s = static_cast<double>(stale_after_ms) / 1000.0;
    report.hosts = host_freshness(report.matrix, store.hosts(), query_now(context.now_ms), stale_after_ms);
    mark_agents_down(report, query.kind);
    return json_response(200, matrix_json(report));
  });
}

}  // namespace netkeel::server
