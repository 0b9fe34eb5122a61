#pragma once
// Everything a rule reads at one evaluation: the windows, the link states, the site, the thresholds, the
// time, and each pair's status computed once.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "netkeel/analyze/alert_options.hpp"
#include "netkeel/analyze/alert_topology.hpp"
#include "netkeel/analyze/link_states.hpp"
#include "netkeel/analyze/pair_status.hpp"
#include "netkeel/analyze/probe_history.hpp"

namespace netkeel::analyze {

enum class TargetKind { host, gateway, vip };
class AnomalyDetector;

struct RuleContext {
  const ProbeHistory& probes;
  const LinkStates& links;
  const AlertTopology& topology;
  const AlertOptions& options;
  TimestampMs now_ms = 0;
  // Every pair of the history, sorted by key: a vector, because every rule walks all of them each
  // evaluation and a map's scattered nodes made that walk most of the evaluation's time. The keys are
  // the history's own (no copy of three strings per pair per evaluation).
  std::vector<std::pair<const PairKey&, PairStatus>> status;
  std::set<std::string> hosts;           // the site's hosts and every agent that sent a batch
  // Agents whose newest sample is more than agent_silent_after_ms older than the newest sample of any
  // agent (sample times, so a spool replayed late is judged by when it was taken): their own probe
  // results are old news, not evidence.
  std::set<std::string> silent;
  // Hosts that some non-silent peer cannot reach and whose agents have sent nothing taken since that
  // began (the first all-lost interval's end): a live agent reports within seconds of losing its peers
  // (docs/agent.md, "Reporting early on trouble"), so this one is dead or cut off from the server too.
  // What they said before is old news as well.
  std::set<std::string> quiet_since_cut;
  const AnomalyDetector* anomalies = nullptr;  // the pairs' anomaly states (NetkeelAnomaly); null: none

  TargetKind target_kind(const std::string& dst) const;
  const PairStatus* find_status(const PairKey& key) const;  // null when the pair has no window
  // The first pair at or after `key` (status.end() when none).
  std::vector<std::pair<const PairKey&, PairStatus>>::const_iterator lower_bound(const PairKey& key) const;
  bool reporting(const std::string& host) const { return silent.count(host) == 0 && quiet_since_cut.count(host) == 0; }
};

RuleContext make_rule_context(const ProbeHistory& probes, const LinkStates& links, const AlertTopology& topology,
                              const AlertOptions& options, TimestampMs now_ms);

// "a, b, c"
std::string join(const std::vector<std::string>& names, const char* separator = ", ");
// "\n- a\n- b ...": at most kMaxListedLines lines, then "\n- ... and N more" (a partition of a big site folds
// thousands of pairs; the description stays readable and small enough for Alertmanager and the store).
inline constexpr std::size_t kMaxListedLines = 20;
std::string listed_lines(const std::vector<std::string>& lines);
// "2.5%"
std::string percent(double ratio);
// "30s", "2m", "1m30s"
std::string seconds_text(std::int64_t ms);

}  // namespace netkeel::analyze
