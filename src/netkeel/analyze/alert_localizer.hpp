#pragma once
// Alerts carry the culprit localization names (docs/alerts.md, "Culprits"): a loss, partition or
// switch-down alert gets the component rank_culprits puts first over the recent probe windows, with its
// confidence and explanation, when it is at least culprit_min_confidence sure; else the rule's own
// culprit stays. A switch-down alert keeps its switch and gets the confidence localization gives it. The culprit is chosen once per alert and kept while it fires, so the alert's labels
// (which carry it to Alertmanager) do not change under it as the windows move. Pure.
#include <map>
#include <memory>
#include <set>
#include <string>

#include "netkeel/analyze/alert_options.hpp"
#include "netkeel/analyze/finding.hpp"
#include "netkeel/analyze/link_states.hpp"
#include "netkeel/analyze/local_evidence.hpp"
#include "netkeel/analyze/probe_history.hpp"
#include "netkeel/analyze/probe_paths.hpp"
#include "netkeel/analyze/rule_context.hpp"
#include "netkeel/store/store.hpp"

namespace netkeel::analyze {

// The reachability probes of one network over (now - window_ms, now], per pair, from the history; pairs
// whose src is not reporting are left out.
store::ProbeMatrix recent_probe_matrix(const RuleContext& context, const std::string& network, std::int64_t window_ms);
// Interfaces down or flapping now, as local evidence.
LocalEvidence link_state_evidence(const LinkStates& links);

class AlertLocalizer {
 public:
  explicit AlertLocalizer(std::shared_ptr<const SiteProbePaths> paths) : paths_(std::move(paths)) {}

  // Probe results of silent agents (context.reporting) are old news and left out.
  void localize(Findings& findings, const RuleContext& context);
  // Forgets the culprits of alerts that no longer fire.
  void keep_only(const std::set<std::string>& firing_identities);
  bool has_chosen() const { return !chosen_.empty(); }

 private:
  std::shared_ptr<const SiteProbePaths> paths_;
  std::map<std::string, Culprit> chosen_;  // by alert identity
};

}  // namespace netkeel::analyze
