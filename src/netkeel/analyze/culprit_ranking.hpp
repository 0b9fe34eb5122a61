#pragma once
// Localization (docs/diagnose.md): which component most likely causes the loss a window of probes shows.
// NetBouncer-style: a component is suspect when the lossy pairs cross it and the clean pairs do not (or
// cross it with too few of their flows to show its loss); picked greedily, so two faults give two
// culprits. Components every probe crosses together (a NIC, its cable and its switch port) form one
// group: they share the group's confidence by how likely each kind fails, and the hosts' own evidence
// (NIC errors, carrier changes) shifts it to the one it points at. Confidence falls when the evidence is
// thin: few lossy pairs, few lost probes, clean pairs that contradict. Pure.
#include <cstddef>
#include <string>
#include <vector>

#include "netkeel/analyze/local_evidence.hpp"
#include "netkeel/analyze/network_component.hpp"
#include "netkeel/analyze/probe_paths.hpp"
#include "netkeel/store/store.hpp"

namespace netkeel::analyze {

struct RankedCulprit {
  ComponentKind kind = ComponentKind::host;
  std::string name;
  double confidence = 0;               // 0..1: how sure it is this component
  std::string explains;                // "explains 14 of 15 lossy pairs on mgmt, no clean pair crosses it"
  std::vector<std::string> evidence;   // lossy pairs, local counters, what it cannot be told apart from
};

struct RankingOptions {
  double lossy_ratio = 0.01;    // a pair is lossy at this share of its probes lost...
  double min_lost = 3;          // ...and at least this many lost
  double clean_ratio = 0.002;   // a pair is clean at most at this share lost...
  double min_sent = 10;         // ...with at least this many sent (fewer: it says nothing)
  std::size_t max_faults = 3;   // greedy picks: independent faults explained at once
  std::size_t max_culprits = 10;
};

// Best first; empty when no pair is lossy, no NIC lost carrier and no NIC counted errors.
std::vector<RankedCulprit> rank_culprits(const ProbePaths& paths, const store::ProbeMatrix& matrix,
                                   const LocalEvidence& evidence, const RankingOptions& options = {});

// Several networks' rankings as one: a component named on several keeps its best confidence, and the
// other networks' explanations join its evidence. Best first, at most max_culprits.
std::vector<RankedCulprit> merge_rankings(const std::vector<std::vector<RankedCulprit>>& rankings, std::size_t max_culprits = 10);

}  // namespace netkeel::analyze
