#pragma once
// One window's localization as every diagnose endpoint needs it (docs/diagnose.md): the hosts' local
// evidence (link events and NIC counters from the store) and the culprits the probes and that evidence
// point at, over every network of the site or one.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "netkeel/analyze/culprit_ranking.hpp"
#include "netkeel/analyze/local_evidence.hpp"
#include "netkeel/analyze/probe_paths.hpp"
#include "netkeel/store/store.hpp"

namespace netkeel::server {

struct WindowDiagnosis {
  analyze::LocalEvidence evidence;
  std::set<std::string> silent_hosts;  // agents with no batch for the matrix's staleness: their probes are old news
  std::vector<analyze::RankedCulprit> culprits;  // best first, merged over the networks asked about
};

// Every link event of the window (page by page).
std::vector<store::Event> window_link_events(store::Store& store, store::TimestampMs start_ms,
                                            store::TimestampMs end_ms, const store::QueryDeadline& deadline);

// The window's local evidence and silent hosts, without culprits yet (read once, ranked per network below).
WindowDiagnosis window_evidence(store::Store& store, store::TimestampMs start_ms, store::TimestampMs end_ms,
                                const store::QueryDeadline& deadline);

// The culprits of `network` (nothing: every network of `paths`, merged) over the window, into window.culprits.
void rank_window(WindowDiagnosis& window, store::Store& store, const analyze::SiteProbePaths& paths,
                 const std::optional<std::string>& network, store::TimestampMs start_ms, store::TimestampMs end_ms,
                 const store::QueryDeadline& deadline);

// Both at once. `network` nothing: every network of `paths`.
WindowDiagnosis diagnose_window(store::Store& store, const analyze::SiteProbePaths& paths,
                                const std::optional<std::string>& network, store::TimestampMs start_ms,
                                store::TimestampMs end_ms, const store::QueryDeadline& deadline);

}  // namespace netkeel::server
