#include "netkeel/server/diagnose_handler.hpp"

#include <set>

#include "netkeel/analyze/diagnosis.hpp"
#include "netkeel/server/bad_request.hpp"
#include "netkeel/server/host_freshness.hpp"
#include "netkeel/server/query_guard.hpp"
#include "netkeel/site/did_you_mean.hpp"
#include "netkeel/store/link_event_kind.hpp"

namespace netkeel::server {
namespace {

// Every event of the window, page by page (a lab's link events are a few dozen; a site's, a few thousand).
std::vector<store::Event> window_events(store::Store& store, store::TimestampMs start_ms, store::TimestampMs end_ms,
                                        const store::QueryDeadline& deadline) {
  std::vector<store::Event> out;
  store::EventQuery query;
  query.start_ms = start_ms;
  query.end_ms = end_ms;
  query.deadline = deadline;
  query.limit = 1000;
  for (;;) {
    store::EventPage page = store.events(query);
    for (store::Event& event : page.events) {
      if (store::parse_link_event_kind(event.kind)) out.push_back(std::move(event));
    }
    if (!page.next) return out;
    query.after = page.next;
  }
}

// Agents whose newest batch is older than the matrix's staleness: what they probed before is old news
// (a host cut off from the server keeps its clean pre-fault results in the window).
std::set<std::string> silent_hosts(store::Store& store, store::TimestampMs now_ms) {
  std::set<std::string> out;
  for (const store::HostLastSeen& host : store.hosts()) {
    if (host.last_seen_ms < now_ms - kDefaultStaleAfterMs) out.insert(host.host);
  }
  return out;
}

std::vector<std::string> network_names(const analyze::SiteProbePaths& paths) {
  std::vector<std::string> names;
  for (const auto& [name, network_paths] : paths) names.push_back(name);
  return names;
}

}  // namespace

ApiResponse handle_diagnose(const QueryParameters& parameters, store::Store& store, const QueryContext& context,
                            const analyze::SiteProbePaths* paths) {
  if (paths == nullptr) {
    return error_response(404, "the server runs without --site, so it knows no cabling to diagnose: start it with "
                               "--site FILE");
  }
  return guarded_query(context, [&] {
    reject_unknown_parameters(parameters, {"network", "since"});
    const std::optional<std::string> network = single_parameter(parameters, "network");
    if (network && !paths->count(*network)) {
      const std::vector<std::string> known = network_names(*paths);
      std::string message = "parameter network=" + *network + ": the site file has no network of that name";
      if (const auto close = site::did_you_mean(*network, known)) message += "; did you mean '" + *close + "'?";
      throw BadRequest(message + " (its networks: " + site::join_names(known) + ")");
    }
    const std::int64_t window_ms = duration_parameter(parameters, "since", kDefaultDiagnoseWindowMs,
                                                      kMinDiagnoseWindowMs, kMaxDiagnoseWindowMs);
    const store::TimestampMs end_ms = query_now(context.now_ms);
    const store::TimestampMs start_ms = end_ms - window_ms;
    const analyze::LocalEvidence evidence =
        analyze::local_evidence_from_events(window_events(store, start_ms, end_ms, context.deadline));
    const std::set<std::string> silent = silent_hosts(store, end_ms);
    std::vector<std::vector<analyze::RankedCulprit>> rankings;
    for (const auto& [name, network_paths] : *paths) {
      if (network && name != *network) continue;
      store::ProbeMatrixQuery query{name, start_ms, end_ms, context.deadline};
      store::ProbeMatrix matrix = store.probe_matrix(query);
      std::erase_if(matrix.pairs, [&](const store::ProbePair& pair) { return silent.count(pair.src) > 0; });
      rankings.push_back(analyze::rank_culprits(network_paths, matrix, evidence));
    }
    analyze::Diagnosis diagnosis{static_cast<double>(window_ms) / 1000.0, analyze::merge_rankings(rankings)};
    return json_response(200, analyze::diagnosis_json(diagnosis));
  });
}

}  // namespace netkeel::server
