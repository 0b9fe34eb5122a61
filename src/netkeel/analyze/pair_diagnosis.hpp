#pragma once
// `netkeel diagnose pair A B` and GET /api/v1/diagnose/pair (docs/diagnose.md): every network the two hosts
// share, each way a flow between them can go hop by hop from the cabling (with the hops the window's
// ranking suspects), and loss and RTT per probe kind in each direction, now (the window) against the
// baseline (the hour before). Per source port: the agent's probe series name the destination port only,
// so loss per source port is not known; the answer says so. Pure.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "netkeel/analyze/culprit_ranking.hpp"
#include "netkeel/analyze/host_diagnosis.hpp"
#include "netkeel/analyze/probe_paths.hpp"
#include "netkeel/store/store.hpp"

namespace netkeel::analyze {

struct KindProbes {
  std::string kind;  // icmp, udp, tcp, pmtu
  double sent = 0, lost = 0, loss = 0;
  double rtt_p50_s = kNoValue, rtt_p99_s = kNoValue;
};

// Each probe kind's sent, lost and RTT percentiles from a pair's series (netkeel_probe_sent_total,
// netkeel_probe_lost_total, netkeel_probe_rtt_seconds of one src, dst and network), sorted by kind.
std::vector<KindProbes> probes_by_kind(const std::vector<store::SeriesPoints>& sent,
                                       const std::vector<store::SeriesPoints>& lost,
                                       const std::vector<store::SeriesPoints>& rtt);

struct KindComparison {
  KindProbes now;
  KindProbes baseline;  // kind only, zero sent: no probes of that kind in the baseline
};

struct PairDirection {
  std::string src, dst;
  std::vector<KindComparison> kinds;
};

struct PathHop {
  ComponentKind kind = ComponentKind::host;
  std::string name;
  double suspect = 0;  // the window's confidence that this hop is the culprit (0: not ranked)
};

struct PairFlow {
  double share = 0;  // of the pair's flows
  std::vector<PathHop> hops;
};

struct PairNetwork {
  std::string network;
  std::vector<PairFlow> flows;            // from the first host to the second; the way back crosses the same hops
  std::vector<PairDirection> directions;  // first -> second, second -> first
};

struct PairDiagnosis {
  std::string a, b;
  double window_s = 0, baseline_s = 0;
  std::vector<PairNetwork> networks;
  std::string source_ports;  // what is known per source port
  std::string verdict;
};

// The flows of a pair on one network with each hop's suspicion from the window's culprits.
std::vector<PairFlow> pair_flows(const ProbePaths& paths, const std::string& a, const std::string& b,
                                 const std::vector<RankedCulprit>& culprits);

// "node1 > nic node1:eno1 > cable node1:eno1<->sw1:1 > switch-port sw1:1 > switch sw1 > ... > node2", a
// suspect hop marked "[suspect 0.34]".
std::string path_text(const PairFlow& flow);

std::string pair_verdict(const PairDiagnosis& diagnosis);

inline constexpr const char* kNoSourcePorts =
    "not known: the agents' probe series name the destination port only, not the source port, so loss per "
    "source port (a bad bond member on some flows) cannot be told from these results";

nlohmann::json pair_diagnosis_json(const PairDiagnosis& diagnosis);
// The table for a terminal, from that JSON; throws nlohmann::json::exception when it lacks what it needs.
std::string pair_diagnosis_table(const nlohmann::json& json);

}  // namespace netkeel::analyze
