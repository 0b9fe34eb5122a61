#pragma once
// `netkeel diagnose host HOST` and GET /api/v1/diagnose/host (docs/diagnose.md): one host's links, bond
// members, NIC errors and drops, TCP/IP stack counters and probes to and from every peer, each now (the
// window) against its baseline (the hour before the window), and a one-line verdict. Pure: the server
// gathers the facts, this judges and renders them.
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "netkeel/analyze/culprit_ranking.hpp"
#include "netkeel/analyze/local_evidence.hpp"
#include "netkeel/analyze/probe_paths.hpp"

namespace netkeel::analyze {

inline constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

struct HostNic {
  std::string name;                   // eno1
  std::vector<std::string> networks;  // the site's networks on it
  std::string switch_port;            // tor1:Eth1/3, from the cabling
  std::optional<bool> carrier;        // the agent's last report; nothing: it reported none
  std::string oper_state;             // up, down, lowerlayerdown, ...
  std::string master;                 // the bond or bridge it belongs to
  NicEvidence window;                 // errors, drops, carrier changes in the window
};

struct HostBondMember {
  std::string bond, member;
  bool up = false;                     // the bond may use it
  bool active = false;                 // it carries traffic now
  std::optional<bool> lacp_attached;   // LACP bonds only
};

// A counter's pace: per second over the window and over the baseline (NaN: no samples to say).
struct CounterPace {
  std::string name;  // Tcp_RetransSegs, TcpExt_ListenDrops, ...
  double increase = 0;
  double per_s = kNoValue;
  double baseline_per_s = kNoValue;
};

// Probes on one network between the host and one peer, in one direction, now and in the baseline.
struct PeerProbes {
  std::string network, peer;
  bool outgoing = true;  // from the host to the peer (false: from the peer to the host)
  double sent = 0, lost = 0, loss = 0;
  double rtt_p50_s = kNoValue;
  double baseline_sent = 0, baseline_loss = 0;
  double baseline_rtt_p50_s = kNoValue;
};

struct HostDiagnosis {
  std::string host;
  double window_s = 0, baseline_s = 0;
  std::optional<double> last_report_age_s;  // nothing: its agent never reported
  std::vector<HostNic> nics;
  std::vector<HostBondMember> bond_members;
  std::vector<CounterPace> stack;
  std::vector<PeerProbes> peers;
  std::vector<RankedCulprit> culprits;  // the window's culprits on this host's side, best first
  bool fault = false;  // the verdict's: something on or around the host is off
  std::string verdict;
};

// The components on this host's side in every network's paths: the host, its NICs, cables and ports.
std::set<std::pair<ComponentKind, std::string>> host_side_components(const SiteProbePaths& paths,
                                                                      const std::string& host);

// Whether a row of probes lost enough to count (as the ranking's lossy pairs: 1% and 3 probes).
bool probes_lossy(const PeerProbes& probes);

struct HostVerdict {
  bool fault = false;  // something on or around the host is off (false: clean, or nothing to judge by)
  std::string text;    // one line
};

// The verdict from the facts; `all_culprits` is the window's whole ranking (to say when the culprit of the
// host's loss lies elsewhere).
HostVerdict host_verdict(const HostDiagnosis& diagnosis, const std::vector<RankedCulprit>& all_culprits);

nlohmann::json host_diagnosis_json(const HostDiagnosis& diagnosis);
// The table a terminal shows, from that JSON (what the CLI receives); throws nlohmann::json::exception
// when the JSON lacks what it needs.
std::string host_diagnosis_table(const nlohmann::json& json);

}  // namespace netkeel::analyze
