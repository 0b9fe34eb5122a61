#include "netkeel/server/diagnose_host_handler.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "netkeel/analyze/host_diagnosis.hpp"
#include "netkeel/server/counter_pace.hpp"
#include "netkeel/server/diagnose_handler.hpp"
#include "netkeel/server/query_guard.hpp"
#include "netkeel/server/site_hosts.hpp"
#include "netkeel/server/window_diagnosis.hpp"

namespace netkeel::server {
namespace {

// The TCP/IP counters a host's verdict weighs (the agent ships every field of /proc/net/snmp and netstat;
// these are the ones that say the stack loses or refuses traffic).
constexpr const char* kStackCounters[] = {
    "Tcp_RetransSegs",  "Tcp_OutSegs",          "Tcp_InErrs",     "TcpExt_TCPTimeouts",
    "TcpExt_TCPLostRetransmit", "TcpExt_ListenDrops", "TcpExt_ListenOverflows", "TcpExt_TCPBacklogDrop",
    "Ip_InDiscards",    "Udp_InErrors",         "Udp_RcvbufErrors",
};

store::SeriesSelector host_selector(const std::string& metric, const std::string& host) {
  return {metric, {store::LabelMatcher("host", store::MatchOp::equal, host)}};
}

std::vector<analyze::HostNic> host_nics(const analyze::SiteProbePaths& paths, const std::string& host) {
  std::vector<analyze::HostNic> out;
  for (const auto& [network, network_paths] : paths) {
    for (const analyze::NetworkComponent& c : network_paths.components) {
      if (c.host != host || (c.kind != analyze::ComponentKind::nic && c.kind != analyze::ComponentKind::bond_member &&
                             c.kind != analyze::ComponentKind::switch_port)) {
        continue;
      }
      auto it = std::find_if(out.begin(), out.end(), [&](const analyze::HostNic& n) { return n.name == c.nic; });
      if (it == out.end()) it = out.insert(out.end(), analyze::HostNic{c.nic, {}, "", std::nullopt, "", "", {}});
      if (c.kind == analyze::ComponentKind::switch_port) {
        it->switch_port = c.name;
      } else if (std::find(it->networks.begin(), it->networks.end(), network) == it->networks.end()) {
        it->networks.push_back(network);
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

void add_carrier_reports(std::vector<analyze::HostNic>& nics, store::Store& store, const std::string& host) {
  for (const store::LatestValue& latest : store.latest(host_selector("netkeel_nic_carrier", host))) {
    for (analyze::HostNic& nic : nics) {
      if (latest.series.label("interface") != nic.name) continue;
      nic.carrier = latest.point.value > 0;
      nic.oper_state = std::string(latest.series.label("oper_state"));
      nic.master = std::string(latest.series.label("master"));
    }
  }
}

std::vector<analyze::HostBondMember> bond_members(store::Store& store, const std::string& host) {
  std::vector<analyze::HostBondMember> out;
  auto member_of = [&](const store::Series& series) -> analyze::HostBondMember& {
    const std::string bond(series.label("bond"));
    const std::string member(series.label("member"));
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& m) { return m.bond == bond && m.member == member; });
    if (it == out.end()) it = out.insert(out.end(), analyze::HostBondMember{bond, member, false, false, std::nullopt});
    return *it;
  };
  for (const store::LatestValue& v : store.latest(host_selector("netkeel_bond_member_up", host))) {
    member_of(v.series).up = v.point.value > 0;
  }
  for (const store::LatestValue& v : store.latest(host_selector("netkeel_bond_member_active", host))) {
    member_of(v.series).active = v.point.value > 0;
  }
  for (const store::LatestValue& v : store.latest(host_selector("netkeel_bond_lacp_attached", host))) {
    member_of(v.series).lacp_attached = v.point.value > 0;
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::tie(a.bond, a.member) < std::tie(b.bond, b.member);
  });
  return out;
}

std::vector<analyze::PeerProbes> peer_probes(store::Store& store, const analyze::SiteProbePaths& paths,
                                             const std::string& host, store::TimestampMs start_ms,
                                             store::TimestampMs end_ms, const store::QueryDeadline& deadline) {
  std::vector<analyze::PeerProbes> out;
  for (const auto& [network, network_paths] : paths) {
    if (!network_paths.attachments.count(host)) continue;
    const store::ProbeMatrix now = store.probe_matrix({network, start_ms, end_ms, deadline});
    const store::ProbeMatrix before = store.probe_matrix({network, start_ms - kDiagnoseBaselineMs, start_ms - 1, deadline});
    auto row_of = [&](const store::ProbePair& pair) -> analyze::PeerProbes* {
      if (pair.src != host && pair.dst != host) return nullptr;
      if (!network_paths.crossings(pair.src, pair.dst)) return nullptr;  // a target that is no site host (a VIP)
      const bool outgoing = pair.src == host;
      const std::string peer = outgoing ? pair.dst : pair.src;
      auto it = std::find_if(out.begin(), out.end(), [&](const analyze::PeerProbes& p) {
        return p.network == network && p.peer == peer && p.outgoing == outgoing;
      });
      if (it == out.end()) it = out.insert(out.end(), analyze::PeerProbes{network, peer, outgoing});
      return &*it;
    };
    for (const store::ProbePair& pair : now.pairs) {
      if (analyze::PeerProbes* row = row_of(pair)) {
        row->sent = pair.sent;
        row->lost = pair.lost;
        row->loss = pair.loss;
        row->rtt_p50_s = pair.rtt_p50_seconds;
      }
    }
    for (const store::ProbePair& pair : before.pairs) {
      if (analyze::PeerProbes* row = row_of(pair)) {
        row->baseline_sent = pair.sent;
        row->baseline_loss = pair.loss;
        row->baseline_rtt_p50_s = pair.rtt_p50_seconds;
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::make_tuple(a.network, a.peer, !a.outgoing) < std::make_tuple(b.network, b.peer, !b.outgoing);
  });
  return out;
}

}  // namespace

analyze::HostDiagnosis host_diagnosis(store::Store& store, const analyze::SiteProbePaths& paths,
                                      const std::string& host, store::TimestampMs start_ms, store::TimestampMs end_ms,
                                      const store::QueryDeadline& deadline) {
  const WindowDiagnosis window = diagnose_window(store, paths, std::nullopt, start_ms, end_ms, deadline);

  analyze::HostDiagnosis d;
  d.host = host;
  d.window_s = static_cast<double>(end_ms - start_ms) / 1000.0;
  d.baseline_s = static_cast<double>(kDiagnoseBaselineMs) / 1000.0;
  for (const store::HostLastSeen& seen : store.hosts()) {
    if (seen.host == host) d.last_report_age_s = static_cast<double>(end_ms - seen.last_seen_ms) / 1000.0;
  }
  d.nics = host_nics(paths, host);
  add_carrier_reports(d.nics, store, host);
  for (analyze::HostNic& nic : d.nics) {
    if (const analyze::NicEvidence* e = window.evidence.find(host, nic.name)) nic.window = *e;
  }
  d.bond_members = bond_members(store, host);
  for (const char* counter : kStackCounters) {
    analyze::CounterPace pace = counter_pace(store, counter, host_selector(std::string("netkeel_netstat_") + counter, host),
                                             start_ms, end_ms, deadline);
    if (std::isnan(pace.per_s) && std::isnan(pace.baseline_per_s)) continue;  // the agent does not ship it
    d.stack.push_back(std::move(pace));
  }
  d.peers = peer_probes(store, paths, host, start_ms, end_ms, deadline);
  const auto own = analyze::host_side_components(paths, host);
  for (const analyze::RankedCulprit& c : window.culprits) {
    if (own.count({c.kind, c.name})) d.culprits.push_back(c);
  }
  const analyze::HostVerdict verdict = analyze::host_verdict(d, window.culprits);
  d.fault = verdict.fault;
  d.verdict = verdict.text;
  return d;
}

ApiResponse handle_diagnose_host(const QueryParameters& parameters, store::Store& store, const QueryContext& context,
                                 const analyze::SiteProbePaths* paths) {
  if (paths == nullptr) return no_site_response();
  return guarded_query(context, [&]() -> ApiResponse {
    reject_unknown_parameters(parameters, {"host", "since"});
    const std::string host = required_parameter(parameters, "host", "node1");
    const std::int64_t window_ms = duration_parameter(parameters, "since", kDefaultDiagnoseWindowMs,
                                                      kMinDiagnoseWindowMs, kMaxDiagnoseWindowMs);
    if (auto unknown = unknown_host_response(*paths, "host", host)) return *unknown;
    const store::TimestampMs end_ms = query_now(context.now_ms);
    const store::TimestampMs start_ms = end_ms - window_ms;
    return json_response(200,
                         analyze::host_diagnosis_json(host_diagnosis(store, *paths, host, start_ms, end_ms, context.deadline)));
  });
}

}  // namespace netkeel::server
