#include "netkeel/server/window_diagnosis.hpp"

#include "netkeel/analyze/diagnosis.hpp"
#include "netkeel/analyze/nic_counter_evidence.hpp"
#include "netkeel/server/host_freshness.hpp"
#include "netkeel/store/link_event_kind.hpp"

namespace netkeel::server {
namespace {

std::set<std::string> silent_hosts(store::Store& store, store::TimestampMs now_ms) {
  std::set<std::string> out;
  for (const store::HostLastSeen& host : store.hosts()) {
    if (host.last_seen_ms < now_ms - kDefaultStaleAfterMs) out.insert(host.host);
  }
  return out;
}

void add_counter_evidence(analyze::LocalEvidence& evidence, store::Store& store, store::TimestampMs start_ms,
                          store::TimestampMs end_ms, const store::QueryDeadline& deadline) {
  for (const std::string& metric : analyze::nic_evidence_metrics()) {
    store::RangeQuery query;
    query.selector.metric = metric;
    query.start_ms = start_ms;
    query.end_ms = end_ms;
    query.deadline = deadline;
    const std::vector<store::SeriesPoints> series = store.query_range(query);
    analyze::add_nic_counter_evidence(evidence, series);
  }
}

}  // namespace

std::vector<store::Event> window_link_events(store::Store& store, store::TimestampMs start_ms,
                                            store::TimestampMs end_ms, const store::QueryDeadline& deadline) {
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

WindowDiagnosis window_evidence(store::Store& store, store::TimestampMs start_ms, store::TimestampMs end_ms,
                                const store::QueryDeadline& deadline) {
  WindowDiagnosis out;
  out.evidence = analyze::local_evidence_from_events(window_link_events(store, start_ms, end_ms, deadline));
  add_counter_evidence(out.evidence, store, start_ms, end_ms, deadline);
  out.silent_hosts = silent_hosts(store, end_ms);
  return out;
}

void rank_window(WindowDiagnosis& window, store::Store& store, const analyze::SiteProbePaths& paths,
                 const std::optional<std::string>& network, store::TimestampMs start_ms, store::TimestampMs end_ms,
                 const store::QueryDeadline& deadline) {
  std::vector<std::vector<analyze::RankedCulprit>> rankings;
  for (const auto& [name, network_paths] : paths) {
    if (network && name != *network) continue;
    store::ProbeMatrixQuery query{name, start_ms, end_ms, deadline};
    store::ProbeMatrix matrix = store.probe_matrix(query);
    std::erase_if(matrix.pairs, [&](const store::ProbePair& pair) { return window.silent_hosts.count(pair.src) > 0; });
    rankings.push_back(analyze::rank_culprits(network_paths, matrix, window.evidence));
  }
  window.culprits = analyze::merge_rankings(rankings);
}

WindowDiagnosis diagnose_window(store::Store& store, const analyze::SiteProbePaths& paths,
                                const std::optional<std::string>& network, store::TimestampMs start_ms,
                                store::TimestampMs end_ms, const store::QueryDeadline& deadline) {
  WindowDiagnosis out = window_evidence(store, start_ms, end_ms, deadline);
  rank_window(out, store, paths, network, start_ms, end_ms, deadline);
  return out;
}

}  // namespace netkeel::server
