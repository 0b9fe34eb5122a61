#pragma once
// What `netkeel diagnose` and GET /api/v1/diagnose answer (docs/diagnose.md): the ranked culprits of a
// window, as JSON and as a table for a terminal. Pure.
//   {"window_s": 600, "culprits": [{"kind", "name", "confidence", "explains", "evidence": [...]}, ...]}
// best first; confidence rounded to 0.01; an empty list when nothing is wrong.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "netkeel/analyze/culprit_ranking.hpp"
#include "netkeel/store/batch.hpp"

namespace netkeel::analyze {

struct Diagnosis {
  double window_s = 0;
  std::vector<RankedCulprit> culprits;
};

nlohmann::json diagnosis_json(const Diagnosis& diagnosis);
// The inverse, for clients; throws std::invalid_argument naming the JSON place.
Diagnosis diagnosis_from_json(const nlohmann::json& json);

// One line per culprit (rank, confidence, kind, name, explanation), its evidence indented below.
std::string diagnosis_table(const Diagnosis& diagnosis);

// The hosts' link events of the window as evidence: carrier lost (link_down, link_raw_down, link_removed)
// and changes (link_flapping counts as several). Other event kinds are skipped. The interface is the
// first word of the event's text, as the agent writes it.
LocalEvidence local_evidence_from_events(const std::vector<store::Event>& events);

}  // namespace netkeel::analyze
